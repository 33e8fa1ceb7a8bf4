"""Each customer's future value: how many times it will buy, whether it is still
a customer at all, and how much it will spend.

Terms, for a reader new to them:

- **BG/NBD** ("beta-geometric / negative binomial distribution", Fader, Hardie
  & Lee 2005, *Counting your customers the easy way*): while a customer is
  active it buys at its own steady rate (a Poisson process; the rates of the
  customers spread as a gamma distribution of shape ``r`` and scale ``alpha``);
  after each purchase it may leave for good with its own probability (spread
  across customers as a beta distribution ``a``, ``b``). Fitted on each
  customer's summary only: ``x`` repeat purchases, ``t_x`` the age of its last
  purchase and ``T`` its own age (time since its first purchase), in weeks.
  Chosen over Pareto/NBD (Schmittlein, Morrison & Colombo 1987) for a
  likelihood in closed form that numpy evaluates for 100,000 customers at once,
  with forecasts as good in the published comparisons.
- **Gamma-Gamma** (Fader, Hardie & Lee 2005, *RFM and CLV*): the value of a
  customer's purchases varies around its own mean, and the means spread across
  customers (``p``, ``q``, ``v``); the expected spend per purchase weighs the
  customer's own average against the population's by how many purchases it has
  made.
- **CLV** (customer lifetime value): the expected purchases month by month over
  the horizon, times the expected spend, discounted to today.

A purchase is a local day with at least one confirmed order; ``x`` counts the
days after the first. Everything here is plain arithmetic on arrays: no Odoo,
no loop per customer. numpy and scipy are imported when first used, so the
addon loads without them until a forecast runs.
"""

from collections import namedtuple

BgNbd = namedtuple("BgNbd", "r alpha a b")
# A company's customers as arrays: repeat purchases, age of the last purchase
# and own age (weeks), average spend of the repeat purchases and of all.
Summary = namedtuple("Summary", "x t_x T m mean")
GammaGamma = namedtuple("GammaGamma", "p q v")

# Weeks of an average month (the model's time unit is the week).
WEEKS_PER_MONTH = 365.25 / 12 / 7
# Below this many customers with a repeat purchase, no model is fitted: the
# company's forecast uses the simple rule (:func:`rule_forecast`).
MIN_REPEAT_CUSTOMERS = 20
# A customer without a repeat purchase is expected to come back at the pace of
# a typical repeat customer of its company; without any, twice a year.
DEFAULT_GAP_WEEKS = 26.0


def _np():
    import numpy  # noqa: PLC0415 — a heavy import, only when a forecast runs

    return numpy


def _special():
    from scipy import special  # noqa: PLC0415 — as above

    return special


def _compress(*columns):
    """The distinct rows of these columns and how many times each stands:
    the likelihood is evaluated once per distinct customer summary."""
    np = _np()
    stacked = np.column_stack(columns)
    rows, counts = np.unique(stacked, axis=0, return_counts=True)
    return [rows[:, i] for i in range(rows.shape[1])], counts.astype(float)


# -- BG/NBD ------------------------------------------------------------------------


def bgnbd_log_likelihood(params, x, t_x, T, weights=None):  # noqa: N803 — the papers' T
    """The BG/NBD log-likelihood of the customers' summaries (Fader, Hardie &
    Lee 2005, equation 6), summed over the customers (each counted ``weights``
    times)."""
    np, sp = _np(), _special()
    r, alpha, a, b = params
    x, t_x, T = (np.asarray(v, dtype=float) for v in (x, t_x, T))  # noqa: N806
    weights = np.ones_like(x) if weights is None else weights
    a1 = sp.gammaln(r + x) - sp.gammaln(r) + r * np.log(alpha)
    a2 = sp.betaln(a, b + x) - sp.betaln(a, b)
    a3 = -(r + x) * np.log(alpha + T)
    a4 = np.log(a) - np.log(b + np.maximum(x, 1) - 1) - (r + x) * np.log(alpha + t_x)
    top = np.maximum(a3, a4)
    both = np.exp(a3 - top) + (x > 0) * np.exp(a4 - top)
    return float(np.sum(weights * (a1 + a2 + np.log(both) + top)))


def fit_bgnbd(x, t_x, T):  # noqa: N803
    """Maximum-likelihood BG/NBD parameters of these customers, or None when the
    optimiser does not converge; with the log-likelihood at them."""
    np = _np()
    from scipy.optimize import minimize  # noqa: PLC0415

    (ux, ut, uT), weights = _compress(x, t_x, T)  # noqa: N806
    total = weights.sum()

    def cost(log_params):
        value = bgnbd_log_likelihood(np.exp(log_params), ux, ut, uT, weights)
        return -value / total if np.isfinite(value) else np.inf

    start = np.log([1.0, max(float(np.mean(T)), 1.0), 1.0, 1.0])
    result = minimize(cost, start, method="L-BFGS-B", options={"ftol": 1e-12})
    params = BgNbd(*np.exp(result.x))
    if not result.success or not all(np.isfinite(params)):
        return None, None
    return params, -result.fun * total


