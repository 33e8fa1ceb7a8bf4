"""Each of the eight QCI components measured from records the test creates; the
expected values are worked out by hand from the rules of the readme."""

from datetime import datetime, time, timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.crm_qci.tests.common import QciCommon


@tagged("post_install", "-at_install")
class TestAssessmentMeasures(QciCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.seller2 = cls._salesperson("qci_seller2")
        cls._archive_other_customers()
        # The period: the last 30 days; events 10 days ago are inside, 40 outside.
        cls.date_from, cls.date_to = cls.today - timedelta(days=30), cls.today
        cls._customers_and_segments()
        cls._quotations()
        cls._leads()
        cls._targets()
        cls._tickets_and_ratings()
        cls.Profile._recompute_profiles(company_ids=cls.company.ids)
        cls.assessment = cls.env["crm.qci.assessment"].create(
            {
                "name": "Measured",
                "date_from": cls.date_from,
                "date_to": cls.date_to,
            }
        )
        cls.assessment.action_start()

    @classmethod
    def _archive_other_customers(cls):
        """The measures count every customer of the company, and customers shared by
        all companies (a database with Odoo's or the suite's demo data has some)
        would be counted too: archived for this test, the counts are its own."""
        cls.env["res.partner"].search(
            [("customer_rank", ">", 0), ("user_ids", "=", False)]
        ).action_archive()

    @classmethod
    def _customers_and_segments(cls):
        """A: complete (email, phone, address, salesperson: 55 of 90 for a company),
        in Hà Nội, contacted today; B: salesperson only (10 of 90), in Huế, never
        contacted; C: salesperson only, in no segment."""
        cls.a = cls._complete_company("QCI A", "qci.a@example.com", cls.seller)
        cls.b = cls._customer(
            "QCI B", is_company=True, city="Huế", user_id=cls.seller.id
        )
        cls.c = cls._customer("QCI C", is_company=True, user_id=cls.seller2.id)
        Segment = cls.env["crm.idic.segment"]
        for city in ("Hà Nội", "Huế"):
            Segment.create(
                {
                    "name": f"Customers in {city}",
                    "company_id": cls.company.id,
                    "rule_domain": repr([("partner_id.city", "=", city)]),
                    "cadence_days": 30,
                }
            )
        cls.a.with_user(cls.seller).message_post(
            body="Called about the next order", message_type="comment"
        )

    @classmethod
    def _quotations(cls):
        """In the period: A's order confirmed, C's quotation sent, C's draft; A's
        order of 40 days ago is outside. Sent or confirmed 2, confirmed 1."""
        cls._order(cls.a, 500, 10, "sale", user_id=cls.seller.id)
        cls._order(cls.c, 300, 8, "sent", user_id=cls.seller2.id)
        cls._order(cls.c, 200, 3, "draft", user_id=cls.seller2.id)
        cls._order(cls.a, 400, 40, "sale", user_id=cls.seller.id)

    @classmethod
    def _leads(cls):
        """Three won and one lost in the period, one won before it."""
        won_stage = cls.env["crm.stage"].search([("is_won", "=", True)], limit=1)
        leads = cls.env["crm.lead"].create(
            [
                {"name": f"Deal {n}", "type": "opportunity", "user_id": cls.seller.id}
                for n in range(5)
            ]
        )
        leads[:3].write({"stage_id": won_stage.id, "probability": 100})
        leads[4].write({"stage_id": won_stage.id, "probability": 100})
        leads[3].action_set_lost()
        inside = datetime.combine(cls.today - timedelta(days=10), time(12, 0))
        leads[:4].write({"date_closed": inside})
        leads[4].write({"date_closed": inside - timedelta(days=30)})

    @classmethod
    def _targets(cls):
        """The month of 10 days ago: the seller invoiced 1,500 of 2,000 (75 %),
        seller 2 1,500 of 1,000 (150 %, counted as 100)."""
        day = cls.today - timedelta(days=10)
        for seller, target in ((cls.seller, 2000), (cls.seller2, 1000)):
            cls._invoice(cls.a, 1500, day, invoice_user_id=seller.id)
            cls.env["crm.qci.target"].create(
                {
                    "user_id": seller.id,
                    "period": "month",
                    "date_from": day.replace(day=1),
                    "revenue_target": target,
                }
            )

    @classmethod
    def _tickets_and_ratings(cls):
        """Three tickets closed in the period: two solved at once (met), one solved
        five days later (failed: 16 working hours); rated 5 and 2."""
        opened = datetime.combine(cls.today - timedelta(days=12), time(9, 0))
        with freeze_time(opened):
            cls.tickets = cls.env["crm.care.ticket"].create(
                [
                    {
                        "subject": f"Leak {n}",
                        "partner_id": cls.customer.id,
                        "team_id": cls.team.id,
                        "user_id": cls.agent.id,
                    }
                    for n in range(3)
                ]
            )
            cls.tickets[:2].write({"stage_id": cls.stage_solved.id})
        with freeze_time(opened + timedelta(days=5)):
            cls.tickets[2].write({"stage_id": cls.stage_solved.id})
        for ticket, rate in zip(cls.tickets[:2], (5, 2), strict=True):
            token = ticket._rating_get_access_token(cls.customer)
            ticket.rating_apply(rate, token=token, feedback="Thanks")

    def _line(self, measure):
        return self.assessment.line_ids.filtered(
            lambda line: line.component_id.measure == measure
        )

    def test_analysis_and_planning_share_of_segmented_customers(self):
        # A and B are in a segment, C is not: 2 of 3.
        line = self._line("segmented_share")
        self.assertAlmostEqual(line.measured_value, 200 / 3, 2)
        # Floor 0, target 80: 66.67 / 80.
        self.assertAlmostEqual(line.measured_score, 100 * (200 / 3) / 80, 2)

    def test_proposition_quotations_accepted(self):
        self.assertAlmostEqual(self._line("quote_acceptance").measured_value, 50.0)
        # Floor 10, target 60: (50 - 10) / 50.
        self.assertAlmostEqual(self._line("quote_acceptance").measured_score, 80.0)

    def test_data_and_technology_mean_identify_score(self):
        # A 55/90 = 61.11, B and C 10/90 = 11.11 each: (61.11 + 2 x 11.11) / 3.
        line = self._line("identify_avg")
        self.assertAlmostEqual(line.measured_value, (61.11 + 2 * 11.11) / 3, 2)

    def test_people_target_attainment_each_capped(self):
        # (75 + min(150, 100)) / 2.
        line = self._line("target_attainment")
        self.assertAlmostEqual(line.measured_value, 87.5)
        # Floor 40, target 100: (87.5 - 40) / 60.
        self.assertAlmostEqual(line.measured_score, 100 * 47.5 / 60, 2)

    def test_process_sla_compliance(self):
        # Two met of three closed with an SLA.
        self.assertAlmostEqual(self._line("sla_compliance").measured_value, 200 / 3, 2)

    def test_customer_management_win_rate(self):
        # Three won, one lost in the period (the deal won before it is not counted).
        self.assertAlmostEqual(self._line("win_rate").measured_value, 75.0)
        # Floor 10, target 50: capped at 100.
        self.assertAlmostEqual(self._line("win_rate").measured_score, 100.0)

    def test_measuring_effectiveness_cadence_kept(self):
        # A (contacted today) within its 30 days, B never contacted: 1 of 2.
        self.assertAlmostEqual(self._line("cadence_kept").measured_value, 50.0)

    def test_customer_experience_mean_rating(self):
        # Ratings 5 and 2: 3.5 on 1-5; floor 1, target 5: 2.5 / 4.
        line = self._line("csat_avg")
        self.assertAlmostEqual(line.measured_value, 3.5)
        self.assertAlmostEqual(line.measured_score, 62.5)

    def test_team_assessment_counts_only_its_members(self):
        # The sales team has the seller only: seller 2's target and quotations
        # do not count.
        team_assessment = self.env["crm.qci.assessment"].create(
            {
                "name": "Team",
                "team_id": self.sales_team.id,
                "date_from": self.date_from,
                "date_to": self.date_to,
            }
        )
        measures = team_assessment._measures()
        self.assertAlmostEqual(measures["target_attainment"], 75.0)
        # The seller's quotations: A's confirmed order only.
        self.assertAlmostEqual(measures["quote_acceptance"], 100.0)
        # The seller's customers A and B, both segmented.
        self.assertAlmostEqual(measures["segmented_share"], 100.0)

    def test_customer_experience_counts_a_ticket_once_its_latest_rating(self):
        # The third ticket (late) is rated 4, then reopened, solved and rated 1:
        # (5 + 2 + 1) / 3, its first rating left out.
        late = self.tickets[2]
        for rate in (4, 1):
            token = late._rating_get_access_token(self.customer)
            late.rating_apply(rate, token=token)
        measures = self.assessment._measures()
        self.assertAlmostEqual(measures["csat_avg"], 8 / 3)
