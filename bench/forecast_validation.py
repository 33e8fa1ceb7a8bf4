"""The future-value models of crm_idic on a real, public purchase history.

The CDNOW cohort (23,570 customers who first bought CDs on CDNOW in the first
quarter of 1997, every purchase until June 1998; shipped with the ``lifetimes``
package) is cut in two halves of 39 weeks: the models are fitted on the first
half and predict the second, and nothing is chosen on the second. A purchase is a
day with a purchase and its value the day's amount, as in the addon. Beside
crm_idic's own fit (``crm_idic/tools/forecast.py``, loaded from its file, no
Odoo needed; its Pareto/NBD, and its BG/NBD to compare with): ``lifetimes``'
Pareto/NBD, BG/NBD and Gamma-Gamma on the same summaries, and two
rankings staff use today, by the first half's revenue and by the RFM score of the
Differentiate component (R + F + M quintiles). Also the published estimates on
the 1/10 sample (weekly).

Run by ``make bench-forecast`` (a virtualenv of its own with ``lifetimes``, never
installed by ``make test``); prints Markdown tables.
"""

import importlib.util
import sys
import warnings
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
START, CUT, END = date(1997, 1, 1), date(1997, 10, 1), date(1998, 7, 1)
WEEK = 7.0
TOP = 0.2
PUBLISHED = {
    "Pareto/NBD": ("r α s β", (0.5534, 10.5802, 0.6061, 11.6562)),
    "BG/NBD": ("r α a b", (0.243, 4.414, 0.793, 2.426)),
    "Gamma-Gamma": ("p q γ", (6.25, 3.74, 15.44)),
}


