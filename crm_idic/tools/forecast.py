"""Each customer's future value: how many times it will buy, whether it is still
a customer at all, and how much it will spend.

Terms, for a reader new to them:

- **Pareto/NBD** (Schmittlein, Morrison & Colombo 1987; Fader & Hardie 2005,
  *A note on deriving the Pareto/NBD model*), the suite's model: while a
  customer is active it buys at its own steady rate (a Poisson process; the
  rates of the customers spread as a gamma distribution of shape ``r`` and
  scale ``alpha``), and it may leave for good at any moment, at its own rate
  (spread as a gamma distribution ``s``, ``beta``). Fitted on each customer's
  summary only: ``x`` repeat purchases, ``t_x`` the age of its last purchase
  and ``T`` its own age (time since its first purchase), in weeks.
- **BG/NBD** ("beta-geometric / NBD", Fader, Hardie & Lee 2005, *Counting your
  customers the easy way*): the same purchases, but a customer may leave only
  just after a purchase (with its own probability, spread as a beta
  distribution ``a``, ``b``). Kept to compare with: it takes every customer who
  bought once as surely still active, however long ago (the complaint of
  lifetimes' users, issues 44, 165, 212, 239); the Pareto/NBD does not, and on
  the CDNOW history ranks customers better (README, "Future value on real
  data").
- **Gamma-Gamma** (Fader, Hardie & Lee 2005, *RFM and CLV*): the value of a
  customer's purchases varies around its own mean, and the means spread across
  customers (``p``, ``q``, ``v``); the expected spend per purchase weighs the
  customer's own average against the population's by how many purchases it has
  made. The suite scales each customer's ``v`` by ``e^(c·z)``, ``z`` the
  standardised logarithm of its first purchase's value (``z_mean``, ``z_sd``;
  Fader & Hardie 2007, *Incorporating time-invariant covariates*): the first
  purchase, known from the first day, tells a large buyer from a small one
  before it buys again; ``c = 0`` is the plain Gamma-Gamma.
- **CLV** (customer lifetime value): the expected purchases month by month over
  the horizon, times the expected spend, discounted to today.

A purchase is a local day with at least one confirmed order; ``x`` counts the
days after the first. Everything here is plain arithmetic on arrays: no Odoo,
no loop per customer. numpy and scipy are imported when first used, so the
addon loads without them until a forecast runs.
"""

from collections import namedtuple

BgNbd = namedtuple("BgNbd", "r alpha a b")
ParetoNbd = namedtuple("ParetoNbd", "r alpha s beta")
# A company's customers as arrays: repeat purchases, age of the last purchase
# and own age (weeks), average spend of the repeat purchases and of all.
Summary = namedtuple("Summary", "x t_x T m mean")
# The spend model; ``c`` weighs the first purchase (``z``: its value's logarithm
# standardised by ``z_mean`` and ``z_sd``); 0 for the plain Gamma-Gamma.
GammaGamma = namedtuple("GammaGamma", "p q v c z_mean z_sd", defaults=(0.0, 0.0, 0.0))

# A customer at least this likely to be still active is "likely still active",
# below it "likely lost" (the profile's ``alive_state``: filters, colours).
LIKELY_ACTIVE = 0.5
# Weeks of an average month (the model's time unit is the week).
WEEKS_PER_MONTH = 365.25 / 12 / 7
# Below this many customers with a repeat purchase, no model is fitted: the
# company's forecast uses the simple rule (:func:`rule_forecast`).
MIN_REPEAT_CUSTOMERS = 20
# The simple rule's prior: a customer comes back twice a year, a belief worth
# one purchase; a few purchases over a few weeks move it only that far.
DEFAULT_GAP_WEEKS = 26.0
# The Pareto/NBD's parameters are fitted as logarithms within these bounds (the
# scales relative to the customers' mean age).
LOG_PARAM_BOUND = 10.0
# The weight of the first purchase is fitted within these bounds: e^5 = 148
# times the scale for a first purchase one standard deviation larger.
C_BOUND = 5.0


def _np():
    import numpy  # noqa: PLC0415 — a heavy import, only when a forecast runs

    return numpy


def _special():
    from scipy import special  # noqa: PLC0415 — as above

    return special


