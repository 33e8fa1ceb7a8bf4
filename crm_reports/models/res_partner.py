from odoo import api, fields, models
from odoo.tools import SQL


class ResPartner(models.Model):
    _inherit = "res.partner"

    credit_overdue_amount = fields.Monetary(
        compute="_compute_credit_risk", currency_field="credit_currency_id"
    )
    credit_oldest_overdue_days = fields.Integer(compute="_compute_credit_risk")
    credit_risk = fields.Boolean(compute="_compute_credit_risk")
    credit_currency_id = fields.Many2one("res.currency", compute="_compute_credit_risk")

    @api.depends_context("company")
    def _compute_credit_risk(self):
        """Overdue amount and age per customer for the current company: one query."""
        company = self.env.company
        today = fields.Date.context_today(self)
        partners = self.commercial_partner_id
        values = {}
        if partners.ids:
            self.env.flush_all()
            self.env.cr.execute(
                SQL(
                    """
                    SELECT commercial_partner_id, sum(amount_residual_signed),
                           max(%(today)s - invoice_date_due)
                      FROM account_move
                     WHERE company_id = %(company)s AND state = 'posted'
                       AND move_type = 'out_invoice' AND amount_residual > 0
                       AND invoice_date_due < %(today)s
                       AND commercial_partner_id = ANY(%(partners)s)
                     GROUP BY commercial_partner_id
                    """,
                    today=today,
                    company=company.id,
                    partners=partners.ids,
                )
            )
            values = {row[0]: row[1:] for row in self.env.cr.fetchall()}
        for partner in self:
            amount, days = values.get(partner.commercial_partner_id.id, (0.0, 0))
            partner.credit_overdue_amount = amount
            partner.credit_oldest_overdue_days = days or 0
            partner.credit_currency_id = company.currency_id
            partner.credit_risk = bool(
                (company.credit_risk_amount and amount > company.credit_risk_amount)
                or (company.credit_risk_days and (days or 0) > company.credit_risk_days)
            )
