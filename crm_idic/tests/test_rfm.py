from datetime import date

from odoo.tests import tagged

from .common import IdicCommon


@tagged("post_install", "-at_install")
class TestRfm(IdicCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alpha = cls._customer("Alpha")
        cls.beta = cls._customer("Beta")
        cls.gamma = cls._customer("Gamma")
        cls.delta = cls._customer("Delta")
        cls.epsilon = cls._customer("Epsilon")
        # Alpha and Beta tie: 3 orders of 100, the last 10 days ago.
        for partner in (cls.alpha, cls.beta):
            for days in (200, 100, 10):
                cls._order(partner, 100, days)
        # Gamma: one order of 500 five days ago; one 25 months ago (out of window).
        cls._order(cls.gamma, 500, 5)
        cls._order(cls.gamma, 9000, 25 * 31)
        # Delta: 2 orders of 50, 40 days ago; a cancelled and a draft one ignored.
        cls._order(cls.delta, 50, 40)
        cls._order(cls.delta, 50, 41)
        cls._order(cls.delta, 10000, 3, state="cancel")
        cls._order(cls.delta, 10000, 3, state="draft")
        # Epsilon never ordered.

    def test_rfm_scores_are_cume_dist_quintiles_and_ties_share_a_score(self):
        self._recompute()
        # Among the 4 buyers: F ascending C1 D2 A3 B3 -> cume_dist .25 .5 1 1
        #   -> ceil(5x): C2 D3 A5 B5. M ascending D100 A300 B300 C500 -> .25 .75 .75 1
        #   -> D2 A4 B4 C5. R over recency descending D40 A10 B10 C5 -> .25 .75 .75 1
        #   -> D2 A4 B4 C5.
        expected = {
            self.alpha: (10, 3, 300.0, 4, 5, 4),
            self.beta: (10, 3, 300.0, 4, 5, 4),
            self.gamma: (5, 1, 500.0, 5, 2, 5),
            self.delta: (40, 2, 100.0, 2, 3, 2),
            self.epsilon: (0, 0, 0.0, 0, 0, 0),
        }
        for partner, values in expected.items():
            profile = self._profile(partner)
            with self.subTest(partner=partner.name):
                self.assertEqual(
                    (
                        profile.rfm_recency_days,
                        profile.rfm_frequency,
                        profile.rfm_monetary,
                        profile.rfm_r_score,
                        profile.rfm_f_score,
                        profile.rfm_m_score,
                    ),
                    values,
                )
        self.assertEqual(self._profile(self.epsilon).rfm_segment, "no_purchase")

    def test_value_tiers(self):
        self._recompute()
        # Gamma has the top M score: most valuable. Alpha: F 5 -> most growable.
        # Delta: F 3, M 2, no growth -> standard; Epsilon without orders: standard.
        tiers = {
            partner: self._profile(partner).value_tier
            for partner in (self.alpha, self.gamma, self.delta, self.epsilon)
        }
        self.assertEqual(
            tiers,
            {
                self.alpha: "mgc",
                self.gamma: "mvc",
                self.delta: "standard",
                self.epsilon: "standard",
            },
        )

    def test_tier_changes_are_logged_once_with_their_direction(self):
        Move = self.env["crm.idic.tier.move"]
        partners = self.alpha | self.beta | self.gamma | self.delta | self.epsilon

        def moves():
            return {
                (move.partner_id, move.tier_from, move.tier_to, move.direction)
                for move in Move.search([("partner_id", "in", partners.ids)])
            }

        self._recompute()
        first = moves()
        self.assertEqual(len(first), 5)
        self.assertIn((self.gamma, False, "mvc", "first"), first)
        self.assertIn((self.epsilon, False, "standard", "first"), first)
        # Nothing changed: a second run logs nothing.
        self._recompute()
        self.assertEqual(moves(), first)
        # Delta buys 2,000 (top M -> most valuable: up); Epsilon's credit note
        # exceeds its invoice (below zero: down). Gamma loses the top M score to
        # Delta and, with F 2 and no growth, falls to standard (down).
        self._order(self.delta, 2000, 5)
        self._invoice(self.epsilon, 200, 30)
        self._invoice(self.epsilon, 250, 10, move_type="out_refund")
        self._recompute()
        self.assertEqual(
            moves() - first,
            {
                (self.delta, "standard", "mvc", "up"),
                (self.epsilon, "standard", "bz", "down"),
                (self.gamma, "mvc", "standard", "down"),
            },
        )
        self.assertEqual(
            Move.search([("partner_id", "=", self.delta.id)], limit=1).date,
            self.today,
        )

    def test_growth_makes_a_customer_most_growable(self):
        grower = self._customer("Grower")
        self._order(grower, 100, 250)  # 6 months before the last 6: 100
        self._order(grower, 60, 30)
        self._order(grower, 60, 20)  # last 6 months: 120 >= 1.2 x 100
        self._recompute()
        profile = self._profile(grower)
        self.assertEqual((profile.amount_prev6, profile.amount_last6), (100.0, 120.0))
        self.assertEqual(profile.value_tier, "mgc")

    def test_credit_notes_lower_revenue_and_below_zero_tier(self):
        self._invoice(self.delta, 1000, 30)
        self._invoice(self.delta, 300, 20, move_type="out_refund")
        self._invoice(self.epsilon, 200, 30)
        self._invoice(self.epsilon, 250, 10, move_type="out_refund")
        self._recompute()
        self.assertEqual(self._profile(self.delta).revenue_invoiced, 700.0)
        epsilon = self._profile(self.epsilon)
        self.assertEqual(epsilon.revenue_invoiced, -50.0)
        self.assertEqual(epsilon.value_tier, "bz")

    def test_order_in_foreign_currency_counts_at_the_order_date_rate(self):
        foreign = self.setup_other_currency("EUR", rates=[("2000-01-01", 2.0)])
        pricelist = self.env["product.pricelist"].create(
            {"name": "EUR", "currency_id": foreign.id}
        )
        buyer = self._customer("Foreign buyer")
        order = self._order(buyer, 80, 15, pricelist_id=pricelist.id)
        self.assertEqual(order.currency_id, foreign)
        self._recompute()
        # 80 EUR at 2 EUR for 1 company unit = 40 in company currency.
        self.assertEqual(self._profile(buyer).rfm_monetary, 40.0)

    def test_other_company_orders_never_change_this_company_profiles(self):
        other = self.setup_other_company(name="Other company")["company"]
        self._recompute()
        before = self._profile(self.gamma).read(
            ["rfm_frequency", "rfm_monetary", "rfm_m_score", "value_tier"]
        )
        self._order(self.gamma, 50000, 1, company=other)
        self._order(self.gamma, 50000, 2, company=other)
        self._recompute()
        self.Profile._recompute_profiles(company_ids=other.ids)
        after = self._profile(self.gamma).read(
            ["rfm_frequency", "rfm_monetary", "rfm_m_score", "value_tier"]
        )
        self.assertEqual(before, after)
        other_profile = self._profile(self.gamma, other)
        self.assertEqual(other_profile.rfm_frequency, 2)
        self.assertEqual(other_profile.rfm_monetary, 100000.0)

    def test_confirmed_order_marks_the_customer_and_incremental_run_fixes_it(self):
        self._recompute()
        self._order(self.epsilon, 70, 1)
        profile = self._profile(self.epsilon)
        self.assertTrue(profile.needs_recompute)
        self.Profile._recompute_dirty()
        profile.invalidate_recordset()
        self.assertFalse(profile.needs_recompute)
        self.assertEqual((profile.rfm_frequency, profile.rfm_monetary), (1, 70.0))

    def test_merged_customers_are_recomputed_as_one(self):
        self._recompute()
        # Monthly scores: both have October's, only Delta has September's.
        Snapshot = self.env["crm.idic.score.snapshot"].sudo()  # noqa: N806
        kept = Snapshot.create(
            [
                {"partner_id": partner.id, "company_id": self.company.id, **values}
                for partner, values in [
                    (self.alpha, {"month": date(2020, 10, 1), "idic_score": 70.0}),
                    (self.delta, {"month": date(2020, 10, 1), "idic_score": 40.0}),
                    (self.delta, {"month": date(2020, 9, 1), "idic_score": 30.0}),
                ]
            ]
        )
        alpha = self._profile(self.alpha)
        self.assertEqual((alpha.rfm_frequency, alpha.rfm_monetary), (3, 300.0))
        # Delta (2 orders of 50) found to be Alpha: Odoo's merge moves the
        # orders in SQL and drops Delta's profile.
        self.env["base.partner.merge.automatic.wizard"]._merge(
            (self.alpha | self.delta).ids, self.alpha, extra_checks=False
        )
        self.assertFalse(self.delta.exists())
        # Alpha keeps its October and takes Delta's September (Odoo's merge
        # alone drops all of Delta's months when one collides).
        scores = Snapshot.search(
            [("partner_id", "=", self.alpha.id), ("month", "<", date(2021, 1, 1))],
            order="month",
        )
        self.assertEqual(
            [(s.month, s.idic_score) for s in scores],
            [(date(2020, 9, 1), 30.0), (date(2020, 10, 1), 70.0)],
        )
        self.assertEqual(scores[1], kept[0])
        alpha.invalidate_recordset()
        self.assertTrue(alpha.needs_recompute)
        self.Profile._recompute_dirty()
        alpha.invalidate_recordset()
        # 3 x 100 and 2 x 50, on five days.
        self.assertEqual((alpha.rfm_frequency, alpha.rfm_monetary), (5, 400.0))

    def test_partner_fields_follow_the_current_company(self):
        self._recompute()
        gamma = self.gamma.with_company(self.company)
        profile = self._profile(self.gamma)
        self.assertEqual(gamma.idic_value_tier, "mvc")
        self.assertAlmostEqual(gamma.idic_score, profile.idic_score, places=2)
        found = (
            self.env["res.partner"]
            .with_company(self.company)
            .search(
                [
                    ("idic_value_tier", "=", "mvc"),
                    ("id", "in", [self.gamma.id, self.delta.id]),
                ]
            )
        )
        self.assertEqual(found, self.gamma)
        groups = dict(
            self.env["res.partner"]
            .with_company(self.company)
            ._read_group(
                [("id", "in", (self.alpha | self.beta | self.gamma).ids)],
                ["idic_value_tier"],
                ["__count"],
            )
        )
        self.assertEqual(groups, {"mgc": 2, "mvc": 1})
