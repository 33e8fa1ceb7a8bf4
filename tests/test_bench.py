"""`make bench-data SCALE=small` then `make bench`: the CI smoke run of the
benchmarks (figures are printed, never asserted: speed targets live in README).
On the same dataset, the IDIC scheduled actions are killed half-way and run by
two workers at once."""

import logging
import os
import signal
import subprocess
import tempfile
import time
import unittest
from datetime import date, timedelta
from pathlib import Path

from odoo.tests import tagged

from .suite import ROOT, drop_own_database, odoo_conf, odoo_python, run_odoo, shell
from .suite import query as _query

_logger = logging.getLogger(__name__)
BENCH_TEST_DB = "crm_test_bench"
OPERATIONS = (
    "IDIC full recompute",
    "IDIC incremental",
    "QCI KPIs",
    "Aged receivables",
    "Sales analysis pivot",
    "SLA recompute",
    "Dashboard data",
    "Management report PDF",
    "Partner form",
    "Contract invoicing",
)


# Runs a scheduled action the way Odoo's scheduler does (its own transaction,
# progress committed batch by batch, run again while work is left), after
# waiting for the start signal.
WORKER = """
import os, time
go = os.environ.get("CRM_TEST_GO")
if go:
    open(go + "." + os.environ["CRM_TEST_CRON"], "w").close()
    while not os.path.exists(go):
        time.sleep(0.005)
cron = env.ref(os.environ["CRM_TEST_CRON"])
for _run in range(200):  # Odoo's scheduler runs a partly done action again
    cron.method_direct_trigger()
    env.cr.commit()
    env.cr.execute(os.environ["CRM_TEST_LEFT"])  # what is left to do
    if not env.cr.fetchone()[0]:
        break
"""
FULL = "crm_idic.ir_cron_idic_recompute_all"
DIRTY = "crm_idic.ir_cron_idic_recompute_dirty"
IDIC_LEFT = (
    "SELECT count(*) FROM crm_idic_profile WHERE needs_recompute OR needs_rescore"
)
REMINDERS = "crm_care.ir_cron_care_reminders"
INVOICING = "crm_care.ir_cron_contract_invoicing"
# A second invoicing action, run by another user: the two workers' invoices are
# told apart by their author.
SECOND_INVOICING = "crm_test.second_contract_invoicing"
# Contracts with a period due in their company's today.
CONTRACTS_LEFT = """
SELECT count(*) FROM crm_care_contract c
  JOIN res_company co ON co.id = c.company_id
  JOIN res_partner p ON p.id = co.partner_id
  LEFT JOIN resource_calendar rc ON rc.id = co.resource_calendar_id
 WHERE c.state IN ('running', 'to_renew', 'expired', 'closed')
   AND c.recurring_next_date <= (now() AT TIME ZONE COALESCE(rc.tz, p.tz, 'UTC'))::date
"""
# Today in the main company's time zone (its calendar's, else its partner's).
MAIN_COMPANY_TODAY = """
SELECT (now() AT TIME ZONE COALESCE(rc.tz, p.tz, 'UTC'))::date
  FROM res_company co
  JOIN res_partner p ON p.id = co.partner_id
  LEFT JOIN resource_calendar rc ON rc.id = co.resource_calendar_id
 WHERE co.id = (SELECT res_id FROM ir_model_data
                 WHERE module = 'base' AND name = 'main_company')
"""
# The customers given a birthday today by the greeting test, not greeted yet.
BIRTHDAY_REF = "crm-test-birthday"
GREETINGS_LEFT = (
    "SELECT count(*) FROM res_partner p WHERE p.ref = 'crm-test-birthday'"
    " AND NOT EXISTS (SELECT 1 FROM crm_care_greeting g"
    " WHERE g.partner_id = p.id AND g.kind = 'birthday_mail')"
)


def _worker(cron, go=None, left=IDIC_LEFT):
    env = dict(os.environ, CRM_TEST_CRON=cron, CRM_TEST_LEFT=left)
    if go:
        env["CRM_TEST_GO"] = go
    command = [odoo_python(), "-m", "odoo", "shell", "-c", odoo_conf()]
    command += ["-d", BENCH_TEST_DB, "--no-http", "--log-level=warn"]
    return subprocess.Popen(  # noqa: S603 — our own Odoo, our own arguments
        command,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )


def _q(sql, params=()):
    return _query(BENCH_TEST_DB, sql, params)


def _set_param(key, value):
    _q(
        "INSERT INTO ir_config_parameter (key, value) VALUES (%s, %s)"
        " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value RETURNING id",
        [key, value],
    )


def _odoo_shell(code):
    """Run Python ``code`` in an Odoo shell on the benchmark test database."""
    return run_odoo(
        "shell", "-c", odoo_conf(), "-d", BENCH_TEST_DB, "--no-http", stdin=code
    )


