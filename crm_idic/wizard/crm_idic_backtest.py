from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from ..tools import scoring
from ..tools.localtime import company_tz, local_today, utc_start
from ..tools.records import list_action

SCORE_BANDS = [
    ("low", "Below 40"),
    ("mid", "40 to 70"),
    ("high", "70 and above"),
]


class CrmIdicBacktest(models.TransientModel):
    _name = "crm.idic.backtest"
    _inherit = ["crm.idic.company.report"]
    _description = "IDIC backtest"

    period = fields.Selection(
        [("month", "Month"), ("quarter", "Quarter")], required=True, default="quarter"
    )
    period_count = fields.Integer("Periods", required=True, default=4)
    line_ids = fields.One2many("crm.idic.backtest.line", "backtest_id", "Lines")

    @api.constrains("period_count")
    def _check_period_count(self):
        for backtest in self:
            if not 1 <= backtest.period_count <= 24:
                raise ValidationError(
                    self.env._(
                        "Backtest between 1 and 24 past periods, not %(n)s.",
                        n=backtest.period_count,
                    )
                )

    def _periods(self):
        """The past complete periods, oldest first: (label, start, end)."""
        self.ensure_one()
        today = local_today(company_tz(self.company_id))
        months = 3 if self.period == "quarter" else 1
        current = today.replace(day=1)
        if months == 3:
            current = current.replace(month=(today.month - 1) // 3 * 3 + 1)
        periods = []
        for index in range(self.period_count, 0, -1):
            start = current - relativedelta(months=months * index)
            end = start + relativedelta(months=months)
            label = (
                f"{start.year} Q{(start.month - 1) // 3 + 1}"
                if months == 3
                else f"{start.year}-{start.month:02d}"
            )
            periods.append((label, start, end))
        return periods

    def action_compute(self):
        """Rebuild the lines: one query per period for tiers, one for leads."""
        self.ensure_one()
        self.line_ids.unlink()
        lines = []
        for label, start, end in self._periods():
            lines += self._tier_lines(label, start, end)
            lines += self._band_lines(label, start, end)
        self.env["crm.idic.backtest.line"].create(lines)
        return list_action(
            "crm.idic.backtest.line",
            [("backtest_id", "=", self.id)],
            self.env._("IDIC backtest"),
            view_mode="list,pivot,graph",
            context={"search_default_group_period": 1},
        )

    def _tier_lines(self, label, start, end):
        """Tier of each customer as of the period's start (the same rules as the
        profile, on the data known then), and the revenue each tier brought in the
        period: the numbers in one query, the lines by :meth:`_tier_revenue_lines`."""
        company = self.company_id
        tz = company_tz(company)
        window_start = start - relativedelta(months=company.idic_rfm_months)
        as_of = utc_start(tz, start)
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                WITH before AS (%(before)s
                ), ranked AS (
                    SELECT partner_id, last6, prev6,
                           ceil(5 * cume_dist() OVER (ORDER BY frequency)) AS f,
                           ceil(5 * cume_dist() OVER (ORDER BY monetary)) AS m
                      FROM before
                ), invoiced AS (
                    SELECT am.commercial_partner_id AS partner_id,
                           sum(am.amount_untaxed_signed) AS revenue
                      FROM account_move am
                     WHERE am.company_id = %(company)s AND am.state = 'posted'
                       AND am.move_type IN ('out_invoice', 'out_refund')
                       AND am.invoice_date >= %(window_start_date)s
                       AND am.invoice_date < %(start)s
                     GROUP BY am.commercial_partner_id
                ), during AS (
                    SELECT p.commercial_partner_id AS partner_id,
                           sum(so.amount_untaxed / NULLIF(so.currency_rate, 0))
                               AS revenue
                      FROM sale_order so
                      JOIN res_partner p ON p.id = so.partner_id
                     WHERE so.company_id = %(company)s AND so.state = 'sale'
                       AND so.date_order >= %(as_of)s AND so.date_order < %(end)s
                     GROUP BY p.commercial_partner_id
                )
                SELECT d.partner_id, d.revenue, COALESCE(r.f, 0), COALESCE(r.m, 0),
                       COALESCE(r.last6, 0), COALESCE(r.prev6, 0),
                       i.partner_id IS NOT NULL, COALESCE(i.revenue, 0)
                  FROM during d
                  LEFT JOIN ranked r ON r.partner_id = d.partner_id
                  LEFT JOIN invoiced i ON i.partner_id = d.partner_id
                """,
                before=self.env["crm.idic.profile"]._idic_order_totals(
                    company,
                    utc_start(tz, window_start),
                    as_of,
                    utc_start(tz, start - relativedelta(months=6)),
                    utc_start(tz, start - relativedelta(months=12)),
                ),
                company=company.id,
                window_start_date=window_start,
                as_of=as_of,
                start=start,
                end=utc_start(tz, end),
            )
        )
        return self._tier_revenue_lines(label, start, self.env.cr.fetchall())

    def _tier_revenue_lines(self, label, start, rows):
        """The revenue of the period per tier the customers had at its start."""
        revenue = dict.fromkeys(dict(scoring.VALUE_TIERS), 0.0)
        for (
            _partner,
            amount,
            f_score,
            m_score,
            last6,
            prev6,
            has_invoices,
            invoiced,
        ) in rows:
            tier = scoring.value_tier(
                has_invoices, invoiced, int(m_score), int(f_score), prev6, last6
            )
            revenue[tier] += amount or 0.0
        total = sum(revenue.values())
        return [
            {
                "backtest_id": self.id,
                "period": label,
                "period_start": start,
                "kind": "tier",
                "value_tier": tier,
                "revenue": amount,
                "revenue_share": 100.0 * amount / total if total else 0.0,
            }
            for tier, amount in revenue.items()
        ]

    def _band_lines(self, label, start, end):
        """Win rate of the leads closed in the period, by the IDIC score known at
        the period's start: the customer's last monthly score before it
        (``crm.idic.score.snapshot``; none known: 0), or, for a lead without
        customer, its own score (its completeness and messages)."""
        tz = company_tz(self.company_id)
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                WITH known AS (
                    SELECT l.won_status,
                           CASE WHEN l.partner_id IS NULL THEN l.idic_score
                                ELSE (SELECT s.idic_score
                                        FROM crm_idic_score_snapshot s
                                       WHERE s.partner_id = p.commercial_partner_id
                                         AND s.company_id = %(company)s
                                         AND s.month < %(start_date)s
                                       ORDER BY s.month DESC LIMIT 1) END AS score
                      FROM crm_lead l
                      LEFT JOIN res_partner p ON p.id = l.partner_id
                     WHERE COALESCE(l.company_id, %(company)s) = %(company)s
                       AND l.type = 'opportunity'
                       AND l.won_status IN ('won', 'lost')
                       AND l.date_closed >= %(start)s AND l.date_closed < %(end)s
                )
                SELECT CASE WHEN COALESCE(score, 0) >= 70 THEN 'high'
                            WHEN COALESCE(score, 0) >= 40 THEN 'mid'
                            ELSE 'low' END,
                       won_status, count(*)
                  FROM known
                 GROUP BY 1, 2
                """,
                start_date=start,
                company=self.company_id.id,
                start=utc_start(tz, start),
                end=utc_start(tz, end),
            )
        )
        groups = self.env.cr.fetchall()
        counts = {band: {"won": 0, "lost": 0} for band, _label in SCORE_BANDS}
        for band, status, count in groups:
            counts[band][status] += count
        return [
            {
                "backtest_id": self.id,
                "period": label,
                "period_start": start,
                "kind": "band",
                "score_band": band,
                "leads_won": values["won"],
                "leads_lost": values["lost"],
                "win_rate": 100.0 * values["won"] / (values["won"] + values["lost"])
                if values["won"] + values["lost"]
                else 0.0,
            }
            for band, values in counts.items()
        ]
