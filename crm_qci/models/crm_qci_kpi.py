from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from odoo.addons.crm_idic.tools import local_today, user_tz, utc_bounds
from odoo.addons.crm_idic.tools.access import (
    check_figures_access,
    public_date,
    string_keys,
)

COUNT_KEYS = [
    "activities_done",
    "calls",
    "meetings",
    "emails",
    "other",
    "overdue_activities",
    "leads_created",
    "won_count",
    "lost_count",
    "new_customers",
    "quotes_sent",
    "quotes_confirmed",
    "tickets_closed",
    "tickets_met",
    "tickets_with_sla",
    "open_opportunities",
    "ratings",
    "cadence_customers",
    "cadence_on_time",
]
SUM_KEYS = [
    "won_revenue",
    "invoiced_revenue",
    "open_pipeline",
    "cycle_days_total",
    "rating_total",
]


# Each rate: its numerator and the counts whose sum divides it. With none of
# them (no opportunity closed, no quotation sent...), there is nothing to
# measure: the rate is 0 here, and left empty in the monthly snapshots.
RATES = {
    "win_rate": ("won_count", ("won_count", "lost_count")),
    "avg_cycle_days": ("cycle_days_total", ("won_count",)),
    "quote_acceptance": ("quotes_confirmed", ("quotes_sent",)),
    "sla_compliance": ("tickets_met", ("tickets_with_sla",)),
    "csat_avg": ("rating_total", ("ratings",)),
    "cadence_kept": ("cadence_on_time", ("cadence_customers",)),
}


def measured(values, rate):
    """Whether ``rate`` (a key of ``RATES``) had anything to measure in ``values``."""
    return any(values[count] for count in RATES[rate][1])


def ratio(numerator, denominator):
    return numerator / denominator if denominator else 0.0


def derive(values):
    """The ratios, from the counts and sums (also for team totals)."""
    for rate, (numerator, counts) in RATES.items():
        values[rate] = ratio(values[numerator], sum(values[count] for count in counts))
    average_deal = ratio(values["won_revenue"], values["won_count"])
    values["sales_velocity"] = ratio(
        values["open_opportunities"] * average_deal * values["win_rate"],
        values["avg_cycle_days"],
    )
    return values


# The company of the record a message or an activity is on (%(alias)s: the
# message's or activity's table alias, with its model and record id columns):
# customers, leads, orders and tickets of another company do not count; a record
# of another model (or without company) counts for the company asked.
RECORD_COMPANY = """
    LEFT JOIN crm_lead rl ON {alias}.{model} = 'crm.lead' AND rl.id = {alias}.res_id
    LEFT JOIN sale_order ro ON {alias}.{model} = 'sale.order'
          AND ro.id = {alias}.res_id
    LEFT JOIN crm_care_ticket rt ON {alias}.{model} = 'crm.care.ticket'
          AND rt.id = {alias}.res_id
    LEFT JOIN res_partner rp ON {alias}.{model} = 'res.partner'
          AND rp.id = {alias}.res_id
"""
RECORD_COMPANY_IS = (
    "COALESCE(rl.company_id, ro.company_id, rt.company_id, rp.company_id, "
    "%(company)s) = %(company)s"
)

