from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged

from odoo.addons.crm_idic.tools import scoring

from .common import IdicCommon, VietnamTimeMixin


@tagged("post_install", "-at_install")
class TestScoringFormulas(TransactionCase):
    def test_components_by_hand(self):
        # 85 of 90 weighted fields, no duplicate: 94.44; with one: 74.44.
        self.assertEqual(scoring.identify_score(85, 90, 0), 94.44)
        self.assertEqual(scoring.identify_score(85, 90, 1), 74.44)
        # R4 F5 M4: 70 x 13/15 = 60.67; + mgc 10; + 2 categories and 1 need x 3.
        self.assertEqual(scoring.differentiate_score(4, 5, 4, "mgc", 2, 1), 79.67)
        # 5 interactions (20) + last 30 of 90 days ago (20) + planned (30) - overdue.
        self.assertEqual(scoring.interact_score(5, 30, 90, 1, 1), 60.0)
        # The most: 10 interactions (40), the last today (30), a next step (30).
        self.assertEqual(scoring.interact_score(12, 0, 90, 2, 0), 100.0)
        # Customized (40) + 1 of 2 quotations confirmed (20) + 1 mailing (10).
        self.assertEqual(scoring.customize_score(True, 2, 1, 1), 70.0)
        self.assertEqual(scoring.idic_score((100, 50, 0, 50), (40, 20, 20, 20)), 60.0)

    def test_vietnamese_phone_numbers_are_checked_and_formatted(self):
        # Odoo does this only with the phonenumbers package, which the set-up
        # installs: a local mobile number gets Vietnam's international form, and a
        # number too short for Vietnam is refused.
        vietnam = self.env.ref("base.vn")
        Partner = self.env["res.partner"]
        self.assertEqual(
            Partner._phone_format(
                number="0912 345 678", country=vietnam, force_format="INTERNATIONAL"
            ),
            "+84 912 345 678",
        )
        self.assertFalse(Partner._phone_format(number="0912", country=vietnam))

    def test_rfm_segments(self):
        self.assertEqual(scoring.rfm_segment(0, 0, 0, 0, None), "no_purchase")
        self.assertEqual(scoring.rfm_segment(1, 5, 1, 2, 10), "new")
        self.assertEqual(scoring.rfm_segment(9, 5, 5, 4, 400), "champions")
        self.assertEqual(scoring.rfm_segment(9, 3, 4, 2, 400), "loyal")
        self.assertEqual(scoring.rfm_segment(9, 1, 4, 4, 400), "at_risk")
        self.assertEqual(scoring.rfm_segment(2, 2, 1, 1, 400), "hibernating")


@tagged("post_install", "-at_install")
class TestIdicSettings(IdicCommon):
    def test_weights_must_sum_to_100_and_nothing_is_saved(self):
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.company.write(
                {"idic_weight_identify": 40, "idic_weight_customize": 25}
            )
        self.company.invalidate_recordset()
        self.assertEqual(self.company._idic_component_weights(), (25, 25, 25, 25))
        self.company.write({"idic_weight_identify": 40, "idic_weight_customize": 10})
        self.assertEqual(self.company._idic_component_weights(), (40, 25, 25, 10))

    def test_windows_out_of_range_refused(self):
        for values in (
            {"idic_rfm_months": 0},
            {"idic_rfm_months": 121},
            {"idic_interaction_days": 731},
            {"idic_fw_email": -1},
        ):
            with self.subTest(values=values), self.assertRaises(ValidationError):
                with self.env.cr.savepoint():
                    self.company.write(values)
        self.company.invalidate_recordset()
        self.assertEqual(self.company.idic_rfm_months, 24)

    def test_settings_page_refuses_bad_weights(self):
        # The page's values reach the company when the page is saved (create).
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.env["res.config.settings"].create(
                {"idic_weight_identify": 50, "idic_weight_differentiate": 10}
            ).execute()
        self.company.invalidate_recordset()
        self.assertEqual(self.company.idic_weight_identify, 25)
        # Weights that sum to 100 only together are written in one write.
        self.env["res.config.settings"].create(
            {"idic_weight_identify": 40, "idic_weight_customize": 10}
        ).execute()
        self.assertEqual(self.company._idic_component_weights(), (40, 25, 25, 10))


