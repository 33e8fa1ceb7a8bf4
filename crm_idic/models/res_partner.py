import textwrap
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL, Query, html2plaintext
from odoo.tools.misc import format_datetime

from ..tools import scoring
from ..tools.access import SALES_STAFF, STAFF, profile_figure
from ..tools.localtime import local_today, user_tz, utc_start
from ..tools.periods import birthday_in

# The customer's figures read from its IDIC profile of the current company:
# the partner's field and the profile's.
PROFILE_FIGURES = {
    "idic_identify_score": "identify_score",
    "idic_differentiate_score": "differentiate_score",
    "idic_interact_score": "interact_score",
    "idic_customize_score": "customize_score",
    "idic_score_explanation": "score_explanation",
    "idic_segment_id": "segment_id",
    "idic_duplicate_count": "duplicate_count",
    "idic_future_explanation": "future_explanation",
    "idic_predicted_orders": "predicted_orders",
    "idic_predicted_revenue": "predicted_revenue",
    "idic_probability_alive": "probability_alive",
    "idic_potential_value": "potential_value",
    "idic_clv": "clv",
    "idic_slipping_away": "slipping_away",
}


def judgement(field, *args, **kwargs):
    """What the IDIC recompute writes on the customer for each company."""
    return field(*args, company_dependent=True, readonly=True, groups=STAFF, **kwargs)