# The KPI statements: each gives, per user id, the values of its keys (named
# parameters: company, start, end (UTC bounds of the local days), date_from,
# date_to, today (local), call, meeting, email).
KPI_QUERIES = [
    (
        """
                SELECT u.id, count(*),
                       count(*) FILTER (WHERE m.mail_activity_type_id = %(call)s),
                       count(*) FILTER (WHERE m.mail_activity_type_id = %(meeting)s),
                       count(*) FILTER (WHERE m.mail_activity_type_id = %(email)s),
                       count(*) FILTER (WHERE m.mail_activity_type_id NOT IN
                                        (%(call)s, %(meeting)s, %(email)s))
                  FROM mail_message m
                  JOIN res_users u ON u.partner_id = m.author_id
"""
        + RECORD_COMPANY.format(alias="m", model="model")
        + """
                 WHERE m.mail_activity_type_id IS NOT NULL
                   AND m.date >= %(start)s AND m.date < %(end)s
                   AND """
        + RECORD_COMPANY_IS
        + """
                 GROUP BY u.id
""",
        ["activities_done", "calls", "meetings", "emails", "other"],
    ),
    (
        """
                SELECT a.user_id, count(*) FROM mail_activity a
"""
        + RECORD_COMPANY.format(alias="a", model="res_model")
        + """
                 WHERE a.active
                   AND a.date_deadline < LEAST(%(date_to)s + 1, %(today)s)
                   AND """
        + RECORD_COMPANY_IS
        + """
                 GROUP BY a.user_id
""",
        ["overdue_activities"],
    ),
    (
        """
                SELECT l.user_id,
                       count(*) FILTER (WHERE l.create_date >= %(start)s
                                          AND l.create_date < %(end)s),
                       count(*) FILTER (WHERE l.won_status = 'won'
                                          AND l.date_closed >= %(start)s
                                          AND l.date_closed < %(end)s),
                       count(*) FILTER (WHERE l.won_status = 'lost'
                                          AND l.date_closed >= %(start)s
                                          AND l.date_closed < %(end)s),
                       sum(l.expected_revenue) FILTER (WHERE l.won_status = 'won'
                                          AND l.date_closed >= %(start)s
                                          AND l.date_closed < %(end)s),
                       sum(EXTRACT(EPOCH FROM l.date_closed - l.create_date) / 86400.0)
                           FILTER (WHERE l.won_status = 'won'
                                     AND l.date_closed >= %(start)s
                                     AND l.date_closed < %(end)s),
                       count(*) FILTER (WHERE l.active AND l.type = 'opportunity'
                                          AND l.won_status = 'pending'),
                       sum(l.expected_revenue * l.probability / 100.0)
                           FILTER (WHERE l.active AND l.type = 'opportunity'
                                     AND l.won_status = 'pending')
                  FROM crm_lead l
                 WHERE COALESCE(l.company_id, %(company)s) = %(company)s
                 GROUP BY l.user_id
""",
        [
            "leads_created",
            "won_count",
            "lost_count",
            "won_revenue",
            "cycle_days_total",
            "open_opportunities",
            "open_pipeline",
        ],
    ),
    (
        """
                SELECT invoice_user_id, sum(amount_untaxed_signed) FROM account_move
                 WHERE company_id = %(company)s AND state = 'posted'
                   AND move_type IN ('out_invoice', 'out_refund')
                   AND invoice_date BETWEEN %(date_from)s AND %(date_to)s
                 GROUP BY invoice_user_id
""",
        ["invoiced_revenue"],
    ),
    (
        """
                SELECT first.user_id, count(*) FROM (
                    SELECT DISTINCT ON (p.commercial_partner_id)
                           p.commercial_partner_id, so.user_id, so.date_order
                      FROM sale_order so JOIN res_partner p ON p.id = so.partner_id
                     WHERE so.company_id = %(company)s AND so.state = 'sale'
                     ORDER BY p.commercial_partner_id, so.date_order, so.id
                ) first
                 WHERE first.date_order >= %(start)s AND first.date_order < %(end)s
                 GROUP BY first.user_id
""",
        ["new_customers"],
    ),
    (
        """
                SELECT user_id,
                       count(*) FILTER (WHERE state IN ('sent', 'sale')),
                       count(*) FILTER (WHERE state = 'sale')
                  FROM sale_order
                 WHERE company_id = %(company)s
                   AND date_order >= %(start)s AND date_order < %(end)s
                 GROUP BY user_id
""",
        ["quotes_sent", "quotes_confirmed"],
    ),
    (
        """
                SELECT t.user_id, count(*),
                       count(*) FILTER (WHERE t.sla_status = 'met'),
                       count(*) FILTER (WHERE t.sla_status IN ('met', 'failed'))
                  FROM crm_care_ticket t
                 WHERE t.company_id = %(company)s AND t.closed_date >= %(start)s
                   AND t.closed_date < %(end)s
                 GROUP BY t.user_id
""",
        ["tickets_closed", "tickets_met", "tickets_with_sla"],
    ),
    (
        """
                SELECT t.user_id, count(*), sum(r.rating)
                  FROM (
                        -- A ticket reopened and rated again counts once: its
                        -- latest rating.
                        SELECT DISTINCT ON (res_id) res_id, rating, write_date
                          FROM rating_rating
                         WHERE res_model = 'crm.care.ticket' AND consumed
                           AND rating > 0
                         ORDER BY res_id, write_date DESC, id DESC
                  ) r
                  JOIN crm_care_ticket t ON t.id = r.res_id
                 WHERE t.company_id = %(company)s
                   AND r.write_date >= %(start)s AND r.write_date < %(end)s
                 GROUP BY t.user_id
""",
        ["ratings", "rating_total"],
    ),
    (
        """
                SELECT p.user_id, count(*),
                       count(*) FILTER (WHERE NOT pr.cadence_overdue)
                  FROM crm_idic_profile pr
                  JOIN res_partner p ON p.id = pr.partner_id
                  JOIN crm_idic_segment s ON s.id = pr.segment_id
                 WHERE pr.company_id = %(company)s AND s.cadence_days > 0
                 GROUP BY p.user_id
""",
        ["cadence_customers", "cadence_on_time"],
    ),
]


