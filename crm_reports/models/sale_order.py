from odoo import api, fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    credit_risk_warning = fields.Char(compute="_compute_credit_risk_warning")

    @api.depends("partner_id", "company_id")
    def _compute_credit_risk_warning(self):
        for order in self:
            partner = order.partner_id.commercial_partner_id.with_company(
                order.company_id
            )
            if order.state in ("draft", "sent") and partner and partner.credit_risk:
                order.credit_risk_warning = self.env._(
                    "Credit risk: %(customer)s owes %(amount)s overdue, the oldest "
                    "invoice %(days)s days past due.",
                    customer=partner.display_name,
                    amount=partner.credit_currency_id.format(
                        partner.credit_overdue_amount
                    ),
                    days=partner.credit_oldest_overdue_days,
                )
            else:
                order.credit_risk_warning = False
