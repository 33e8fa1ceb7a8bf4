from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    crm_care_ticket_id = fields.Many2one(
        "crm.care.ticket",
        "From care ticket",
        index="btree_not_null",
        copy=False,
        help="The care ticket this credit note (refund or discount) was made for.",
    )
    crm_care_contract_id = fields.Many2one(
        "crm.care.contract",
        "From contract",
        index="btree_not_null",
        copy=False,
        help="The service contract that produced this invoice.",
    )