def probability_alive(params, x, t_x, T):  # noqa: N803
    """The probability that each customer has not left (equation 13)."""
    np = _np()
    r, alpha, a, b = params
    x, t_x, T = (np.asarray(v, dtype=float) for v in (x, t_x, T))  # noqa: N806
    ratio = a / (b + np.maximum(x, 1) - 1)
    odds = (x > 0) * ratio * np.exp((r + x) * np.log((alpha + T) / (alpha + t_x)))
    return 1.0 / (1.0 + odds)


def expected_purchases(params, t, x, t_x, T):  # noqa: N803
    """The expected number of purchases of each customer in the next ``t`` weeks
    (equation 10; ``t`` may be an array broadcasting against the customers)."""
    np, sp = _np(), _special()
    r, alpha, a, b = params
    x, t_x, T = (np.asarray(v, dtype=float) for v in (x, t_x, T))  # noqa: N806
    t = np.asarray(t, dtype=float)
    c = a + b + x - 1
    z = t / (alpha + T + t)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        log_hyp = np.log(sp.hyp2f1(r + x, b + x, c, z))
        # Where the series overflows, Euler's transformation of it.
        alt = np.log(sp.hyp2f1(c - r - x, c - b - x, c, z)) + (c - r - 2 * x - b) * (
            np.log1p(-z)
        )
        log_hyp = np.where(np.isfinite(log_hyp), log_hyp, alt)
        scale = (r + x) * np.log((alpha + T) / (alpha + T + t))
        numerator = (a + b + x - 1) / (a - 1) * (1 - np.exp(log_hyp + scale))
    alive = probability_alive(params, x, t_x, T)
    return np.where(t > 0, numerator * alive, 0.0)


def expected_repeat_purchases(params, T):  # noqa: N803
    """The repeat purchases a customer is expected to make in its first ``T``
    weeks (equation 9): against the purchases made, how well the model fits."""
    np, sp = _np(), _special()
    r, alpha, a, b = params
    T = np.asarray(T, dtype=float)  # noqa: N806
    hyp = sp.hyp2f1(r, b, a + b - 1, T / (alpha + T))
    return (a + b - 1) / (a - 1) * (1 - (alpha / (alpha + T)) ** r * hyp)


# -- Gamma-Gamma -------------------------------------------------------------------


def gamma_gamma_log_likelihood(params, x, m):
    """The Gamma-Gamma log-likelihood of the customers' average spend ``m`` over
    their ``x`` repeat purchases (the customers with ``x > 0`` and ``m > 0``)."""
    np, sp = _np(), _special()
    p, q, v = params
    x, m = np.asarray(x, dtype=float), np.asarray(m, dtype=float)
    return float(
        np.sum(
            sp.gammaln(p * x + q)
            - sp.gammaln(p * x)
            - sp.gammaln(q)
            + q * np.log(v)
            + (p * x - 1) * np.log(m)
            + p * x * np.log(x)
            - (p * x + q) * np.log(x * m + v)
        )
    )


def fit_gamma_gamma(x, m):
    """Maximum-likelihood Gamma-Gamma parameters, or None (no convergence, or a
    population mean that does not exist: ``q <= 1``)."""
    np = _np()
    from scipy.optimize import minimize  # noqa: PLC0415

    keep = (np.asarray(x) > 0) & (np.asarray(m) > 0)
    x, m = np.asarray(x, dtype=float)[keep], np.asarray(m, dtype=float)[keep]
    if not len(x):
        return None
    scale = float(np.mean(m))

    def cost(log_params):
        p, q, v = np.exp(log_params)
        value = gamma_gamma_log_likelihood((p, q, v * scale), x, m)
        return -value / len(x) if np.isfinite(value) else np.inf

    result = minimize(
        cost, np.log([1.0, 2.0, 1.0]), method="L-BFGS-B", options={"ftol": 1e-12}
    )
    p, q, v = np.exp(result.x)
    if not result.success or q <= 1 or not np.isfinite([p, q, v]).all():
        return None
    return GammaGamma(p, q, v * scale)


def expected_spend(params, x, m):
    """The expected value of each customer's next purchases: its own average
    ``m`` weighted against the population's by its ``x`` repeat purchases."""
    np = _np()
    p, q, v = params
    x = np.asarray(x, dtype=float)
    m = np.maximum(np.asarray(m, dtype=float), 0.0)
    own = p * x / (p * x + q - 1)
    return (1 - own) * (v * p / (q - 1)) + own * m


