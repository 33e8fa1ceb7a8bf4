from odoo import fields, models
from odoo.tools import SQL

from ..tools import scoring


class CrmIdicScoreSnapshot(models.Model):
    """A customer's IDIC score and tier as last computed in a month: what was known
    at the start of the next month (the backtest bands past leads by it, not by
    today's score)."""

    _name = "crm.idic.score.snapshot"
    _inherit = "crm.idic.customer.history"
    _description = "IDIC score of a month"
    _order = "month desc, id desc"

    month = fields.Date(required=True, readonly=True, index=True, help="First day.")
    idic_score = fields.Float("IDIC score", digits=(5, 2), readonly=True)
    value_tier = fields.Selection(scoring.VALUE_TIERS, readonly=True)

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
                    idic_score, value_tier, create_uid, write_uid, create_date,
                    write_date)
                SELECT %(month)s, pr.partner_id, pr.company_id, pr.idic_score,
                       pr.value_tier, %(uid)s, %(uid)s, %(now)s, %(now)s
                  FROM crm_idic_profile pr
                 WHERE pr.company_id = %(company)s AND pr.id = ANY(%(ids)s)
                ON CONFLICT (partner_id, company_id, month) DO UPDATE
                   SET idic_score = EXCLUDED.idic_score,
                       value_tier = EXCLUDED.value_tier,
                       write_date = EXCLUDED.write_date
                """,
                month=month,
                company=company.id,
                ids=list(profile_ids),
                uid=self.env.uid,
                now=fields.Datetime.now(),
            )
        )
