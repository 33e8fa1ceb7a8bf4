from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

from ..tools import scoring
from ..tools.localtime import company_tz, local_date_sql, utc_start

# Days after which a customer who buys again counts as a repeat purchase.
REPEAT_DAYS = 90


class CrmIdicScoreSnapshot(models.Model):
    """A customer's IDIC score, tier and RFM segment as last computed in a month:
    what was known at the start of the next month (the backtest bands past leads
    by it, not by today's score; the festive and loyalty reports compare
    customers of the same tier and segment at the time)."""

    _name = "crm.idic.score.snapshot"
    _inherit = "crm.idic.customer.history"
    _description = "IDIC score of a month"
    _order = "month desc, id desc"

    month = fields.Date(required=True, readonly=True, index=True, help="First day.")
    idic_score = fields.Float(
        "IDIC score", digits=(5, 2), readonly=True, aggregator="avg"
    )
    value_tier = fields.Selection(scoring.VALUE_TIERS, readonly=True)
    rfm_segment = fields.Selection(scoring.RFM_SEGMENTS, "RFM segment", readonly=True)

    _partner_company_month_uniq = models.Constraint(
        "UNIQUE (partner_id, company_id, month)",
        "A customer has one IDIC score per company and month.",
    )

    def _idic_take(self, company, month, profile_ids):
        """Keep the scores of these profiles as their month's (set-based)."""
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO crm_idic_score_snapshot (month, partner_id, company_id,
                    idic_score, value_tier, rfm_segment, create_uid, write_uid,
                    create_date, write_date)
                SELECT %(month)s, pr.partner_id, pr.company_id, pr.idic_score,
                       pr.value_tier, pr.rfm_segment, %(uid)s, %(uid)s, %(now)s,
                       %(now)s
                  FROM crm_idic_profile pr
                 WHERE pr.company_id = %(company)s AND pr.id = ANY(%(ids)s)
                ON CONFLICT (partner_id, company_id, month) DO UPDATE
                   SET idic_score = EXCLUDED.idic_score,
                       value_tier = EXCLUDED.value_tier,
                       rfm_segment = EXCLUDED.rfm_segment,
                       write_date = EXCLUDED.write_date
                """,
                month=month,
                company=company.id,
                ids=list(profile_ids),
                uid=self.env.uid,
                now=fields.Datetime.now(),
            )
        )

    @api.model
    def _idic_repeat_rates(self, company, members):
        """The repeat-purchase rate, within ``REPEAT_DAYS`` after their day, of
        ``members`` ([(customer id, local day)]: greeted, enrolled...) against
        the company's customers of the same value tier and RFM segment the month
        before who were not members (``scoring.matched_repeat_rates``)."""
        if not members:
            return scoring.matched_repeat_rates({})
        cells = {}
        for side, month, tier, segment, count, bought in self._idic_repeat_counts(
            company, members
        ):
            cell = cells.setdefault((month, tier, segment), [0, 0, 0, 0])
            offset = 0 if side == "member" else 2
            cell[offset] += count
            cell[offset + 1] += bought
        return scoring.matched_repeat_rates(cells)

    def _idic_repeat_counts(self, company, members):
        """Per side (member, other) and cell: customers, those who bought again."""
        tz = company_tz(company)
        days = [day for _partner, day in members]
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                WITH m AS (
                    SELECT x.partner_id, x.day, x.month
                      FROM unnest(%(partners)s::int[], %(days)s::date[],
                                  %(months)s::date[]) AS x(partner_id, day, month)
                ), members AS (
                    SELECT m.partner_id, m.day, m.month, s.value_tier, s.rfm_segment
                      FROM m
                      LEFT JOIN crm_idic_score_snapshot s
                        ON s.partner_id = m.partner_id AND s.month = m.month
                       AND s.company_id = %(company)s
                ), cells AS (
                    SELECT month, value_tier, rfm_segment, min(day) AS day
                      FROM members WHERE value_tier IS NOT NULL
                     GROUP BY 1, 2, 3
                ), others AS (
                    SELECT s.partner_id, c.day, c.month, c.value_tier, c.rfm_segment
                      FROM cells c
                      JOIN crm_idic_score_snapshot s
                        ON s.company_id = %(company)s AND s.month = c.month
                       AND s.value_tier = c.value_tier
                       AND s.rfm_segment IS NOT DISTINCT FROM c.rfm_segment
                     WHERE NOT (s.partner_id = ANY(%(partners)s))
                ), buys AS (
                    SELECT DISTINCT p.commercial_partner_id AS partner_id,
                           %(local_day)s AS day
                      FROM sale_order so
                      JOIN res_partner p ON p.id = so.partner_id
                     WHERE so.company_id = %(company)s AND so.state = 'sale'
                       AND so.date_order >= %(start)s AND so.date_order < %(end)s
                ), flagged AS (
                    SELECT 'member' AS side, x.* FROM members x
                    UNION ALL
                    SELECT 'other', x.partner_id, x.day, x.month, x.value_tier,
                           x.rfm_segment
                      FROM others x
                )
                SELECT f.side, f.month, f.value_tier, f.rfm_segment, count(*),
                       count(*) FILTER (WHERE EXISTS (
                           SELECT 1 FROM buys b
                            WHERE b.partner_id = f.partner_id AND b.day > f.day
                              AND b.day <= f.day + %(repeat)s))
                  FROM flagged f
                 GROUP BY 1, 2, 3, 4
                """,
                partners=[partner for partner, _day in members],
                days=days,
                # The snapshot of the month before: what was known on the day.
                months=[day.replace(day=1) - relativedelta(months=1) for day in days],
                company=company.id,
                local_day=local_date_sql(SQL("so.date_order"), tz),
                start=utc_start(tz, min(days)),
                end=utc_start(tz, max(days) + timedelta(days=REPEAT_DAYS + 1)),
                repeat=REPEAT_DAYS,
            )
        )
        return self.env.cr.fetchall()
