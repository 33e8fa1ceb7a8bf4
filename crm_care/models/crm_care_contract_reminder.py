from odoo import fields, models

from odoo.addons.crm_idic.tools.relations import owner


class CrmCareContractReminder(models.Model):
    _name = "crm.care.contract.reminder"
    _description = "Contract renewal reminder sent"

    contract_id = owner("crm.care.contract")
    offset_days = fields.Integer(required=True)

    _contract_offset_uniq = models.Constraint(
        "UNIQUE (contract_id, offset_days)",
        "A renewal reminder is sent once per contract and offset.",
    )