@tagged("post_install", "-at_install")
class TestIdicComponents(IdicCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.seller = cls.env["res.users"].create(
            {
                "name": "IDIC seller",
                "login": "idic_seller",
                "group_ids": [(4, cls.env.ref("sales_team.group_sale_salesman").id)],
            }
        )
        cls.vip = cls._complete_company("VIP Co", "vip@example.com", cls.seller)
        cls.small = cls._customer("Small buyer", email="small@example.com")
        cls._order(cls.vip, 900, 3)
        cls._order(cls.small, 100, 60)

    def test_identify_counts_weighted_fields_and_duplicates(self):
        self._recompute()
        vip = self._profile(self.vip)
        # Company: email 15 + phone 15 + address 15 + salesperson 10 = 55 of 90.
        self.assertEqual(
            (vip.identify_weight_got, vip.identify_weight_possible), (55, 90)
        )
        self.assertEqual(vip.identify_score, 61.11)
        self._customer("VIP Co (copy)", is_company=True, email="vip@example.com")
        self._recompute()
        vip.invalidate_recordset()
        self.assertEqual(vip.duplicate_count, 1)
        self.assertEqual(vip.identify_score, 41.11)
        action = vip.action_open_duplicates()
        self.assertEqual(action["res_model"], "base.partner.merge.automatic.wizard")
        self.assertEqual(len(action["context"]["active_ids"]), 2)
        # A dialog on a new wizard, titled (else the dialog reads "Odoo").
        self.assertEqual((action["view_mode"], action["target"]), ("form", "new"))
        self.assertEqual(action["name"], "Merge the duplicates")
        self.assertNotIn("res_id", action)

    def test_duplicates_sharing_email_and_tax_id_count_once(self):
        # A's others: B (same email and tax ID, once), C (email), D (tax ID): 3.
        a, b, c, d = (
            self._customer(name, is_company=True, email=email, vat=vat)
            for name, email, vat in (
                ("Dup A", "dup@example.com", "0101"),
                ("Dup B", "dup@example.com", "0101"),
                ("Dup C", "dup@example.com", "0202"),
                ("Dup D", "other@example.com", "0101"),
            )
        )
        self._recompute()
        counts = [self._profile(p).duplicate_count for p in (a, b, c, d)]
        # B: A, C, D -> 3; C: A, B (email) -> 2; D: A, B (tax ID) -> 2.
        self.assertEqual(counts, [3, 3, 2, 2])

    def test_tax_ids_written_differently_are_one(self):
        """Staff type a Vietnamese tax code (MST) with spaces, dots or a
        dash: the same code, however written, marks a possible duplicate; a
        branch's code (head office's + "-001") is another taxpayer."""
        head, spaced, dotted, branch = (
            self._customer(name, is_company=True, vat=vat)
            for name, vat in (
                ("MST A", "0101234567"),
                ("MST B", " 0101 234 567 "),
                ("MST C", "0101.234.567"),
                ("MST D", "0101234567-001"),
            )
        )
        self._recompute()
        counts = [
            self._profile(p).duplicate_count for p in (head, spaced, dotted, branch)
        ]
        self.assertEqual(counts, [2, 2, 2, 0])
        # The merge wizard opens on the same three.
        action = self._profile(spaced).action_open_duplicates()
        self.assertEqual(
            sorted(action["context"]["active_ids"]),
            sorted((head | spaced | dotted).ids),
        )
        self.assertFalse(self._profile(branch).action_open_duplicates())

    def test_interactions_by_people_count_and_bot_notifications_do_not(self):
        self._recompute()
        self.assertEqual(self._profile(self.vip).interaction_count, 0)
        self.vip.message_post(body="Called about a new order", message_type="comment")
        self.vip.message_post(
            body="System notice",
            message_type="comment",
            author_id=self.env.ref("base.partner_root").id,
        )
        order = self.env["sale.order"].search([("partner_id", "=", self.vip.id)])
        order.message_post(body="Customer asked for delivery", message_type="comment")
        self.vip.activity_schedule(
            "mail.mail_activity_data_call", user_id=self.seller.id
        )
        self._recompute()
        profile = self._profile(self.vip)
        self.assertEqual(profile.interaction_count, 2)
        self.assertEqual(profile.last_interaction_date, self.today)
        self.assertEqual(profile.planned_activity_count, 1)
        # 2 interactions (8) + today (30) + planned (30) = 68.
        self.assertEqual(profile.interact_score, 68.0)
        # The explanation gives the day as the reader writes dates.
        self.assertIn(
            f"2 interactions in 90 days, last on {self.today:%m/%d/%Y}",
            profile.score_explanation,
        )
        self.env["res.lang"]._activate_lang("vi_VN")
        self.assertIn(
            f"2 lần tương tác trong 90 ngày, gần nhất ngày {self.today:%d/%m/%Y}",
            profile.with_context(lang="vi_VN").score_explanation,
        )
        # The IDIC tab lists them by channel; the bot's notice is not one of them.
        timeline = str(self.vip.with_company(self.company).idic_timeline)
        self.assertIn("Note: 2", timeline)
        self.assertIn("Called about a new order", timeline)
        self.assertIn("Customer asked for delivery", timeline)
        self.assertNotIn("System notice", timeline)
        # Each line says when, as the reader writes dates and times.
        self.assertRegex(timeline, r"<td>\d\d/\d\d/\d{4} \d\d:\d\d [AP]M</td>")
        self.assertNotRegex(timeline, r"\d{4}-\d\d-\d\d")
        # Each line names its author.
        self.assertIn(f"<td>{self.env.user.partner_id.name}</td>", timeline)

    def test_idic_score_is_the_weighted_mean_and_explained(self):
        self.company.write({"idic_weight_identify": 40, "idic_weight_customize": 10})
        self._recompute()
        profile = self._profile(self.vip)
        expected = round(
            (
                40 * profile.identify_score
                + 25 * profile.differentiate_score
                + 25 * profile.interact_score
                + 10 * profile.customize_score
            )
            / 100,
            2,
        )
        self.assertAlmostEqual(profile.idic_score, expected, places=2)
        self.assertIn("40%", profile.score_explanation)
        self.assertIn("55 of 90", profile.score_explanation)

    def test_lead_score_with_and_without_customer(self):
        self._recompute()
        with_customer = self.env["crm.lead"].create(
            {"name": "Repeat order", "partner_id": self.vip.id}
        )
        self.assertAlmostEqual(
            with_customer.idic_score, self._profile(self.vip).idic_score, places=2
        )
        stranger = self.env["crm.lead"].create(
            {"name": "Cold lead", "email_from": "who@example.com", "phone": "0909"}
        )
        # email 15 + phone 15, no messages yet.
        self.assertEqual(stranger.idic_score, 30.0)
        stranger.contact_name = "Lan"
        self.assertEqual(stranger.idic_score, 40.0)

    def test_segment_membership_customization_and_cadence(self):
        tag = self.env["res.partner.category"].create({"name": "VIP care"})
        pricelist = self.env["product.pricelist"].create({"name": "VIP prices"})
        segment = self.env["crm.idic.segment"].create(
            {
                "name": "Most valuable",
                "rule_domain": "[('value_tier', '=', 'mvc')]",
                "tag_ids": [(4, tag.id)],
                "pricelist_id": pricelist.id,
                "cadence_days": 30,
                "suggestion": "Offer the extended warranty",
            }
        )
        self._recompute()
        vip = self._profile(self.vip)
        self.assertEqual(vip.segment_id, segment)
        self.assertFalse(self._profile(self.small).segment_id)
        members = segment.action_view_members()
        self.assertEqual(
            self.env[members["res_model"]].search(members["domain"]),
            vip,
        )
        self.assertEqual(
            (members["type"], members["name"], members["view_mode"]),
            ("ir.actions.act_window", "Most valuable", "list,form"),
        )
        customize_before = vip.customize_score
        segment.action_apply_customization()
        self.assertIn(tag, self.vip.category_id)
        self.assertEqual(
            self.vip.with_company(self.company).property_product_pricelist, pricelist
        )
        self._recompute()
        vip.invalidate_recordset()
        self.assertEqual(vip.customize_score, customize_before + 40)
        # Never contacted: cadence overdue, one activity for the salesperson, once.
        self.assertTrue(vip.cadence_overdue)
        cadence = self.env.ref("crm_idic.mail_activity_type_cadence")
        domain = [
            ("res_model", "=", "res.partner"),
            ("res_id", "=", self.vip.id),
            ("activity_type_id", "=", cadence.id),
        ]
        self.assertEqual(self.env["mail.activity"].search_count(domain), 1)
        self._recompute()
        self.assertEqual(self.env["mail.activity"].search_count(domain), 1)
        # The quotation shows the segment and takes its pricelist.
        quotation = self._order(self.vip, 100, 0, state="draft")
        self.assertEqual(quotation.idic_segment_id, segment)
        self.assertEqual(quotation.idic_suggestion, "Offer the extended warranty")
        quotation.action_idic_apply_segment()
        self.assertEqual(quotation.pricelist_id, pricelist)

    def test_segment_campaign_is_logged_and_counts_in_customize(self):
        template = self.env["mail.template"].create(
            {
                "name": "Spring offer",
                "model_id": self.env["ir.model"]._get_id("res.partner"),
                "subject": "Spring offer",
                "body_html": "<p>Dear customer, our spring offer.</p>",
            }
        )
        segment = self.env["crm.idic.segment"].create(
            {
                "name": "Everyone who bought",
                "rule_domain": "[('rfm_frequency', '>', 0)]",
                "mail_template_ids": [(4, template.id)],
            }
        )
        self._recompute()
        before = self._profile(self.vip).customize_score
        segment.action_send_campaign()
        self._recompute()
        profile = self._profile(self.vip)
        self.assertEqual(profile.campaign_count, 1)
        self.assertEqual(profile.customize_score, before + 10)
        self.assertIn("spring offer", self.vip.message_ids[0].body)

    def test_invalid_segment_rule_refused(self):
        with self.assertRaises(ValidationError):
            self.env["crm.idic.segment"].create(
                {"name": "Broken", "rule_domain": "[('no_such_field', '=', 1)]"}
            )


@tagged("post_install", "-at_install")
class TestSegmentRulesOnTheCompanyDay(VietnamTimeMixin, IdicCommon):
    def test_rules_of_dates_read_the_companys_day(self):
        """Rules as Odoo's domain editor writes them ("today", or
        ``context_today()`` with ``relativedelta``), run by the scheduled
        recompute, whose user has no time zone, at 01:00 on 21 November in Hà
        Nội (18:00 UTC on the 20th): an order of the 20th is not today's."""
        customer = self._customer("Khách đặt hôm qua")
        order = self._order(customer, 500, 0)
        order.date_order = self._utc(datetime(2026, 11, 20, 10, 0))
        Segment = self.env["crm.idic.segment"]
        today, today_expr, month = Segment.create(
            [
                {
                    "name": "Ordered today",
                    "sequence": 1,
                    "rule_domain": "[('last_order_date', '>=', 'today')]",
                },
                {
                    "name": "Ordered today (expression)",
                    "sequence": 2,
                    "rule_domain": "[('last_order_date', '>=', "
                    "context_today().strftime('%Y-%m-%d'))]",
                },
                {
                    "name": "Ordered in the last 30 days",
                    "sequence": 3,
                    "rule_domain": "[('last_order_date', '>=', (context_today() "
                    "+ relativedelta(days=-30)).strftime('%Y-%m-%d'))]",
                },
            ]
        )
        root = self.env.ref("base.user_root")
        root.partner_id.tz = False
        cron_env = self.env(user=root, context={"tz": False})
        with freeze_time("2026-11-20 18:00:00"):
            cron_env["crm.idic.profile"]._recompute_profiles(
                company_ids=self.company.ids
            )
        profile = self._profile(customer)
        self.assertEqual(profile.last_order_date, date(2026, 11, 20))
        self.assertEqual(profile.segment_id, month)
        self.assertFalse((today | today_expr).profile_ids & profile)
