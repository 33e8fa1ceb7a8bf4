from odoo import fields, models


class CrmCareContractReminder(models.Model):
    _name = "crm.care.contract.reminder"
    _description = "Contract renewal reminder sent"

    contract_id = fields.Many2one(
        "crm.care.contract", required=True, ondelete="cascade", index=True
    )
    offset_days = fields.Integer(required=True)

    _contract_offset_uniq = models.Constraint(
        "UNIQUE (contract_id, offset_days)",
        "A renewal reminder is sent once per contract and offset.",
    )