def _compress(*columns):
    """The distinct rows of these columns, sorted, and how many times each
    stands: the likelihood is evaluated once per distinct customer summary, and
    the same customers give the same fit in whatever order they come."""
    np = _np()
    stacked = np.column_stack(columns)
    rows, counts = np.unique(stacked, axis=0, return_counts=True)
    return [rows[:, i] for i in range(rows.shape[1])], counts.astype(float)


def _converged(result):
    """Whether a maximum-likelihood fit (L-BFGS-B) found its optimum: it says
    so, or it stopped because no step improved the likelihood any more (its
    status 2, "abnormal termination in line search"), at a finite value — as
    near a bound, where the gradient is numerical noise."""
    np = _np()
    return bool(result.success or (result.status == 2 and np.isfinite(result.fun)))


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

    start = np.log([1.0, max(float(weights @ uT) / total, 1.0), 1.0, 1.0])
    with np.errstate(invalid="ignore"):  # inf - inf in a trial's gradient
        result = minimize(cost, start, method="L-BFGS-B", options={"ftol": 1e-12})
    params = BgNbd(*np.exp(result.x))
    if not _converged(result) or not all(np.isfinite(params)):
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
        hyp = sp.hyp2f1(r + x, b + x, c, z)
        # Where the series overflows, Euler's transformation of it. The sum is
        # negative where c < 0 (a + b < 1, a one-time buyer): its size is taken
        # in logs, its sign kept.
        euler = sp.hyp2f1(c - r - x, c - b - x, c, z)
        direct = np.isfinite(hyp)
        sign = np.where(direct, np.sign(hyp), np.sign(euler))
        log_size = np.where(
            direct,
            np.log(np.abs(hyp)),
            np.log(np.abs(euler)) + (c - r - 2 * x - b) * np.log1p(-z),
        )
        scale = (r + x) * np.log((alpha + T) / (alpha + T + t))
        numerator = (a + b + x - 1) / (a - 1) * (1 - sign * np.exp(log_size + scale))
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


# -- Pareto/NBD --------------------------------------------------------------------


def _pareto_log_a0(params, x, t_x, T):  # noqa: N803
    """log A0 of the Pareto/NBD likelihood (Fader & Hardie 2005, *A note on
    deriving the Pareto/NBD model*, equations 19 and 20): the chance of
    having left somewhere between the last purchase and today, as the
    difference of two Gauss hypergeometric terms, taken in logs."""
    np, sp = _np(), _special()
    r, alpha, s, beta = params
    rsx = r + s + x
    if alpha >= beta:
        big, small, upper = alpha, beta, s + 1.0
    else:
        big, small, upper = beta, alpha, r + x
    gap = big - small

    def log_hyp(z):
        # 2F1(rsx, upper; rsx + 1; z) by Euler's transformation,
        # (1 - z)^(1 - upper) 2F1(1, rsx + 1 - upper; rsx + 1; z): no overflow
        # for a customer of many purchases.
        return (1.0 - upper) * np.log1p(-z) + np.log(
            sp.hyp2f1(1.0, rsx + 1.0 - upper, rsx + 1.0, z)
        )

    with np.errstate(divide="ignore", invalid="ignore"):
        near = log_hyp(gap / (big + t_x))
        far = log_hyp(gap / (big + T))
        # A0 = near / (big + t_x)^rsx - far / (big + T)^rsx (near's term is the
        # larger: t_x <= T): log(e^p - e^q) = p + log(1 - e^(q - p)).
        first = near - rsx * np.log(big + t_x)
        second = far - rsx * np.log(big + T)
        return first + np.log(-np.expm1(np.minimum(second - first, 0.0)))


def pareto_log_likelihood(params, x, t_x, T, weights=None):  # noqa: N803
    """The Pareto/NBD log-likelihood of the customers' summaries (Fader &
    Hardie 2005, equation 22), summed over the customers (each counted
    ``weights`` times). A customer whose last purchase is today (``t_x == T``)
    cannot have left since: only the first term stands."""
    np, sp = _np(), _special()
    r, alpha, s, beta = params
    x, t_x, T = (np.asarray(v, dtype=float) for v in (x, t_x, T))  # noqa: N806
    weights = np.ones_like(x) if weights is None else weights
    head = sp.gammaln(r + x) - sp.gammaln(r) + r * np.log(alpha) + s * np.log(beta)
    alive = -(r + x) * np.log(alpha + T) - s * np.log(beta + T)
    left = np.log(s) - np.log(r + s + x) + _pareto_log_a0(params, x, t_x, T)
    left = np.where(t_x < T, left, -np.inf)
    with np.errstate(invalid="ignore"):
        # Parameters far out (the optimiser's trials) may give no number: the
        # fit takes it as the worst.
        return float(np.sum(weights * (head + np.logaddexp(alive, left))))