def _forecast_tools():
    """crm_idic's ``tools/forecast.py``, loaded from its file."""
    path = ROOT / "crm_idic" / "tools" / "forecast.py"
    spec = importlib.util.spec_from_file_location("crm_idic_forecast", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _purchases():
    """One row per customer and day with a purchase: (customer, day, amount)."""
    from lifetimes.datasets import load_dataset  # noqa: PLC0415

    raw = load_dataset("CDNOW_master.txt", sep=r"\s+")
    raw["day"] = pd.to_datetime(raw["date"].astype(str), format="%Y%m%d").dt.date
    return (
        raw.groupby(["customer_id", "day"], as_index=False)["dollar_value"]
        .sum()
        .rename(columns={"customer_id": "customer", "dollar_value": "amount"})
    )


def _summaries(purchases):
    """Per customer: the first half's summary (weeks), revenue and RFM, and the
    second half's purchases and revenue."""
    first = purchases[purchases["day"] < CUT]
    second = purchases[purchases["day"] >= CUT]
    last_day = (CUT - START).days - 1  # days from START to the cut's eve
    days = (pd.to_datetime(first["day"]) - pd.Timestamp(START)).dt.days
    first = first.assign(offset=days)
    grouped = first.groupby("customer")
    frame = pd.DataFrame(
        {
            "count": grouped.size(),
            "first": grouped["offset"].min(),
            "last": grouped["offset"].max(),
            "revenue": grouped["amount"].sum(),
            "first_amount": grouped.apply(
                lambda g: g.loc[g["offset"].idxmin(), "amount"], include_groups=False
            ),
        }
    )
    frame["x"] = frame["count"] - 1
    frame["t_x"] = (frame["last"] - frame["first"]) / WEEK
    frame["T"] = (last_day - frame["first"]) / WEEK
    repeat = frame["revenue"] - frame["first_amount"]
    frame["m"] = np.where(frame["x"] > 0, repeat / frame["x"].clip(lower=1), 0.0)
    frame["recency_days"] = last_day - frame["last"]
    later = second.groupby("customer")["amount"].agg(["size", "sum"])
    frame["actual_orders"] = later["size"].reindex(frame.index).fillna(0)
    frame["actual_revenue"] = later["sum"].reindex(frame.index).fillna(0.0)
    return frame


def _ours(tools, frame, weeks, fit, first=True):
    """crm_idic's forecast with the repeat-purchase model ``fit`` returns
    (its Pareto/NBD; its BG/NBD, kept to compare with) and its Gamma-Gamma,
    weighing the first purchase as the addon does (``first``) or plain."""
    x, t_x, T, m = (frame[c].to_numpy(dtype=float) for c in ("x", "t_x", "T", "m"))
    first = frame["first_amount"].to_numpy(dtype=float) if first else None
    repeat, _loglik = fit(x, t_x, T)
    gg = tools.fit_gamma_gamma(x, m, first)
    purchases, _alive = tools._repeat_model(repeat)
    orders = purchases(repeat, weeks, x, t_x, T)
    spend = tools.expected_spend(gg, x, m, first)
    return repeat, gg, orders, orders * spend


def _lifetimes(frame, weeks):
    from lifetimes import BetaGeoFitter, GammaGammaFitter  # noqa: PLC0415

    bgf = BetaGeoFitter().fit(frame["x"], frame["t_x"], frame["T"])
    orders = bgf.conditional_expected_number_of_purchases_up_to_time(
        weeks, frame["x"], frame["t_x"], frame["T"]
    ).to_numpy()
    repeat = frame[(frame["x"] > 0) & (frame["m"] > 0)]
    ggf = GammaGammaFitter().fit(repeat["x"], repeat["m"])
    spend = ggf.conditional_expected_average_profit(frame["x"], frame["m"]).to_numpy()
    # lifetimes gives one-time buyers the population mean (its formula with x = 0).
    return bgf, ggf, orders, orders * spend


def _lifetimes_pareto(frame, weeks, spend):
    """lifetimes' Pareto/NBD on the same summaries, with the same spend: the
    repeat-purchase model crm_idic did not choose, measured beside it."""
    from lifetimes import ParetoNBDFitter  # noqa: PLC0415

    pnbd = ParetoNBDFitter().fit(frame["x"], frame["t_x"], frame["T"])
    orders = pnbd.conditional_expected_number_of_purchases_up_to_time(
        weeks, frame["x"], frame["t_x"], frame["T"]
    ).to_numpy()
    return orders, orders * spend


def _ranking_figures(tools, score, actual):
    """Share of the second half's revenue bought by the top 20 % by ``score``,
    and Spearman's rank correlation of ``score`` with that revenue (the addon's
    own measures, as its Forecast accuracy report shows them)."""
    return (
        tools.top_share_capture(score, actual, TOP),
        tools.rank_correlation(score, actual),
    )


def _sample_estimates(tools):
    """Our and lifetimes' fits on the 1/10 sample (weekly), beside the papers'."""
    from lifetimes import (  # noqa: PLC0415
        BetaGeoFitter,
        GammaGammaFitter,
        ParetoNBDFitter,
    )
    from lifetimes.datasets import (  # noqa: PLC0415
        load_cdnow_summary_data_with_monetary_value,
    )

    sample = load_cdnow_summary_data_with_monetary_value()
    x, t_x, T, m = (
        sample[c].to_numpy(dtype=float)
        for c in ("frequency", "recency", "T", "monetary_value")
    )
    ours_pareto, _loglik = tools.fit_pareto_nbd(x, t_x, T)
    ours_bg, _loglik = tools.fit_bgnbd(x, t_x, T)
    ours_gg = tools.fit_gamma_gamma(x, m)
    ref_pareto = ParetoNBDFitter().fit(
        sample["frequency"], sample["recency"], sample["T"]
    )
    ref_bg = BetaGeoFitter().fit(sample["frequency"], sample["recency"], sample["T"])
    repeat = sample[sample["frequency"] > 0]
    ref_gg = GammaGammaFitter().fit(repeat["frequency"], repeat["monetary_value"])
    rows = [
        (
            "Pareto/NBD",
            tuple(ours_pareto),
            tuple(ref_pareto.params_[k] for k in "r alpha s beta".split()),
        ),
        (
            "BG/NBD",
            tuple(ours_bg),
            tuple(ref_bg.params_[k] for k in "r alpha a b".split()),
        ),
        (
            "Gamma-Gamma",
            tuple(ours_gg)[:3],
            tuple(ref_gg.params_[k] for k in "p q v".split()),
        ),
    ]
    print(f"CDNOW 1/10 sample ({len(sample):,} customers, weeks):\n")
    print("| Model | Parameters | Published | crm_idic | lifetimes |")
    print("|---|---|---|---|---|")
    for name, ours, ref in rows:
        names, published = PUBLISHED[name]

        def fmt(values):
            return " ".join(f"{v:.3f}" for v in values)

        print(f"| {name} | {names} | {fmt(published)} | {fmt(ours)} | {fmt(ref)} |")
    print()


def main():
    warnings.filterwarnings("ignore")
    tools = _forecast_tools()
    _sample_estimates(tools)
    frame = _summaries(_purchases())
    weeks = (END - CUT).days / WEEK
    actual = frame["actual_revenue"].to_numpy()
    actual_orders = frame["actual_orders"].sum()
    print(
        f"CDNOW full cohort: {len(frame):,} customers; fitted on {START} to "
        f"{CUT - timedelta(days=1)} (39 weeks), predicting {CUT} to "
        f"{END - timedelta(days=1)} ({weeks:.0f} weeks): "
        f"{actual_orders:,.0f} purchases (days), {actual.sum():,.2f} USD.\n"
    )
    ours, ours_gg, ours_orders, ours_revenue = _ours(
        tools, frame, weeks, tools.fit_pareto_nbd
    )
    _plain, _gg, plain_orders, plain_revenue = _ours(
        tools, frame, weeks, tools.fit_pareto_nbd, first=False
    )
    _bg, _gg, bg_orders, bg_revenue = _ours(tools, frame, weeks, tools.fit_bgnbd)
    _bgf, _ggf, ref_orders, ref_revenue = _lifetimes(frame, weeks)
    pnbd_orders, pnbd_revenue = _lifetimes_pareto(
        frame, weeks, ref_revenue / np.maximum(ref_orders, 1e-12)
    )
    rfm = (
        tools.quintiles(-frame["recency_days"].to_numpy())
        + tools.quintiles(frame["count"].to_numpy())
        + tools.quintiles(frame["revenue"].to_numpy())
    )
    print(
        "| Ranking by | Purchases predicted | Revenue predicted | Revenue error |"
        " Top 20 % capture | Spearman ρ |"
    )
    print("|---|---|---|---|---|---|")
    for name, orders, score in (
        ("crm_idic Pareto/NBD + first-purchase Gamma-Gamma", ours_orders, ours_revenue),
        ("crm_idic Pareto/NBD + plain Gamma-Gamma", plain_orders, plain_revenue),
        ("lifetimes Pareto/NBD + Gamma-Gamma", pnbd_orders, pnbd_revenue),
        ("crm_idic BG/NBD + Gamma-Gamma (compared)", bg_orders, bg_revenue),
        ("lifetimes BG/NBD + Gamma-Gamma", ref_orders, ref_revenue),
        ("first half's revenue", None, frame["revenue"].to_numpy()),
        ("RFM score (R + F + M)", None, rfm),
    ):
        capture, rho = _ranking_figures(tools, score, actual)
        if orders is None:
            figures = "— | — | —"
        else:
            error = score.sum() / actual.sum() - 1
            figures = f"{orders.sum():,.0f} | {score.sum():,.0f} | {error:+.1%}"
        print(f"| {name} | {figures} | {capture:.1%} | {rho:.4f} |")
    print(
        f"\ncrm_idic's fit: r {ours.r:.3f} α {ours.alpha:.2f} s {ours.s:.3f} "
        f"β {ours.beta:.2f}; p {ours_gg.p:.2f} q {ours_gg.q:.2f} γ {ours_gg.v:.2f} "
        f"c {ours_gg.c:.3f} (z: log of the first purchase, mean {ours_gg.z_mean:.3f}, "
        f"sd {ours_gg.z_sd:.3f})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
