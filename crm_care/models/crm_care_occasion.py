"""Festive occasions: the days a company greets its customers (Tết and the other
holidays, on the Vietnamese lunar or the solar calendar, or each customer
company's founding day), whom it greets (IDIC segments and value tiers), with
which mail and which gift code."""

import calendar
from datetime import date, timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from odoo.addons.crm_idic.tools import company_tz, local_now
from odoo.addons.crm_idic.tools.lunar import lunar_to_solar
from odoo.addons.crm_idic.tools.records import linked_action, with_shipped_terms

CALENDARS = [
    ("solar", "Solar calendar"),
    ("lunar", "Lunar calendar (Vietnam)"),
    ("founding", "Customer's founding day"),
]
TIERS = ("mvc", "mgc", "standard", "bz")
# A greeting the scheduler could not send on its day (down, or outside the
# company's daytime) is still sent this many days later, never after.
CATCH_UP_DAYS = 7
# Greetings go out between these local hours of the company (from, to).
DAYTIME = (8, 20)


class CrmCareOccasion(models.Model):
    _name = "crm.care.occasion"
    _inherit = "crm.idic.list.entry"
    _description = "Festive occasion"
    _order = "sequence, id"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    calendar = fields.Selection(CALENDARS, required=True, default="solar")
    month = fields.Integer(
        help="Month of the occasion (lunar month on the lunar calendar)."
    )
    day = fields.Integer(help="Day of the month (lunar day on the lunar calendar).")
    days_before = fields.Integer(
        "Send ahead (days)",
        help="Greet this many days before the occasion (0: on the day).",
    )
    segment_ids = fields.Many2many(
        "crm.idic.segment",
        string="Segments",
        domain="[('company_id', 'in', (company_id, False))]",
        help="Customers of these IDIC segments are greeted.",
    )
    tier_mvc = fields.Boolean("Most valuable")
    tier_mgc = fields.Boolean("Most growable")
    tier_standard = fields.Boolean("Standard")
    tier_bz = fields.Boolean("Below zero")
    message = fields.Html(
        translate=True,
        sanitize=True,
        help="The wish, in the customer's language, at the heart of the greeting.",
    )
    sms_body = fields.Text(
        "SMS",
        translate=True,
        help="The SMS, in each language, where Odoo's SMS app is installed (the "
        "gift code is added at its end); empty: a short wish naming the occasion.",
    )
    mail_template_id = fields.Many2one(
        "mail.template",
        "Mail",
        domain="[('model', '=', 'crm.care.occasion.greeting')]",
        default=lambda self: self.env.ref(
            "crm_care.mail_template_occasion", raise_if_not_found=False
        ),
        help="Sent to each customer greeted who agreed to greetings; none: no mail.",
    )
    program_id = fields.Many2one(
        "loyalty.program",
        "Gift",
        domain="[('program_type', 'in', ('coupons', 'next_order_coupons')), "
        "('company_id', 'in', (company_id, False))]",
        help="A coupon of this programme, with its own code, for each customer "
        "greeted (none: no gift).",
    )
    gift_validity_days = fields.Integer(
        "Gift valid for (days)",
        default=30,
        help="The code can be used until this many days after the occasion.",
    )
    greeting_ids = fields.One2many("crm.care.occasion.greeting", "occasion_id")
    greeted_count = fields.Integer("Greeted", compute="_compute_figures")
    code_used_count = fields.Integer("Codes used", compute="_compute_figures")
    code_revenue = fields.Monetary(
        "Revenue with the codes",
        compute="_compute_figures",
        currency_field="currency_id",
        help="Untaxed amount of the confirmed orders that used the occasion's "
        "codes, in company currency at each order's date.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")

    @api.constrains(
        "calendar", "month", "day", "days_before", "gift_validity_days", "program_id"
    )
    def _check_date(self):
        for occasion in self:
            if occasion.calendar != "founding":
                occasion._check_month_day()
            if not 0 <= occasion.days_before <= 60:
                raise ValidationError(
                    self.env._(
                        "%(occasion)s: greetings go out 0 to 60 days ahead.",
                        occasion=occasion.name,
                    )
                )
            if occasion.program_id and occasion.gift_validity_days < 1:
                raise ValidationError(
                    self.env._(
                        "%(occasion)s: a gift is valid for 1 day or more.",
                        occasion=occasion.name,
                    )
                )

    def _check_month_day(self):
        last = 30 if self.calendar == "lunar" else 31
        if not (1 <= self.month <= 12 and 1 <= self.day <= last):
            raise ValidationError(
                self.env._(
                    "%(occasion)s: give a month from 1 to 12 and a day from 1 to "
                    "%(last)s.",
                    occasion=self.name,
                    last=last,
                )
            )
        if self.calendar == "solar":
            try:
                date(2024, self.month, self.day)
            except ValueError as error:
                raise ValidationError(
                    self.env._(
                        "%(occasion)s: %(month)s has no day %(day)s.",
                        occasion=self.name,
                        month=self.month,
                        day=self.day,
                    )
                ) from error

    # -- when ------------------------------------------------------------------------

    def _date_in(self, year):
        """The occasion's day in solar ``year`` (lunar occasions: of the lunar
        year that begins in it; 29 February on the 28th in a common year)."""
        self.ensure_one()
        if self.calendar == "lunar":
            return lunar_to_solar(year, self.month, self.day)
        day = self.day
        if (self.month, day) == (2, 29) and not calendar.isleap(year):
            day = 28
        return date(year, self.month, day)

    def _due_days(self, today):
        """The occasion days whose greetings are due ``today``: sent from
        ``days_before`` ahead and caught up for ``CATCH_UP_DAYS`` after."""
        self.ensure_one()
        if self.calendar == "founding":
            last = today + timedelta(days=self.days_before)
            return [last - timedelta(days=n) for n in range(CATCH_UP_DAYS, -1, -1)]
        due = []
        for year in (today.year - 1, today.year, today.year + 1):
            day = self._date_in(year)
            send = day - timedelta(days=self.days_before)
            if send <= today <= send + timedelta(days=CATCH_UP_DAYS):
                due.append(day)
        return due

    # -- whom ------------------------------------------------------------------------

    def _tiers(self):
        return [tier for tier in TIERS if self[f"tier_{tier}"]]

    def _audience(self, day):
        """The customers of the company this occasion greets for ``day`` and
        has not greeted that year: one query."""
        self.ensure_one()
        self.env.flush_all()
        founding = SQL()
        if self.calendar == "founding":
            days = [day.day]
            if (day.month, day.day) == (2, 28) and not calendar.isleap(day.year):
                days.append(29)
            founding = SQL(
                "AND EXTRACT(MONTH FROM p.founding_date) = %s "
                "AND EXTRACT(DAY FROM p.founding_date) = ANY(%s)",
                day.month,
                days,
            )
        self.env.cr.execute(
            SQL(
                """
                SELECT pr.partner_id
                  FROM crm_idic_profile pr
                  JOIN res_partner p ON p.id = pr.partner_id
                 WHERE pr.company_id = %(company)s AND p.active
                   AND (pr.segment_id = ANY(%(segments)s)
                        OR pr.value_tier = ANY(%(tiers)s))
                   %(founding)s
                   AND NOT EXISTS (
                       SELECT 1 FROM crm_care_occasion_greeting g
                        WHERE g.occasion_id = %(occasion)s
                          AND g.partner_id = pr.partner_id AND g.year = %(year)s)
                 ORDER BY pr.partner_id
                """,
                company=self.company_id.id,
                segments=self.segment_ids.ids,
                tiers=self._tiers(),
                founding=founding,
                occasion=self.id,
                year=day.year,
            )
        )
        return self.env["res.partner"].browse(row[0] for row in self.env.cr.fetchall())

    # -- the scheduled action ----------------------------------------------------------

    @api.model
    def _cron_greet(self):
        """Hourly: in each company's daytime, greet the customers of the occasions
        due today who have not been greeted (a run killed or missed is caught up
        by the next; nobody is greeted twice)."""
        Greeting = self.env["crm.care.occasion.greeting"]
        for company in self.env["res.company"].search([("id", "!=", False)]):
            now = local_now(company_tz(company))
            if not DAYTIME[0] <= now.hour < DAYTIME[1]:
                continue
            occasions = self.search([("company_id", "=", company.id)])
            for occasion in occasions.with_company(company):
                for day in occasion._due_days(now.date()):
                    Greeting._greet(occasion, day, occasion._audience(day))
        return True

    # -- defaults and figures --------------------------------------------------------

    @api.model
    def _crm_care_default_occasions(self, companies=None):
        """Give every company (or these) the suite's occasions, copied from those
        of the main company shipped with the addon (names in every language):
        at install and when a company is created. They greet nobody until the
        company picks segments or tiers."""
        defaults = with_shipped_terms(self._crm_care_shipped_occasions(), "crm_care")
        companies = companies or self.env["res.company"].search([("id", "!=", False)])
        for company in companies:
            have = self.with_context(active_test=False).search(
                [("company_id", "=", company.id)]
            )
            names = set(have.mapped("name"))
            for occasion in defaults:
                if occasion.company_id != company and occasion.name not in names:
                    occasion.copy(self._crm_care_fresh_copy(company))
        return True

    @api.model
    def _crm_care_fresh_copy(self, company):
        """What a copy for another company does not take: whom the main company
        greets and its gift (its segments and programme are its own)."""
        return {
            "company_id": company.id,
            "segment_ids": [fields.Command.clear()],
            "program_id": False,
            **{f"tier_{tier}": False for tier in TIERS},
        }

    def _crm_care_shipped_occasions(self):
        data = (
            self.env["ir.model.data"]
            .sudo()
            .search([("module", "=", "crm_care"), ("model", "=", self._name)])
        )
        return self.browse(data.mapped("res_id")).exists()

    def _compute_figures(self):
        figures = self.env["crm.care.occasion.greeting"]._figures_by_occasion(self)
        for occasion in self:
            greeted, used, revenue = figures.get(occasion.id, (0, 0, 0.0))
            occasion.greeted_count = greeted
            occasion.code_used_count = used
            occasion.code_revenue = revenue

    def action_view_greetings(self):
        return linked_action(
            self, "crm_care.crm_care_occasion_greeting_action", "occasion_id"
        )