# -- the forecast ------------------------------------------------------------------


def monthly_rate(yearly_rate):
    """The monthly discount rate equivalent to a yearly one."""
    return (1.0 + yearly_rate) ** (1.0 / 12.0) - 1.0


def discounted_value(cumulative, spend, yearly_rate):
    """The lifetime value from the expected purchases up to each month end
    (``cumulative``: customers × months) and the expected spend: each month's
    purchases times the spend, discounted monthly to today."""
    np = _np()
    months = cumulative.shape[1]
    per_month = np.diff(cumulative, axis=1, prepend=0.0)
    factors = (1.0 + monthly_rate(yearly_rate)) ** -np.arange(1, months + 1)
    return (per_month @ factors) * spend


def model_forecast(bgnbd, gg, summary, horizon_months, clv_months, yearly_rate):
    """(expected purchases in the horizon, probability alive, expected spend,
    CLV) per customer from fitted parameters and a :class:`Summary`."""
    np = _np()
    x, t_x, T, m = summary.x, summary.t_x, summary.T, summary.m  # noqa: N806
    months = np.arange(1, max(horizon_months, clv_months) + 1) * WEEKS_PER_MONTH
    # The purchases depend on (x, t_x, T) alone, shared by many customers (all
    # one-time buyers of a day, for one): computed once per distinct summary.
    distinct, inverse = np.unique(
        np.column_stack((x, t_x, T)), axis=0, return_inverse=True
    )
    inverse = inverse.reshape(-1)
    ux, ut, uT = (distinct[:, i] for i in range(3))  # noqa: N806
    cumulative = expected_purchases(
        bgnbd, months[None, :], ux[:, None], ut[:, None], uT[:, None]
    )[inverse]
    spend = expected_spend(gg, x, m)
    clv = discounted_value(cumulative[:, :clv_months], spend, yearly_rate)
    alive = probability_alive(bgnbd, ux, ut, uT)[inverse]
    return cumulative[:, horizon_months - 1], alive, spend, clv


def rule_forecast(summary, horizon_months, clv_months, yearly_rate):
    """The simple rule for a company with too few repeat customers for a model:
    a customer buys at its own past pace (the company's typical pace when it
    has bought once) while it is active; it is surely active until it has been
    silent for one usual gap, then less and less likely (gap / silence); it
    spends its own average."""
    np = _np()
    x, t_x, T = summary.x, summary.t_x, summary.T  # noqa: N806
    gaps = t_x[x > 0] / x[x > 0]
    typical = float(np.median(gaps)) if len(gaps) else DEFAULT_GAP_WEEKS
    gap = np.where(x > 0, t_x / np.maximum(x, 1), max(typical, 1.0))
    gap = np.maximum(gap, 1.0)
    silence = T - t_x
    alive = np.where(silence <= gap, 1.0, gap / np.maximum(silence, 1e-9))
    months = np.arange(1, max(horizon_months, clv_months) + 1) * WEEKS_PER_MONTH
    cumulative = alive[:, None] * months[None, :] / gap[:, None]
    spend = np.maximum(summary.mean, 0.0)
    clv = discounted_value(cumulative[:, :clv_months], spend, yearly_rate)
    return cumulative[:, horizon_months - 1], alive, spend, clv


# -- accuracy ----------------------------------------------------------------------


def top_share_capture(score, actual, share=0.2):
    """The share of the ``actual`` total brought by the customers in the top
    ``share`` by ``score`` (rounded up to a whole customer; ties in the order
    given)."""
    np = _np()
    actual = np.asarray(actual, dtype=float)
    total = actual.sum()
    if not len(actual) or total <= 0:
        return 0.0
    order = np.argsort(-np.asarray(score, dtype=float), kind="stable")
    top = order[: int(np.ceil(share * len(order)))]
    return float(actual[top].sum() / total)


def rank_correlation(score, actual):
    """Spearman's rank correlation of ``score`` with ``actual`` (0 when either
    does not vary)."""
    np = _np()
    from scipy.stats import spearmanr  # noqa: PLC0415

    score, actual = np.asarray(score, dtype=float), np.asarray(actual, dtype=float)
    if len(score) < 2 or np.ptp(score) == 0 or np.ptp(actual) == 0:
        return 0.0
    return float(spearmanr(score, actual).statistic)


def quintiles(values):
    """ceil(5 × cume_dist) of each value among them, as the IDIC engine scores R,
    F and M (ties share a score)."""
    np = _np()
    from scipy.stats import rankdata  # noqa: PLC0415

    values = np.asarray(values, dtype=float)
    if not len(values):
        return values
    return np.ceil(5 * rankdata(values, method="max") / len(values))
