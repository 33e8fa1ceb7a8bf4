from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.crm_idic.tools import company_tz, each_isolated, local_today
from odoo.addons.crm_idic.tools.display import company_language, dated_name

# Revenue attainment levels that notify the salesperson and team leader, once each.
NOTIFY_LEVELS = (50, 90, 100)


class CrmQciTarget(models.Model):
    _name = "crm.qci.target"
    _description = "Sales target"
    _inherit = ["mail.thread"]
    _order = "date_from desc, id"

    name = fields.Char(compute="_compute_name", store=True)
    user_id = fields.Many2one("res.users", "Salesperson", tracking=True, index=True)
    team_id = fields.Many2one("crm.team", "Sales team", tracking=True, index=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    period = fields.Selection(
        [("month", "Month"), ("quarter", "Quarter")], required=True, default="month"
    )
    date_from = fields.Date(
        "Period start",
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1),
    )
    date_to = fields.Date("Period end", compute="_compute_date_to", store=True)
    revenue_target = fields.Monetary("Revenue", tracking=True)
    new_customers_target = fields.Integer("New customers", tracking=True)
    activities_target = fields.Integer("Activities", tracking=True)
    win_rate_target = fields.Float("Win rate (%)", tracking=True)
    revenue_actual = fields.Monetary(compute="_compute_actuals")
    new_customers_actual = fields.Integer(compute="_compute_actuals")
    activities_actual = fields.Integer(compute="_compute_actuals")
    win_rate_actual = fields.Float("Win rate actual (%)", compute="_compute_actuals")
    revenue_attainment = fields.Float("Revenue (%)", compute="_compute_actuals")
    new_customers_attainment = fields.Float(
        "New customers (%)", compute="_compute_actuals"
    )
    activities_attainment = fields.Float("Activities (%)", compute="_compute_actuals")
    win_rate_attainment = fields.Float(
        "Win rate (% of target)", compute="_compute_actuals"
    )
    revenue_notified = fields.Integer(
        "Revenue level notified", readonly=True, copy=False
    )

    @api.depends("user_id", "team_id", "date_from", "period")
    def _compute_name(self):
        for target in self:
            who = target.user_id.name or target.team_id.name or ""
            target.name = f"{who} {target.date_from or ''}".strip()

    @api.depends("user_id", "team_id", "date_from")
    @api.depends_context("lang")
    def _compute_display_name(self):
        for target in self:
            target.display_name = dated_name(
                self.env, target.user_id.name or target.team_id.name, target.date_from
            )

    @api.depends("date_from", "period")
    def _compute_date_to(self):
        for target in self:
            if not target.date_from:
                target.date_to = False
                continue
            months = 3 if target.period == "quarter" else 1
            target.date_to = target.date_from + relativedelta(months=months, days=-1)

    @api.constrains("user_id", "team_id", "company_id")
    def _check_owner(self):
        for target in self:
            if bool(target.user_id) == bool(target.team_id):
                raise ValidationError(
                    self.env._("A target is for one salesperson or for one team.")
                )

    @api.constrains(
        "revenue_target", "new_customers_target", "activities_target", "win_rate_target"
    )
    def _check_values(self):
        for target in self:
            if (
                min(
                    target.revenue_target,
                    target.new_customers_target,
                    target.activities_target,
                    target.win_rate_target,
                )
                < 0
                or target.win_rate_target > 100
            ):
                raise ValidationError(
                    self.env._(
                        "Targets cannot be negative and a win rate is at most 100%."
                    )
                )

    @api.depends(
        "date_from",
        "date_to",
        "user_id",
        "team_id",
        "revenue_target",
        "new_customers_target",
        "activities_target",
        "win_rate_target",
    )
    def _compute_actuals(self):
        """One KPI computation per distinct period and company, for all targets."""
        Kpi = self.env["crm.qci.kpi"]
        groups = {}
        for target in self:
            if target.date_from and target.date_to:
                key = (target.date_from, target.date_to, target.company_id.id)
                groups.setdefault(key, self.browse())
                groups[key] |= target
        results = {}
        for (date_from, date_to, company_id), targets in groups.items():
            results[date_from, date_to, company_id] = Kpi._compute_kpis(
                date_from,
                date_to,
                user_ids=targets.user_id.ids or [],
                team_ids=targets.team_id.ids,
                company_id=company_id,
                # A target is the company's: its days are the company's.
                tz=company_tz(self.env["res.company"].browse(company_id)),
            )
        for target in self:
            result = results.get(
                (target.date_from, target.date_to, target.company_id.id)
            )
            kpis = {}
            if result:
                kpis = (
                    result["users"].get(target.user_id.id)
                    if target.user_id
                    else result["teams"].get(target.team_id.id)
                ) or {}
            target.revenue_actual = kpis.get("invoiced_revenue", 0.0)
            target.new_customers_actual = kpis.get("new_customers", 0)
            target.activities_actual = kpis.get("activities_done", 0)
            target.win_rate_actual = 100.0 * kpis.get("win_rate", 0.0)
            target.revenue_attainment = _share(
                target.revenue_actual, target.revenue_target
            )
            target.new_customers_attainment = _share(
                target.new_customers_actual, target.new_customers_target
            )
            target.activities_attainment = _share(
                target.activities_actual, target.activities_target
            )
            target.win_rate_attainment = _share(
                target.win_rate_actual, target.win_rate_target
            )

    @api.model
    def _cron_target_notifications(self):
        """Tell the salesperson (and the team leader) at 50%, 90% and 100% of the
        revenue target, each level once: targets running on their company's
        local day, told in the company's language, amounts in its currency."""
        utc_today = fields.Date.today()
        targets = self.search(
            [
                ("date_from", "<=", utc_today + relativedelta(days=1)),
                ("date_to", ">=", utc_today - relativedelta(days=1)),
                ("revenue_target", ">", 0),
            ]
        ).filtered(
            lambda target: target.date_from
            <= local_today(company_tz(target.company_id))
            <= target.date_to
        )

        def notify(target):
            reached = [
                level
                for level in NOTIFY_LEVELS
                if target.revenue_attainment >= level
                and level > target.revenue_notified
            ]
            if not reached:
                return
            level = max(reached)
            people = (target.user_id | target.team_id.user_id).partner_id
            told = company_language(target)
            target.message_post(
                body=told.env._(
                    "%(who)s reached %(level)s%% of the revenue target "
                    "(%(actual)s of %(target)s).",
                    who=target.user_id.name or target.team_id.name,
                    level=level,
                    actual=told.currency_id.format(target.revenue_actual),
                    target=told.currency_id.format(target.revenue_target),
                ),
                partner_ids=people.ids,
                subtype_xmlid="mail.mt_comment",
            )
            target.revenue_notified = level

        each_isolated(targets, notify, "Target notifications", commit=True)
        return True

    # -- demo data ------------------------------------------------------------------


def _share(actual, target):
    return 100.0 * actual / target if target else 0.0
