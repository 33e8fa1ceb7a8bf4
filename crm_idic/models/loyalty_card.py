from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL

from ..tools.display import number


class LoyaltyCard(models.Model):
    _inherit = "loyalty.card"

    idic_segment_id = fields.Many2one(
        "crm.idic.segment",
        "Enrolled by segment",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        help="The IDIC segment that gave the customer this card.",
    )

    @api.depends("points", "point_name")
    @api.depends_context("lang")
    def _compute_points_display(self):
        return super()._compute_points_display()

    def _format_points(self, points):
        """Points as the reader writes numbers: "1.234 điểm", "84,94 điểm" in
        Vietnamese (loyalty writes 1234 and 84.94 in every language); points
        counted in money stay loyalty's amount."""
        self.ensure_one()
        currency = self.program_id.currency_id
        if currency and self.point_name == currency.symbol:
            return super()._format_points(points)
        digits = 0 if points == int(points) else 2
        return f"{number(self.env, points, digits)} {self.point_name or ''}"

    def _search(self, domain, *args, **kwargs):
        """On loyalty's portal pages (context ``idic_company_loyalty_cards``), a
        contact's cards are also its customer company's."""
        if self.env.context.get("idic_company_loyalty_cards"):
            domain = Domain(domain).map_conditions(self._idic_with_company_cards)
        return super()._search(domain, *args, **kwargs)

    def _idic_with_company_cards(self, condition):
        if condition.field_expr != "partner_id" or condition.operator != "=":
            return condition
        partner = self.env["res.partner"].sudo().browse(condition.value)
        if not isinstance(condition.value, int) or not partner.exists():
            return condition
        holders = (partner | partner.commercial_partner_id).ids
        return Domain("partner_id", "in", holders)

    @api.model
    def _idic_use_figures(self, company, card_groups):
        """{key: (cards used, untaxed revenue of the confirmed orders that used
        them, in company currency at each order's date)} for ``card_groups``
        ({key: card ids}); an order counts once per key: one query."""
        keys, card_ids = [], []
        for key, ids in card_groups.items():
            keys += [str(key)] * len(ids)
            card_ids += list(ids)
        if not card_ids:
            return {}
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                WITH grp AS (
                    SELECT unnest(%(keys)s::varchar[]) AS key,
                           unnest(%(cards)s::int[]) AS card_id
                ), hits AS (
                    SELECT DISTINCT grp.key, l.coupon_id, so.id AS order_id,
                           so.amount_untaxed
                               / COALESCE(NULLIF(so.currency_rate, 0), 1) AS revenue
                      FROM grp
                      JOIN sale_order_line l ON l.coupon_id = grp.card_id
                      JOIN sale_order so ON so.id = l.order_id
                     WHERE so.state = 'sale' AND so.company_id = %(company)s
                ), orders AS (
                    SELECT DISTINCT key, order_id, revenue FROM hits
                )
                SELECT h.key, count(DISTINCT h.coupon_id),
                       (SELECT COALESCE(sum(o.revenue), 0) FROM orders o
                         WHERE o.key = h.key)
                  FROM hits h
                 GROUP BY h.key
                """,
                keys=keys,
                cards=card_ids,
                company=company.id,
            )
        )
        by_text = {str(key): key for key in card_groups}
        return {
            by_text[key]: (used, revenue)
            for key, used, revenue in self.env.cr.fetchall()
        }
