from markupsafe import Markup

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL
from odoo.tools.misc import format_date

from ..tools import scoring
from ..tools.display import (
    RELOAD,
    days_ago,
    interactions_count,
    notification,
    number,
    orders_count,
    time_span,
    weighted_rows,
)
from ..tools.forecast import LIKELY_ACTIVE
from ..tools.records import dialog_action
from ..tools.relations import owner

# Empty for a customer who never bought (no forecast).
FORECAST_FIELDS = (
    "clv",
    "predicted_orders",
    "predicted_revenue",
    "probability_alive",
    "potential_value",
)


class CrmIdicProfile(models.Model):
    _name = "crm.idic.profile"
    # The engine: gather (crm_idic_gather.py), forecast (crm_idic_forecast.py),
    # rank, score and publish
    # (crm_idic_scoring.py), scheduled actions (crm_idic_recompute.py).
    _inherit = [
        "crm.idic.gather",
        "crm.idic.forecast",
        "crm.idic.scoring",
        "crm.idic.recompute",
    ]
    _description = "IDIC customer profile"
    _order = "idic_score desc, id"
    _rec_name = "partner_id"

    partner_id = owner("res.partner", "Customer")
    company_id = owner("res.company")
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one(related="partner_id.user_id", string="Salesperson")
    identify_score = fields.Float(digits=(5, 2), readonly=True, aggregator="avg")
    differentiate_score = fields.Float(digits=(5, 2), readonly=True, aggregator="avg")
    interact_score = fields.Float(digits=(5, 2), readonly=True, aggregator="avg")
    customize_score = fields.Float(digits=(5, 2), readonly=True, aggregator="avg")
    idic_score = fields.Float(
        "IDIC score", digits=(5, 2), readonly=True, index=True, aggregator="avg"
    )
    rfm_recency_days = fields.Integer("Recency (days)", readonly=True, aggregator="avg")
    rfm_frequency = fields.Integer("Frequency (orders)", readonly=True)
    rfm_monetary = fields.Monetary("Monetary", readonly=True)
    rfm_r_score = fields.Integer("R score", readonly=True, aggregator="avg")
    rfm_f_score = fields.Integer("F score", readonly=True, aggregator="avg")
    rfm_m_score = fields.Integer("M score", readonly=True, aggregator="avg")
    rfm_segment = fields.Selection(
        scoring.RFM_SEGMENTS, "RFM segment", default="no_purchase", readonly=True
    )
    value_tier = fields.Selection(
        scoring.VALUE_TIERS, default="standard", readonly=True, index=True
    )
    revenue_invoiced = fields.Monetary(readonly=True)
    clv = fields.Monetary(
        "Lifetime value",
        readonly=True,
        help="The expected purchases of the lifetime value horizon (company "
        "setting) times the expected spend, each month discounted to today.",
    )
    predicted_orders = fields.Float(
        "Expected orders",
        digits=(16, 2),
        readonly=True,
        help="Purchases (days with a confirmed order) the customer is expected to "
        "make within the forecast horizon.",
    )
    predicted_revenue = fields.Monetary(
        "Expected revenue",
        readonly=True,
        help="Untaxed revenue the customer is expected to bring within the "
        "forecast horizon, in the company's currency.",
    )
    probability_alive = fields.Float(
        "Still active",
        digits=(16, 4),
        readonly=True,
        aggregator="avg",
        help="The probability that the customer has not quietly left.",
    )
    alive_state = fields.Selection(
        [("active", "Likely still active"), ("lost", "Likely lost")],
        "Active or lost",
        compute="_compute_alive_state",
        search="_search_alive_state",
        help="Likely still active: at least 50 % likely (see Still active); empty "
        "for a customer who never bought.",
    )
    potential_value = fields.Monetary(
        "Potential",
        readonly=True,
        help="Expected revenue of the forecast horizon beyond the revenue of the "
        "same length just past (0 when it is expected to buy less).",
    )
    slipping_away = fields.Boolean(
        "Slipping away",
        readonly=True,
        index="btree_not_null",
        help="A most valuable customer whose probability of being still active fell "
        "below the company's win-back threshold: its salesperson got a win-back "
        "call. Cleared when the probability rises again.",
    )
    purchase_count = fields.Integer(
        "Purchases", readonly=True, help="Days with a confirmed order, ever."
    )
    purchase_amount = fields.Monetary("Purchased, ever", readonly=True)
    repeat_amount = fields.Monetary("Purchased after the first day", readonly=True)
    amount_past_horizon = fields.Monetary(
        "Purchased in the horizon just past", readonly=True
    )
    first_order_date = fields.Date(readonly=True)
    last_order_date = fields.Date(readonly=True)
    last_interaction_date = fields.Date(readonly=True)
    interaction_count = fields.Integer(readonly=True)
    planned_activity_count = fields.Integer(readonly=True)
    overdue_activity_count = fields.Integer(readonly=True)
    needs_category_ids = fields.Many2many(
        "product.category", string="Categories bought", readonly=True
    )
    need_ids = fields.Many2many(related="partner_id.idic_need_ids", string="Needs")
    segment_id = fields.Many2one("crm.idic.segment", readonly=True, index=True)
    customized_segment_id = fields.Many2one(
        "crm.idic.segment", "Customized for segment", readonly=True
    )
    customized_date = fields.Date(readonly=True)
    cadence_overdue = fields.Boolean(readonly=True, index=True)
    # The numbers behind the components, kept for the explanation.
    amount_last6 = fields.Monetary("Ordered in the last 6 months", readonly=True)
    amount_prev6 = fields.Monetary("Ordered in the 6 months before", readonly=True)
    has_invoices = fields.Boolean(readonly=True)
    categories_count = fields.Integer(readonly=True)
    quotes_sent = fields.Integer(readonly=True)
    quotes_confirmed = fields.Integer(readonly=True)
    campaign_count = fields.Integer(readonly=True)
    rewards_used = fields.Integer(
        "Orders with a loyalty reward",
        readonly=True,
        help="Confirmed orders of the interaction window on which the customer "
        "used a reward of a loyalty programme (a coupon, points, a code).",
    )
    identify_weight_got = fields.Float(readonly=True)
    identify_weight_possible = fields.Float(readonly=True)
    duplicate_count = fields.Integer(readonly=True)
    needs_recompute = fields.Boolean(readonly=True, index=True)
    # Gathered again since the last scoring of the company.
    needs_rescore = fields.Boolean(readonly=True)
    score_explanation = fields.Html(
        compute="_compute_score_explanation", sanitize=False
    )
    future_explanation = fields.Char(
        "Future value in words", compute="_compute_future_explanation"
    )

    _partner_company_uniq = models.Constraint(
        "UNIQUE (partner_id, company_id)",
        "A customer has one IDIC profile per company.",
    )

    def _order_field_to_sql(self, alias, field_name, direction, nulls, query):
        """A customer who never bought has no forecast (empty, not 0): sorted
        by a forecast column, either way, it comes after those who have one,
        as PostgreSQL would otherwise put it first in a descending sort."""
        if field_name in FORECAST_FIELDS and not nulls:
            nulls = SQL("NULLS LAST")
        return super()._order_field_to_sql(alias, field_name, direction, nulls, query)

    @api.depends(
        "identify_score",
        "differentiate_score",
        "interact_score",
        "customize_score",
        "idic_score",
    )
    @api.depends_context("lang")
    def _compute_score_explanation(self):
        tiers = dict(self._fields["value_tier"]._description_selection(self.env))
        for profile in self:
            lines = profile._idic_explanation_lines(tiers)
            rows = weighted_rows(self.env, lines, 1)
            profile.score_explanation = Markup(
                "<table class='table table-sm o_idic_explanation'><thead><tr>"
                "<th>%s</th><th class='text-end'>%s</th><th class='text-end'>%s</th>"
                "<th>%s</th></tr></thead><tbody>%s</tbody><tfoot><tr><th>%s</th>"
                "<th class='text-end'>%s</th><th></th><th></th></tr></tfoot></table>"
            ) % (
                self.env._("Component"),
                self.env._("Score"),
                self.env._("Weight"),
                self.env._("Made of"),
                rows,
                self.env._("IDIC score"),
                number(self.env, profile.idic_score, 1),
            )

    @api.depends("purchase_count", "probability_alive")
    def _compute_alive_state(self):
        for profile in self:
            if not profile.purchase_count:
                profile.alive_state = False
            elif profile.probability_alive >= LIKELY_ACTIVE:
                profile.alive_state = "active"
            else:
                profile.alive_state = "lost"

    def _search_alive_state(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        bought = Domain("purchase_count", ">", 0)
        states = {
            "active": bought & Domain("probability_alive", ">=", LIKELY_ACTIVE),
            "lost": bought & Domain("probability_alive", "<", LIKELY_ACTIVE),
            False: ~bought,
        }
        domain = Domain.OR(states[state] for state in value if state in states)
        return domain if operator == "in" else ~domain

    @api.depends(
        "purchase_count",
        "first_order_date",
        "last_order_date",
        "probability_alive",
        "predicted_orders",
        "predicted_revenue",
    )
    @api.depends_context("lang")
    def _compute_future_explanation(self):
        for profile in self:
            profile.future_explanation = profile._idic_future_words()

    def _idic_future_words(self):
        """'Bought 5 times in 14 months, last 20 days ago: 92 % likely still
        active, expected 3.1 orders and 12,400,000 ₫ in the next 12 months.'"""
        self.ensure_one()
        if not self.purchase_count:
            return self.env._("No purchase yet: no forecast.")
        figures = {
            "when": self._idic_last_purchase_words(),
            "alive": round(self.probability_alive * 100),
            "orders": number(self.env, self.predicted_orders, self._idic_digits()),
            "revenue": self.currency_id.format(self.predicted_revenue),
            "horizon": self.company_id.idic_forecast_months,
        }
        if self.purchase_count == 1:
            return self.env._(
                "Bought once, %(when)s: %(alive)s %% likely still active, "
                "expected %(orders)s orders and %(revenue)s in the next %(horizon)s "
                "months.",
                **figures,
            )
        return self.env._(
            "Bought %(count)s times in %(span)s, last %(when)s: "
            "%(alive)s %% likely still active, expected %(orders)s orders and "
            "%(revenue)s in the next %(horizon)s months.",
            count=self.purchase_count,
            span=time_span(
                self.env, (self.last_order_date - self.first_order_date).days
            ),
            **figures,
        )

    def _idic_digits(self):
        """Decimals of the expected orders in words: one, or two below one order, so
        that a fading customer's 0.04 orders do not read as 0.0 beside a revenue."""
        return 2 if 0 < self.predicted_orders < 1 else 1

    def _idic_last_purchase_words(self):
        """How long ago the last purchase was, counted to the reader's today (not
        the recompute's day): the same words in the score's and the forecast's
        explanation, whenever the contact is read."""
        today = fields.Date.context_today(self)
        return days_ago(self.env, (today - self.last_order_date).days)

    def _idic_explanation_lines(self, tiers):
        """(component, score, weight, what it is made of) of the four components."""
        self.ensure_one()
        profile = self
        company = profile.company_id
        weights = company._idic_component_weights()
        return [
            (
                self.env._("Identify"),
                profile.identify_score,
                weights[0],
                self.env._(
                    "%(got)s of %(possible)s weighted profile fields filled%(dups)s",
                    got=round(profile.identify_weight_got),
                    possible=round(profile.identify_weight_possible),
                    dups=self.env._(
                        ", %(count)s possible duplicate(s): −20",
                        count=profile.duplicate_count,
                    )
                    if profile.duplicate_count
                    else "",
                ),
            ),
            (
                self.env._("Differentiate"),
                profile.differentiate_score,
                weights[1],
                self.env._(
                    "R %(r)s, F %(f)s, M %(m)s (%(orders)s, last "
                    "%(when)s); tier %(tier)s; %(categories)s categories "
                    "bought, %(needs)s stated needs",
                    r=profile.rfm_r_score,
                    f=profile.rfm_f_score,
                    m=profile.rfm_m_score,
                    orders=orders_count(self.env, profile.rfm_frequency),
                    when=profile._idic_last_purchase_words()
                    if profile.rfm_frequency
                    else "—",
                    tier=tiers.get(profile.value_tier, ""),
                    categories=profile.categories_count,
                    needs=len(profile.need_ids),
                ),
            ),
            (
                self.env._("Interact"),
                profile.interact_score,
                weights[2],
                self.env._(
                    "%(interactions)s in %(window)s days, last on "
                    "%(last)s; %(planned)s planned, %(overdue)s overdue activities",
                    interactions=interactions_count(
                        self.env, profile.interaction_count
                    ),
                    window=company.idic_interaction_days,
                    last=format_date(self.env, profile.last_interaction_date) or "—",
                    planned=profile.planned_activity_count,
                    overdue=profile.overdue_activity_count,
                ),
            ),
            (
                self.env._("Customize"),
                profile.customize_score,
                weights[3],
                self.env._(
                    "segment customization %(applied)s; %(confirmed)s of %(sent)s "
                    "quotations confirmed; %(mails)s segment mailings; %(rewards)s "
                    "orders with a loyalty reward",
                    applied=self.env._("applied")
                    if profile.customized_segment_id
                    and profile.customized_segment_id == profile.segment_id
                    else self.env._("not applied"),
                    confirmed=profile.quotes_confirmed,
                    sent=profile.quotes_sent,
                    mails=profile.campaign_count,
                    rewards=profile.rewards_used,
                ),
            ),
        ]

    # -- actions ---------------------------------------------------------------------

    def action_recompute(self):
        """Button: recompute every profile of the current companies now."""
        self._recompute_profiles(company_ids=self.env.companies.ids)
        return notification(self.env._("IDIC profiles recomputed."), then=RELOAD)

    def action_open_duplicates(self):
        """Open Odoo's merge wizard on the customer and its possible duplicates:
        the customers the score counts (same email, or same tax ID written
        alike), those the user may see."""
        self.ensure_one()
        partner = self.partner_id
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT id FROM res_partner
                 WHERE active AND id = commercial_partner_id AND id != %s %s
                 ORDER BY id
                 LIMIT 20
                """,
                partner.id,
                self._idic_heads_filter(partner.ids),
            )
        )
        duplicates = self.env["res.partner"].search(
            [("id", "in", [row[0] for row in self.env.cr.fetchall()])]
        )
        if not duplicates:
            return False
        return dialog_action(
            "base.partner.merge.automatic.wizard",
            {"active_model": "res.partner", "active_ids": (partner | duplicates).ids},
            name=self.env._("Merge the duplicates"),
        )
