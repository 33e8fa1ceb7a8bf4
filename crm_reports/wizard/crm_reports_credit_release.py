from odoo import fields, models


class CrmReportsCreditRelease(models.TransientModel):
    """A sales manager or an accountant releases a held quotation for its current
    total, saying why."""

    _name = "crm.reports.credit.release"
    _description = "Release a credit hold"

    order_id = fields.Many2one("sale.order", required=True, readonly=True)
    credit_hold = fields.Char(related="order_id.credit_hold")
    reason = fields.Text("Why", required=True)

    def action_release(self):
        self.ensure_one()
        self.order_id._release_credit_hold(self.reason)
        return {"type": "ir.actions.act_window_close"}
