from odoo import api, fields, models
from odoo.tools import SQL

from ..tools import scoring


def _tier_rank(expression):
    return SQL(
        "CASE %s WHEN 'mvc' THEN 4 WHEN 'mgc' THEN 3 WHEN 'standard' THEN 2 ELSE 1 END",
        expression,
    )


class CrmIdicTierMove(models.Model):
    """A customer's value tier changed at a recompute: the history of tiers."""

    _name = "crm.idic.tier.move"
    _inherit = "crm.idic.customer.history"
    _description = "IDIC tier movement"
    _order = "date desc, id desc"

    date = fields.Date(required=True, readonly=True, index=True)
    tier_from = fields.Selection(
        scoring.VALUE_TIERS,
        "From tier",
        readonly=True,
        help="Empty on the customer's first scoring.",
    )
    tier_to = fields.Selection(scoring.VALUE_TIERS, "To tier", readonly=True)
    direction = fields.Selection(
        [("first", "First scoring"), ("up", "Up"), ("down", "Down")],
        readonly=True,
    )
    user_id = fields.Many2one(
        related="partner_id.user_id", string="Salesperson", store=False
    )

    @api.model
    def _idic_record_moves(self, company, date, profile_ids):
        """Log every customer whose published tier differs from the new one.

        Called before the tiers are published on partners, so the partner's
        published tier is the one it leaves. One statement per company.
        """
        key = str(company.id)
        previous = SQL("p.idic_value_tier ->> %s", key)
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO crm_idic_tier_move (date, partner_id, company_id,
                    tier_from, tier_to, direction, create_uid, write_uid,
                    create_date, write_date)
                SELECT %(date)s, pr.partner_id, pr.company_id, %(previous)s,
                       pr.value_tier,
                       CASE WHEN %(previous)s IS NULL THEN 'first'
                            WHEN %(rank_to)s > %(rank_from)s THEN 'up'
                            ELSE 'down' END,
                       %(uid)s, %(uid)s, %(now)s,
                       %(now)s
                  FROM crm_idic_profile pr
                  JOIN res_partner p ON p.id = pr.partner_id
                 WHERE pr.company_id = %(company)s AND pr.id = ANY(%(ids)s)
                   AND %(previous)s IS DISTINCT FROM pr.value_tier
                """,
                date=date,
                previous=previous,
                rank_to=_tier_rank(SQL("pr.value_tier")),
                rank_from=_tier_rank(previous),
                company=company.id,
                ids=profile_ids,
                uid=self.env.uid,
                now=fields.Datetime.now(),
            )
        )
