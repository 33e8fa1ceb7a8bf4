"""The Forecast accuracy report: the models as they would have been fitted at a
past cutoff, their forecast of the horizon after it against what was bought, and
the rankings staff use today beside them. Figures by hand (the simple rule: a
company of three customers)."""

from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from ..tools import forecast
from .common import IdicCommon


@tagged("post_install", "-at_install")
class TestForecastAccuracy(IdicCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.idic_forecast_months = 3
        cls.cutoff = cls.today - relativedelta(months=3)
        lag = (cls.today - cls.cutoff).days

        def buy(partner, amount, days_from_cutoff):
            cls._order(partner, amount, lag - days_from_cutoff)

        # Before the cutoff. A: 100 and 600, 140 and 70 days before (one repeat
        # purchase in 10 weeks, age 20 weeks, silent 10). B: once, 400, a week
        # before. C: once, 50, 300 days before.
        cls.a, cls.b, cls.c = (
            cls._customer(name) for name in ("Khách A", "Khách B", "Khách C")
        )
        buy(cls.a, 100, -140)
        buy(cls.a, 600, -70)
        buy(cls.b, 400, -7)
        buy(cls.c, 50, -300)
        # After it: A 100; B 300; C 200 twice. 4 purchases, 800.
        buy(cls.a, 100, 10)
        buy(cls.b, 300, 15)
        buy(cls.c, 200, 20)
        buy(cls.c, 200, 40)

    def _report(self, **values):
        return self.env["crm.idic.forecast.accuracy"].create(values)

    def test_the_forecast_at_a_past_cutoff_against_what_was_bought(self):
        report = self._report()
        self.assertEqual(report.cutoff, self.cutoff)
        action = report.action_compute()
        # Its dialog's title: the report and its cutoff, as the reader writes it.
        self.assertEqual(
            action["name"], f"Forecast accuracy – {self.cutoff.strftime('%m/%d/%Y')}"
        )
        # The rule (1 repeat customer), as the recompute of the cutoff's eve
        # would have it (silences counted to the eve): the usual gap is A's 10
        # weeks with the prior's 26 as one more purchase, (10 + 26) / 2 = 18
        # weeks; A's own gap (10 + 18) / 2 = 14 weeks. 3 months = 13.0446 weeks:
        # A (silent 69 days, less than its gap) 13.0446 / 14 = 0.93176
        # purchases; B (silent 6 days) 13.0446 / 18 = 0.72470; C silent 299 days
        # = 42.714 weeks: 18 / 42.714 = 0.42140 alive, 0.42140 × 13.0446 / 18 =
        # 0.30539; 1.96186 in all. Spend: own means 350, 400, 50: 326.12 +
        # 289.88 + 15.27 = 631.27 against 800: -21.092 %.
        self.assertEqual((report.method, report.customer_count), ("rule", 3))
        self.assertEqual(report.actual_orders, 4)
        self.assertAlmostEqual(report.predicted_orders, 1.96186, places=4)
        self.assertEqual(report.actual_revenue, 800)
        self.assertAlmostEqual(report.predicted_revenue, 631.27, delta=0.01)
        self.assertAlmostEqual(report.revenue_error, -21.092, places=2)
        # The top fifth (1 of 3). Forecast: A, 100 of 800; ranks A3 B2 C1 against
        # A1 B2 C3: rho = 1 - 6 × 8 / 24 = -1. The last 3 months' revenue (A
        # 600, B 400, C 0) and the RFM score (A 4+5+5, B 5+4+4, C 2+4+2) put A
        # first: 100 of 800; ranks A3 B2 C1: rho = 1 - 6 × 8 / 24 = -1.
        lines = {
            line.ranking: (round(line.top_capture, 2), round(line.rank_correlation, 3))
            for line in report.line_ids
        }
        self.assertEqual(
            lines,
            {
                "forecast": (12.5, -1.0),
                "last_period": (12.5, -1.0),
                "rfm": (12.5, -1.0),
            },
        )
        # Nothing is stored as the company's fit.
        self.assertFalse(
            self.env["crm.idic.forecast.fit"].search(
                [("company_id", "=", self.company.id)]
            )
        )

    def _repeat_customers(self):
        """24 more customers with 1 to 3 repeat purchases before the cutoff,
        every 25 or 50 days (enough for a model), every other one again after;
        each spends more with each purchase, the larger first buyers more."""
        lag = (self.today - self.cutoff).days
        for index in range(24):
            partner = self._customer(f"Khách lặp {index}")
            gap = 25 * (1 + index % 2)
            for repeat in range(index % 3 + 2):
                before = 200 - 3 * index - gap * repeat
                if before > 0:
                    self._order(partner, 100 + 5 * index + 40 * repeat, lag + before)
            if index % 2:
                self._order(partner, 80, lag - 30)

    def test_with_a_model_the_bgnbd_is_ranked_beside_it(self):
        self._repeat_customers()
        report = self._report()
        report.action_compute()
        self.assertEqual((report.method, report.customer_count), ("model", 27))
        self.assertEqual(report.actual_orders, 4 + 12)
        lines = {line.ranking: line for line in report.line_ids}
        self.assertEqual(
            set(lines), {"forecast", "plain_spend", "bgnbd", "last_period", "rfm"}
        )
        # The first purchases (100 to 215, 400, 50) move the spend: the fit of
        # the cutoff weighs them, and the plain spend is ranked beside it.
        self.assertNotEqual(
            report._fit(report._columns(report._customer_rows())["summary"]).c, 0
        )
        self.assertNotEqual(
            (lines["forecast"].top_capture, lines["forecast"].rank_correlation),
            (lines["plain_spend"].top_capture, lines["plain_spend"].rank_correlation),
        )
        # B and C bought once before the cutoff: the BG/NBD keeps them surely
        # active, the Pareto/NBD does not — the two rankings differ.
        self.assertNotEqual(
            (lines["forecast"].top_capture, lines["forecast"].rank_correlation),
            (lines["bgnbd"].top_capture, lines["bgnbd"].rank_correlation),
        )

    def test_the_report_gives_the_forecast_the_cutoffs_eve_gave(self):
        # The recompute run on the cutoff's eve (its orders at noon counted, the
        # later ones not yet made) fits the same model on the same summaries:
        # the report sets that forecast against what followed.
        self._repeat_customers()
        eve = self.cutoff - timedelta(days=1)
        with freeze_time(datetime.combine(eve, time(20, 0))):
            self._recompute()
        profiles = self.Profile.search([("company_id", "=", self.company.id)])
        report = self._report()
        report.action_compute()
        self.assertEqual(report.method, "model")
        self.assertGreater(report.predicted_orders, 1.0)
        self.assertAlmostEqual(
            report.predicted_orders, sum(profiles.mapped("predicted_orders")), 3
        )
        self.assertAlmostEqual(
            report.predicted_revenue,
            sum(profiles.mapped("predicted_revenue")),
            delta=0.01 * len(profiles),
        )

    def test_the_fit_does_not_depend_on_the_customers_order(self):
        # These 27 customers buy at nearly one rate: the likelihood is flat
        # along a ridge of large shapes, where the optimiser's end moved with
        # the order the customers were added in (15.50 or 15.75 purchases
        # expected, the recompute's order against the report's).
        self._repeat_customers()
        report = self._report()
        summary = report._columns(report._customer_rows())["summary"]
        np = forecast._np()

        def fitted(order):
            shuffled = forecast.Summary(*(np.asarray(c)[order] for c in summary))
            fit = report._fit(shuffled)
            return [
                round(fit[name], 6)
                for name in ("r", "alpha", "s", "beta", "p", "q", "v", "c")
            ]

        expected = fitted(np.arange(len(summary.x)))
        rng = np.random.default_rng(1)
        for _trial in range(6):
            self.assertEqual(fitted(rng.permutation(len(summary.x))), expected)

    def test_a_cutoff_whose_horizon_has_not_passed_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "whole forecast horizon"):
            self._report(cutoff=self.cutoff + relativedelta(days=1))
        # The latest cutoff as the reader writes dates (en_US here), not ISO.
        latest = self.cutoff.strftime("%m/%d/%Y")
        with self.assertRaisesRegex(ValidationError, f"{latest} at the latest"):
            self._report(cutoff=self.cutoff + relativedelta(days=1))

    def test_no_customer_before_the_cutoff(self):
        report = self._report(cutoff=self.today - relativedelta(years=5))
        day = report.cutoff.strftime("%m/%d/%Y")
        with self.assertRaisesRegex(UserError, f"No customer had bought before {day}"):
            report.action_compute()
