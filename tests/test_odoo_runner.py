"""Odoo's own test runner runs every addon test, and every one passes.

An administrator checks the suite in their own Odoo with Odoo's command line
(``--test-enable --test-tags``), not with pytest: on a database created for
Odoo's default country (not Vietnam, as ``make test``'s is), with the four
addons installed in one command, the post-install tests run while Odoo's
threaded server holds its registry lock (so a test that renders a PDF must let
wkhtmltopdf reach the server: ``allow_pdf_render``). This test runs that command
on a scratch database of its own (created and marked by it, dropped at the end)
and compares what ran with every test method the addons' test files define.
"""

import ast
import re
import unittest

from odoo.tests import tagged

from .suite import (
    ROOT,
    SUITE_ADDONS,
    create_own_database,
    drop_own_database,
    free_port,
    odoo_conf,
    query,
    run_odoo,
)

SCRATCH_DB = "crm_test_odoo_runner"
RESULT = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests")
STARTED = re.compile(r"odoo\.addons\.(crm_\w+)\.tests\.(\w+): Starting (\w+)\.(\w+) ")


def defined_tests():
    """Every ``addon.module.Class.test_method`` of the addons' test files."""
    tests = set()
    for addon in SUITE_ADDONS:
        for path in sorted((ROOT / addon / "tests").glob("test_*.py")):
            for node in ast.parse(path.read_text()).body:
                if not isinstance(node, ast.ClassDef):
                    continue
                tests |= {
                    f"{addon}.{path.stem}.{node.name}.{item.name}"
                    for item in node.body
                    if isinstance(item, ast.FunctionDef)
                    and item.name.startswith("test")
                }
    return tests


@tagged("post_install", "-at_install", "crm_suite_install")
class TestOdooRunner(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        drop_own_database(SCRATCH_DB, query)
        create_own_database(SCRATCH_DB)

    @classmethod
    def tearDownClass(cls):
        drop_own_database(SCRATCH_DB, query)
        super().tearDownClass()

    def test_every_addon_test_runs_and_passes(self):
        expected = defined_tests()
        self.assertGreater(len(expected), 200)
        code, log = run_odoo(
            "-c",
            odoo_conf(),
            "-d",
            SCRATCH_DB,
            "-i",
            ",".join(SUITE_ADDONS),
            "--test-enable",
            "--test-tags",
            ",".join(f"/{addon}" for addon in SUITE_ADDONS),
            "--stop-after-init",
            "--http-port",
            str(free_port()),
            timeout=2400,
        )
        failures = [line for line in log.splitlines() if " FAIL: " in line]
        failures += [line for line in log.splitlines() if " ERROR: " in line]
        self.assertEqual(failures, [], log[-5000:])
        self.assertEqual(code, 0, log[-5000:])
        results = RESULT.findall(log)
        self.assertEqual(results[-1:], [("0", "0", str(len(expected)))], log[-3000:])
        ran = {".".join(match) for match in STARTED.findall(log)}
        self.assertEqual(sorted(expected - ran), [], "defined but not run")
        self.assertEqual(sorted(ran - expected), [], "run but not defined here")
