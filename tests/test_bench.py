"""`make bench-data SCALE=small` then `make bench`: the CI smoke run of the
benchmarks (figures are printed, never asserted: speed targets live in README)."""

import logging
import unittest

from odoo.tests import tagged

from .suite import drop_own_database
from .test_setup_commands import _query, _shell

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
)


@tagged("post_install", "-at_install", "crm_suite_install")
class TestBenchmarks(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._drop()

    @classmethod
    def tearDownClass(cls):
        cls._drop()
        super().tearDownClass()

    @classmethod
    def _drop(cls):
        drop_own_database(BENCH_TEST_DB, _query)

    def test_small_dataset_reads_back_and_every_operation_is_measured(self):
        env = {"BENCH_DB": BENCH_TEST_DB, "SCALE": "small"}
        data = _shell("make bench-data", **env)
        self.assertEqual(data.returncode, 0, data.stderr[-3000:])
        self.assertIn("Checks passed", data.stderr)
        (customers, orders, invoices, partials) = _query(
            BENCH_TEST_DB,
            "SELECT (SELECT count(*) FROM res_partner"
            "         WHERE name LIKE 'Bench customer%%'),"
            " (SELECT count(*) FROM sale_order WHERE state = 'sale'),"
            " (SELECT count(*) FROM account_move WHERE name ~ '^B(IN|RF)'),"
            " (SELECT count(*) FROM account_partial_reconcile)",
        )[0]
        # The template customer, order and invoice count too.
        self.assertEqual((customers, orders, invoices), (2001, 20001, 6000))
        self.assertGreater(partials, 1000)
        bench = _shell("make bench", **env)
        self.assertEqual(bench.returncode, 0, bench.stderr[-3000:])
        _logger.info("Benchmarks of the small dataset:\n%s", bench.stdout)
        for operation in OPERATIONS:
            self.assertIn(f"| {operation}", bench.stdout)
