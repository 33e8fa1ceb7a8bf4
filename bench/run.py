"""Benchmarks of crm-suite on the dataset of `make bench-data` (`make bench`).

For each operation: the rows it covers, the median of 3 runs, the peak of Python
memory (tracemalloc, one extra run) and two ratios measured in the same run:
(a) to the raw-SQL limit, one plain SQL query over the same tables computing the
same numbers; (b) to a naive ORM implementation, a loop per record timed on a
sample and scaled to all records. Every run happens in one transaction, rolled
back at the end: the dataset does not change.

Usage: python bench/run.py --config .run/odoo.conf --database crm_bench
"""

import argparse
import os
import platform
import statistics
import sys
import time
import tracemalloc
from datetime import date

from data import TODAY

RUNS = 3
SAMPLE = 50


def timed(function, runs=RUNS):
    times = []
    for _run in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def peak_mb(function):
    tracemalloc.start()
    function()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


class Bench:
    def __init__(self, env):
        from odoo.tools import SQL

        self.SQL = SQL
        self.env = env
        self.cr = env.cr
        self.company = env.ref("base.main_company")
        self.rows = []

    def sql(self, query):
        def run():
            self.cr.execute(query)
            self.cr.fetchall()

        return run

    def sample_customers(self):
        """The customers the naive ORM loops go through (one query per each)."""
        return self.env["res.partner"].search([("customer_rank", ">", 0)], limit=SAMPLE)

    def record(self, name, rows, operation, raw=None, naive=None, note=""):
        """naive: (function over a sample, sample size)."""
        self.env.invalidate_all()
        seconds = timed(operation)
        memory = peak_mb(operation)
        vs_sql = seconds / timed(raw) if raw else None
        vs_naive = None
        if naive:
            sample_run, sample_size = naive
            sample_seconds = timed(sample_run, runs=1)
            scaled = sample_seconds * rows / max(sample_size, 1)
            vs_naive = seconds / scaled if scaled else None
        self.rows.append((name, rows, seconds, memory, vs_sql, vs_naive, note))
        self.env.invalidate_all()

    def count(self, query):
        self.cr.execute(query)
        return self.cr.fetchone()[0]

    # -- operations ------------------------------------------------------------------

    def run(self):
        env = self.env
        SQL = self.SQL
        company = self.company
        Profile = env["crm.idic.profile"]
        customers = self.count(
            SQL(
                "SELECT count(*) FROM crm_idic_profile WHERE company_id = %s",
                company.id,
            )
        )

        self.cr.execute(
            SQL(
                "SELECT DISTINCT partner_id FROM sale_order WHERE company_id = %s "
                "ORDER BY partner_id LIMIT 1000",
                company.id,
            )
        )
        dirty = env["res.partner"].browse([row[0] for row in self.cr.fetchall()])

        def incremental():
            Profile._idic_mark_dirty(dirty, company)
            Profile._recompute_dirty()

        # Measured first: the operations below run in the same transaction (rolled
        # back at the end), and the full recomputes leave 100,000s of row versions
        # that no vacuum can remove before the end of it.
        self.record(
            "IDIC incremental (1,000 customers with new orders)",
            len(dirty),
            incremental,
        )

        def naive_idic():
            for partner in self.sample_customers():
                orders = env["sale.order"].search(
                    [
                        ("partner_id", "=", partner.id),
                        ("state", "=", "sale"),
                        ("company_id", "=", company.id),
                    ]
                )
                total = sum(orders.mapped("amount_untaxed"))
                last = max(orders.mapped("date_order"), default=False)
                profile = Profile.search(
                    [("partner_id", "=", partner.id), ("company_id", "=", company.id)]
                )
                profile.write({"rfm_monetary": total, "rfm_frequency": len(orders)})
                del last
            env.flush_all()

        self.record(
            "IDIC full recompute",
            customers,
            lambda: Profile._recompute_profiles(company_ids=company.ids),
            # The limit: every number the recompute gathers and the three ranks,
            # read in one SELECT over the same tables (the recompute's own
            # gathering query), nothing scored or written.
            raw=self.sql(
                SQL(
                    """
                    SELECT g.*,
                           ceil(5 * cume_dist() OVER (PARTITION BY g.rfm_frequency > 0
                                ORDER BY %s - g.last_order_date DESC)),
                           ceil(5 * cume_dist() OVER (PARTITION BY g.rfm_frequency > 0
                                ORDER BY g.rfm_frequency)),
                           ceil(5 * cume_dist() OVER (PARTITION BY g.rfm_frequency > 0
                                ORDER BY g.rfm_monetary))
                      FROM (%s) g
                    """,
                    TODAY,
                    Profile._idic_gather_query(company, None, None),
                )
            ),
            naive=(naive_idic, SAMPLE),
            note="limit: the same numbers and ranks, one SELECT; naive: orders only",
        )

        year_start = date(TODAY.year, 1, 1)
        users = self.count(
            SQL(
                "SELECT count(DISTINCT invoice_user_id) FROM account_move "
                "WHERE company_id = %s",
                company.id,
            )
        )

        def naive_kpis():
            for user in env["res.users"].search(
                [("login", "=like", "bench.sales%")], limit=5
            ):
                moves = env["account.move"].search(
                    [
                        ("invoice_user_id", "=", user.id),
                        ("state", "=", "posted"),
                        ("invoice_date", ">=", year_start),
                    ]
                )
                sum(moves.mapped("amount_untaxed_signed"))
                env["crm.lead"].search_count(
                    [("user_id", "=", user.id), ("create_date", ">=", year_start)]
                )

        self.record(
            "QCI KPIs, every salesperson, one year",
            users,
            lambda: env["crm.qci.kpi"].compute_kpis(
                year_start, TODAY, company_id=company.id
            ),
            raw=self.sql(
                SQL(
                    """
                    SELECT invoice_user_id, sum(amount_untaxed_signed),
                           count(DISTINCT commercial_partner_id)
                      FROM account_move
                     WHERE company_id = %s AND state = 'posted'
                       AND move_type IN ('out_invoice', 'out_refund')
                       AND invoice_date BETWEEN %s AND %s
                     GROUP BY 1
                    """,
                    company.id,
                    year_start,
                    TODAY,
                )
            ),
            naive=(naive_kpis, 5),
        )

        Aging = env["crm.reports.receivable.aging"]
        debtors = self.count(
            SQL(
                "SELECT count(DISTINCT partner_id) FROM account_move_line "
                "WHERE company_id = %s AND amount_residual != 0 "
                "AND display_type = 'payment_term'",
                company.id,
            )
        )

        def naive_aging():
            for partner in self.sample_customers():
                lines = env["account.move.line"].search(
                    [
                        ("partner_id", "=", partner.id),
                        ("account_id.account_type", "=", "asset_receivable"),
                        ("parent_state", "=", "posted"),
                        ("reconciled", "=", False),
                    ]
                )
                buckets = {}
                for line in lines:
                    days = (TODAY - (line.date_maturity or line.date)).days
                    key = min(max(days // 30, -1), 4)
                    buckets[key] = buckets.get(key, 0) + line.amount_residual

        self.record(
            "Aged receivables, all customers, as of a date",
            debtors,
            lambda: Aging.get_aging(TODAY, company.id),
            raw=self.sql(
                SQL(
                    """
                    SELECT partner_id,
                           sum(amount_residual) FILTER (WHERE date_maturity >= %(d)s),
                           sum(amount_residual) FILTER (
                               WHERE date_maturity < %(d)s
                                 AND date_maturity >= %(d)s - 30),
                           sum(amount_residual) FILTER (
                               WHERE date_maturity < %(d)s - 30),
                           sum(amount_residual)
                      FROM account_move_line
                     WHERE company_id = %(c)s AND parent_state = 'posted'
                       AND display_type = 'payment_term' AND date <= %(d)s
                     GROUP BY partner_id
                    """,
                    d=TODAY,
                    c=company.id,
                )
            ),
            naive=(naive_aging, SAMPLE),
            note="limit query: today's residuals, not exact as of a past date",
        )

        Analysis = env["crm.reports.sales.analysis"]
        lines = self.count(SQL("SELECT count(*) FROM crm_reports_sales_analysis"))
        self.record(
            "Sales analysis pivot (month × team)",
            lines,
            lambda: Analysis._read_group([], ["date:month", "team_id"], ["amount:sum"]),
            raw=self.sql(
                SQL(
                    """
                    SELECT date_trunc('month', so.date_order), so.team_id,
                           sum(sol.price_subtotal)
                      FROM sale_order_line sol
                      JOIN sale_order so ON so.id = sol.order_id
                     WHERE so.state = 'sale'
                     GROUP BY 1, 2
                    """
                )
            ),
        )

        Ticket = env["crm.care.ticket"]
        open_tickets = Ticket.search(
            [("is_closed", "=", False), ("sla_id", "!=", False)]
        )
        self.record(
            "SLA recompute, all open tickets",
            len(open_tickets),
            lambda: (open_tickets._refresh_sla_status(), env.flush_all()),
        )
        self.record(
            "Close silent tickets: the hourly scan",
            Ticket.search_count([]),
            lambda: (Ticket._cron_close_inactive(), env.flush_all()),
            note="two queries a care team, whatever the number of tickets",
        )

        admin = env.ref("base.user_admin")
        dashboard = env["crm.reports.dashboard"].with_user(admin).with_company(company)
        self.record(
            "Dashboard data (sales manager, month)",
            customers,
            lambda: dashboard.get_dashboard_data("month"),
        )

        report = env["crm.reports.management"].create(
            {
                "period": "month",
                "date_from": TODAY.replace(day=1),
                "company_id": company.id,
            }
        )
        Report = env["ir.actions.report"].with_context(force_report_rendering=True)
        started = time.perf_counter()
        Report._render_qweb_pdf("crm_reports.report_management", report.ids)
        self.rows.append(
            (
                "Management report PDF (month)",
                1,
                time.perf_counter() - started,
                None,
                None,
                None,
                "one run (wkhtmltopdf)",
            )
        )

        self.rows.append(self.form_queries())
        self.rows.append(self.contract_invoicing())
        self.rows.append(self.reminder_run())
        self.rows.append(self.forecast_run())
        self.rows.append(self.festive_greetings())

    def festive_greetings(self):
        """The festive greetings of one occasion: find whom it greets (every
        tier), then greet a sample of them with a mail and a coupon code each,
        as the hourly action does (its committed batches aside)."""
        env, company = self.env, self.company
        program = env["loyalty.program"].create(
            {
                "name": "Bench gift",
                "program_type": "coupons",
                "trigger": "with_code",
                "applies_on": "current",
                "company_id": company.id,
                "reward_ids": [(0, 0, {"reward_type": "discount", "discount": 10})],
            }
        )
        occasion = env["crm.care.occasion"].create(
            {
                "name": "Bench occasion",
                "company_id": company.id,
                "month": TODAY.month,
                "day": TODAY.day,
                "tier_mvc": True,
                "tier_mgc": True,
                "tier_standard": True,
                "tier_bz": True,
                "program_id": program.id,
            }
        )
        started = time.perf_counter()
        audience = occasion._audience(TODAY)
        found = time.perf_counter() - started
        sample = audience[: SAMPLE * 10]
        sample.write({"care_greeting_opt_in": True})
        started = time.perf_counter()
        env["crm.care.occasion.greeting"]._greet(occasion, TODAY, sample)
        env.flush_all()
        seconds = time.perf_counter() - started
        mails = env["mail.mail"].search_count(
            [("model", "=", "crm.care.occasion.greeting")]
        )
        texts = (
            env["sms.sms"].search_count([("partner_id", "in", sample.ids)])
            if "sms.sms" in env
            else 0
        )
        return (
            "Festive greetings: one occasion, a sample greeted with a mail and a code",
            len(sample),
            seconds,
            None,
            None,
            None,
            f"one run: {mails:,} mails and {texts:,} SMS queued, "
            f"{seconds / max(len(sample), 1) * 1000:.0f} ms a customer; finding "
            f"the {len(audience):,} customers it greets: {found:.3f} s",
        )

    def contract_invoicing(self):
        """The daily invoicing action's work on every contract due: one run (it
        creates and posts the invoices), in the action's batches."""
        from odoo.tools import split_every

        env = self.env
        Contract = env["crm.care.contract"]
        due = Contract.search(
            [
                ("state", "in", ["running", "to_renew", "expired", "closed"]),
                ("recurring_next_date", "<=", TODAY),
            ]
        )
        size = Contract._invoice_batch_size()
        made = 0
        started = time.perf_counter()
        for ids in split_every(size, due.ids):
            made += len(Contract.browse(ids)._invoice_due(TODAY))
            env.flush_all()
            env.invalidate_all()
        seconds = time.perf_counter() - started
        return (
            "Contract invoicing: the daily action, every contract due",
            len(due),
            seconds,
            None,
            None,
            None,
            f"one run: {made:,} invoices created and posted, {size} contracts a batch",
        )

    def reminder_run(self):
        """A reminder run over every customer with open items: the lines it
        proposes (set-based, one statement), one run."""
        env = self.env
        SQL = self.SQL
        debtors = self.count(
            SQL(
                "SELECT count(DISTINCT partner_id) FROM account_move_line "
                "WHERE company_id = %s AND amount_residual > 0 "
                "AND display_type = 'payment_term' AND parent_state = 'posted'",
                self.company.id,
            )
        )
        run = env["crm.reports.dunning.run"].create(
            {"date": TODAY, "company_id": self.company.id}
        )
        env.flush_all()
        started = time.perf_counter()
        run._propose_lines()
        seconds = time.perf_counter() - started
        items = self.count(
            SQL(
                "SELECT count(*) FROM crm_reports_dunning_line_item_rel r "
                "JOIN crm_reports_dunning_line l ON l.id = r.line_id "
                "WHERE l.run_id = %s",
                run.id,
            )
        )
        return (
            "Reminder run: propose the lines, all customers with open items",
            debtors,
            seconds,
            None,
            None,
            None,
            f"one run: {len(run.line_ids):,} customers due a level, "
            f"{items:,} items listed",
        )

    def forecast_run(self):
        """The daily future-value step of one company: fit the models on every
        customer with a purchase and forecast them all (a fresh fit each time)."""
        env, company = self.env, self.company
        Profile = env["crm.idic.profile"]
        Fit = env["crm.idic.forecast.fit"]

        def fit_and_forecast():
            Fit.search([("company_id", "=", company.id)]).unlink()
            env.flush_all()
            Profile._idic_forecast(company)
            env.flush_all()

        customers = self.count(
            self.SQL(
                "SELECT count(*) FROM crm_idic_profile "
                "WHERE company_id = %s AND purchase_count > 0",
                company.id,
            )
        )
        started = time.perf_counter()
        fit_and_forecast()
        seconds = time.perf_counter() - started
        memory = peak_mb(fit_and_forecast)
        fit = Fit.search([("company_id", "=", company.id)], limit=1)
        return (
            "Future value: fit the models and forecast every buyer",
            customers,
            seconds,
            memory,
            None,
            None,
            f"one run: {fit.method}, r {fit.r:.3f} α {fit.alpha:.1f} s {fit.s:.3f} "
            f"β {fit.beta:.1f}; repeat purchases made {fit.repeat_actual:,}, "
            f"expected {fit.repeat_expected:,.0f}",
        )

    def form_queries(self):
        from odoo.addons.crm_idic.tests.common import form_read_spec  # noqa: PLC0415

        env = self.env
        admin = env.ref("base.user_admin")
        Partner = env["res.partner"].with_user(admin)
        self.cr.execute(
            "SELECT partner_id FROM sale_order GROUP BY partner_id "
            "ORDER BY count(*) DESC LIMIT 1"
        )
        partner = Partner.browse(self.cr.fetchone()[0])

        def count(spec):
            partner.web_read(spec)
            env.invalidate_all()
            before = self.cr.sql_log_count
            started = time.perf_counter()
            partner.web_read(spec)
            seconds = time.perf_counter() - started
            env.invalidate_all()
            return seconds, self.cr.sql_log_count - before

        _seconds, odoo_queries = count(form_read_spec(Partner, suite=False))
        seconds, queries = count(form_read_spec(Partner))
        return (
            "Partner form with the 360° view (busiest customer)",
            1,
            seconds,
            None,
            None,
            None,
            f"{queries} SQL queries, {odoo_queries} of them for Odoo's own fields",
        )

    def table(self):
        head = ("Operation", "Rows", "Median (s)", "Peak MB", "× SQL", "× naive ORM")
        lines = [
            "| " + " | ".join(head) + " | Note |",
            "|---|--:|--:|--:|--:|--:|---|",
        ]

        def fmt(value, pattern):
            return pattern.format(value) if value is not None else "—"

        for name, rows, seconds, memory, vs_sql, vs_naive, note in self.rows:
            lines.append(
                f"| {name} | {rows:,} | {seconds:.3f} | {fmt(memory, '{:.1f}')} | "
                f"{fmt(vs_sql, '{:.1f}')} | {fmt(vs_naive, '{:.3f}')} | {note} |"
            )
        return "\n".join(lines)


def machine():
    cpus = os.cpu_count()
    with open("/proc/meminfo", encoding="utf-8") as meminfo:
        total = int(meminfo.readline().split()[1]) // 2**20
    return f"{platform.processor() or platform.machine()}, {cpus} CPU, {total} GB RAM"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument(
        "--only",
        help="comma-separated operations to measure alone (e.g. forecast_run)",
    )
    args = parser.parse_args()
    import odoo
    from odoo.tools import config

    config.parse_config(["-c", args.config, "-d", args.database])
    from odoo.modules.registry import Registry

    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        bench = Bench(env)
        try:
            if args.only:
                for name in args.only.split(","):
                    bench.rows.append(getattr(bench, name)())
            else:
                bench.run()
        finally:
            cr.rollback()
    print(f"Database {args.database} on {machine()}")
    print(bench.table())
    return 0


if __name__ == "__main__":
    sys.exit(main())
