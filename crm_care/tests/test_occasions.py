"""Festive greetings: Tết on the Vietnamese lunar calendar, the tiers and
segments greeted, a gift code per customer used once, consent and blacklist,
the company's daytime, catch-up, never twice."""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import CareCommon


@tagged("post_install", "-at_install")
class TestOccasions(CareCommon):
    TZ = "Asia/Ho_Chi_Minh"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesperson = cls._salesperson("occasion_sales")
        cls.vip = cls._greeted("Công ty Vàng", "mvc", user_id=cls.salesperson.id)
        cls.regular = cls._greeted("Chị Bình", "standard", user_id=cls.salesperson.id)
        cls.lost = cls._greeted("Anh Mất", "bz")
        cls.silent = cls._greeted("Ông Lặng", "standard", care_greeting_opt_in=False)
        cls.banned = cls._greeted("Bà Chặn", "standard")
        cls.env["mail.blacklist"].create({"email": cls.banned.email})
        cls.program = cls.env["loyalty.program"].create(
            {
                "name": "Tết gift: 10 % off",
                "program_type": "coupons",
                "trigger": "with_code",
                "applies_on": "current",
                "company_id": cls.company.id,
                "rule_ids": [Command.create({"reward_point_amount": 1})],
                "reward_ids": [
                    Command.create(
                        {
                            "reward_type": "discount",
                            "discount_mode": "percent",
                            "discount": 10,
                            "discount_applicability": "order",
                            "required_points": 1,
                        }
                    )
                ],
            }
        )
        cls.tet = cls.env["crm.care.occasion"].create(
            {
                "name": "Tết test",
                "company_id": cls.company.id,
                "calendar": "lunar",
                "month": 1,
                "day": 1,
                "days_before": 3,
                "tier_mvc": True,
                "tier_standard": True,
                "program_id": cls.program.id,
                "gift_validity_days": 30,
            }
        )
        cls.Greeting = cls.env["crm.care.occasion.greeting"]
        cls.call = cls.env.ref("mail.mail_activity_data_call")

    @classmethod
    def _greeted(cls, name, tier, **values):
        slug = name.split()[-1].lower()
        values = {
            "email": f"{slug}@example.com",
            "care_greeting_opt_in": True,
            **values,
        }
        partner = cls._customer(name, **values)
        cls.env["crm.idic.profile"].sudo().create(
            {"partner_id": partner.id, "company_id": cls.company.id, "value_tier": tier}
        )
        return partner

    def _greetings(self, partner=None):
        domain = [("occasion_id", "=", self.tet.id)]
        if partner:
            domain.append(("partner_id", "=", partner.id))
        return self.Greeting.search(domain)

    def _run(self, local_time):
        """The scheduled action at ``local_time`` in Hà Nội (UTC+7)."""
        with freeze_time(f"{local_time}:00"):
            self.env["crm.care.occasion"]._cron_greet()

    def test_a_valuable_customer_without_salesperson_is_called_by_the_team(self):
        # Odoo 19's customers have no sales team of their own: the leader of the
        # team of the customer's latest order calls; with neither, no call (and
        # the greeting still goes out).
        leader = self._salesperson("occasion_leader")
        team = self.env["crm.team"].create(
            {
                "name": "Đội miền Bắc",
                "user_id": leader.id,
                "company_id": self.company.id,
            }
        )
        orphan = self._greeted("Công ty Bạc", "mvc")
        self._order(orphan, 500, 30, team_id=team.id)
        nobody = self._greeted("Công ty Đồng", "mvc")
        self._run("2027-02-03 10:00+07")
        self.assertEqual(self._greetings(nobody).sent_by, "mail")
        calls = self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("activity_type_id", "=", self.call.id),
                ("res_id", "in", (orphan | nobody).ids),
            ]
        )
        self.assertEqual((calls.res_id, calls.user_id), (orphan.id, leader))

    def test_tet_greets_the_tiers_three_days_ahead_once_with_a_code(self):
        # Tết 2027 is 6 February (lunar 1/1 at UTC+7): 3 days ahead is 3 February.
        self._run("2027-02-02 10:00+07")
        self.assertFalse(self._greetings())
        self._run("2027-02-03 10:00+07")
        self._run("2027-02-03 11:00+07")
        greeted = self._greetings()
        self.assertEqual(
            greeted.partner_id, self.vip | self.regular | self.silent | self.banned
        )
        self.assertEqual(set(greeted.mapped("year")), {2027})
        self.assertEqual(set(greeted.mapped("date")), {date(2027, 2, 6)})
        vip = self._greetings(self.vip)
        self.assertEqual(vip.sent_by, "mail")
        self.assertEqual(vip.card_id.points, 1)
        self.assertEqual(vip.card_id.partner_id, self.vip)
        # Valid 30 days after the occasion: 6 February + 30 = 8 March.
        self.assertEqual(vip.card_id.expiration_date, date(2027, 3, 8))
        mail = vip.message_ids.filtered(lambda m: "Tết test" in (m.subject or ""))
        self.assertEqual(len(mail), 1)
        self.assertIn(vip.card_id.code, str(mail.body))
        self.assertEqual(mail.partner_ids, self.vip)
        # One call for the salesperson of the most valuable customer only.
        calls = self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("activity_type_id", "=", self.call.id),
                ("user_id", "=", self.salesperson.id),
            ]
        )
        self.assertEqual(calls.res_id, self.vip.id)
        self.assertEqual(calls.date_deadline, date(2027, 2, 6))
        # Four codes, one per customer greeted: nothing twice.
        self.assertEqual(
            self.env["loyalty.card"].search_count(
                [("program_id", "=", self.program.id)]
            ),
            4,
        )

    def test_consent_and_blacklist_are_respected(self):
        self._run("2027-02-03 10:00+07")
        self.assertEqual(self._greetings(self.silent).sent_by, "none")
        self.assertEqual(self._greetings(self.banned).sent_by, "none")
        for partner in (self.silent, self.banned):
            greeting = self._greetings(partner)
            self.assertFalse(
                greeting.message_ids.filtered(
                    lambda m: m.message_type != "notification"
                )
            )
        self.assertFalse(self._greetings(self.lost), "below zero is not greeted")

    def test_only_in_daytime_and_caught_up_within_a_week(self):
        self._run("2027-02-03 06:00+07")
        self.assertFalse(self._greetings(), "not before 8:00 in Hà Nội")
        self._run("2027-02-03 20:30+07")
        self.assertFalse(self._greetings(), "not after 20:00")
        # The scheduler down until the 10th: still sent (3 + 7), and only once.
        self._run("2027-02-10 09:00+07")
        self.assertEqual(len(self._greetings()), 4)
        self._run("2027-02-10 10:00+07")
        self.assertEqual(len(self._greetings()), 4)

    def test_too_late_is_not_sent(self):
        self._run("2027-02-11 09:00+07")
        self.assertFalse(self._greetings())

    def test_a_killed_run_goes_on_without_greeting_twice(self):
        # The run killed after the first customer: the next run greets the others.
        self.Greeting._greet(self.tet, date(2027, 2, 6), self.vip)
        self._run("2027-02-03 10:00+07")
        self.assertEqual(len(self._greetings(self.vip)), 1)
        self.assertEqual(len(self._greetings()), 4)
        self.assertEqual(
            len(self._greetings(self.vip).card_id | self._greetings().card_id), 4
        )

    def test_a_code_is_used_once_and_counted(self):
        self._run("2027-02-03 10:00+07")
        code = self._greetings(self.vip).code
        with freeze_time("2027-02-20 03:00"):
            order = self._order(self.vip, 200.0, 0, state="draft")
            status = order._try_apply_code(code)
            self.assertNotIn("error", status)
            [(coupon, reward)] = status.items()
            order._apply_program_reward(reward, coupon)
            order.action_confirm()
            # 200 less 10 %.
            self.assertAlmostEqual(order.amount_untaxed, 180.0)
            again = self._order(self.vip, 200.0, 0, state="draft")
            self.assertIn("error", again._try_apply_code(code))
        self.assertTrue(self._greetings(self.vip).code_used)
        self.assertEqual(
            self.Greeting.search([("code_used", "=", True)]), self._greetings(self.vip)
        )
        # A care manager without sales rights reads the greetings and the
        # occasion's segments (both screens failed on coupons and segments).
        self.assertFalse(self.leader.has_group("sales_team.group_sale_salesman"))
        self.tet.segment_ids = self.env["crm.idic.segment"].create(
            {"name": "Khách VIP"}
        )
        self.env.invalidate_all()
        self.assertTrue(self._greetings(self.vip).with_user(self.leader).code_used)
        self.assertEqual(
            self.tet.with_user(self.leader).segment_ids.mapped("display_name"),
            ["Khách VIP"],
        )
        # ... and the segment's form, opened from the occasion: its member count.
        self.assertEqual(self.tet.with_user(self.leader).segment_ids.member_count, 0)
        self.tet.invalidate_recordset()
        self.assertEqual((self.tet.greeted_count, self.tet.code_used_count), (4, 1))
        self.assertAlmostEqual(self.tet.code_revenue, 180.0)
        with freeze_time("2027-02-21 03:00"):
            report = self.env["crm.care.festive.report"].create(
                {"date_from": date(2027, 1, 1), "date_to": date(2027, 12, 31)}
            )
            report.action_compute()
        self.assertEqual(
            report.display_name, "Festive and loyalty results 01/01/2027 – 12/31/2027"
        )
        [line] = report.line_ids.filtered(lambda row: row.kind == "occasion")
        # 4 greeted; one code used on an order of 180; the VIP bought again
        # after Tết (1 of 4 = 25 %); the 90 days after 6 February not over.
        self.assertEqual(
            (line.name, line.day, line.customers, line.used_count, line.repeat_rate),
            ("Tết test 2027", date(2027, 2, 6), 4, 1, 25.0),
        )
        self.assertAlmostEqual(line.revenue, 180.0)
        self.assertFalse(line.complete)

    def test_founding_day_of_customer_companies(self):
        self.vip.write({"is_company": True, "founding_date": date(2010, 3, 15)})
        founding = self.env["crm.care.occasion"].create(
            {
                "name": "Founding test",
                "company_id": self.company.id,
                "calendar": "founding",
                "tier_mvc": True,
                "tier_standard": True,
            }
        )
        self._run("2027-03-14 10:00+07")
        self._run("2027-03-15 10:00+07")
        self._run("2027-03-16 10:00+07")
        greeted = self.Greeting.search([("occasion_id", "=", founding.id)])
        self.assertEqual(greeted.partner_id, self.vip)
        self.assertEqual((greeted.date, greeted.year), (date(2027, 3, 15), 2027))

    def test_a_new_company_gets_the_occasions_and_bad_dates_are_refused(self):
        # The main company greets its own tiers with its own gift on Tết: a new
        # company's copy greets nobody and gives nothing until it says so.
        self.env.ref("crm_care.occasion_tet").sudo().write(
            {"tier_mvc": True, "program_id": self.program.id}
        )
        # Vietnamese is installed: the copies are named in it too (the shipped
        # occasions get the addon's translations first if they have none yet).
        self.env["res.lang"]._activate_lang("vi_VN")
        company = self.env["res.company"].create({"name": "Công ty Mới"})
        occasions = self.env["crm.care.occasion"].search(
            [("company_id", "=", company.id)]
        )
        self.assertEqual(len(occasions), 10)
        tet = occasions.filtered(lambda o: o.calendar == "lunar" and o.month == 1)
        self.assertEqual((tet.day, tet.days_before), (1, 3))
        self.assertEqual(tet.with_context(lang="vi_VN").name, "Tết Nguyên Đán")
        self.assertFalse(tet.tier_mvc or tet.program_id or tet.segment_ids)
        with self.assertRaises(ValidationError):
            self.tet.write({"calendar": "solar", "month": 2, "day": 30})
        with self.assertRaises(ValidationError):
            self.tet.days_before = 61
        # A gift given by an occasion that had none, written alone: valid 1 day
        # or more.
        plain = self.env["crm.care.occasion"].create(
            {"name": "Ngày thường", "month": 3, "day": 8, "gift_validity_days": 0}
        )
        with self.assertRaisesRegex(ValidationError, "valid for 1 day or more"):
            plain.program_id = self.program

    def test_a_language_installed_later_names_the_companies_occasions_too(self):
        """A company's copies of the shipped occasions made while Thai was not
        installed: installing Thai names them in Thai, as the shipped ones."""
        company = self.env["res.company"].create({"name": "Công ty Thái"})
        christmas = self.env["crm.care.occasion"].search(
            [("company_id", "=", company.id), ("name", "=", "Christmas")]
        )
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE crm_care_occasion SET name = name - 'th_TH' WHERE id = %s",
            [christmas.id],
        )
        self.env.invalidate_all()
        self.env["res.lang"]._activate_lang("th_TH")
        self.assertEqual(christmas.with_context(lang="th_TH").name, "Christmas")
        self.env["ir.module.module"]._load_module_terms(["crm_care"], ["th_TH"])
        self.assertEqual(christmas.with_context(lang="th_TH").name, "คริสต์มาส")

    def test_the_greeting_is_in_the_customers_language(self):
        self._speaks_vietnamese(self.regular)
        self.tet.with_context(lang="vi_VN").name = "Tết Đinh Mùi"
        self._run("2027-02-03 10:00+07")
        greeting = self._greetings(self.regular)
        [mail] = greeting.message_ids.filtered("partner_ids")
        self.assertEqual(
            mail.subject, f"Tết Đinh Mùi: {self.company.name} kính chúc Quý khách"
        )
        self.assertIn("Kính gửi", str(mail.body))
        self.assertIn(greeting.code, str(mail.body))
        self.assertNotIn("Dear", str(mail.body))

    def test_the_sms_text(self):
        self._run("2027-02-03 10:00+07")
        vip = self._greetings(self.vip)
        self.assertEqual(
            vip._sms_body(),
            f"Tết test: best wishes from {self.company.name}. "
            f"Your gift code: {vip.code} (until 03/08/2027).",
        )
        self.tet.sms_body = "Chúc mừng năm mới!"
        self.assertEqual(
            vip._sms_body(),
            f"Chúc mừng năm mới! Your gift code: {vip.code} (until 03/08/2027).",
        )

    def test_an_sms_is_queued_where_the_customer_has_a_phone(self):
        self.vip.phone = "+84 90 123 4567"
        self._run("2027-02-03 10:00+07")
        greeting = self._greetings(self.vip)
        self.assertEqual(greeting.sent_by, "mail_sms")
        sms = self.env["sms.sms"].search([("partner_id", "=", self.vip.id)])
        self.assertEqual(len(sms), 1)
        self.assertEqual(sms.state, "outgoing", "queued, not sent by the action")
        self.assertIn(greeting.code, sms.body)
        self.assertEqual(self._greetings(self.regular).sent_by, "mail")
