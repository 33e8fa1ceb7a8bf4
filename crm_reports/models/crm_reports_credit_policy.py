from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.crm_idic.tools.records import with_shipped_terms


class CrmReportsCreditPolicy(models.Model):
    """How a company reminds its customers of what they owe: levels by days
    overdue (or before the due date), each with its channel, and whether the runs
    go out on their own."""

    _name = "crm.reports.credit.policy"
    _description = "Reminder policy"
    _order = "company_id, name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    level_ids = fields.One2many("crm.reports.reminder.level", "policy_id", "Levels")
    automatic = fields.Boolean(
        "Automatic runs",
        help="Every day a run is made and validated for the customers of this "
        "policy, without review (letters stay in the run to print). Off: the "
        "accountant makes the runs, reviews and validates them.",
    )

    @api.model
    def _crm_reports_default_policies(self, companies=None):
        """Give every company (or these) without a default reminder policy a
        copy of the standard one shipped with the addon, its levels included
        (names in every language): at install and when a company is created.
        Without one, a company's reminder runs would propose nobody."""
        standard = self.env.ref(
            "crm_reports.credit_policy_default", raise_if_not_found=False
        )
        if not standard:
            return True
        companies = companies or self.env["res.company"].search(
            [("credit_policy_id", "=", False)]
        )
        if companies:
            with_shipped_terms(standard.sudo(), "crm_reports")
            with_shipped_terms(standard.sudo().level_ids, "crm_reports")
        for company in companies.filtered(lambda company: not company.credit_policy_id):
            policy = standard.sudo().copy({"company_id": company.id})
            for level in standard.sudo().level_ids:
                fee = level.fee_product_id
                level.copy(
                    {
                        "policy_id": policy.id,
                        "company_id": company.id,
                        # A fee product of the main company stays its own.
                        "fee_product_id": fee.id if not fee.company_id else False,
                    }
                )
            company.sudo().credit_policy_id = policy
        return True

    @api.constrains("level_ids")
    def _check_level_days(self):
        """Levels act at days that increase: no two levels at the same day."""
        for policy in self:
            days = policy.level_ids.mapped("days_overdue")
            if len(days) != len(set(days)):
                raise ValidationError(
                    self.env._(
                        "The levels of the policy %(policy)s must act at increasing "
                        "numbers of days: two levels act at %(days)s days.",
                        policy=policy.name,
                        days=", ".join(
                            str(day) for day in sorted(set(days)) if days.count(day) > 1
                        ),
                    )
                )
