"""Each customer's future value through the recompute: purchases as local days,
the company's fit of the day (the simple rule for a company of three customers,
stored parameters otherwise), the fields staff read. Figures by hand."""

import math
import re
from datetime import datetime, time, timedelta

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from ..tools import display
from .common import ForecastCommon, search_filter_domain


@tagged("post_install", "-at_install")
class TestForecast(ForecastCommon):
    def test_purchases_are_local_days_with_their_amounts(self):
        self._recompute()
        profile = self._profile(self.regular)
        self.assertEqual(
            (
                profile.purchase_count,
                profile.purchase_amount,
                profile.repeat_amount,
                profile.amount_past_horizon,
            ),
            (3, 350.0, 250.0, 350.0),
        )
        self.assertEqual(self._profile(self.prospect).purchase_count, 0)

    def test_the_last_purchase_reads_the_same_in_both_explanations_the_day_after(
        self,
    ):
        """Read the day after the recompute (before the next one): A's last
        purchase, 98 days before the recompute, is 99 days ago in the score's
        explanation as in the forecast's words."""
        self._recompute()
        profile = self._profile(self.regular)
        self.assertIn("last 98 days ago", profile.score_explanation)
        tomorrow = datetime.combine(self.today + timedelta(days=1), time(12, 0))
        with freeze_time(tomorrow):
            profile.invalidate_recordset(["score_explanation", "future_explanation"])
            self.assertIn("last 99 days ago", profile.score_explanation)
            self.assertIn("last 99 days ago:", profile.future_explanation)
            self.assertNotIn("98 days", profile.score_explanation)

    def test_a_small_company_uses_the_simple_rule_and_says_so(self):
        self._recompute()
        fit = self.env["crm.idic.forecast.fit"].search(
            [("company_id", "=", self.company.id)]
        )
        self.assertEqual((fit.method, fit.date), ("rule", self.today))
        self.assertEqual((fit.customer_count, fit.repeat_customer_count), (3, 1))
        self.assertIn("1 repeat customers", fit.note)
        # The usual gap: A's 28 weeks of 2 repeat purchases with the prior's 26
        # weeks as one more, (28 + 26) / 3 = 18 weeks; A's own gap: (28 + 18) /
        # 3 = 15.333 weeks; B and C bought once: the usual 18. All three are
        # surely active (silent no longer than their gap). 12 months = 52.179
        # weeks: 3.403 purchases for A, 2.899 for B and C.
        regular, once, new = (
            self._profile(p) for p in (self.regular, self.once, self.new)
        )
        for profile in (regular, once, new):
            self.assertEqual(profile.probability_alive, 1.0)
        self.assertAlmostEqual(regular.predicted_orders, 3.403, places=3)
        self.assertAlmostEqual(once.predicted_orders, 2.899, places=3)
        self.assertAlmostEqual(new.predicted_orders, 2.899, places=3)
        # Each spends its own average: 350 / 3, 400, 80.
        self.assertAlmostEqual(regular.predicted_revenue, 397.01, delta=0.01)
        self.assertAlmostEqual(once.predicted_revenue, 1159.52, delta=0.01)
        self.assertAlmostEqual(new.predicted_revenue, 231.90, delta=0.01)
        self.assertIn(
            "Bought 3 times in 6 months, last 98 days ago: 100 % likely still "
            "active, expected 3.4 orders and",
            regular.future_explanation,
        )
        self.assertEqual(
            self.regular.idic_future_explanation, regular.future_explanation
        )
        self.assertIn(
            "Bought once, 28 days ago: 100 % likely still active, expected 2.9 "
            "orders and",
            once.future_explanation,
        )
        # Potential: beyond the 350 of A's last 12 months, 400 of B's, 80 of C's.
        self.assertAlmostEqual(regular.potential_value, 47.01, delta=0.01)
        # CLV of B: 4.3482 / 18 = 0.24157 purchases a month × 400 = 96.627 a
        # month for 36 months at 10 % a year (0.79741 % a month): annuity
        # factor (1 - 1.1^-3) / 0.0079741 = 31.1865 -> 3,013.45.
        self.assertAlmostEqual(once.clv, 3013.45, delta=0.02)
        prospect = self._profile(self.prospect)
        self.assertEqual(
            (prospect.predicted_orders, prospect.predicted_revenue, prospect.clv),
            (0, 0, 0),
        )

    def test_a_short_history_in_words(self):
        # E: 35 days ago and yesterday: 34 days between them, 4 whole weeks.
        # C bought once, today.
        recent = self._customer("Khách mới quay lại")
        self._order(recent, 100, 35)
        self._order(recent, 100, 1)
        self._recompute()
        words = self._profile(recent).future_explanation
        self.assertTrue(
            words.startswith("Bought 2 times in 4 weeks, last yesterday: "), words
        )
        new = self._profile(self.new)
        self.assertTrue(new.future_explanation.startswith("Bought once, today: "))
        # The explanation's Differentiate line counts in words too.
        self.assertIn("(1 order, last today)", new.score_explanation)
        self.assertIn(
            "(2 orders, last yesterday)", self._profile(recent).score_explanation
        )
        self.assertEqual(
            [display.interactions_count(self.env, n) for n in (0, 1, 2)],
            ["0 interactions", "1 interaction", "2 interactions"],
        )
        self.env["res.lang"]._activate_lang("vi_VN")
        self.assertTrue(
            self._profile(recent)
            .with_context(lang="vi_VN")
            .future_explanation.startswith(
                "Đã mua 2 lần trong 4 tuần, lần cuối hôm qua: "
            )
        )
        self.assertTrue(
            new.with_context(lang="vi_VN").future_explanation.startswith(
                "Đã mua một lần, hôm nay: "
            )
        )
        self.assertIn(
            "(1 đơn hàng, gần nhất hôm nay)",
            new.with_context(lang="vi_VN").score_explanation,
        )
        # The unit changes at two weeks and at two months.
        spans = [display.time_span(self.env, d) for d in (1, 13, 14, 60, 61, 430)]
        self.assertEqual(
            spans,
            ["1 day", "13 days", "2 weeks", "8 weeks", "2 months", "14 months"],
        )

    def test_a_fading_customers_fraction_of_an_order_is_not_zero_in_words(self):
        self._recompute()
        once = self._profile(self.once)
        # A customer who has quietly left: 0.04 orders (16 of its 400 a purchase).
        once.write({"predicted_orders": 0.04, "predicted_revenue": 16})
        self.assertIn("expected 0.04 orders and", once.future_explanation)
        once.write({"predicted_orders": 0, "predicted_revenue": 0})
        self.assertIn("expected 0.0 orders and", once.future_explanation)
        once.write({"predicted_orders": 1.04, "predicted_revenue": 416})
        self.assertIn("expected 1.0 orders and", once.future_explanation)

    def test_a_vietnamese_company_reads_its_forecast_in_vietnamese(self):
        # The recompute runs as the administrator (English); the fit's note is
        # read by the company's sales manager, in the company's language; a
        # Vietnamese reader writes 2.899 orders as "2,9".
        self.env["res.lang"]._activate_lang("vi_VN")
        self.company.partner_id.lang = "vi_VN"
        self._recompute()
        fit = self.env["crm.idic.forecast.fit"].search(
            [("company_id", "=", self.company.id)]
        )
        self.assertEqual(fit.note, "1 khách hàng mua lại: mô hình cần ít nhất 20.")
        # The fit is named by its company and day, as each reader writes dates.
        self.assertEqual(
            fit.with_context(lang="vi_VN").display_name,
            f"{self.company.name} – {fit.date:%d/%m/%Y}",
        )
        self.assertEqual(
            fit.with_context(lang="en_US").display_name,
            f"{self.company.name} – {fit.date:%m/%d/%Y}",
        )
        once = self._profile(self.once).with_context(lang="vi_VN")
        self.assertIn("dự kiến 2,9 đơn hàng", once.future_explanation)
        self.assertIn(
            "expected 2.9 orders",
            once.with_context(lang="en_US").future_explanation,
        )
        # The partner form shows it too, in each reader's language.
        partner = self.once.with_context(lang="vi_VN")
        self.assertIn("dự kiến 2,9 đơn hàng", partner.idic_future_explanation)
        self.assertIn(
            "expected 2.9 orders",
            partner.with_context(lang="en_US").idic_future_explanation,
        )

    def _cdnow_fit_of_today(self, **values):
        """A model fit of today with the CDNOW parameters (Fader & Hardie 2005,
        the Pareto/NBD note; Gamma-Gamma), changed by ``values``."""
        return (
            self.env["crm.idic.forecast.fit"]
            .sudo()
            .create(
                {
                    "company_id": self.company.id,
                    "date": self.today,
                    "method": "model",
                    "r": 0.5534,
                    "alpha": 10.5802,
                    "s": 0.6061,
                    "beta": 11.6562,
                    "p": 6.25,
                    "q": 3.74,
                    "v": 15.44,
                    **values,
                }
            )
        )

    def test_the_days_fit_is_kept_and_stored_parameters_are_used(self):
        # A fit of today with the CDNOW parameters (Fader & Hardie 2005, the
        # Pareto/NBD note).
        self._cdnow_fit_of_today()
        self._recompute()
        fits = self.env["crm.idic.forecast.fit"].search(
            [("company_id", "=", self.company.id)]
        )
        self.assertEqual(len(fits), 1, "one fit a day")
        # P(alive) = 1 / (1 + the integral over the day of leaving tau, from the
        # last purchase t_x to today T, of ((alpha + T) / (alpha + tau))^(r + x)
        # s (beta + T)^s / (beta + tau)^(s + 1)) — the model's definition,
        # integrated numerically (scipy's quad), not its closed form.
        # A: x = 2, t_x = 196 / 7 = 28 weeks, T = 294 / 7 = 42 weeks: 0.76337.
        regular = self._profile(self.regular)
        self.assertAlmostEqual(regular.probability_alive, 0.7634, places=4)
        # B bought once, 4 weeks ago: 0.82322 — no longer surely active (the
        # BG/NBD would say 100 %). C's first purchase is today: surely active.
        self.assertAlmostEqual(self._profile(self.once).probability_alive, 0.8232, 4)
        self.assertEqual(self._profile(self.new).probability_alive, 1.0)

    def test_the_stored_spend_weighs_the_first_purchase(self):
        # The CDNOW parameters with the first purchase weighed: c 0.5, z = ln
        # (first / 100). B's first (and only) purchase was 400: z = ln 4, its
        # gamma 15.44 x 4^0.5 = 30.88, its expected spend 30.88 x 6.25 / 2.74 =
        # 70.438. C's was 80: gamma 15.44 x 0.8^0.5 = 13.810, spend 31.501. A's
        # first was 100 (z 0): 0.17979 x 35.219 + 0.82021 x its own 125 = 108.858.
        self._cdnow_fit_of_today(c=0.5, z_mean=math.log(100), z_sd=1.0)
        self._recompute()
        for partner, spend in (
            (self.once, 70.438),
            (self.new, 31.501),
            (self.regular, 108.858),
        ):
            profile = self._profile(partner)
            self.assertGreater(profile.predicted_orders, 0)
            self.assertAlmostEqual(
                profile.predicted_revenue / profile.predicted_orders, spend, delta=0.05
            )

    def test_a_fit_made_before_the_pareto_nbd_is_made_again(self):
        # A model fit of today stored by the BG/NBD version (no s, no beta).
        old = self._cdnow_fit_of_today(r=0.243, alpha=4.414, s=0, beta=0)
        self._recompute()
        fit = self.env["crm.idic.forecast.fit"].search(
            [("company_id", "=", self.company.id), ("id", "!=", old.id)]
        )
        # Too few repeat customers for a model: today's new fit is the rule.
        self.assertEqual((fit.method, fit.date), ("rule", self.today))
        self.assertAlmostEqual(self._profile(self.once).predicted_orders, 2.899, 3)

    def test_settings_out_of_range_are_refused(self):
        for field, value, message in (
            (
                "idic_forecast_months",
                61,
                "Forecast horizon (months) must be between 1 and 60 (not 61).",
            ),
            (
                "idic_clv_years",
                0,
                "Lifetime value horizon (years) must be between 1 and 10 (not 0).",
            ),
            (
                "idic_discount_rate",
                -1,
                "Discount rate (% a year) must be between 0 and 100 (not -1.0).",
            ),
            (
                "idic_mvc_share",
                0,
                "Most valuable share (%) must be above 0 and at most 100 (not 0.0).",
            ),
            (
                "idic_winback_threshold",
                101,
                "Win-back below (% likely active) must "
                "be between 0 and 100 (not 101.0).",
            ),
            (
                "idic_rfm_months",
                0,
                "RFM window (months) must be between 1 and 120 (not 0).",
            ),
            (
                "idic_interaction_days",
                731,
                "Interaction window (days) must be between 1 and 730 (not 731).",
            ),
        ):
            with self.assertRaisesRegex(ValidationError, re.escape(message)):
                self.company.write({field: value})
            self.env.invalidate_all(flush=False)
        self.assertEqual(
            (
                self.company.idic_forecast_months,
                self.company.idic_clv_years,
                self.company.idic_discount_rate,
            ),
            (12, 3, 10.0),
        )

    def test_a_purchase_is_a_local_day(self):
        # Two orders of B at 23:30 and 00:30 Vietnamese time on two local days,
        # which are the same UTC day: two purchases.
        self.company.resource_calendar_id.tz = "Asia/Ho_Chi_Minh"
        day = self.today - timedelta(days=10)
        late = self._order(self.prospect, 10, 10)
        late.date_order = datetime.combine(day, time(16, 30))  # 23:30 local
        early = self._order(self.prospect, 10, 10)
        early.date_order = datetime.combine(day, time(17, 30))  # 00:30 next day
        self._recompute()
        self.assertEqual(self._profile(self.prospect).purchase_count, 2)

    def test_the_profile_analysis_averages_scores_and_probabilities(self):
        self._recompute()
        customers = self.regular | self.once | self.new | self.prospect
        profiles = self.env["crm.idic.profile"].search(
            [("partner_id", "in", customers.ids)]
        )
        (group,) = profiles.read_group(
            [("id", "in", profiles.ids)],
            ["idic_score", "probability_alive", "rfm_r_score", "predicted_orders"],
            ["company_id"],
        )
        # A, B and C are surely active (the simple rule, above); D has no
        # forecast and does not count: 1, not 3. The IDIC score and the R score:
        # the mean of the four customers'. The expected orders are added: 3.403
        # + 2.899 + 2.899.
        self.assertAlmostEqual(group["probability_alive"], 1.0)
        self.assertAlmostEqual(
            group["idic_score"], sum(profiles.mapped("idic_score")) / 4
        )
        self.assertAlmostEqual(
            group["rfm_r_score"], sum(profiles.mapped("rfm_r_score")) / 4
        )
        self.assertAlmostEqual(group["predicted_orders"], 9.201, delta=0.002)

    def test_a_customer_without_forecast_sorts_last_either_way(self):
        self._recompute()
        customers = self.regular | self.once | self.new | self.prospect
        profiles = self.env["crm.idic.profile"].search(
            [("partner_id", "in", customers.ids)]
        )
        self.assertFalse(self._profile(self.prospect).predicted_revenue)
        # Expected revenue (the simple rule, above): B 1159.52, A 397.01,
        # C 231.90; D never bought and has none.
        by_revenue = profiles.search(
            [("id", "in", profiles.ids)], order="predicted_revenue desc"
        )
        self.assertEqual(
            by_revenue.partner_id.ids,
            [self.once.id, self.regular.id, self.new.id, self.prospect.id],
        )
        by_revenue = profiles.search(
            [("id", "in", profiles.ids)], order="predicted_revenue asc"
        )
        self.assertEqual(
            by_revenue.partner_id.ids,
            [self.new.id, self.regular.id, self.once.id, self.prospect.id],
        )
        for name in ("clv", "predicted_orders", "probability_alive", "potential_value"):
            for direction in ("asc", "desc"):
                ordered = profiles.search(
                    [("id", "in", profiles.ids)], order=f"{name} {direction}, id"
                )
                self.assertEqual(ordered[-1].partner_id, self.prospect, name)

    def test_the_customer_list_sorts_by_the_forecast(self):
        self._recompute()
        contact = self._customer("Chị Lan", parent_id=self.once.id)
        customers = self.regular | self.once | self.new | self.prospect | contact
        Partner = self.env["res.partner"]  # noqa: N806
        # Expected revenue (the simple rule, above): B 1159.52 (and its contact,
        # who reads B's profile), A 397.01, C 231.90; D has none: last.
        by_revenue = Partner.search(
            [("id", "in", customers.ids)], order="idic_predicted_revenue desc, id"
        )
        self.assertEqual(
            by_revenue.ids,
            [self.once.id, contact.id, self.regular.id, self.new.id, self.prospect.id],
        )
        by_revenue = Partner.search(
            [("id", "in", customers.ids)], order="idic_predicted_revenue asc, id"
        )
        self.assertEqual(
            by_revenue.ids,
            [self.new.id, self.regular.id, self.once.id, contact.id, self.prospect.id],
        )
        # A salesperson can click the column; the other company has no
        # profiles: every customer sorts as the same empty value, by id.
        salesperson = self._salesperson("idic_sort_sales")
        fields_info = Partner.with_user(salesperson).fields_get(
            ["idic_predicted_revenue", "idic_clv"], ["sortable"]
        )
        self.assertTrue(fields_info["idic_predicted_revenue"]["sortable"])
        self.assertTrue(fields_info["idic_clv"]["sortable"])
        # The "With potential" filter: expected revenue above the last 12
        # months' (A 397.01 > 350, B 1159.52 > 400, C 231.90 > 80; D none), the
        # contact with its company; a customer created since has no profile.
        later = self._customer("Khách sau")
        everyone = [("id", "in", (customers | later).ids)]
        # Today all three are surely active (the simple rule's 100 %), D bought
        # nothing: neither active nor lost.
        active = search_filter_domain(Partner, "idic_likely_active")
        lost = search_filter_domain(Partner, "idic_likely_lost")
        self.assertEqual(
            Partner.search(everyone + active),
            self.regular | self.once | self.new | contact,
        )
        self.assertFalse(Partner.search(everyone + lost))
        # The same on the profiles: D (the prospect, no purchase) is neither.
        profiles = self.Profile.search(
            [("partner_id", "in", customers.ids), ("company_id", "=", self.company.id)]
        )
        states = {profile.partner_id: profile.alive_state for profile in profiles}
        self.assertEqual(
            states,
            {
                self.regular: "active",
                self.once: "active",
                self.new: "active",
                self.prospect: False,
            },
        )
        mine = [("id", "in", profiles.ids)]
        self.assertEqual(
            self.Profile.search(mine + [("alive_state", "=", False)]).partner_id,
            self.prospect,
        )
        self.assertEqual(
            self.Profile.search(mine + [("alive_state", "!=", "active")]).partner_id,
            self.prospect,
        )
        potential = search_filter_domain(Partner, "idic_with_potential")
        self.assertEqual(
            Partner.search(everyone + potential),
            self.regular | self.once | self.new | contact,
        )
        self.assertEqual(
            Partner.search(everyone + [("idic_profile_id", "=", False)]), later
        )
        self.assertEqual(
            Partner.search(everyone + [("idic_profile_id", "!=", False)]),
            customers,
        )
        other = self.env["res.company"].create({"name": "IDIC sort elsewhere"})
        elsewhere = Partner.with_company(other).search(
            [("id", "in", customers.ids)], order="idic_predicted_revenue desc, id"
        )
        self.assertEqual(elsewhere.ids, sorted(customers.ids))

    def test_the_recompute_queries_do_not_grow_with_customers(self):
        self._recompute()  # today's fit exists from here on
        before = self._count_queries()
        for index in range(5):
            self._order(self._customer(f"Khách thêm {index}"), 100, index + 1)
        after = self._count_queries()
        self.assertEqual(before, after)

    def _count_queries(self):
        self.env.flush_all()
        self.env.invalidate_all()
        start = self.cr.sql_log_count
        self._recompute()
        return self.cr.sql_log_count - start