@tagged("post_install", "-at_install", "crm_suite_install")
class TestBenchmarks(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._drop()
        data = shell("make bench-data", BENCH_DB=BENCH_TEST_DB, SCALE="small")
        assert data.returncode == 0, data.stderr[-3000:]
        cls.data_log = data.stderr

    @classmethod
    def tearDownClass(cls):
        cls._drop()
        super().tearDownClass()

    @classmethod
    def _drop(cls):
        drop_own_database(BENCH_TEST_DB, _query)

    def test_small_dataset_reads_back_and_every_operation_is_measured(self):
        env = {"BENCH_DB": BENCH_TEST_DB, "SCALE": "small"}
        self.assertIn("Checks passed", self.data_log)
        (customers, orders, invoices, partials) = _query(
            BENCH_TEST_DB,
            "SELECT (SELECT count(*) FROM res_partner"
            "         WHERE name LIKE 'Bench customer%%'),"
            " (SELECT count(*) FROM sale_order WHERE state = 'sale'),"
            # The dataset's invoices (the contract test invoices more beside).
            " (SELECT count(*) FROM account_move WHERE name ~ '^B(IN|RF)'"
            "   AND crm_care_contract_id IS NULL),"
            " (SELECT count(*) FROM account_partial_reconcile)",
        )[0]
        # The template customer, order and invoice count too.
        self.assertEqual((customers, orders, invoices), (2001, 20001, 6000))
        self.assertGreater(partials, 1000)
        bench = shell("make bench", **env)
        self.assertEqual(bench.returncode, 0, bench.stderr[-3000:])
        _logger.info("Benchmarks of the small dataset:\n%s", bench.stdout)
        for operation in OPERATIONS:
            self.assertIn(f"| {operation}", bench.stdout)

    def test_load_run_answers_every_request(self):
        """`make bench-load`, short: Odoo in multi-worker mode, simulated users."""
        load = shell(
            "make bench-load",
            BENCH_DB=BENCH_TEST_DB,
            LOAD_USERS="4",
            LOAD_SECONDS="10",
            LOAD_WORKERS="2",
        )
        _logger.info("Load run of the small dataset:\n%s", load.stdout)
        self.assertEqual(load.returncode, 0, load.stdout[-3000:] + load.stderr[-3000:])
        for request in ("dashboard", "partner form", "ticket list"):
            row = next(
                line
                for line in load.stdout.splitlines()
                if line.startswith(f"| {request} |")
            )
            count, errors = row.split("|")[2], row.split("|")[5]
            self.assertGreater(int(count), 0, row)
            self.assertEqual(int(errors), 0, row)

    def _progress(self, cron, after):
        return _q(
            "SELECT COALESCE(sum(p.done), 0) FROM ir_cron_progress p"
            " JOIN ir_model_data d ON d.res_id = p.cron_id AND d.model = 'ir.cron'"
            " WHERE d.module = 'crm_idic' AND d.name = %s AND p.id > %s",
            [cron.split(".")[1], after],
        )[0][0]

    def _last_progress(self):
        return _q("SELECT COALESCE(max(id), 0) FROM ir_cron_progress")[0][0]

    def _state(self):
        return _q(
            "SELECT count(*) FILTER (WHERE needs_recompute),"
            " count(*) FILTER (WHERE needs_rescore), count(*),"
            " count(DISTINCT company_id) FILTER (WHERE needs_recompute"
            "   OR needs_rescore)"
            " FROM crm_idic_profile"
        )[0]

    def _scores(self):
        return _q(
            "SELECT partner_id, company_id, idic_score, value_tier, rfm_segment,"
            " rfm_r_score, rfm_f_score, rfm_m_score, interaction_count"
            " FROM crm_idic_profile ORDER BY partner_id, company_id"
        )

    def _no_duplicate_moves(self):
        duplicates = _q(
            "SELECT count(*) FROM (SELECT 1 FROM crm_idic_tier_move"
            " GROUP BY partner_id, company_id, date, tier_to"
            " HAVING count(*) > 1) x"
        )[0][0]
        self.assertEqual(duplicates, 0, "a tier move was logged twice")

    def _run_together(self, crons, left):
        """Run the scheduled actions ``crons`` on as many workers, started at the
        same instant; each must end well."""
        with tempfile.TemporaryDirectory() as folder:
            go = str(Path(folder) / "go")
            workers = [_worker(cron, go, left=left) for cron in crons]
            for worker in workers:
                worker.stdin.write(WORKER)
                worker.stdin.close()
            while not all(Path(f"{go}.{cron}").exists() for cron in crons) and all(
                worker.poll() is None for worker in workers
            ):
                time.sleep(0.05)
            Path(go).touch()
            outputs = [worker.stdout.read() for worker in workers]
            for worker in workers:
                worker.wait(timeout=600)
        for worker, output in zip(workers, outputs, strict=True):
            self.assertEqual(worker.returncode, 0, output[-3000:])

    def _wait_disconnected(self):
        for _attempt in range(500):
            if not _q(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> pg_backend_pid()",
                [BENCH_TEST_DB],
            )[0][0]:
                return
            time.sleep(0.02)
        self.fail("the killed worker's connections stayed open")

    def test_killed_recompute_resumes_and_two_workers_share_the_work(self):
        _set_param("crm_idic.recompute_batch_size", "40")
        _q("UPDATE res_company SET idic_full_recompute_date = NULL RETURNING id")
        # 1. The daily recompute is killed (SIGKILL) once a quarter is committed.
        worker = _worker(FULL)
        worker.stdin.write(WORKER)
        worker.stdin.close()
        killed_at = None
        deadline = time.monotonic() + 600
        start = self._last_progress()
        while time.monotonic() < deadline and worker.poll() is None:
            dirty, _rescore, total, _companies = self._state()
            if self._progress(FULL, start) >= total / 4:
                os.killpg(worker.pid, signal.SIGKILL)
                killed_at = dirty
                break
            time.sleep(0.01)
        worker.wait(timeout=60)
        self.assertIsNotNone(killed_at, worker.stdout.read()[-3000:])
        self._wait_disconnected()
        dirty, _rescore, total, companies = self._state()
        _logger.info("Killed with %s of %s customers left to gather", dirty, total)
        self.assertGreater(dirty, 0, "killed after the end: nothing to resume")
        self.assertLess(dirty, total, "killed before any batch was committed")

        # 2. The next run takes exactly what was left: nothing is done twice.
        before = self._last_progress()
        rerun = _worker(FULL)
        output, _ = rerun.communicate(WORKER, timeout=600)
        self.assertEqual(rerun.returncode, 0, output[-3000:])
        self.assertEqual(self._state()[:2], (0, 0), output[-3000:])
        self.assertEqual(self._progress(FULL, before), dirty + companies)
        self._no_duplicate_moves()
        resumed = self._scores()

        # 3. The same scores as a run never interrupted.
        code, log = _odoo_shell(
            'env["crm.idic.profile"]._recompute_profiles()\nenv.cr.commit()\n'
        )
        self.assertEqual(code, 0, log[-3000:])
        self.assertEqual(resumed, self._scores())

        # 4. Two workers at once (the daily and the incremental action): each
        # customer is gathered by one of them, each company scored once.
        _q("UPDATE crm_idic_profile SET needs_recompute = true RETURNING id")
        dirty, _rescore, total, companies = self._state()
        before = self._last_progress()
        self._run_together((FULL, DIRTY), IDIC_LEFT)
        self.assertEqual(self._state()[:2], (0, 0))
        done = {cron: self._progress(cron, before) for cron in (FULL, DIRTY)}
        _logger.info("Two workers: %s (%s customers)", done, total)
        self.assertEqual(sum(done.values()), dirty + companies, done)
        self.assertTrue(all(done.values()), f"one worker did nothing: {done}")
        self._no_duplicate_moves()
        self.assertEqual(resumed, self._scores())

    def test_killed_greetings_resume_and_nobody_is_greeted_twice(self):
        # 600 customers born today (the main company's local day, the day the
        # birthday job greets on): three batches.
        today = _q(MAIN_COMPANY_TODAY)[0][0]
        born = today.replace(year=1992)  # a leap year: 29 February exists
        count = 600
        _q(
            "UPDATE res_partner SET birthday = %s, is_company = false,"
            " care_greeting_opt_in = true, ref = %s"
            " WHERE id IN (SELECT id FROM res_partner WHERE customer_rank > 0"
            " AND email IS NOT NULL ORDER BY id LIMIT %s) RETURNING id",
            [born, BIRTHDAY_REF, count],
        )
        self.assertEqual(_q(GREETINGS_LEFT)[0][0], count)

        def greeted():
            return _q(
                "SELECT count(*), count(DISTINCT res_id) FROM mail_message"
                " WHERE model = 'res.partner' AND subject LIKE 'Happy birthday%%'"
                " AND res_id IN (SELECT id FROM res_partner WHERE ref = %s)",
                [BIRTHDAY_REF],
            )[0]

        # 1. Killed (SIGKILL) once a first batch of greetings is committed.
        worker = _worker(REMINDERS, left=GREETINGS_LEFT)
        worker.stdin.write(WORKER)
        worker.stdin.close()
        left = None
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline and worker.poll() is None:
            if _q(GREETINGS_LEFT)[0][0] < count:
                os.killpg(worker.pid, signal.SIGKILL)
                break
            time.sleep(0.01)
        worker.wait(timeout=60)
        self._wait_disconnected()
        left = _q(GREETINGS_LEFT)[0][0]
        _logger.info("Greetings killed with %s of %s left", left, count)
        self.assertGreater(left, 0, "killed after the end: nothing to resume")
        self.assertLess(left, count, "killed before any batch was committed")
        # What was committed is whole: each greeting logged has its message.
        messages, partners = greeted()
        self.assertEqual((messages, partners), (count - left, count - left))

        # 2. The next run greets the others, and nobody twice.
        rerun = _worker(REMINDERS, left=GREETINGS_LEFT)
        output, _ = rerun.communicate(WORKER, timeout=600)
        self.assertEqual(rerun.returncode, 0, output[-3000:])
        self.assertEqual(_q(GREETINGS_LEFT)[0][0], 0, output[-3000:])
        self.assertEqual(greeted(), (count, count))

    def test_killed_contract_invoicing_resumes_on_two_workers_never_twice(self):
        _set_param("crm_care.contract_invoice_batch_size", "20")
        code, log = _odoo_shell(
            (
                f"cron = env.ref('{INVOICING}').copy({{'name': 'Second worker',"
                " 'user_id': env.ref('base.user_admin').id})\n"
                "env['ir.model.data'].create({'module': 'crm_test',"
                " 'name': 'second_contract_invoicing', 'model': 'ir.cron',"
                " 'res_id': cron.id})\n"
                "env.cr.commit()\n"
            ),
        )
        self.assertEqual(code, 0, log[-3000:])
        expected = self._periods_due()
        self.assertGreater(expected, 100, "the dataset has few periods due")
        invoiced = (
            "SELECT count(*), count(DISTINCT (crm_care_contract_id, invoice_date))"
            " FROM account_move WHERE crm_care_contract_id IS NOT NULL"
        )

        # 1. Killed (SIGKILL) once a first batch of invoices is committed.
        worker = _worker(INVOICING, left=CONTRACTS_LEFT)
        worker.stdin.write(WORKER)
        worker.stdin.close()
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline and worker.poll() is None:
            if _q(invoiced)[0][0]:
                os.killpg(worker.pid, signal.SIGKILL)
                break
            time.sleep(0.01)
        worker.wait(timeout=60)
        self._wait_disconnected()
        done, distinct = _q(invoiced)[0]
        _logger.info("Invoicing killed with %s of %s invoices made", done, expected)
        self.assertGreater(done, 0, "killed before any batch was committed")
        self.assertLess(done, expected, "killed after the end: nothing to resume")
        self.assertEqual(done, distinct, "a period was invoiced twice")

        # 2. Two workers at once (the action and a second one) finish the rest.
        self._run_together((INVOICING, SECOND_INVOICING), CONTRACTS_LEFT)
        self.assertEqual(_q(CONTRACTS_LEFT)[0][0], 0)
        # Every period due invoiced exactly once, each worker did a share.
        self.assertEqual(_q(invoiced)[0], (expected, expected))
        by_author = dict(
            _q(
                "SELECT u.login, count(*) FROM account_move m"
                " JOIN res_users u ON u.id = m.create_uid"
                " WHERE m.crm_care_contract_id IS NOT NULL AND m.id > %s"
                " GROUP BY u.login",
                [self._first_contract_move(done)],
            )
        )
        _logger.info("Two invoicing workers: %s", by_author)
        self.assertEqual(len(by_author), 2, f"one worker did nothing: {by_author}")

    def _periods_due(self):
        """Monthly periods from November 2026 (the dataset's first due) to each
        company's today, within each contract's end, counted by hand."""
        rows = _q(
            "SELECT c.date_end, (now() AT TIME ZONE COALESCE(rc.tz, p.tz, 'UTC'))::date"
            " FROM crm_care_contract c JOIN crm_care_contract_line l"
            "   ON l.contract_id = c.id"
            " JOIN res_company co ON co.id = c.company_id"
            " JOIN res_partner p ON p.id = co.partner_id"
            " LEFT JOIN resource_calendar rc ON rc.id = co.resource_calendar_id"
            " WHERE c.name LIKE 'Bench contract%%' AND c.state = 'running'"
        )
        count = 0
        for end, today in rows:
            month = date(2026, 11, 1)
            while month <= min(end, today):
                count += 1
                month = (month + timedelta(days=31)).replace(day=1)
        return count

    def _first_contract_move(self, done):
        """The last invoice the killed run committed (the workers' come after)."""
        return _q(
            "SELECT max(id) FROM (SELECT id FROM account_move"
            " WHERE crm_care_contract_id IS NOT NULL ORDER BY id LIMIT %s) x",
            [done],
        )[0][0]
