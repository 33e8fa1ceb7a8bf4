"""One customer greeted for one occasion in one year: the log that keeps the
greeting from going out twice, the gift code it carried, and what came of it."""

from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.misc import format_date

from odoo.addons.crm_idic.tools import each_isolated
from odoo.addons.crm_idic.tools.relations import owner

SENT_BY = [
    ("mail", "Mail"),
    ("sms", "SMS"),
    ("mail_sms", "Mail and SMS"),
    ("none", "Not sent"),
]


class CrmCareOccasionGreeting(models.Model):
    _name = "crm.care.occasion.greeting"
    _description = "Festive greeting"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    occasion_id = fields.Many2one(
        "crm.care.occasion", required=True, ondelete="restrict", index=True
    )
    partner_id = owner("res.partner", "Customer")
    company_id = fields.Many2one(
        related="occasion_id.company_id", store=True, index=True
    )
    year = fields.Integer(required=True)
    date = fields.Date("Occasion day", required=True)
    sent_by = fields.Selection(
        SENT_BY,
        required=True,
        default="none",
        help="Not sent: the customer has no mail or phone, did not agree to "
        "greetings or is on the blacklist (a gift code is still made, for the "
        "salesperson to give).",
    )
    card_id = fields.Many2one("loyalty.card", "Gift coupon", readonly=True)
    code = fields.Char(related="card_id.code")
    expiration_date = fields.Date(related="card_id.expiration_date")
    # As superuser: care managers without sales rights read the greetings.
    code_used = fields.Boolean(
        compute="_compute_code_used", search="_search_code_used", compute_sudo=True
    )
    value_tier = fields.Char("Value tier then", readonly=True)

    _once_a_year = models.Constraint(
        "UNIQUE (occasion_id, partner_id, year)",
        "A customer is greeted once a year per occasion.",
    )

    # -- what came of it ---------------------------------------------------------------

    def _used_card_ids(self, cards):
        """The gift coupons among ``cards`` used on a confirmed order."""
        if not cards:
            return set()
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT DISTINCT l.coupon_id FROM sale_order_line l
                  JOIN sale_order so ON so.id = l.order_id
                 WHERE l.coupon_id = ANY(%s) AND so.state = 'sale'
                   AND so.company_id = ANY(%s)
                """,
                cards.ids,
                cards.company_id.ids or self.env.companies.ids,
            )
        )
        return {row[0] for row in self.env.cr.fetchall()}

    def _compute_code_used(self):
        used = self._used_card_ids(self.card_id)
        for greeting in self:
            greeting.code_used = greeting.card_id.id in used

    def _search_code_used(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT DISTINCT l.coupon_id FROM sale_order_line l
                  JOIN sale_order so ON so.id = l.order_id
                 WHERE so.state = 'sale' AND l.coupon_id IS NOT NULL
                   AND so.company_id = ANY(%s)
                """,
                self.env.companies.ids,
            )
        )
        used = [row[0] for row in self.env.cr.fetchall()]
        positive = (operator == "=") == value
        if positive:
            return [("card_id", "in", used)]
        return ["|", ("card_id", "=", False), ("card_id", "not in", used)]

    @api.model
    def _figures_by_occasion(self, occasions):
        """{occasion id: (customers greeted, codes used, untaxed revenue of the
        confirmed orders that used a code, in company currency)}: two queries
        per company."""
        figures = {}
        for company, group in occasions.grouped("company_id").items():
            rows = self._read_group(
                [("occasion_id", "in", group.ids)],
                ["occasion_id"],
                ["__count", "card_id:array_agg"],
            )
            uses = self.env["loyalty.card"]._idic_use_figures(
                company,
                {occasion.id: [c for c in cards if c] for occasion, _n, cards in rows},
            )
            for occasion, count, _cards in rows:
                used, revenue = uses.get(occasion.id, (0, 0.0))
                figures[occasion.id] = (count, used, revenue)
        return figures

    # -- greeting --------------------------------------------------------------------

    @api.model
    def _greet(self, occasion, day, partners):
        """Greet ``partners`` for ``occasion`` on ``day``, each in its own savepoint,
        committed in batches in a scheduled action."""
        tiers = {
            profile.partner_id.id: profile.value_tier
            for profile in self.env["crm.idic.profile"]
            .sudo()
            .search(
                [
                    ("partner_id", "in", partners.ids),
                    ("company_id", "=", occasion.company_id.id),
                ]
            )
        }
        # Who calls the most valuable ones, looked up once for all of them.
        callers = partners.filtered(
            lambda partner: tiers.get(partner.id) == "mvc"
        )._idic_account_owners(occasion.company_id)
        each_isolated(
            partners,
            lambda partner: self._greet_one(
                occasion, day, partner, tiers.get(partner.id), callers.get(partner.id)
            ),
            "Festive greetings",
            commit=True,
        )

    def _greet_one(self, occasion, day, partner, tier, caller=None):
        """Greet ``partner`` (of value ``tier``); ``caller``, when a user, calls a
        most valuable customer."""
        if self.search_count(
            [
                ("occasion_id", "=", occasion.id),
                ("partner_id", "=", partner.id),
                ("year", "=", day.year),
            ]
        ):
            return  # by another worker meanwhile
        greeting = self.create(
            {
                "occasion_id": occasion.id,
                "partner_id": partner.id,
                "year": day.year,
                "date": day,
                "card_id": self._gift(occasion, day, partner).id,
                "value_tier": tier,
            }
        )
        greeting.sent_by = greeting._send()
        if tier == "mvc" and caller:
            greeting._call_activity(caller)

    def _gift(self, occasion, day, partner):
        """A coupon of the occasion's programme for the customer, with its own
        code (loyalty's own mail not sent: the greeting carries the code)."""
        program = occasion.program_id
        if not program:
            return self.env["loyalty.card"]
        points = max(program.reward_ids.mapped("required_points") or [1.0])
        return (
            self.env["loyalty.card"]
            .sudo()
            .with_context(loyalty_no_mail=True, tracking_disable=True)
            .create(
                {
                    "program_id": program.id,
                    "partner_id": partner.id,
                    "points": points,
                    "expiration_date": day
                    + timedelta(days=occasion.gift_validity_days),
                }
            )
        )

    def _may_write_to(self):
        partner = self.partner_id
        return partner.care_greeting_opt_in and not partner.sudo().is_blacklisted

    def _send(self):
        """Mail (and SMS where Odoo's sms module is installed) in the customer's
        language; returns how it went out."""
        self.ensure_one()
        partner = self.partner_id
        if not self._may_write_to():
            return "none"
        mailed = texted = False
        template = self.occasion_id.mail_template_id
        if template and partner.email:
            self.message_post_with_source(template, subtype_xmlid="mail.mt_comment")
            mailed = True
        if "sms.sms" in self.env and partner.phone:
            self._message_sms(
                body=self._sms_body(),
                partner_ids=partner.ids,
                put_in_queue=True,
            )
            texted = True
        return {
            (True, True): "mail_sms",
            (True, False): "mail",
            (False, True): "sms",
        }.get((mailed, texted), "none")

    def _sms_body(self):
        env = self.with_context(lang=self.partner_id.lang).env
        occasion = self.occasion_id.with_env(env)
        body = occasion.sms_body or env._(
            "%(occasion)s: best wishes from %(company)s.",
            occasion=occasion.name,
            company=occasion.company_id.name,
        )
        if self.card_id:
            body += " " + env._(
                "Your gift code: %(code)s (until %(date)s).",
                code=self.card_id.code,
                date=format_date(env, self.card_id.expiration_date),
            )
        return body

    def _call_activity(self, user):
        """``user``, the salesperson (else the team leader), calls a most valuable
        customer."""
        partner = self.partner_id
        lang_env = self.with_context(lang=user.lang).env
        partner.activity_schedule(
            "mail.mail_activity_data_call",
            date_deadline=max(self.date, fields.Date.context_today(self)),
            summary=lang_env._(
                "%(occasion)s: call %(name)s",
                occasion=self.occasion_id.with_env(lang_env).name,
                name=partner.name,
            ),
            user_id=user.id,
        )
