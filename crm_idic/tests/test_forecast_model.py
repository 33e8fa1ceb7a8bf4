"""The future-value models on a published dataset: the CDNOW 1/10 sample (2,357
customers of the CD retailer, first purchases in the first quarter of 1997, 39
weeks of calibration; ``data/cdnow_sample_summary.csv``: x, t_x, T in weeks
and the average repeat spend zbar, as distributed with Fader, Hardie & Lee's
notes and the `lifetimes` package). The expected figures are the papers' own
estimates, or worked by hand from the papers' equations."""

import csv
import math
from pathlib import Path

from odoo.tests import TransactionCase, tagged

from odoo.addons.crm_idic.tools import forecast

# Fader, Hardie & Lee (2005), "Counting your customers the easy way", table 1;
# "RFM and CLV: using iso-value curves", section 4 (Gamma-Gamma).
PUBLISHED_BGNBD = (0.243, 4.414, 0.793, 2.426)
PUBLISHED_LL = -9582.4
PUBLISHED_GG = (6.25, 3.74, 15.44)
# Fader & Hardie (2005), "A note on implementing the Pareto/NBD model in
# MATLAB": the same sample, weeks.
PUBLISHED_PARETO = (0.5534, 10.5802, 0.6061, 11.6562)
PUBLISHED_PARETO_LL = -9594.98


def _pareto_by_integration(params, x, t_x, T, t):  # noqa: N803
    """P(alive) and the purchases expected in the next ``t`` weeks of one
    customer, from the Pareto/NBD's definition integrated numerically (scipy's
    quad), not from the closed forms under test: a customer who bought ``x``
    times more by ``t_x`` is alive today with the weight of its rates
    surviving to ``T``, against having left at any tau between ``t_x`` and
    ``T``; alive, it buys at its expected rate ``(r + x) / (alpha + T)`` for as
    long as it stays, which its posterior rate of leaving (gamma ``s``,
    ``beta + T``) sets."""
    from scipy.integrate import quad  # noqa: PLC0415

    r, alpha, s, beta = params
    left, _error = quad(
        lambda tau: ((alpha + T) / (alpha + tau)) ** (r + x)
        * s
        * (beta + T) ** s
        / (beta + tau) ** (s + 1),
        t_x,
        T,
    )
    alive = 1.0 / (1.0 + left)
    stay, _error = quad(lambda u: ((beta + T) / (beta + T + u)) ** s, 0, t)
    return alive, (r + x) / (alpha + T) * stay * alive


def _bgnbd_one_time_buyer_by_integration(params, T, t):  # noqa: N803
    """The purchases a BG/NBD one-time buyer (no repeat purchase by ``T``: alive)
    is expected to make in the next ``t`` weeks, from the model's definition
    integrated numerically, not from the closed form under test: its rate is
    gamma (``r``, ``alpha + T``) after ``T`` weeks without a purchase, its chance
    ``p`` of leaving after each purchase beta (``a``, ``b``); with both known it
    makes ``(1 - exp(-lambda p t)) / p`` purchases, and the mean over lambda of
    ``exp(-lambda p t)`` is ``((alpha + T) / (alpha + T + p t)) ** r``."""
    from scipy.integrate import quad  # noqa: PLC0415
    from scipy.special import beta as beta_function  # noqa: PLC0415

    np = forecast._np()
    r, alpha, a, b = params

    def purchases(p):
        if not p:
            return r * t / (alpha + T)
        return -np.expm1(-r * np.log1p(p * t / (alpha + T))) / p

    total, _error = quad(purchases, 0, 1, weight="alg", wvar=(a - 1, b - 1))
    return total / beta_function(a, b)


def _sample():
    path = Path(__file__).parent / "data" / "cdnow_sample_summary.csv"
    with path.open() as handle:
        rows = list(csv.DictReader(handle))
    np = forecast._np()
    return {
        key: np.array([float(row[key]) for row in rows])
        for key in ("x", "t_x", "T", "zbar")
    }


def _two_digits(value):
    return float(f"{value:.2g}")