def fit_pareto_nbd(x, t_x, T):  # noqa: N803
    """Maximum-likelihood Pareto/NBD parameters of these customers, or None when
    the optimiser does not converge; with the log-likelihood at them."""
    np = _np()
    from scipy.optimize import minimize  # noqa: PLC0415

    (ux, ut, uT), weights = _compress(x, t_x, T)  # noqa: N806
    total = weights.sum()
    scale = max(float(weights @ uT) / total, 1.0)

    def cost(log_params):
        r, alpha, s, beta = np.exp(log_params)
        params = ParetoNbd(r, alpha * scale, s, beta * scale)
        value = pareto_log_likelihood(params, ux, ut, uT, weights)
        return -value / total if np.isfinite(value) else np.inf

    with np.errstate(invalid="ignore"):  # inf - inf in a trial's gradient
        result = minimize(
            cost,
            np.zeros(4),
            method="L-BFGS-B",
            # Customers all alike (no spread of rates) put the optimum at
            # infinite shapes; e^10 stands for them, as a fit, not a failure.
            bounds=[(-LOG_PARAM_BOUND, LOG_PARAM_BOUND)] * 4,
            options={"ftol": 1e-12, "gtol": 1e-8},
        )
    r, alpha, s, beta = np.exp(result.x)
    params = ParetoNbd(r, alpha * scale, s, beta * scale)
    if not _converged(result) or not all(np.isfinite(params)):
        return None, None
    return params, -result.fun * total


def pareto_probability_alive(params, x, t_x, T):  # noqa: N803
    """The probability that each customer has not left (Fader & Hardie 2005,
    equation 18): it falls with the silence since the last purchase, for a
    customer who bought once as for the others."""
    np = _np()
    r, alpha, s, beta = params
    x, t_x, T = (np.asarray(v, dtype=float) for v in (x, t_x, T))  # noqa: N806
    log_odds = (
        np.log(s)
        - np.log(r + s + x)
        + (r + x) * np.log(alpha + T)
        + s * np.log(beta + T)
        + _pareto_log_a0(params, x, t_x, T)
    )
    with np.errstate(over="ignore"):
        return np.where(t_x < T, 1.0 / (1.0 + np.exp(log_odds)), 1.0)


def _pareto_staying(s, beta_t, t):
    """(1 - ((beta + T) / (beta + T + t))^(s - 1)) / (s - 1): the expected time
    a customer alive today stays in the next ``t`` weeks, over its rate of
    leaving; ``-log`` of the ratio at ``s = 1``."""
    np = _np()
    log_ratio = np.log(beta_t) - np.log(beta_t + t)
    if abs(s - 1.0) < 1e-9:
        return -log_ratio
    return -np.expm1((s - 1.0) * log_ratio) / (s - 1.0)


def pareto_expected_purchases(params, t, x, t_x, T):  # noqa: N803
    """The expected number of purchases of each customer in the next ``t`` weeks
    (Fader & Hardie 2005, equation 21; ``t`` may be an array broadcasting
    against the customers)."""
    np = _np()
    r, alpha, s, beta = params
    x, t_x, T = (np.asarray(v, dtype=float) for v in (x, t_x, T))  # noqa: N806
    t = np.asarray(t, dtype=float)
    rate = (r + x) / (alpha + T)
    expected = rate * (beta + T) * _pareto_staying(s, beta + T, t)
    alive = pareto_probability_alive(params, x, t_x, T)
    return np.where(t > 0, expected * alive, 0.0)


def pareto_expected_repeat_purchases(params, T):  # noqa: N803
    """The repeat purchases a customer is expected to make in its first ``T``
    weeks (Fader & Hardie 2005, equation 17)."""
    np = _np()
    r, alpha, s, beta = params
    T = np.asarray(T, dtype=float)  # noqa: N806
    return r * beta / alpha * _pareto_staying(s, np.full_like(T, beta), T)


