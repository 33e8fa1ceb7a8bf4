from odoo import fields, models


class CrmCareContractMilestone(models.Model):
    _name = "crm.care.contract.milestone"
    _description = "Contract milestone"
    _order = "contract_id, sequence, id"

    contract_id = fields.Many2one(
        "crm.care.contract", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="contract_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True)
    planned_date = fields.Date()
    done_date = fields.Date()
    user_id = fields.Many2one(
        "res.users", "Responsible", domain=[("share", "=", False)]
    )