@tagged("post_install", "-at_install")
class TestForecastModel(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.data = _sample()

    def assertReproducesThePaper(self, likelihood, fit, published, published_ll):
        """The likelihood at the published estimates is the published one, and
        the fit finds them to two significant digits (at a likelihood as high)."""
        data = self.data
        self.assertEqual(len(data["x"]), 2357)
        ll = likelihood(published, data["x"], data["t_x"], data["T"])
        self.assertAlmostEqual(ll, published_ll, delta=0.1)
        params, fitted_ll = fit(data["x"], data["t_x"], data["T"])
        self.assertEqual(
            [_two_digits(v) for v in params], [_two_digits(v) for v in published]
        )
        self.assertGreaterEqual(fitted_ll, ll)

    def test_bgnbd_likelihood_and_fit_reproduce_the_paper(self):
        # r 0.24, α 4.4, a 0.79, b 2.4.
        self.assertReproducesThePaper(
            forecast.bgnbd_log_likelihood,
            forecast.fit_bgnbd,
            PUBLISHED_BGNBD,
            PUBLISHED_LL,
        )

    def test_bgnbd_predictions_of_the_papers_example(self):
        np = forecast._np()
        x, t_x, T = np.array([2.0]), np.array([30.43]), np.array([38.86])  # noqa: N806
        # The paper's customer: 2 repeat purchases, the last at 30.43 weeks of
        # 38.86: 1.226 purchases expected in the next 39 weeks.
        expected = forecast.expected_purchases(PUBLISHED_BGNBD, 39, x, t_x, T)
        self.assertAlmostEqual(float(expected[0]), 1.226, places=3)
        # Alive: 1 / (1 + a/(b+x-1) ((alpha+T)/(alpha+t_x))^(r+x))
        #   = 1 / (1 + 0.793/3.426 × (43.274/34.844)^2.243)
        #   = 1 / (1 + 0.23146 × 1.62578) = 0.72659.
        alive = forecast.probability_alive(PUBLISHED_BGNBD, x, t_x, T)
        self.assertAlmostEqual(float(alive[0]), 0.72659, places=4)
        # Without a repeat purchase, a customer has not had a chance to leave.
        self.assertEqual(
            float(forecast.probability_alive(PUBLISHED_BGNBD, [0], [0], [38.86])[0]),
            1.0,
        )
        # Nothing in no time; a customer whose first purchase is today buys.
        self.assertEqual(
            float(forecast.expected_purchases(PUBLISHED_BGNBD, 0, x, t_x, T)[0]), 0
        )
        today = forecast.expected_purchases(PUBLISHED_BGNBD, 39, [0], [0], [0])
        self.assertTrue(0 < float(today[0]) < 39)

    def test_bgnbd_one_time_buyer_when_a_plus_b_is_below_one(self):
        # A BG/NBD fitted on a small company's history (its Forecast accuracy
        # report): a + b < 1, so for a one-time buyer the hypergeometric series
        # of equation 10 sums to a negative number (-92.6); its logarithm gave
        # NaN and the report failed. 13 weeks after its only purchase, the
        # customer makes 4.1325 purchases in the next 52 weeks by the model's
        # definition.
        params = (5.59, 54.91, 0.0059, 0.1486)
        expected = _bgnbd_one_time_buyer_by_integration(params, 13.0, 52.0)
        self.assertAlmostEqual(expected, 4.1325, places=4)
        closed = forecast.expected_purchases(params, 52, [0], [0], [13.0])
        self.assertAlmostEqual(float(closed[0]), expected, places=6)

    def assertMatchesTheDefinition(self, params, x, t_x, T):  # noqa: N803
        """P(alive) and the purchases of the next 39 weeks, closed forms against
        the model's definition integrated numerically."""
        alive, expected = _pareto_by_integration(params, x, t_x, T, 39.0)
        closed_alive = forecast.pareto_probability_alive(params, [x], [t_x], [T])
        self.assertAlmostEqual(float(closed_alive[0]), alive, places=6)
        closed = forecast.pareto_expected_purchases(params, 39, [x], [t_x], [T])
        self.assertAlmostEqual(float(closed[0]), expected, places=6)

    def test_pareto_likelihood_and_fit_reproduce_the_note(self):
        # r 0.55, α 11, s 0.61, β 12.
        self.assertReproducesThePaper(
            forecast.pareto_log_likelihood,
            forecast.fit_pareto_nbd,
            PUBLISHED_PARETO,
            PUBLISHED_PARETO_LL,
        )

    def test_pareto_predictions_against_the_models_definition(self):
        # The published parameters (alpha < beta), and the full CDNOW cohort's
        # kind (alpha >= beta: the likelihood's other branch); the paper's
        # customer (2 repeat purchases, the last at 30.43 weeks of 38.86), a
        # regular one silent for 14 weeks, customers who bought once 4 and 42
        # weeks ago, one of many purchases.
        for params in (
            forecast.ParetoNbd(*PUBLISHED_PARETO),
            forecast.ParetoNbd(0.6, 11.6, 0.52, 8.8),
        ):
            for x, t_x, T in (  # noqa: N806
                (2.0, 30.43, 38.86),
                (2.0, 28.0, 42.0),
                (0.0, 0.0, 4.0),
                (0.0, 0.0, 42.0),
                (40.0, 70.0, 78.0),
            ):
                with self.subTest(params=params, x=x, t_x=t_x, T=T):
                    self.assertMatchesTheDefinition(params, x, t_x, T)
        params = forecast.ParetoNbd(*PUBLISHED_PARETO)
        # Unlike the BG/NBD, a customer who bought once fades: 0.82322 after 4
        # weeks, 0.27754 after 42.
        once = forecast.pareto_probability_alive(params, [0, 0], [0, 0], [4, 42])
        self.assertEqual([round(v, 4) for v in once], [0.8232, 0.2775])
        # Whoever bought today is surely active; nothing is bought in no time.
        self.assertEqual(
            float(forecast.pareto_probability_alive(params, [3], [20], [20])[0]), 1.0
        )
        self.assertEqual(
            float(forecast.pareto_expected_purchases(params, 0, [2], [28], [42])[0]),
            0.0,
        )
        # A customer whose first purchase is today expects what a new customer
        # does (equation 17): r beta / (alpha (s - 1)) (1 - (beta / (beta +
        # t))^(s - 1)) = 1.21312 in 39 weeks.
        first_today = forecast.pareto_expected_purchases(params, 39.0, [0], [0], [0])
        self.assertAlmostEqual(float(first_today[0]), 1.21312, places=4)
        self.assertAlmostEqual(
            float(forecast.pareto_expected_repeat_purchases(params, 39.0)),
            1.21312,
            places=4,
        )

    def test_gamma_gamma_fit_and_expected_spend(self):
        data = self.data
        params = forecast.fit_gamma_gamma(data["x"], data["zbar"])
        self.assertEqual(
            [_two_digits(v) for v in params[:3]],
            [_two_digits(v) for v in PUBLISHED_GG],  # 6.2, 3.7, 15
        )
        # Without the first purchases, the plain Gamma-Gamma: nothing weighed.
        self.assertEqual(params.c, 0.0)
        # Population mean v p / (q - 1) = 15.44 × 6.25 / 2.74 = 35.219; a
        # customer of 2 repeat purchases of 22.35 on average weighs its own
        # mean by p x / (p x + q - 1) = 12.5 / 15.24 = 0.82021:
        # 0.17979 × 35.219 + 0.82021 × 22.35 = 24.664.
        spend = forecast.expected_spend(PUBLISHED_GG, [2, 0], [22.35, 0])
        self.assertAlmostEqual(float(spend[0]), 24.664, places=2)
        # Without a repeat purchase, the population's mean.
        self.assertAlmostEqual(float(spend[1]), 35.219, places=2)
        # Customers without repeat purchases or with a value of 0 are left out
        # of the fit, not a failure.
        self.assertIsNone(forecast.fit_gamma_gamma([0, 0, 3], [0, 0, 0]))

    def test_first_purchase_weighs_the_expected_spend(self):
        # gamma 15.44 scaled by e^(c z), c 0.5, z = (ln first - ln 20) / 1: a
        # first purchase of 20 e = 54.366 has z 1, its gamma 15.44 e^0.5 =
        # 25.4563 and its population mean 25.4563 x 6.25 / 2.74 = 58.066; one of
        # 20 (z 0), of 0 or returned (no positive value: z 0) keeps 35.219.
        params = forecast.GammaGamma(6.25, 3.74, 15.44, 0.5, math.log(20.0), 1.0)
        spend = forecast.expected_spend(
            params, [0, 0, 0, 0, 2], [0, 0, 0, 0, 22.35], [20 * math.e, 20, 0, -5, 20]
        )
        self.assertAlmostEqual(float(spend[0]), 58.066, places=2)
        for one_time in spend[1:4]:
            self.assertAlmostEqual(float(one_time), 35.219, places=2)
        # Two repeat purchases of 22.35 weigh the customer's own average by
        # 0.82021 as before: the first purchase moves only the rest.
        self.assertAlmostEqual(float(spend[4]), 24.664, places=2)
        # Without the first purchases, every one-time buyer gets the same.
        plain = forecast.expected_spend(params, [0, 0], [0, 0])
        self.assertEqual([round(v, 3) for v in plain], [35.219, 35.219])

    def test_first_purchase_from_the_averages(self):
        np = forecast._np()
        # 3 purchases of 30 on average, the 2 repeat ones of 25: the first was
        # 90 - 50 = 40; a one-time buyer's first is its average.
        summary = forecast.Summary(
            *(np.array(v, float) for v in ([2, 0], [10, 0], [20, 5], [25, 0], [30, 70]))
        )
        self.assertEqual(forecast.first_purchase(summary).tolist(), [40.0, 70.0])

    def test_likelihood_with_the_first_purchase(self):
        # One customer, 1 repeat purchase of 10, first purchase 100: with p 2,
        # q 3, gamma 4, c 0.7, z = (ln 100 - ln 50) / 0.5 = 1.386294, its own
        # gamma is 4 e^(0.7 z) = 10.5561 and the Gamma-Gamma density of its
        # average (Fader, Hardie & Lee 2005, eq. 5, x = 1) is
        # G(p + q) / (G(p) G(q)) v^q m^(p - 1) / (m + v)^(p + q).
        v = 4 * math.exp(0.7 * math.log(2) / 0.5)
        expected = (
            math.lgamma(5)
            - math.lgamma(2)
            - math.lgamma(3)
            + 3 * math.log(v)
            + math.log(10)
            - 5 * math.log(10 + v)
        )
        params = forecast.GammaGamma(2.0, 3.0, 4.0, 0.7, math.log(50), 0.5)
        self.assertAlmostEqual(
            forecast.gamma_gamma_log_likelihood(params, [1], [10.0], [100.0]),
            expected,
            places=9,
        )

    def test_fit_recovers_the_weight_of_the_first_purchase(self):
        # 4,000 customers drawn from the model itself: p 4, q 5, gamma 20, each
        # customer's gamma scaled by e^(0.4 z), z its first purchase's log
        # standardised; each repeat purchase Gamma(p, rate nu), nu Gamma(q,
        # rate gamma_i). The fit finds the weight it was drawn with.
        np = forecast._np()
        rng = np.random.default_rng(7)
        n = 4000
        z = rng.standard_normal(n)
        first = np.exp(3.0 + 0.8 * z)
        nu = rng.gamma(5.0, 1.0 / (20.0 * np.exp(0.4 * z)))
        x = rng.integers(1, 6, n).astype(float)
        m = rng.gamma(4.0 * x, 1.0 / (nu * x))
        params = forecast.fit_gamma_gamma(x, m, first)
        self.assertAlmostEqual(params.c, 0.4, delta=0.06)
        self.assertAlmostEqual(params.z_mean, 3.0, delta=0.05)
        self.assertAlmostEqual(params.z_sd, 0.8, delta=0.05)
        # The first purchases that carry nothing (all the same) leave c at 0.
        same = forecast.fit_gamma_gamma(x, m, np.full(n, 50.0))
        self.assertEqual((same.c, same.z_sd), (0.0, 0.0))

    def test_a_first_purchase_that_settles_the_spend_leaves_the_plain_fit(self):
        # 50 customers who each spend exactly their first purchase again (30
        # repeat purchases, within 0.1 %): weighed, the spread of spend would
        # vanish (q without bound, found at the bound e^10); the plain fit
        # stands, as without the first purchases.
        np = forecast._np()
        rng = np.random.default_rng(0)
        first = np.exp(rng.normal(3.0, 1.0, 50))
        x = np.full(50, 30.0)
        m = first * np.exp(rng.normal(0.0, 0.001, 50))
        weighed = forecast.fit_gamma_gamma(x, m, first)
        self.assertEqual(weighed.c, 0.0)
        self.assertEqual(weighed, forecast.fit_gamma_gamma(x, m))

    def test_lifetime_value_is_discounted_monthly(self):
        np = forecast._np()
        # One purchase a month of 100 for 12 months: 1,200 undiscounted; at
        # 12.6825 % a year (1 % a month): 100 × (1 - 1.01^-12) / 0.01 = 1,125.51.
        cumulative = np.arange(1, 13, dtype=float)[None, :]
        spend = np.array([100.0])
        self.assertAlmostEqual(
            float(forecast.discounted_value(cumulative, spend, 0.0)[0]), 1200.0
        )
        self.assertAlmostEqual(
            float(forecast.discounted_value(cumulative, spend, 1.01**12 - 1)[0]),
            1125.51,
            places=2,
        )

    @staticmethod
    def _rule(x, t_x, T, mean):  # noqa: N803 — the papers' T
        """(orders in 12 months rounded, alive rounded, spend) of the simple rule
        for customers given as lists of repeat purchases, weeks and spend."""
        np = forecast._np()
        summary = forecast.Summary(
            *(np.array(v, float) for v in (x, t_x, T, mean, mean))
        )
        orders, alive, spend, _clv = forecast.rule_forecast(summary, 12, 36, 0.1)
        return [round(v, 3) for v in orders], [round(v, 3) for v in alive], list(spend)

    def test_the_simple_rule(self):
        # A: 2 repeat purchases in 28 weeks, silent 14 weeks; B: once, silent
        # for 30. The usual gap: (28 + 26 of the prior) / (2 + 1) = 18 weeks;
        # A's own: (28 + 18) / (2 + 1) = 15.333 weeks.
        orders, alive, spend = self._rule([2, 0], [28, 0], [42, 30], [120, 400])
        # 12 months = 52.179 weeks: 52.179 / 15.333 = 3.403 purchases for A
        # (silent less than its gap); B is alive with probability 18 / 30 = 0.6:
        # 0.6 × 52.179 / 18 = 1.739.
        self.assertEqual(alive, [1.0, 0.6])
        self.assertEqual(orders, [3.403, 1.739])
        self.assertEqual(spend, [120.0, 400.0])

    def test_the_simple_rule_on_a_few_weeks_of_history(self):
        # Odoo's own demo company: G bought on 6 Fridays in a row (5 repeat
        # purchases in 5 weeks, the last today); L bought once, today. Their
        # own pace alone (a purchase a week) would be 52.2 orders in 12 months
        # for both. The usual gap: (5 + 26) / (5 + 1) = 5.1667 weeks; G's own:
        # (5 + 5.1667) / 6 = 1.6944 weeks: 52.179 / 1.6944 = 30.794 orders; L:
        # 52.179 / 5.1667 = 10.099.
        orders, alive, _spend = self._rule([5, 0], [5, 0], [5, 0], [100, 100])
        self.assertEqual(alive, [1.0, 1.0])
        self.assertEqual(orders, [30.794, 10.099])

    def test_edge_cases(self):
        np = forecast._np()
        params = forecast.BgNbd(*PUBLISHED_BGNBD)
        # First purchase today (x = t_x = T = 0): equation 10 comes down to a
        # new customer's expectation, equation 9.
        first_today = forecast.expected_purchases(params, 39.0, [0.0], [0.0], [0.0])
        self.assertAlmostEqual(
            float(first_today[0]),
            float(forecast.expected_repeat_purchases(params, 39.0)),
            places=6,
        )
        # Every order on one day: no repeat purchase, not a sign of leaving.
        alive = forecast.probability_alive(params, [0.0], [0.0], [20.0])
        self.assertEqual(float(alive[0]), 1.0)
        # Returns larger than the purchases (a negative average) count as 0:
        # 0.17979 × 35.219 = 6.332 (see the Gamma-Gamma test).
        spend = forecast.expected_spend(PUBLISHED_GG, [2], [-10.0])
        self.assertAlmostEqual(float(spend[0]), 6.332, places=2)
        # Zero-value customers stay out of the spend fit: the same parameters.
        data = self.data
        with_zeros = forecast.fit_gamma_gamma(
            np.append(data["x"], [3.0, 5.0]), np.append(data["zbar"], [0.0, 0.0])
        )
        self.assertEqual(
            [round(v, 6) for v in with_zeros],
            [round(v, 6) for v in forecast.fit_gamma_gamma(data["x"], data["zbar"])],
        )
