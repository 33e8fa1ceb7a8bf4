"""The future value of crm_idic on real purchases, end to end, through Odoo.

The CDNOW 1/10 sample (2,357 customers who first bought CDs on CDNOW in the first
quarter of 1997, every purchase until June 1998; shipped with ``lifetimes``)
becomes a company's customers and confirmed sales orders, each dated at noon of
its day in the company's time zone (Asia/Ho_Chi_Minh). The company's IDIC
recompute then runs as of 30 September 1997, the eve of the second half, as the
daily scheduled action does (its model fitted on the orders it gathers), with a
forecast horizon of 9 months (39.1 weeks; the second half has 39). Printed:
the company's stored fit beside the papers' estimates on the same sample, and
the profiles' forecast against what the customers bought in the second half,
beside the ranking by the RFM score the recompute stored. Then the orders of the
second half are loaded too, and the Forecast accuracy report runs at the cut the
day after the second half, as the sales manager would run it.

Run by ``make bench-forecast`` on a database of its own (``crm_bench_cdnow``,
made anew each run; the data file's path as its first argument):

    python bench/forecast_in_odoo.py --config .run/odoo.conf \
        --database crm_bench_cdnow --data .../CDNOW_sample.txt
"""

import argparse
import time as clock
from collections import defaultdict
from datetime import date, datetime, time, timedelta

import pytz

CUT, END = date(1997, 10, 1), date(1998, 7, 1)
COMPANY_TZ = "Asia/Ho_Chi_Minh"
HORIZON_MONTHS = 9
BATCH = 500
# Fader, Hardie & Lee (2005), the Pareto/NBD and Gamma-Gamma notes: the 1/10
# sample, weeks.
PUBLISHED = {
    "r α s β": (0.5534, 10.5802, 0.6061, 11.6562),
}


def _days(path):
    """{customer: {day: amount}}: the sample's purchases merged by day."""
    days = defaultdict(lambda: defaultdict(float))
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            customer, _id, day, _cds, amount = line.split()
            day = datetime.strptime(day, "%Y%m%d").date()
            days[int(customer)][day] += float(amount)
    return days


def _company(env):
    Company = env["res.company"]  # noqa: N806
    company = Company.create(
        {
            "name": "CDNOW 1997 (benchmark)",
            "currency_id": env.ref("base.USD").id,
            "idic_forecast_months": HORIZON_MONTHS,
        }
    )
    company.partner_id.tz = COMPANY_TZ
    company.resource_calendar_id.tz = COMPANY_TZ
    env.user.company_ids |= company
    return company


def _customers(env, company, days):
    """The sample's customers as partners, and its product: ({customer:
    partner}, product)."""
    product = env["product.product"].create(
        {"name": "CD", "type": "service", "taxes_id": False, "company_id": False}
    )
    customers = sorted(days)
    partners = env["res.partner"].create(
        [{"name": f"CDNOW customer {customer}"} for customer in customers]
    )
    return dict(zip(customers, partners, strict=True)), product


def _load(env, company, days, by_customer, product, second):
    """The confirmed orders of the first half (of the second with ``second``),
    through the ORM; their number."""
    env = env(context={"allowed_company_ids": company.ids, "tracking_disable": True})
    rows = [
        (partner, day, amount)
        for customer, partner in by_customer.items()
        for day, amount in sorted(days[customer].items())
        if (day >= CUT) == second
    ]
    tz = pytz.timezone(COMPANY_TZ)
    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        orders = env["sale.order"].create(
            [
                {
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "order_line": [
                        (
                            0,
                            0,
                            {
                                "product_id": product.id,
                                "product_uom_qty": 1,
                                "price_unit": amount,
                                "tax_ids": [(5,)],
                            },
                        )
                    ],
                }
                for partner, _day, amount in batch
            ]
        )
        orders.action_confirm()
        # Confirmation stamps now: each order on its own day, at local noon.
        for order, (_partner, day, _amount) in zip(orders, batch, strict=True):
            noon = tz.localize(datetime.combine(day, time(12, 0)))
            order.date_order = noon.astimezone(pytz.utc).replace(tzinfo=None)
        env.flush_all()
    return len(rows)


def _at(day):
    """Odoo's clock frozen at 18:00 of ``day`` in the company's time zone."""
    from freezegun import freeze_time  # noqa: PLC0415

    evening = pytz.timezone(COMPANY_TZ).localize(datetime.combine(day, time(18, 0)))
    return freeze_time(evening.astimezone(pytz.utc).replace(tzinfo=None))


def _recompute(env, company):
    """The company's recompute as of the cut's eve."""
    with _at(CUT - timedelta(days=1)):
        env["crm.idic.profile"]._recompute_profiles(company_ids=company.ids)
        env.flush_all()


