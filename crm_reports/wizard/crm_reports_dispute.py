from odoo import fields, models


class CrmReportsDispute(models.TransientModel):
    """Mark an invoice disputed, saying what the customer disputes."""

    _name = "crm.reports.dispute"
    _description = "Mark an invoice disputed"

    move_id = fields.Many2one("account.move", required=True, readonly=True)
    reason = fields.Char("What is disputed", required=True)

    def action_confirm(self):
        self.ensure_one()
        self.move_id._mark_disputed(self.reason)
        return {"type": "ir.actions.act_window_close"}
