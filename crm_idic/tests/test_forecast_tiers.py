"""The value tiers from the forecast and the win-back calls of customers slipping
away, through the recompute (the customers of :class:`ForecastCommon`). Figures
by hand."""

from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from .common import ForecastCommon, search_filter_domain


@tagged("post_install", "-at_install")
class TestForecastTiers(ForecastCommon):
    def test_tiers_from_the_forecast(self):
        # Expected revenue (see the simple rule's test): B 1,159.52, A 397.01,
        # C 231.90; the top 70 % of the 3 buyers (cume_dist 1/3, 2/3) are most
        # valuable: B and A. Potentials B 759.52, C 151.90, A 47.01: C's 2/3
        # makes it most growable. D never bought: standard.
        self._recompute()
        rfm = [self._profile(p).value_tier for p in (self.regular, self.once)]
        self.assertEqual(rfm, ["mgc", "mvc"])
        self.company.write({"idic_tier_method": "forecast", "idic_mvc_share": 70})
        self._recompute()
        tiers = [
            self._profile(p).value_tier
            for p in (self.once, self.regular, self.new, self.prospect)
        ]
        self.assertEqual(tiers, ["mvc", "mvc", "mgc", "standard"])
        # 40 %: B alone is most valuable; C's potential (2/3) is out, A's too.
        self.company.idic_mvc_share = 40
        self._recompute()
        tiers = [self._profile(p).value_tier for p in (self.once, self.regular)]
        self.assertEqual(tiers, ["mvc", "standard"])

    def test_a_changed_setting_is_applied_by_the_next_recompute_of_the_day(self):
        # Today's daily recompute has run: RFM tiers, nothing left to do.
        self.Profile._cron_recompute_all()
        tiers = [self._profile(p).value_tier for p in (self.regular, self.once)]
        self.assertEqual(tiers, ["mgc", "mvc"])
        self.assertFalse(self._marked())
        # The manager saves the settings page with the tiers from the forecast
        # (70 %): the 15-minute recompute applies it (see the test above).
        self.env["res.config.settings"].create(
            {"idic_tier_method": "forecast", "idic_mvc_share": 70}
        ).execute()
        self.assertEqual(len(self._marked()), 4)
        self.Profile._cron_recompute_dirty()
        tiers = [
            self._profile(p).value_tier
            for p in (self.once, self.regular, self.new, self.prospect)
        ]
        self.assertEqual(tiers, ["mvc", "mvc", "mgc", "standard"])
        self.assertEqual(self.company.idic_tier_method_applied, "forecast")
        # Saved again unchanged, or another company changed: no one is marked.
        self.env["res.config.settings"].create({}).execute()
        other = self.env["res.company"].create({"name": "Công ty khác"})
        other.idic_tier_method = "forecast"
        self.assertFalse(self._marked())

    def _marked(self):
        """This test's customers marked for the 15-minute recompute (a database
        with demo data has shared customers with a profile here too)."""
        customers = self.once | self.regular | self.new | self.prospect
        return self.Profile.search(
            [
                ("company_id", "=", self.company.id),
                ("partner_id", "in", customers.ids),
                ("needs_recompute", "=", True),
            ]
        )

    def test_a_valuable_customer_slipping_away_gets_one_winback_call(self):
        seller = self._salesperson("forecast_seller")
        self.once.user_id = seller
        self.company.idic_winback_threshold = 30
        self._recompute()
        self.assertEqual(self._profile(self.once).value_tier, "mvc")
        # 400 days on, B has been silent (28 + 400) / 7 = 61.14 weeks for a usual
        # gap of 18: 18 / 61.14 = 29.4 % likely active, below 30 %. A (15.333 /
        # 71.14 = 21.6 %) and C (18 / 57.14 = 31.5 %) were not most valuable: no
        # call for them.
        with freeze_time(fields.Datetime.now() + timedelta(days=400)):
            self._recompute()
            self._recompute()  # the same fall: no second call
        profile = self._profile(self.once)
        self.assertAlmostEqual(profile.probability_alive, 0.294, places=3)
        self.assertTrue(profile.slipping_away)
        self.assertFalse(self._profile(self.regular).slipping_away)
        calls = self._winback_calls()
        self.assertEqual(len(calls), 1)
        self.assertEqual(calls.res_id, self.once.id)
        self.assertEqual(calls.user_id, seller)
        self.assertEqual(calls.summary, "Win back: 29 % likely still active")
        self.assertEqual(
            self.Profile.search(
                [("slipping_away", "=", True), ("company_id", "=", self.company.id)]
            ),
            profile,
        )
        # Where the salesperson works: the Customers' "Slipping away" filter and
        # the figures of the customer's IDIC tab.
        Partner = self.env["res.partner"].with_user(seller)  # noqa: N806
        customers = [("id", "in", (self.regular | self.once | self.new).ids)]
        self.assertEqual(
            Partner.search(customers + [("idic_slipping_away", "=", True)]),
            self.once,
        )
        self.assertEqual(
            Partner.search(customers + [("idic_slipping_away", "=", False)]),
            self.regular | self.new,
        )
        # Its "Likely lost" and "Likely still active" filters: 400 days on, A
        # (21.6 %), B (29.4 %) and C (31.5 %) are all under 50 %.
        lost = search_filter_domain(Partner, "idic_likely_lost")
        active = search_filter_domain(Partner, "idic_likely_active")
        self.assertEqual(
            Partner.search(customers + lost), self.regular | self.once | self.new
        )
        self.assertFalse(Partner.search(customers + active))
        trio = self.regular | self.once | self.new
        mine = [("partner_id", "in", trio.ids), ("company_id", "=", self.company.id)]
        for name, found in (("likely_lost", trio), ("likely_active", trio.browse())):
            domain = search_filter_domain(self.Profile, name)
            self.assertEqual(self.Profile.search(mine + domain).partner_id, found)
        once = self.once.with_user(seller)
        self.assertAlmostEqual(once.idic_probability_alive, 0.294, places=3)
        self.assertTrue(once.idic_slipping_away)
        self.assertEqual(
            (once.idic_predicted_revenue, once.idic_clv, once.idic_currency_id),
            (profile.predicted_revenue, profile.clv, self.company.currency_id),
        )
        self.assertGreater(once.idic_predicted_revenue, 0)

    def test_no_winback_call_on_the_first_recompute_after_a_switch(self):
        self.once.user_id = self._salesperson("switch_seller")
        self._recompute()
        self.company.idic_tier_method = "forecast"
        with freeze_time(fields.Datetime.now() + timedelta(days=400)):
            self._recompute()
        self.assertTrue(self._profile(self.once).slipping_away)
        self.assertFalse(self._winback_calls())
        self.assertEqual(self.company.idic_tier_method_applied, "forecast")

    def _after_a_fit_of_yesterday(self, **fit_values):
        """Enough repeat customers for a model (24 who bought 3 times, 30 days
        apart; half of them stopped 200 days ago); B, most valuable after a
        first recompute, has a salesperson and every customer not surely active
        falls below the threshold (100 %). Today's fit is then made yesterday's,
        with ``fit_values``, and the company recomputed."""
        for index in range(24):
            partner = self._customer(f"Khách đều {index}")
            last = 10 + index if index % 2 else 200 + index
            for purchase in range(3):
                self._order(partner, 80 + 25 * purchase + index, last + 30 * purchase)
        self.once.user_id = self._salesperson("pareto_seller")
        self.company.idic_winback_threshold = 100
        self._recompute()
        self.assertEqual(self._profile(self.once).value_tier, "mvc")
        fit = self.env["crm.idic.forecast.fit"].search(
            [("company_id", "=", self.company.id)]
        )
        self.assertEqual(fit.method, "model")
        fit.sudo().write(dict(fit_values, date=self.today - timedelta(days=1)))
        self._recompute()
        self.env.invalidate_all()  # the forecast is written in SQL
        # B bought once, 28 days ago: no longer surely active.
        profile = self._profile(self.once)
        self.assertLess(profile.probability_alive, 1.0)
        self.assertTrue(profile.slipping_away)

    def test_a_fall_after_yesterdays_forecast_gets_a_winback_call(self):
        self._after_a_fit_of_yesterday()
        calls = self._winback_calls()
        slipping = self.Profile.search(
            [("company_id", "=", self.company.id), ("slipping_away", "=", True)]
        )
        self.assertEqual(set(calls.mapped("res_id")), set(slipping.partner_id.ids))
        self.assertIn(self.once.id, calls.mapped("res_id"))
        # B's call for its salesperson; a customer without one is called by the
        # leader of the sales team of its latest order (Odoo 19's customers
        # have no team of their own).
        for call in calls:
            partner = self.env["res.partner"].browse(call.res_id)
            team = (
                self.env["sale.order"]
                .search(
                    [("partner_id", "=", partner.id)], order="date_order desc", limit=1
                )
                .team_id
            )
            expected = partner.user_id or team.user_id
            self.assertTrue(expected)
            self.assertEqual(call.user_id, expected)

    def test_no_winback_call_on_the_first_forecast_after_the_bgnbd(self):
        # Yesterday's fit was the BG/NBD's (no s, no beta): under it B was
        # surely active; its fall is the model's change, not the customer's.
        self._after_a_fit_of_yesterday(s=0, beta=0)
        self.assertFalse(self._winback_calls())

    def _winback_calls(self):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("summary", "like", "Win back"),
            ]
        )
