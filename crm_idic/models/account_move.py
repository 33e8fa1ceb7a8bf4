from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        posted._idic_mark_dirty()
        return posted

    def button_draft(self):
        result = super().button_draft()
        self._idic_mark_dirty()
        return result

    def _idic_mark_dirty(self):
        moves = self.filtered(
            lambda move: move.move_type in ("out_invoice", "out_refund")
        )
        Profile = self.env["crm.idic.profile"].sudo()
        for company in moves.company_id:
            Profile._idic_mark_dirty(
                moves.filtered(
                    lambda m, company=company: m.company_id == company
                ).partner_id,
                company,
            )