class CrmQciKpi(models.AbstractModel):
    _name = "crm.qci.kpi"
    _description = "QCI staff KPIs"

    @api.model
    def compute_kpis(
        self, date_from, date_to, user_ids=None, team_ids=None, company_id=None, tz=None
    ):
        """:meth:`_compute_kpis` for a remote caller (JSON-RPC, XML-RPC): only
        the company's staff; every salesperson's KPIs for those who see every
        salesperson's documents (team leaders, sales managers), else only the
        caller's own (``user_ids`` the caller alone, no team).

        :return: as :meth:`_compute_kpis`, the user and team ids as strings
            (``{"users": {"7": kpis}, ...}``): XML-RPC sends no other keys, and
            JSON-RPC gives them as strings anyway.
        """
        company = self.env["res.company"].browse(company_id) or self.env.company
        check_figures_access(self.env, company, None if team_ids else user_ids)
        date_from = public_date(self.env, date_from)
        date_to = public_date(self.env, date_to)
        result = self._compute_kpis(
            date_from, date_to, user_ids, team_ids, company.id, tz
        )
        return {key: string_keys(by_id) for key, by_id in result.items()}

    @api.model
    def _compute_kpis(
        self, date_from, date_to, user_ids=None, team_ids=None, company_id=None, tz=None
    ):
        """Staff KPIs of a period, set-based (a fixed number of queries).

        :param date_from, date_to: the period, both days included.
        :param user_ids: salespeople (all users with sales, invoices, leads, tickets or
            activities in the company when None).
        :param team_ids: also totals per sales team (its members' KPIs added up).
        :param company_id: the company (the current one when None).
        :param tz: the time zone of the days (the user's when None; scheduled
            actions pass the company's): a won deal counts on its local day.
        :return: ``{"users": {user_id: kpis}, "teams": {team_id: kpis}}`` where kpis
            holds the counts and sums of ``COUNT_KEYS`` and ``SUM_KEYS`` and the ratios
            ``win_rate``, ``avg_cycle_days``, ``sales_velocity``, ``quote_acceptance``,
            ``sla_compliance``, ``csat_avg``, ``cadence_kept``. Amounts are untaxed, in
            the company currency.
        """
        date_from, date_to = (
            fields.Date.to_date(date_from),
            fields.Date.to_date(date_to),
        )
        if not date_from or not date_to or date_to < date_from:
            raise UserError(
                self.env._("The KPI period must end on or after its start.")
            )
        company = self.env["res.company"].browse(company_id) or self.env.company
        tz = tz or user_tz(self.env)
        start, end = utc_bounds(tz, date_from, date_to)
        self.env.flush_all()
        rows = {}

        def add(query, keys):
            self.env.cr.execute(query)
            for row in self.env.cr.fetchall():
                user_id = row[0]
                if not user_id:
                    continue
                values = rows.setdefault(
                    user_id, dict.fromkeys(COUNT_KEYS + SUM_KEYS, 0)
                )
                for key, value in zip(keys, row[1:], strict=True):
                    values[key] += value or 0

        params = {
            "company": company.id,
            "start": start,
            "end": end,
            "date_from": date_from,
            "date_to": date_to,
            "today": local_today(tz),
            "call": self.env.ref("mail.mail_activity_data_call").id,
            "meeting": self.env.ref("mail.mail_activity_data_meeting").id,
            "email": self.env.ref("mail.mail_activity_data_email").id,
        }
        for query, keys in KPI_QUERIES:
            add(SQL(query, **params), keys)
        # A team's figures are its members' sums, whoever else is asked for.
        teams = self._kpi_team_totals(rows, team_ids)
        if user_ids is not None:
            rows = {
                uid: rows.get(uid, dict.fromkeys(COUNT_KEYS + SUM_KEYS, 0))
                for uid in user_ids
            }
        users = {uid: derive(values) for uid, values in rows.items()}
        return {"users": users, "teams": teams}

    @api.model
    def _kpi_staff(self, result):
        """The staff among the users of a :meth:`_compute_kpis` result: people
        with an internal account (not portal users, not OdooBot, the author of
        what the system itself records)."""
        users = self.env["res.users"].browse(list(result["users"])).exists()
        return users.filtered(lambda user: not user.share and not user._is_superuser())

    def _kpi_team_totals(self, rows, team_ids):
        """Each team's KPIs: its members' counts and sums added up."""
        teams = {}
        for team in self.env["crm.team"].browse(team_ids or []):
            total = dict.fromkeys(COUNT_KEYS + SUM_KEYS, 0)
            for member in team.member_ids:
                values = rows.get(member.id)
                if values:
                    for key in COUNT_KEYS + SUM_KEYS:
                        total[key] += values[key]
            teams[team.id] = derive(total)
        return teams
