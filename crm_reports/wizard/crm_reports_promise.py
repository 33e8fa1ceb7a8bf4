from odoo import fields, models


class CrmReportsPromise(models.TransientModel):
    """Record a customer's promise to pay (amount and date)."""

    _name = "crm.reports.promise"
    _description = "Promise to pay"

    partner_id = fields.Many2one("res.partner", required=True, readonly=True)
    currency_id = fields.Many2one(
        "res.currency", default=lambda self: self.env.company.currency_id
    )
    amount = fields.Monetary(required=True)
    date = fields.Date("By", required=True)

    def action_confirm(self):
        self.ensure_one()
        self.partner_id._record_promise(self.amount, self.date)
        return {"type": "ir.actions.act_window_close"}
