from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    aging_days_1 = fields.Integer("Aging bucket 1 ends (days)", default=30)
    aging_days_2 = fields.Integer("Aging bucket 2 ends (days)", default=60)
    aging_days_3 = fields.Integer("Aging bucket 3 ends (days)", default=90)
    aging_days_4 = fields.Integer("Aging bucket 4 ends (days)", default=120)

    management_report_partner_ids = fields.Many2many(
        "res.partner",
        "crm_reports_management_recipient_rel",
        "company_id",
        "partner_id",
        "Management report recipients",
        help="They receive the management report of each month, quarter and year "
        "when it closes.",
    )
    overdue_alert_days_ahead = fields.Integer(
        "Alert invoices due within (days)", default=3
    )
    credit_risk_amount = fields.Monetary(
        "Credit risk above overdue amount",
        currency_field="currency_id",
        help="A customer whose overdue amount exceeds this is at risk (0: no limit).",
    )
    credit_risk_days = fields.Integer(
        "Credit risk after days overdue",
        default=60,
        help="A customer whose oldest overdue invoice is older is at risk "
        "(0: no limit).",
    )
    credit_policy_id = fields.Many2one(
        "crm.reports.credit.policy",
        "Default reminder policy",
        domain="[('company_id', '=', id)]",
        help="The reminder policy of the customers who have none of their own.",
    )
    credit_limit_action = fields.Selection(
        [("warn", "Warn"), ("block", "Block the confirmation")],
        "Over the credit limit",
        default="warn",
        required=True,
        help="With customer credit limits on (Accounting settings): warn on the "
        "quotation, or block its confirmation until a sales manager or an "
        "accountant releases it.",
    )
    credit_block_overdue_days = fields.Integer(
        "Block after days overdue",
        default=0,
        help="With blocking: a quotation of a customer with an item overdue by more "
        "than this many days cannot be confirmed either (0: no such block).",
    )

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        self.env["crm.reports.credit.policy"]._crm_reports_default_policies(companies)
        return companies

    @api.constrains(
        "overdue_alert_days_ahead",
        "credit_risk_amount",
        "credit_risk_days",
        "credit_block_overdue_days",
    )
    def _check_overdue_settings(self):
        for company in self:
            if (
                min(
                    company.overdue_alert_days_ahead,
                    company.credit_risk_amount,
                    company.credit_risk_days,
                    company.credit_block_overdue_days,
                )
                < 0
            ):
                raise ValidationError(
                    self.env._(
                        "Alert days, risk amount and risk or block days cannot be "
                        "negative."
                    )
                )

    @api.constrains("aging_days_1", "aging_days_2", "aging_days_3", "aging_days_4")
    def _check_aging_buckets(self):
        for company in self:
            limits = company._aging_limits()
            pairs = zip(limits, limits[1:], strict=False)
            if limits[0] < 1 or any(a >= b for a, b in pairs):
                raise ValidationError(
                    self.env._(
                        "Aging buckets must end at increasing numbers of days, "
                        "the first at 1 day or more (now %(limits)s).",
                        limits=", ".join(map(str, limits)),
                    )
                )

    def _aging_limits(self):
        self.ensure_one()
        return [
            self.aging_days_1,
            self.aging_days_2,
            self.aging_days_3,
            self.aging_days_4,
        ]

    def _crm_accountant(self):
        """An accountant of the company, or no one: who signs what collections
        send on their own — replies to an automatic reminder come back to a
        person, not to OdooBot — and is told what needs an accountant. The
        invoicing users first (Odoo's *Invoicing* level: the billing clerks),
        then those who have it by a higher level, the company's administrators
        last; by id."""
        self.ensure_one()
        billing = self.env.ref("account.group_account_invoice").sudo()
        users = billing.all_user_ids.filtered(
            lambda user: not user.share
            and not user._is_superuser()
            and self in user.company_ids
        )
        return users.sorted(
            lambda user: (
                user.has_group("base.group_system"),
                user not in billing.user_ids,
                user.id,
            )
        )[:1]
