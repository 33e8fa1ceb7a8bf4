import re
from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from odoo.addons.crm_idic.tests.common import VietnamTimeMixin
from odoo.addons.crm_idic.tools.periods import birthday_in

from .common import CareCommon


@tagged("post_install", "-at_install")
class TestCareReminders(CareCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.lan = Partner.create(
            {
                "name": "Nguyễn Thị Lan",
                "birthday": date(1990, 12, 5),
                "email": "lan@example.com",
                "user_id": cls.agent.id,
                "care_greeting_opt_in": True,
            }
        )
        cls.hung = Partner.create(
            {
                "name": "Trần Văn Hùng",
                "birthday": date(1985, 12, 5),
                "email": "hung@example.com",
                "user_id": cls.agent.id,
            }
        )
        cls.leap = Partner.create(
            {"name": "Lê Nhuận", "birthday": date(1992, 2, 29), "user_id": cls.agent.id}
        )
        # Run as the scheduler runs it (OdooBot's rights): it reaches every
        # company's customers, not only those of the test user's company.
        cls.Greeting = cls.env["crm.care.greeting"].sudo()
        cls.todo = cls.env.ref("mail.mail_activity_data_todo")

    def _birthday_activities(self, partner):
        return partner.activity_ids.filtered(
            lambda a: a.activity_type_id == self.todo
            and "Birthday" in (a.summary or "")
        )

    def test_birthday_activity_three_days_before_once(self):
        with freeze_time("2026-12-01"):
            self.Greeting._cron_care_reminders()
        self.assertFalse(self._birthday_activities(self.lan))
        with freeze_time("2026-12-02"):
            self.Greeting._cron_care_reminders()
            self.Greeting._cron_care_reminders()
        activities = self._birthday_activities(self.lan)
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.user_id, self.agent)
        self.assertEqual(activities.date_deadline, date(2026, 12, 5))
        with freeze_time("2026-12-03"):
            self.Greeting._cron_care_reminders()
        self.assertEqual(len(self._birthday_activities(self.lan)), 1)

    def test_the_days_before_a_birthday_are_a_system_parameter(self):
        Param = self.env["ir.config_parameter"].sudo()  # noqa: N806
        Param.set_param("crm_care.birthday_days_before", "7")
        # 5 December less 7 days: 28 November.
        with freeze_time("2026-11-28"):
            self.Greeting._cron_care_reminders()
        self.assertEqual(
            self._birthday_activities(self.lan).date_deadline, date(2026, 12, 5)
        )
        # At most 60 days, at least 0; what is no number of days: the default 3.
        for text, days in [("99", 60), ("-2", 0), ("soon", 3), ("", 3)]:
            Param.set_param("crm_care.birthday_days_before", text)
            self.assertEqual(self.Greeting._birthday_days_before(), days, text)

    def test_greeting_on_the_day_only_with_consent_and_once(self):
        with freeze_time("2026-12-05 08:00"):
            self.Greeting._cron_care_reminders()
            self.Greeting._cron_care_reminders()
        greetings = self.lan.message_ids.filtered(
            lambda m: "Happy birthday" in (m.subject or "")
        )
        self.assertEqual(len(greetings), 1)
        self.assertFalse(
            self.hung.message_ids.filtered(
                lambda m: "Happy birthday" in (m.subject or "")
            )
        )

    def test_greetings_come_from_the_salesperson_not_from_odoobot(self):
        """The action runs as OdooBot; the customer reads the greeting from
        their salesperson (else from the customer's company) and answers them."""
        self.agent.partner_id.email = "agent@phuongnam.example.com"
        self.company.email = "cskh@phuongnam.example.com"
        mai = self.lan.copy(
            {"name": "Phạm Thị Mai", "user_id": False, "company_id": self.company.id}
        )
        odoobot = self.env.ref("base.user_root")
        with freeze_time("2026-12-05 08:00"):
            self.Greeting.with_user(odoobot)._cron_care_reminders()

        def greeting(partner):
            return partner.message_ids.filtered(
                lambda m: "Happy birthday" in (m.subject or "")
            )

        self.assertEqual(
            (greeting(self.lan).author_id, greeting(self.lan).email_from),
            (self.agent.partner_id, self.agent.partner_id.email_formatted),
        )
        self.assertEqual(greeting(mai).author_id, self.company.partner_id)
        self.assertIn("cskh@phuongnam.example.com", greeting(mai).email_from)

    def test_birthday_sms_is_queued_not_sent_from_the_action(self):
        if "sms.sms" not in self.env:
            self.skipTest("SMS is not installed")
        self.lan.phone = "+84 912 345 678"
        with freeze_time("2026-12-05 08:00"):
            self.Greeting._cron_care_reminders()
        sms = self.env["sms.sms"].search([("partner_id", "=", self.lan.id)])
        self.assertEqual(len(sms), 1)
        self.assertIn("Happy birthday", sms.body)
        # Left to Odoo's SMS queue: no call to the SMS provider per customer
        # inside the scheduled action.
        self.assertEqual(sms.state, "outgoing")

    def test_leap_day_birthday_falls_on_28_february(self):
        self.assertEqual(birthday_in(2027, date(1992, 2, 29)), date(2027, 2, 28))
        self.assertEqual(birthday_in(2028, date(1992, 2, 29)), date(2028, 2, 29))
        with freeze_time("2027-02-25"):
            self.Greeting._cron_care_reminders()
        self.assertEqual(len(self._birthday_activities(self.leap)), 1)

    def test_merging_duplicates_keeps_the_greetings_that_do_not_collide(self):
        Greeting = self.env["crm.care.greeting"]  # noqa: N806
        lan_2026, hung_2025, hung_2026 = Greeting.create(
            [
                {
                    "partner_id": partner.id,
                    "kind": "birthday_mail",
                    "year": year,
                    "company_id": self.company.id,
                }
                for partner, year in [
                    (self.lan, 2026),
                    (self.hung, 2025),
                    (self.hung, 2026),
                ]
            ]
        )
        # Hùng found to be Lan: one greeting a year stays, Lan's of 2026;
        # Hùng's of 2025 moves to her (Odoo's merge alone drops both).
        self.env["base.partner.merge.automatic.wizard"]._merge(
            (self.lan | self.hung).ids, self.lan, extra_checks=False
        )
        greetings = Greeting.search([("partner_id", "=", self.lan.id)], order="year")
        self.assertEqual(greetings, hung_2025 | lan_2026)
        self.assertEqual(greetings.mapped("year"), [2025, 2026])
        self.assertFalse(hung_2026.exists())

    def test_birthday_filters(self):
        with freeze_time("2026-12-01"):
            Partner = self.env["res.partner"]
            week = Partner.search([("birthday_within_days", "<=", 7)])
            self.assertIn(self.lan, week)
            self.assertNotIn(self.leap, week)
            self.assertEqual(self.lan.birthday_within_days, 4)
            month = Partner.search([("birthday_month", "=", 12)])
            self.assertIn(self.hung, month)

    def test_purchase_anniversary_thanks_once(self):
        product = self.env["product.product"].create({"name": "Quạt"})
        order = self.env["sale.order"].create(
            {
                "partner_id": self.lan.id,
                "order_line": [Command.create({"product_id": product.id})],
            }
        )
        order.action_confirm()
        order.date_order = datetime(2025, 11, 22, 10, 0)
        call = self.env.ref("mail.mail_activity_data_call")
        with freeze_time("2026-11-22 09:00"):
            self.Greeting._cron_care_reminders()
            self.Greeting._cron_care_reminders()
        thanks = self.lan.message_ids.filtered(
            lambda m: "One year" in (m.subject or "")
        )
        self.assertEqual(len(thanks), 1)
        calls = self.lan.activity_ids.filtered(lambda a: a.activity_type_id == call)
        self.assertEqual(len(calls), 1)

    def test_days_missed_by_the_scheduler_are_caught_up_once(self):
        def greetings():
            return self.lan.message_ids.filtered(
                lambda m: "Happy birthday" in (m.subject or "")
            )

        with freeze_time("2026-12-03 08:00"):
            self.Greeting._cron_care_reminders()
        self.assertFalse(greetings())
        # The scheduler did not run from 4 to 6 December: Lan's birthday on the
        # 5th is caught up on the 7th, once.
        with freeze_time("2026-12-07 08:00"):
            self.Greeting._cron_care_reminders()
            self.Greeting._cron_care_reminders()
        self.assertEqual(len(greetings()), 1)

    def test_first_order_on_29_february_is_thanked_on_28_february(self):
        order = self._order(self.leap, 100, 0)
        order.date_order = datetime(2024, 2, 29, 10, 0)
        call = self.env.ref("mail.mail_activity_data_call")

        def calls():
            return self.leap.activity_ids.filtered(lambda a: a.activity_type_id == call)

        with freeze_time("2025-02-27 09:00"):
            self.Greeting._cron_care_reminders()
        self.assertFalse(calls())
        # 2025 has no 29 February: the first anniversary is on the 28th.
        with freeze_time("2025-02-28 09:00"):
            self.Greeting._cron_care_reminders()
        self.assertEqual(len(calls()), 1)
        self.assertIn("One year", calls().summary)

    def test_my_care_day_lists_what_is_mine(self):
        with freeze_time("2026-12-01"):
            day = self.env["crm.care.day"].with_user(self.agent).create({})
            self.assertIn(self.lan, day.birthday_partner_ids)
            action = self.env["crm.care.day"].with_user(self.agent).action_open_my_day()
            self.assertEqual(action["res_model"], "crm.care.day")
            # Its breadcrumb names the day (it read "crm.care.day,1").
            self.assertEqual(day.display_name, "My care day – 12/01/2026")

    def test_the_birthdays_list_follows_the_year(self):
        """*Birthdays* lists each birthday (and the days to go) by the days to go,
        whatever the year of birth, then by name: on 1 December, Lan's (5 Dec
        1990) and Hùng's (5 Dec 1985), by name, then An's."""
        an = self.env["res.partner"].create(
            {"name": "Âu Văn An", "birthday": date(2001, 12, 6)}
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_care.res_partner_action_birthdays"
        )
        view_id = action["views"][0][0]
        arch = self.env["res.partner"].get_view(view_id, "list")["arch"]
        order = re.search(r'default_order="([^"]+)"', arch).group(1)
        self.assertIn('name="birthday"', arch)
        self.assertIn('name="birthday_within_days"', arch)
        with freeze_time("2026-12-01 09:00"):
            week = self.env["res.partner"].search(
                [
                    ("id", "in", (self.lan | self.hung | an | self.leap).ids),
                    ("birthday_within_days", "<=", 7),
                ],
                order=order,
            )
            self.assertEqual(week.ids, [self.lan.id, self.hung.id, an.id])
            self.assertEqual(week.mapped("birthday_within_days"), [4, 4, 5])
        # Across New Year, by the days to go: on 29 December, Bảo's on the
        # 30th (1 day), then Chi's on 2 January (4 days).
        Partner = self.env["res.partner"]  # noqa: N806
        chi, bao = Partner.create(
            [
                {"name": "Chi", "birthday": date(1990, 1, 2)},
                {"name": "Bảo", "birthday": date(1990, 12, 30)},
            ]
        )
        with freeze_time("2026-12-29 09:00"):
            week = Partner.search(
                [("id", "in", (chi | bao).ids), ("birthday_within_days", "<=", 7)],
                order=order,
            )
            self.assertEqual(week.mapped("name"), ["Bảo", "Chi"])
            self.assertEqual(week.mapped("birthday_within_days"), [1, 4])

    def test_my_care_day_lists_todays_birthdays_first(self):
        """The week's birthdays by the day they fall on, then by name: on 3
        December, Vũ's today, Lan's and Hùng's on the 5th, An's on the 8th."""
        Partner = self.env["res.partner"]
        an = Partner.create(
            {
                "name": "Âu Văn An",
                "birthday": date(1985, 12, 8),
                "user_id": self.agent.id,
            }
        )
        vu = Partner.create(
            {
                "name": "Vũ Thị Vy",
                "birthday": date(2000, 12, 3),
                "user_id": self.agent.id,
            }
        )
        with freeze_time("2026-12-03 09:00"):
            day = self.env["crm.care.day"].with_user(self.agent).create({})
            self.assertEqual(
                day.birthday_partner_ids.ids, [vu.id, self.lan.id, self.hung.id, an.id]
            )


@tagged("post_install", "-at_install")
class TestMyCareDayInVietnam(VietnamTimeMixin, CareCommon):
    def _due(self, local_deadline):
        """An agent's ticket due at a local Vietnamese time, the SLA in time."""
        ticket = self._ticket(user_id=self.agent.id)
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE crm_care_ticket SET sla_resolution_deadline = %s, "
            "sla_status = NULL WHERE id = %s",
            (self._utc(local_deadline), ticket.id),
        )
        ticket.invalidate_recordset()
        return ticket

    def test_tickets_due_today_end_at_the_local_midnight(self):
        self.agent.tz = self.TZ
        # 1 December at 16:00 and 2 December at 05:00 in Vietnam (22:00 UTC on
        # 1 December: still "today" in UTC).
        today = self._due(datetime(2026, 12, 1, 16, 0))
        self._due(datetime(2026, 12, 2, 5, 0))
        with freeze_time(self._utc(datetime(2026, 12, 1, 10, 0))):
            day = self.env["crm.care.day"].with_user(self.agent).create({})
            self.assertEqual(day.ticket_ids, today)
