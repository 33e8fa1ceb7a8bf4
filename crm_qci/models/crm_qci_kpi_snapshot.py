from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

from odoo.addons.crm_idic.tools import company_tz, each_isolated, local_today
from odoo.addons.crm_idic.tools.access import require_group

from .crm_qci_kpi import RATES, measured

# The KPIs a snapshot keeps: (field name, label, field type).
SNAPSHOT_KPIS = [
    ("activities_done", "Activities done", "integer"),
    ("calls", "Calls", "integer"),
    ("meetings", "Meetings", "integer"),
    ("emails", "Emails", "integer"),
    ("overdue_activities", "Overdue activities", "integer"),
    ("leads_created", "Leads created", "integer"),
    ("won_count", "Won", "integer"),
    ("lost_count", "Lost", "integer"),
    ("win_rate", "Win rate", "float"),
    ("won_revenue", "Won revenue", "monetary"),
    ("invoiced_revenue", "Invoiced revenue", "monetary"),
    ("new_customers", "New customers", "integer"),
    ("avg_cycle_days", "Average cycle (days)", "float"),
    ("open_pipeline", "Open pipeline", "monetary"),
    ("sales_velocity", "Sales velocity", "float"),
    ("quotes_sent", "Quotations sent", "integer"),
    ("quotes_confirmed", "Quotations confirmed", "integer"),
    ("quote_acceptance", "Quotation acceptance", "float"),
    ("tickets_closed", "Tickets closed", "integer"),
    ("sla_compliance", "SLA compliance", "float"),
    ("csat_avg", "Customer satisfaction", "float"),
    ("cadence_kept", "Contact cadence kept", "float"),
]


def snapshot_values(kpis):
    """One salesperson's KPIs to keep. A rate with nothing to measure in the month
    (see ``RATES``: no opportunity closed, no quotation sent, no ticket under an
    SLA, no rating, no customer on a contact cadence) is left out: empty in the
    database rather than 0, so that the analysis averages the rates of the months
    and salespeople with something to measure."""
    values = {name: kpis[name] for name, _label, _kind in SNAPSHOT_KPIS}
    for rate in RATES:
        if not measured(kpis, rate):
            del values[rate]
    return values


class CrmQciKpiSnapshot(models.Model):
    _name = "crm.qci.kpi.snapshot"
    _description = "Monthly KPI snapshot"
    _order = "month desc, invoiced_revenue desc, id"

    month = fields.Date(required=True, readonly=True, index=True)
    user_id = fields.Many2one(
        "res.users", "Salesperson", required=True, readonly=True, index=True
    )
    team_id = fields.Many2one("crm.team", "Sales team", readonly=True, index=True)
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    activities_done = fields.Integer("Activities done", readonly=True)
    calls = fields.Integer(readonly=True)
    meetings = fields.Integer(readonly=True)
    emails = fields.Integer(readonly=True)
    overdue_activities = fields.Integer("Overdue activities", readonly=True)
    leads_created = fields.Integer("Leads created", readonly=True)
    won_count = fields.Integer("Won", readonly=True)
    lost_count = fields.Integer("Lost", readonly=True)
    win_rate = fields.Float("Win rate", readonly=True, digits=(16, 4), aggregator="avg")
    won_revenue = fields.Monetary("Won revenue", readonly=True)
    invoiced_revenue = fields.Monetary("Invoiced revenue", readonly=True)
    new_customers = fields.Integer("New customers", readonly=True)
    avg_cycle_days = fields.Float(
        "Average cycle (days)", readonly=True, digits=(16, 4), aggregator="avg"
    )
    open_pipeline = fields.Monetary("Open pipeline", readonly=True)
    sales_velocity = fields.Float("Sales velocity", readonly=True, digits=(16, 4))
    quotes_sent = fields.Integer("Quotations sent", readonly=True)
    quotes_confirmed = fields.Integer("Quotations confirmed", readonly=True)
    quote_acceptance = fields.Float(
        "Quotation acceptance", readonly=True, digits=(16, 4), aggregator="avg"
    )
    tickets_closed = fields.Integer("Tickets closed", readonly=True)
    sla_compliance = fields.Float(
        "SLA compliance", readonly=True, digits=(16, 4), aggregator="avg"
    )
    csat_avg = fields.Float(
        "Customer satisfaction", readonly=True, digits=(16, 4), aggregator="avg"
    )
    cadence_kept = fields.Float(
        "Contact cadence kept", readonly=True, digits=(16, 4), aggregator="avg"
    )

    _month_user_uniq = models.Constraint(
        "UNIQUE (month, user_id, company_id)",
        "One snapshot per salesperson, month and company.",
    )

    @api.model
    def _take(self, month, company, force=False):
        """Snapshot the KPIs of a month (its first day) for every salesperson.

        A month already taken is left alone unless ``force`` (a manager's request).
        """
        month = fields.Date.to_date(month).replace(day=1)
        existing = self.search([("month", "=", month), ("company_id", "=", company.id)])
        if existing and not force:
            return existing
        if force:
            require_group(
                self.env,
                "sales_team.group_sale_manager",
                self.env._("Only a sales manager can take a closed month again."),
            )
            existing.unlink()
        last_day = month + relativedelta(months=1, days=-1)
        result = self.env["crm.qci.kpi"]._compute_kpis(
            month, last_day, company_id=company.id, tz=company_tz(company)
        )
        vals_list = []
        for user in self.env["crm.qci.kpi"]._kpi_staff(result):
            kpis = result["users"][user.id]
            vals_list.append(
                {
                    "month": month,
                    "user_id": user.id,
                    "team_id": user.sale_team_id.id,
                    "company_id": company.id,
                    **snapshot_values(kpis),
                }
            )
        return self.create(vals_list)

    @api.model
    def _cron_monthly_snapshot(self):
        """On the 1st: the month before, for every company; never twice."""

        def previous(company):
            """The month before the company's local today."""
            today = local_today(company_tz(company))
            return today.replace(day=1) - relativedelta(months=1)

        each_isolated(
            self.env["res.company"].search([("id", "!=", False)]),
            lambda company: self.with_company(company)._take(
                previous(company), company
            ),
            "Monthly KPI snapshot",
            commit=True,
            batch_size=1,
        )
        return True