class ResPartner(models.Model):
    _inherit = "res.partner"

    birthday = fields.Date(
        help="Date of birth of an individual customer: it completes the customer's "
        "profile and is an occasion to care for the customer.",
    )
    founding_date = fields.Date(
        "Founding day",
        help="Day a customer company was founded: an occasion to greet it.",
    )
    idic_loyalty_card_ids = fields.Many2many(
        "loyalty.card",
        string="Loyalty cards",
        compute="_compute_idic_loyalty_card_ids",
        groups=SALES_STAFF,
        help="The loyalty cards of the customer company (used by all its contacts) "
        "and the contact's own.",
    )
    birthday_month = fields.Integer(
        compute="_compute_birthday_month", store=True, index=True
    )
    birthday_within_days = fields.Integer(
        "Birthday within (days)",
        compute="_compute_birthday_within_days",
        search="_search_birthday_within_days",
        help="Days until the next birthday.",
    )
    # The company's judgement of the customer, per company (company-dependent:
    # written by the IDIC recompute, searchable, filterable and groupable in
    # lists for the current company): its staff's only, never the customer's
    # own (a portal user reads its own partner).
    idic_score = judgement(fields.Float, "IDIC score", digits=(5, 2))
    idic_value_tier = judgement(fields.Selection, scoring.VALUE_TIERS, "Value tier")
    idic_rfm_segment = judgement(fields.Selection, scoring.RFM_SEGMENTS, "RFM segment")
    idic_need_ids = fields.Many2many(
        "crm.idic.need",
        string="Stated needs",
        groups=STAFF,
        help="What the customer told us it needs.",
    )
    idic_profile_id = profile_figure(
        fields.Many2one,
        "crm.idic.profile",
        "IDIC profile",
        search="_search_idic_profile_id",
    )
    idic_identify_score = profile_figure(fields.Float, "Identify")
    idic_differentiate_score = profile_figure(fields.Float, "Differentiate")
    idic_interact_score = profile_figure(fields.Float, "Interact")
    idic_customize_score = profile_figure(fields.Float, "Customize")
    idic_score_explanation = profile_figure(
        fields.Html, "Why this score", sanitize=False
    )
    idic_segment_id = profile_figure(
        fields.Many2one, "crm.idic.segment", "IDIC segment"
    )
    idic_future_explanation = profile_figure(fields.Char, "Future value")
    idic_predicted_orders = profile_figure(
        fields.Float, "Expected orders", digits=(16, 2)
    )
    # The profile's company currency, for the amounts below.
    idic_currency_id = profile_figure(fields.Many2one, "res.currency", "IDIC currency")
    idic_predicted_revenue = profile_figure(
        fields.Monetary, "Expected revenue", currency_field="idic_currency_id"
    )
    idic_probability_alive = profile_figure(fields.Float, "Still active")
    idic_potential_value = profile_figure(
        fields.Monetary, "Potential", currency_field="idic_currency_id"
    )
    idic_clv = profile_figure(
        fields.Monetary, "Lifetime value", currency_field="idic_currency_id"
    )
    idic_slipping_away = profile_figure(
        fields.Boolean,
        "Slipping away",
        search="_search_idic_slipping_away",
        help="A most valuable customer whose probability of being still active "
        "fell below the company's win-back threshold.",
    )
    idic_duplicate_count = profile_figure(fields.Integer, "Possible duplicates")
    idic_timeline = fields.Html(
        "Interactions",
        compute="_compute_idic_timeline",
        sanitize=False,
        groups=SALES_STAFF,
    )

    @api.depends_context("company", "lang")
    def _compute_idic_profile(self):
        # The profiles with every stored value (the explanation reads most of
        # them): one query.
        Profile = self.env["crm.idic.profile"]  # noqa: N806
        profiles = Profile.search_fetch(
            [
                ("partner_id", "in", self.commercial_partner_id.ids),
                ("company_id", "=", self.env.company.id),
            ],
            [name for name, field in Profile._fields.items() if field.column_type],
        )
        by_partner = {profile.partner_id.id: profile for profile in profiles}
        for partner in self:
            profile = by_partner.get(
                partner.commercial_partner_id.id, self.env["crm.idic.profile"]
            )
            partner.idic_profile_id = profile
            for name, source in PROFILE_FIGURES.items():
                partner[name] = profile[source]
            partner.idic_currency_id = (
                profile.currency_id or self.env.company.currency_id
            )

    def _search_idic_profile_id(self, operator, value):
        """Customers by their profile in the current company: the filters on its
        figures (``idic_profile_id.probability_alive < 0.5``, a custom filter of
        the list) and the customers without one (``idic_profile_id = False``)."""
        if operator in ("any", "any!"):
            profiles = Domain("id", "in", value) if isinstance(value, Query) else value
        elif operator == "in":
            profiles = Domain("id", "in", [id_ for id_ in value if id_])
        else:
            return NotImplemented
        Profile = self.env["crm.idic.profile"]  # noqa: N806
        if operator == "any!":
            Profile = Profile.sudo()  # noqa: N806
        company = Domain("company_id", "=", self.env.company.id)
        found = Domain(
            "commercial_partner_id",
            "in",
            Profile._search(Domain(profiles) & company).subselect("partner_id"),
        )
        if operator == "in" and False in value:
            # Without a profile: none of the company's profiles is theirs.
            every = Profile._search(company).subselect("partner_id")
            found |= Domain("commercial_partner_id", "not in", every)
        return found

    def _search_idic_slipping_away(self, operator, value):
        """The customers slipping away in the current company (their profile's
        flag, set by the recompute)."""
        if operator not in ("in", "not in"):
            return NotImplemented
        slipping = Domain("idic_profile_id", "any", [("slipping_away", "=", True)])
        wanted = (True in value) == (operator == "in")
        return slipping if wanted else ~slipping

    def _order_field_to_sql(self, alias, field_name, direction, nulls, query):
        """Customers sorted by a figure of their profile in the current company
        (expected revenue, score, ...): the list's columns can be sorted. One
        LEFT JOIN of the profiles, shared by every such column of the order (a
        customer has at most one profile a company)."""
        column = PROFILE_FIGURES.get(field_name)
        field = self._fields.get(field_name)
        if not column or field.type not in ("float", "integer", "monetary"):
            return super()._order_field_to_sql(
                alias, field_name, direction, nulls, query
            )
        self._check_field_access(field, "read")
        Profile = self.env["crm.idic.profile"]  # noqa: N806
        profile = query.make_alias(alias, "idic_profile")
        query.add_join(
            "LEFT JOIN",
            profile,
            Profile._table,
            SQL(
                "%s = %s AND %s = %s",
                Profile._field_to_sql(profile, "partner_id"),
                self._field_to_sql(alias, "commercial_partner_id", query),
                Profile._field_to_sql(profile, "company_id"),
                self.env.company.id,
            ),
        )
        sql_field = Profile._field_to_sql(profile, column)
        query._order_groupby.append(sql_field)
        # A customer without a profile or a forecast sorts last either way, as
        # on the profiles.
        return SQL("%s %s %s", sql_field, direction, nulls or SQL("NULLS LAST"))

    def _idic_timeline_rows(self, company, since, until):
        """The last 15 interactions of each customer with their author's name, and
        the counts by channel of the whole window (in each row): one query."""
        partners = self.filtered("id")
        if not partners:
            return []
        customers = partners.commercial_partner_id.ids
        rows_sql = self.env["crm.idic.profile"]._idic_interaction_rows(
            company,
            since,
            until,
            customers,
            # Their contacts found inside the same query.
            contacts=SQL(
                "SELECT id FROM res_partner WHERE commercial_partner_id = ANY(%s)",
                customers,
            ),
        )
        # The last 15 of each customer with their author's name, and the
        # counts by channel of the whole window: one query.
        self.env.cr.execute(
            SQL(
                """
                WITH x AS MATERIALIZED (%s),
                counts AS (
                    SELECT partner_id, jsonb_object_agg(channel, n) AS counts
                      FROM (SELECT partner_id, channel, count(*) AS n
                              FROM x GROUP BY 1, 2) by_channel
                     GROUP BY partner_id
                )
                SELECT ranked.partner_id, ranked.at, ranked.channel,
                       ranked.model, author.name, ranked.body, counts.counts
                  FROM (SELECT x.*, row_number() OVER (
                            PARTITION BY x.partner_id ORDER BY x.at DESC) AS rank
                          FROM x) ranked
                  JOIN counts ON counts.partner_id = ranked.partner_id
                  LEFT JOIN res_partner author ON author.id = ranked.author_id
                 WHERE ranked.rank <= 15
                 ORDER BY ranked.partner_id, ranked.at DESC
                """,
                rows_sql,
            )
        )
        return self.env.cr.fetchall()

    @api.depends_context("company", "lang", "tz")
    def _compute_idic_timeline(self):
        """The customer's interactions of the window, counted by channel, the last 15
        listed: one query for all the partners shown."""
        company = self.env.company
        tz = user_tz(self.env)
        today = local_today(tz)
        since = utc_start(tz, today - timedelta(days=company.idic_interaction_days))
        until = utc_start(tz, today + timedelta(days=1))
        rows = self._idic_timeline_rows(company, since, until)
        counts = {row[0]: row[6] for row in rows}
        labels = {
            "email": self.env._("Email"),
            "message": self.env._("Message"),
            "note": self.env._("Note"),
            "activity": self.env._("Activity done"),
            "meeting": self.env._("Meeting"),
        }
        where = {
            "res.partner": self.env._("Customer"),
            "crm.lead": self.env._("Opportunity"),
            "sale.order": self.env._("Sales order"),
            "calendar.event": self.env._("Calendar"),
        }
        by_partner = {}
        for row in rows:
            by_partner.setdefault(row[0], []).append(row)
        for partner in self:
            mine = by_partner.get(partner.commercial_partner_id.id, [])
            if not mine:
                partner.idic_timeline = Markup("<p class='text-muted'>%s</p>") % (
                    self.env._(
                        "No interaction in the last %(days)s days.",
                        days=company.idic_interaction_days,
                    )
                )
                continue
            badges = Markup(" ").join(
                Markup("<span class='badge text-bg-light me-1'>%s: %s</span>")
                % (labels.get(channel, channel), count)
                for channel, count in sorted(
                    counts.get(partner.commercial_partner_id.id, {}).items()
                )
            )
            lines = Markup("").join(
                Markup(
                    "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>"
                )
                % (
                    format_datetime(self.env, at, tz=tz, dt_format="short"),
                    labels.get(channel, channel),
                    where.get(model, model),
                    author or "",
                    textwrap.shorten(html2plaintext(body or ""), 80),
                )
                for _partner, at, channel, model, author, body, _counts in mine
            )
            partner.idic_timeline = Markup(
                "<div class='o_idic_timeline'><p>%s</p><table class='table table-sm'>"
                "<thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
                "</tr></thead><tbody>%s</tbody></table></div>"
            ) % (
                badges,
                self.env._("When"),
                self.env._("Channel"),
                self.env._("On"),
                self.env._("By"),
                self.env._("What"),
                lines,
            )

    def _idic_account_owners(self, company):
        """{partner id: the user who looks after the customer in ``company``}:
        its salesperson, else the leader of the sales team of its latest
        confirmed order there (Odoo 19's customers have no team of their own);
        an empty recordset when neither. One query for all these partners."""
        owners = {partner.id: partner.user_id for partner in self}
        orphans = [pid for pid, user in owners.items() if not user]
        if orphans:
            self.env.flush_all()
            self.env.cr.execute(
                SQL(
                    """
                    SELECT DISTINCT ON (p.commercial_partner_id)
                           p.commercial_partner_id, t.user_id
                      FROM sale_order so
                      JOIN res_partner p ON p.id = so.partner_id
                      JOIN crm_team t ON t.id = so.team_id
                     WHERE so.company_id = %(company)s AND so.state = 'sale'
                       AND p.commercial_partner_id = ANY(%(partners)s)
                       AND t.user_id IS NOT NULL
                     ORDER BY p.commercial_partner_id, so.date_order DESC, so.id DESC
                    """,
                    company=company.id,
                    partners=orphans,
                )
            )
            Users = self.env["res.users"]  # noqa: N806
            for partner_id, user_id in self.env.cr.fetchall():
                owners[partner_id] = Users.browse(user_id)
        return owners

    def action_idic_open_duplicates(self):
        self.ensure_one()
        return self.idic_profile_id.action_open_duplicates()

    def _compute_idic_loyalty_card_ids(self):
        cards = self.env["loyalty.card"].search(
            [
                (
                    "partner_id",
                    "in",
                    (self.commercial_partner_id | self).ids,
                ),
                ("program_id.program_type", "in", ("loyalty", "ewallet")),
            ]
        )
        for partner in self:
            holders = partner | partner.commercial_partner_id
            partner.idic_loyalty_card_ids = cards.filtered(
                lambda card, holders=holders: card.partner_id in holders
            )

    @api.depends("birthday")
    def _compute_birthday_month(self):
        for partner in self:
            birthday = partner.birthday
            partner.birthday_month = birthday.month if birthday else 0

    def _compute_birthday_within_days(self):
        today = fields.Date.context_today(self)
        for partner in self:
            if not partner.birthday:
                partner.birthday_within_days = -1
                continue
            upcoming = birthday_in(today.year, partner.birthday)
            if upcoming < today:
                upcoming = birthday_in(today.year + 1, partner.birthday)
            partner.birthday_within_days = (upcoming - today).days

    def _search_birthday_within_days(self, operator, value):
        if operator not in ("<=", "<") or not isinstance(value, int):
            raise NotImplementedError(operator)
        limit = value if operator == "<=" else value - 1
        query = SQL(
            "SELECT id FROM res_partner WHERE %s <= %s",
            self._birthday_days_to_go_sql("res_partner"),
            limit,
        )
        return [("id", "in", query)]

    def _field_to_sql(self, alias, field_expr, query=None):
        """The days to the next birthday, in SQL: lists sort by it (the
        Birthdays list, across New Year: 30 December before 2 January)."""
        if field_expr == "birthday_within_days":
            self._check_field_access(self._fields[field_expr], "read")
            return self._birthday_days_to_go_sql(alias)
        return super()._field_to_sql(alias, field_expr, query)

    def _birthday_days_to_go_sql(self, alias):
        """Days from the reader's today to the next birthday (this year's, or
        next year's when it has passed; 29 February falls on the 28th, as
        ``birthday_in``); NULL without a birthday."""
        today = fields.Date.context_today(self)
        # Written birthdays are read from the table.
        self.env["res.partner"].flush_model(["birthday"])
        birthday = SQL.identifier(alias, "birthday")

        def birthday_in(year):
            first = SQL("make_date(%s, EXTRACT(MONTH FROM %s)::int, 1)", year, birthday)
            return SQL(
                "(%(first)s + (LEAST(EXTRACT(DAY FROM %(birthday)s)::int, "
                "EXTRACT(DAY FROM %(first)s + interval '1 month - 1 day')::int) - 1))",
                first=first,
                birthday=birthday,
            )

        return SQL(
            "(CASE WHEN %(birthday)s IS NULL THEN NULL "
            "WHEN %(this_year)s >= %(today)s THEN %(this_year)s - %(today)s "
            "ELSE %(next_year)s - %(today)s END)",
            birthday=birthday,
            this_year=birthday_in(today.year),
            next_year=birthday_in(today.year + 1),
            today=today,
        )
