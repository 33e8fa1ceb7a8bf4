"""Each addon installs, uninstalls and reinstalls on one database, cleanly.

Runs the Odoo command line on a scratch database of its own (created and marked by
this test, dropped at the end), because installing and uninstalling modules commits
and reloads the registry, which a test transaction of the test database cannot do.
"""

import unittest

from psycopg2 import sql

from odoo.tests import tagged

from .suite import (
    SUITE_ADDONS,
    connect,
    create_own_database,
    drop_own_database,
    log_problems,
    odoo_conf,
    query,
    run_odoo,
)

SCRATCH_DB = "crm_test_install_cycle"
# IDIC and care data that upgrading the suite or removing QCI and reports keeps.
TABLES_KEPT = (
    "crm_idic_profile",
    "crm_idic_tier_move",
    "crm_idic_segment",
    "crm_care_ticket",
    "crm_care_contract",
    "crm_care_contract_milestone",
)
FILL = """
customer = env["res.partner"].create({"name": "Kept customer", "customer_rank": 1})
env["crm.idic.segment"].create({"name": "Kept segment"})
env["crm.care.ticket"].create({"subject": "Kept ticket", "partner_id": customer.id})
env["crm.care.contract"].create({
    "name": "Kept contract", "partner_id": customer.id, "date_start": "2026-01-01",
    "milestone_ids": [(0, 0, {"name": "Kept milestone"})],
})
env["crm.idic.profile"]._recompute_profiles()
env.cr.commit()
"""
CHECK = """
customer = env["res.partner"].search([("name", "=", "Kept customer")])
print("KEPT",
      env["crm.care.ticket"].search_count([("partner_id", "=", customer.id)]),
      env["crm.care.contract"].search_count([("partner_id", "=", customer.id)]),
      env["crm.idic.profile"].search_count([("partner_id", "=", customer.id)]))
"""


def _states(names):
    with connect(SCRATCH_DB) as connection, connection.cursor() as cr:
        cr.execute(
            "SELECT name, state FROM ir_module_module WHERE name = ANY(%s)",
            [list(names)],
        )
        return dict(cr.fetchall())


@tagged("post_install", "-at_install", "crm_suite_install")
class TestInstallCycle(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        drop_own_database(SCRATCH_DB, query)
        create_own_database(SCRATCH_DB, "VN")

    @classmethod
    def tearDownClass(cls):
        drop_own_database(SCRATCH_DB, query)
        super().tearDownClass()

    def _module(self, action, addon):
        code, log = run_odoo(
            "module", action, "-c", odoo_conf(), "-d", SCRATCH_DB, addon
        )
        self.assertEqual(code, 0, f"module {action} {addon} failed:\n{log[-3000:]}")
        self.assertEqual(
            log_problems(log), [], f"module {action} {addon} logged problems"
        )

    def test_each_addon_installs_uninstalls_and_reinstalls(self):
        for addon in SUITE_ADDONS:
            with self.subTest(addon=addon):
                self._module("install", addon)
                self.assertEqual(_states([addon])[addon], "installed")
                self._module("uninstall", addon)
                self.assertEqual(_states([addon])[addon], "uninstalled")
                self._module("install", addon)
                self.assertEqual(_states([addon])[addon], "installed")
        # crm_reports pulls in the rest: the four stand installed together.
        self.assertEqual(
            _states(SUITE_ADDONS), dict.fromkeys(SUITE_ADDONS, "installed")
        )

    def _shell(self, code):
        done, log = run_odoo(
            "shell", "-c", odoo_conf(), "-d", SCRATCH_DB, "--no-http", stdin=code
        )
        self.assertEqual(done, 0, log[-3000:])
        return log

    def _counts(self):
        with connect(SCRATCH_DB) as connection, connection.cursor() as cr:
            counts = {}
            for table in TABLES_KEPT:
                cr.execute(
                    sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
                )
                counts[table] = cr.fetchone()[0]
            return counts

    def test_upgrade_and_uninstall_keep_idic_and_care_data(self):
        # Runs after test_each_addon_... (alphabetical order): the four are installed.
        self._module("install", "crm_reports")
        self._shell(FILL)
        before = self._counts()
        self.assertTrue(all(before.values()), before)
        code, log = run_odoo(
            "module", "upgrade", "-c", odoo_conf(), "-d", SCRATCH_DB, *SUITE_ADDONS
        )
        self.assertEqual(code, 0, log[-3000:])
        self.assertEqual(log_problems(log), [])
        self.assertEqual(self._counts(), before)
        self._module("uninstall", "crm_reports")
        self._module("uninstall", "crm_qci")
        self.assertEqual(
            _states(SUITE_ADDONS),
            {
                "crm_idic": "installed",
                "crm_care": "installed",
                "crm_qci": "uninstalled",
                "crm_reports": "uninstalled",
            },
        )
        self.assertEqual(self._counts(), before)
        log = self._shell(CHECK)
        self.assertIn("KEPT 1 1 1", log)
