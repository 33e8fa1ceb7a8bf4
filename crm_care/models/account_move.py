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

    def _reverse_moves(self, default_values_list=None, cancel=False):
        """A credit note of a contract's invoice belongs to the contract too: the
        contract's invoiced and due figures net it."""
        default_values_list = default_values_list or [{} for _move in self]
        for move, values in zip(self, default_values_list, strict=True):
            if move.crm_care_contract_id:
                values.setdefault("crm_care_contract_id", move.crm_care_contract_id.id)
        return super()._reverse_moves(default_values_list, cancel=cancel)
