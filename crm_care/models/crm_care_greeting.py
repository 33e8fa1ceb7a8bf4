import calendar
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.misc import format_date

from odoo.addons.crm_idic.tools import (
    company_tz,
    each_isolated,
    local_date_sql,
    local_today,
)
from odoo.addons.crm_idic.tools.cron import system_param
from odoo.addons.crm_idic.tools.periods import birthday_in
from odoo.addons.crm_idic.tools.relations import owner

DEFAULT_BIRTHDAY_DAYS_BEFORE = 3


class CrmCareGreeting(models.Model):
    """What the care reminders did, so that each one happens once a year."""

    _name = "crm.care.greeting"
    _description = "Customer care reminder sent"
    _order = "id desc"

    partner_id = owner("res.partner")
    kind = fields.Selection(
        [
            ("birthday_activity", "Birthday activity"),
            ("birthday_mail", "Birthday greeting"),
            ("anniversary", "Purchase anniversary"),
        ],
        required=True,
    )
    year = fields.Integer(required=True)
    company_id = fields.Many2one("res.company", required=True, index=True)

    _once_a_year = models.Constraint(
        "UNIQUE (partner_id, kind, year, company_id)",
        "A care reminder happens once a year per customer.",
    )

    @api.model
    def _birthday_days_before(self):
        return system_param(
            self.env,
            "crm_care.birthday_days_before",
            DEFAULT_BIRTHDAY_DAYS_BEFORE,
            lambda value: max(0, min(int(value), 60)),
        )

    @api.model
    def _partners_born_on(self, day):
        """Individuals whose birthday falls on ``day`` (29 February on the 28th in
        a common year): one query."""
        days = [day.day]
        if day.month == 2 and day.day == 28 and not calendar.isleap(day.year):
            days.append(29)
        self.env["res.partner"].flush_model(["birthday", "is_company", "active"])
        self.env.cr.execute(
            SQL(
                """
                SELECT id FROM res_partner
                 WHERE active AND NOT is_company AND birthday IS NOT NULL
                   AND EXTRACT(MONTH FROM birthday) = %s
                   AND EXTRACT(DAY FROM birthday) = ANY(%s)
                """,
                day.month,
                days,
            )
        )
        return self.env["res.partner"].browse(row[0] for row in self.env.cr.fetchall())

    def _done(self, partners, kind, year, company):
        done = self.search(
            [
                ("partner_id", "in", partners.ids),
                ("kind", "=", kind),
                ("year", "=", year),
                ("company_id", "=", company.id),
            ]
        )
        return done.partner_id

    def _log(self, partners, kind, year, company):
        self.create(
            [
                {
                    "partner_id": partner.id,
                    "kind": kind,
                    "year": year,
                    "company_id": company.id,
                }
                for partner in partners
            ]
        )

    @api.model
    def _cron_care_reminders(self):
        """Daily: birthday activities N days before, greetings on the day, purchase
        anniversaries; each once a year, however often the action runs."""
        # A person has one birthday, whatever the number of companies: the days
        # of the main company (the scheduled action's). Days the scheduler missed
        # are caught up; the log keeps anyone from being greeted twice.
        for day in self._days_to_run("birthdays", self.env.company):
            self._birthday_activities(day)
            self._birthday_greetings(day)
        for company in self.env["res.company"].search([("id", "!=", False)]):
            for day in self._days_to_run("anniversaries", company):
                self.with_company(company)._purchase_anniversaries(day, company)
        return True

    @api.model
    def _days_to_run(self, job, company):
        """The company's local days from the day after the last run of ``job`` to
        today (today alone on the first run, or when the last run was today or
        later; a month at most), and today noted as the last run."""
        today = local_today(company_tz(company))
        Param = self.env["ir.config_parameter"].sudo()
        key = f"crm_care.{job}_last_day.{company.id}"
        last = fields.Date.to_date(Param.get_param(key) or None)
        first = today
        if last and last < today:
            first = max(last + timedelta(days=1), today - timedelta(days=31))
        Param.set_param(key, fields.Date.to_string(today))
        return [first + timedelta(days=n) for n in range((today - first).days + 1)]

    def _home_company(self, partner):
        return (
            partner.company_id
            or partner.user_id.company_id
            or self.env.ref("base.main_company")
        )

    def _not_done(self, partners, kind, year):
        """The partners not yet reminded of this kind this year."""
        by_company = partners.grouped(self._home_company)
        todo = self.env["res.partner"]
        for company, group in by_company.items():
            todo |= group - self._done(group, kind, year, company)
        return todo

    def _log_by_company(self, partners, kind, year):
        for company, group in partners.grouped(self._home_company).items():
            self._log(group, kind, year, company)

    def _birthday_activities(self, today):
        day = today + timedelta(days=self._birthday_days_before())
        partners = self._partners_born_on(day).filtered("user_id")
        partners = self._not_done(partners, "birthday_activity", day.year)
        if not partners:
            return
        model_id = self.env["ir.model"]._get_id("res.partner")
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        self.env["mail.activity"].create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": partner.id,
                    "activity_type_id": activity_type.id,
                    "user_id": partner.user_id.id,
                    "date_deadline": birthday_in(day.year, partner.birthday),
                    "summary": self.with_context(lang=partner.user_id.lang).env._(
                        "Birthday of %(name)s on %(day)s",
                        name=partner.name,
                        day=format_date(
                            self.with_context(lang=partner.user_id.lang).env,
                            birthday_in(day.year, partner.birthday),
                        ),
                    ),
                }
                for partner in partners
            ]
        )
        self._log_by_company(partners, "birthday_activity", day.year)

    def _birthday_greetings(self, today):
        partners = self._partners_born_on(today).filtered(
            lambda partner: partner.care_greeting_opt_in and partner.email
        )
        partners = self._not_done(partners, "birthday_mail", today.year)
        if not partners:
            return
        template = self.env.ref("crm_care.mail_template_birthday")

        def greet(partner):
            company = self._home_company(partner)
            if self._done(partner, "birthday_mail", today.year, company):
                return  # by another worker meanwhile
            partner.message_post_with_source(template, subtype_xmlid="mail.mt_comment")
            if "sms.sms" in self.env and partner.phone:
                partner._message_sms(
                    body=self.env._(
                        "Happy birthday, %(name)s! %(company)s",
                        name=partner.name,
                        company=company.name,
                    ),
                    partner_ids=partner.ids,
                    # Sent by Odoo's SMS queue, not from inside this scheduled
                    # action (one call to the SMS provider per customer).
                    put_in_queue=True,
                )
            # Logged with the greeting: a committed greeting is never sent again.
            self._log(partner, "birthday_mail", today.year, company)

        each_isolated(partners, greet, "Birthday greetings", commit=True)

    def _purchase_anniversaries(self, today, company):
        """One year after a customer's first confirmed order in the company (a
        first order on 29 February is thanked on 28 February of the common year
        that follows)."""
        year_ago = today - relativedelta(years=1)
        first_days = [year_ago]
        if (today.month, today.day) == (2, 28) and calendar.isleap(year_ago.year):
            first_days.append(year_ago.replace(day=29))
        self.env["sale.order"].flush_model(["partner_id", "state", "date_order"])
        self.env.cr.execute(
            SQL(
                """
                SELECT p.commercial_partner_id
                  FROM sale_order so
                  JOIN res_partner p ON p.id = so.partner_id
                 WHERE so.company_id = %s AND so.state = 'sale'
                 GROUP BY p.commercial_partner_id
                HAVING %s = ANY(%s)
                """,
                company.id,
                local_date_sql(SQL("min(so.date_order)"), company_tz(company)),
                first_days,
            )
        )
        partners = self.env["res.partner"].browse(
            row[0] for row in self.env.cr.fetchall()
        )
        partners -= self._done(partners, "anniversary", today.year, company)
        if not partners:
            return
        template = self.env.ref("crm_care.mail_template_purchase_anniversary")
        model_id = self.env["ir.model"]._get_id("res.partner")
        activity_type = self.env.ref("mail.mail_activity_data_call")

        def thank(partner):
            if self._done(partner, "anniversary", today.year, company):
                return  # by another worker meanwhile
            if partner.care_greeting_opt_in and partner.email:
                partner.message_post_with_source(
                    template, subtype_xmlid="mail.mt_comment"
                )
            if partner.user_id:
                self.env["mail.activity"].create(
                    {
                        "res_model_id": model_id,
                        "res_id": partner.id,
                        "activity_type_id": activity_type.id,
                        "user_id": partner.user_id.id,
                        "date_deadline": today,
                        "summary": self.with_context(lang=partner.user_id.lang).env._(
                            "One year as our customer: thank %(name)s",
                            name=partner.name,
                        ),
                    }
                )

            self._log(partner, "anniversary", today.year, company)

        each_isolated(partners, thank, "Purchase anniversaries", commit=True)