# -- Gamma-Gamma -------------------------------------------------------------------


def first_purchase(summary):
    """The value of each customer's first purchase, from its averages: all of
    its ``x + 1`` purchases less the ``x`` repeat ones."""
    return summary.mean * (summary.x + 1) - summary.m * summary.x


def _log_first(first):
    """The logarithm of each first purchase's value, NaN where it is not
    positive (an order of 0, or returned)."""
    np = _np()
    first = np.asarray(first, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(first > 0, np.log(np.where(first > 0, first, 1.0)), np.nan)


def _spend_scales(params, first):
    """Each customer's ``v``: the population's scaled by ``e^(c·z)``; ``z`` 0 (the
    customers' mean) for a first purchase of no positive value, or without the
    first purchase."""
    np = _np()
    if first is None or not params.c or params.z_sd <= 0:
        return params.v
    z = (_log_first(first) - params.z_mean) / params.z_sd
    return params.v * np.exp(params.c * np.nan_to_num(z, nan=0.0))


def gamma_gamma_log_likelihood(params, x, m, first=None):
    """The Gamma-Gamma log-likelihood of the customers' average spend ``m`` over
    their ``x`` repeat purchases (the customers with ``x > 0`` and ``m > 0``),
    each with its own ``v`` when their ``first`` purchases are given."""
    np, sp = _np(), _special()
    params = GammaGamma(*params)
    p, q = params.p, params.q
    v = _spend_scales(params, first)
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


def _first_scale(first):
    """(mean, standard deviation) of the logarithms of the positive first
    purchases: how ``z`` is standardised; (0, 0) when they do not vary."""
    np = _np()
    logs = _log_first(first)
    logs = np.sort(logs[np.isfinite(logs)])  # sums in one order, as the fits'
    if len(logs) < 2 or np.ptp(logs) == 0:
        return 0.0, 0.0
    return float(logs.mean()), float(logs.std())


def fit_gamma_gamma(x, m, first=None):
    """Maximum-likelihood Gamma-Gamma parameters, or None (no convergence, or a
    population mean that does not exist: ``q <= 1``). With the customers'
    ``first`` purchases, their weight ``c`` too, unless they do not vary or
    the weighed fit runs to a bound (a first purchase that would settle the
    spend alone): then the plain fit stands."""
    np = _np()
    keep = (np.asarray(x) > 0) & (np.asarray(m) > 0)
    x, m = np.asarray(x, dtype=float)[keep], np.asarray(m, dtype=float)[keep]
    if not len(x):
        return None
    # z is standardised over all the customers' first purchases.
    z_mean, z_sd = _first_scale(first) if first is not None else (0.0, 0.0)
    first = None if first is None else np.asarray(first, dtype=float)[keep]
    x, m, first = _in_canonical_order(x, m, first)
    plain = _fit_spend(x, m)
    if plain is None or not z_sd:
        return plain
    return _fit_spend(x, m, GammaGamma(*plain[:3], 0.0, z_mean, z_sd), first) or plain


def _in_canonical_order(x, m, first):
    """The customers sorted by their figures: where the likelihood is nearly
    flat along a ridge, the optimiser's end depends on the order its sums are
    added in; sorted, a fit depends on the customers alone, not on the order a
    query returned them in (the recompute's and the accuracy report's differ)."""
    np = _np()
    keys = (m, x) if first is None else (first, m, x)
    order = np.lexsort(keys)
    return x[order], m[order], None if first is None else first[order]


def _fit_spend(x, m, start=None, first=None):
    """The Gamma-Gamma fit of the customers with repeat purchases: plain, or
    with the weight of their ``first`` purchases from ``start`` (the plain
    fit's parameters and the scale of ``z``), bounded; None when it does not
    converge, has no population mean or, weighed, stops at a bound."""
    np = _np()
    from scipy.optimize import minimize  # noqa: PLC0415

    scale = float(np.mean(m))
    base = start or GammaGamma(1.0, 2.0, scale)

    def params_of(values):
        p, q, v = np.exp(values[:3])
        return base._replace(p=p, q=q, v=v * scale, c=values[3] if start else 0.0)

    def cost(values):
        value = gamma_gamma_log_likelihood(params_of(values), x, m, first)
        return -value / len(x) if np.isfinite(value) else np.inf

    initial = np.log([base.p, base.q, base.v / scale])
    bounds = None
    if start:
        initial = np.append(initial, 0.0)
        bounds = [(-LOG_PARAM_BOUND, LOG_PARAM_BOUND)] * 3 + [(-C_BOUND, C_BOUND)]
    with np.errstate(invalid="ignore", over="ignore"):  # inf - inf in a trial
        result = minimize(
            cost, initial, method="L-BFGS-B", bounds=bounds, options={"ftol": 1e-12}
        )
    params = params_of(result.x)
    at_bound = bounds and any(
        min(abs(value - low), abs(value - high)) < 1e-6
        for value, (low, high) in zip(result.x, bounds, strict=True)
    )
    if not _converged(result) or at_bound or params.q <= 1:
        return None
    return params if np.isfinite(params[:4]).all() else None


def expected_spend(params, x, m, first=None):
    """The expected value of each customer's next purchases: its own average
    ``m`` weighted against its population mean (``v p / (q - 1)``, its own
    ``v`` by its ``first`` purchase when given) by its ``x`` repeat purchases."""
    np = _np()
    params = GammaGamma(*params)
    p, q = params.p, params.q
    v = _spend_scales(params, first)
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


def _repeat_model(params):
    """(expected purchases, probability alive) of a fitted repeat-purchase model:
    :class:`ParetoNbd` (the suite's) or :class:`BgNbd` (for comparison)."""
    if isinstance(params, ParetoNbd):
        return pareto_expected_purchases, pareto_probability_alive
    return expected_purchases, probability_alive


def model_forecast(repeat, gg, summary, horizon_months, clv_months, yearly_rate):
    """(expected purchases in the horizon, probability alive, expected spend,
    CLV) per customer from fitted parameters (``repeat``: Pareto/NBD or BG/NBD;
    ``gg``: Gamma-Gamma) and a :class:`Summary`."""
    np = _np()
    purchases, alive_of = _repeat_model(repeat)
    x, t_x, T, m = summary.x, summary.t_x, summary.T, summary.m  # noqa: N806
    months = np.arange(1, max(horizon_months, clv_months) + 1) * WEEKS_PER_MONTH
    # The purchases depend on (x, t_x, T) alone, shared by many customers (all
    # one-time buyers of a day, for one): computed once per distinct summary.
    distinct, inverse = np.unique(
        np.column_stack((x, t_x, T)), axis=0, return_inverse=True
    )
    inverse = inverse.reshape(-1)
    ux, ut, uT = (distinct[:, i] for i in range(3))  # noqa: N806
    cumulative = purchases(
        repeat, months[None, :], ux[:, None], ut[:, None], uT[:, None]
    )[inverse]
    spend = expected_spend(gg, x, m, first_purchase(summary))
    clv = discounted_value(cumulative[:, :clv_months], spend, yearly_rate)
    alive = alive_of(repeat, ux, ut, uT)[inverse]
    return cumulative[:, horizon_months - 1], alive, spend, clv


def rule_forecast(summary, horizon_months, clv_months, yearly_rate):
    """The simple rule for a company with too few repeat customers for a model.

    The company's usual gap is the repeat customers' weeks between purchases,
    pooled, with the prior (:data:`DEFAULT_GAP_WEEKS`) counted as one more
    purchase; a customer's own gap is its weeks between purchases with the usual
    gap counted as one more (a one-time buyer: the usual gap). A customer is
    surely active until silent for one gap, then less and less likely (gap /
    silence); it buys once a gap while active and spends its own average. Few
    purchases over a few weeks move the pace only that far (a customer who
    bought on five Fridays in a row is not expected every week for a year, nor
    is everyone who bought once)."""
    np = _np()
    x, t_x, T = summary.x, summary.t_x, summary.T  # noqa: N806
    usual = (float(t_x[x > 0].sum()) + DEFAULT_GAP_WEEKS) / (float(x[x > 0].sum()) + 1)
    gap = np.maximum((t_x + usual) / (x + 1), 1.0)
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