def _accuracy(env, company):
    """The Forecast accuracy report at the cut, run the day after the second
    half (the first day its whole horizon has passed) as the sales manager
    runs it."""
    with _at(END):
        report = (
            env["crm.idic.forecast.accuracy"]
            .with_company(company)
            .create({"company_id": company.id, "cutoff": CUT})
        )
        report.action_compute()
    labels = dict(report.line_ids._fields["ranking"].selection)
    print(
        f"Forecast accuracy report, cutoff {CUT}, {report.customer_count:,} "
        f"customers: purchases {report.actual_orders:,.0f} made, "
        f"{report.predicted_orders:,.0f} forecast; revenue "
        f"{report.actual_revenue:,.0f} made, {report.predicted_revenue:,.0f} "
        f"forecast ({report.revenue_error:+.1f} %)\n"
    )
    print("| Customers ranked by | Top 20 % capture | Spearman ρ |")
    print("|---|--:|--:|")
    for line in report.line_ids:
        print(
            f"| {labels[line.ranking]} | {line.top_capture:.1f} % | "
            f"{line.rank_correlation:.4f} |"
        )


def _report(env, company, days, by_customer):
    from odoo.addons.crm_idic.tools import forecast  # noqa: PLC0415

    np = forecast._np()
    fit = env["crm.idic.forecast.fit"].search(
        [("company_id", "=", company.id)], order="id desc", limit=1
    )
    print(
        f"Stored fit: {fit.method}, {fit.customer_count:,} customers, "
        f"{fit.repeat_customer_count:,} repeat ({fit.note or 'no note'})\n"
    )
    print("| Pareto/NBD, weeks | r α s β |")
    print("|---|---|")
    for label, values in (
        ("Published (Fader, Hardie & Lee 2005)", PUBLISHED["r α s β"]),
        ("crm_idic, fitted on the orders in Odoo", (fit.r, fit.alpha, fit.s, fit.beta)),
    ):
        print(f"| {label} | {' '.join(f'{v:.3f}' for v in values)} |")
    print(f"\nGamma-Gamma: p {fit.p:.3f} q {fit.q:.3f} γ {fit.v:.3f} c {fit.c:.3f}\n")
    profiles = env["crm.idic.profile"].search([("company_id", "=", company.id)])
    by_partner = {profile.partner_id.id: profile for profile in profiles}
    actual_orders, actual_revenue, orders, revenue, rfm = [], [], [], [], []
    for customer, partner in by_customer.items():
        profile = by_partner[partner.id]
        second = [amount for day, amount in days[customer].items() if day >= CUT]
        actual_orders.append(len(second))
        actual_revenue.append(sum(second))
        orders.append(profile.predicted_orders)
        revenue.append(profile.predicted_revenue)
        rfm.append(profile.rfm_r_score + profile.rfm_f_score + profile.rfm_m_score)
    actual = np.array(actual_revenue)
    print("| Second half | Actual | Predicted | Error |")
    print("|---|--:|--:|--:|")
    for label, real, predicted in (
        ("Purchases", sum(actual_orders), sum(orders)),
        ("Revenue (USD)", actual.sum(), sum(revenue)),
    ):
        print(
            f"| {label} | {real:,.0f} | {predicted:,.0f} | "
            f"{(predicted - real) / real:+.1%} |"
        )
    print("\n| Ranking by | Top 20 % capture | Spearman ρ |")
    print("|---|--:|--:|")
    for label, score in (
        ("Expected revenue", np.array(revenue)),
        ("RFM score (R + F + M)", np.array(rfm, dtype=float)),
    ):
        print(
            f"| {label} | {forecast.top_share_capture(score, actual, 0.2):.1%} | "
            f"{forecast.rank_correlation(score, actual):.4f} |"
        )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--data", required=True)
    args = parser.parse_args()

    import odoo  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415
    from odoo.tools import config  # noqa: PLC0415

    config.parse_config(["-c", args.config, "-d", args.database, "--log-level", "warn"])
    days = _days(args.data)
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        started = clock.perf_counter()
        company = _company(env)
        by_customer, product = _customers(env, company, days)
        count = _load(env, company, days, by_customer, product, second=False)
        loaded = clock.perf_counter()
        print(
            f"CDNOW 1/10 sample: {len(by_customer):,} customers, {count:,} "
            f"orders of the first half, created and confirmed in "
            f"{loaded - started:.0f} s\n"
        )
        _recompute(env, company)
        print(
            f"Recompute as of {CUT - timedelta(days=1)}: "
            f"{clock.perf_counter() - loaded:.1f} s\n"
        )
        _report(env, company, days, by_customer)
        count = _load(env, company, days, by_customer, product, second=True)
        print(f"\n{count:,} orders of the second half created and confirmed.\n")
        _accuracy(env, company)
        cr.commit()


if __name__ == "__main__":
    main()
