from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmCareContractTemplate(models.Model):
    """Lines and terms that start new contracts (OCA ``contract``'s template)."""

    _name = "crm.care.contract.template"
    _inherit = "crm.idic.list.entry"
    _description = "Contract template"
    _order = "sequence, name"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(
        "res.currency", default=lambda self: self.env.company.currency_id
    )
    line_ids = fields.One2many(
        "crm.care.contract.template.line", "template_id", "Lines", copy=True
    )
    terms = fields.Html(
        "Terms and conditions",
        translate=True,
        sanitize_attributes=False,
        help="Printed on the contract and shown to the customer before signing.",
    )
    duration_months = fields.Integer(
        "Duration (months)", default=12, help="0: the contract has no end."
    )
    notice_period_days = fields.Integer(
        "Notice period (days)",
        default=30,
        help="How long before a termination takes effect.",
    )
    auto_renew = fields.Boolean()
    invoice_posting = fields.Selection(
        lambda self: self.env["crm.care.contract"]._fields["invoice_posting"].selection,
        "Invoices made",
        default="draft",
        required=True,
    )
    payment_term_id = fields.Many2one(
        "account.payment.term", "Payment terms", check_company=True
    )
    pricelist_id = fields.Many2one("product.pricelist", check_company=True)
    journal_id = fields.Many2one(
        "account.journal",
        "Invoicing journal",
        check_company=True,
        domain="[('type', '=', 'sale')]",
    )
    sla_id = fields.Many2one("crm.care.sla", "SLA", check_company=True)

    @api.constrains("duration_months", "notice_period_days")
    def _check_duration(self):
        for template in self:
            if template.duration_months < 0 or template.notice_period_days < 0:
                raise ValidationError(
                    self.env._(
                        "Template %(template)s: the duration and the notice period "
                        "cannot be negative (0 months: the contract has no end).",
                        template=template.name,
                    )
                )

    def _contract_values(self, date_start):
        """A new contract's terms and lines from this template, starting on
        ``date_start``."""
        self.ensure_one()
        values = {
            "contract_template_id": self.id,
            "terms": self.terms,
            "notice_period_days": self.notice_period_days,
            "auto_renew": self.auto_renew,
            "renewal_term_months": self.duration_months or 12,
            "invoice_posting": self.invoice_posting,
            "line_ids": [
                fields.Command.create(line._terms_values()) for line in self.line_ids
            ],
        }
        for name in ("payment_term_id", "pricelist_id", "journal_id", "sla_id"):
            if self[name]:
                values[name] = self[name].id
        if date_start and self.duration_months:
            values["date_end"] = fields.Date.add(
                date_start, months=self.duration_months, days=-1
            )
        return values

    @api.model
    def _company_default(self, company):
        """The company's default template (its terms start new contracts)."""
        return company.contract_template_id
