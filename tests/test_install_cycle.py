"""Each addon installs, uninstalls and reinstalls on one database, cleanly.

Runs the Odoo command line on a scratch database of its own (created and marked by
this test, dropped at the end), because installing and uninstalling modules commits
and reloads the registry, which a test transaction of the test database cannot do.
"""

import unittest

import psycopg2
from psycopg2 import sql

from odoo.tests import tagged
from odoo.tools import config

from .suite import DB_MARK, SUITE_ADDONS, log_problems, odoo_conf, run_odoo

SCRATCH_DB = "crm_test_install_cycle"


def _connect(dbname="postgres"):
    connection = psycopg2.connect(
        dbname=dbname,
        host=config["db_host"] or None,
        port=config["db_port"] or None,
        user=config["db_user"] or None,
        password=config["db_password"] or None,
    )
    connection.autocommit = True
    return connection


def _states(names):
    with _connect(SCRATCH_DB) as connection, connection.cursor() as cr:
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
        cls._drop_scratch()
        code, log = run_odoo(
            "db", "-c", odoo_conf(), "init", SCRATCH_DB, "--country", "VN"
        )
        assert code == 0, log[-3000:]
        with _connect() as connection, connection.cursor() as cr:
            cr.execute(
                sql.SQL("COMMENT ON DATABASE {} IS %s").format(
                    sql.Identifier(SCRATCH_DB)
                ),
                [DB_MARK],
            )

    @classmethod
    def tearDownClass(cls):
        cls._drop_scratch()
        super().tearDownClass()

    @classmethod
    def _drop_scratch(cls):
        with _connect() as connection, connection.cursor() as cr:
            cr.execute(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
                "WHERE datname = %s",
                [SCRATCH_DB],
            )
            row = cr.fetchone()
            if row is None:
                return
            assert row[0] == DB_MARK, f"{SCRATCH_DB} was not created by crm-suite"
        code, log = run_odoo("db", "-c", odoo_conf(), "drop", SCRATCH_DB)
        assert code == 0, log[-3000:]

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
