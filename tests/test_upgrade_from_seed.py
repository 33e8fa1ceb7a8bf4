"""A database made with the first crm_care (before it depended on crm_idic) is
upgraded with today's tree: crm_idic gets installed on the way, the tickets and
contracts stay, a contract's value becomes its figure as before.

The first crm_care is taken from git history (the seed commit) into a folder of
its own; the scratch database is created and marked by this test and dropped at
the end."""

import ast
import subprocess
import tempfile
import unittest
from pathlib import Path

from odoo.tests import tagged

from .suite import (
    ROOT,
    create_own_database,
    drop_own_database,
    log_problems,
    odoo_conf,
    query,
    run_odoo,
)

SCRATCH_DB = "crm_test_upgrade_seed"
# The seed commit: crm_care depended on Odoo's addons only.
SEED = "05725e8"
FILL = """
customer = env["res.partner"].create({"name": "Seed customer", "customer_rank": 1})
env["crm.care.ticket"].create({"subject": "Seed ticket", "partner_id": customer.id})
contract = env["crm.care.contract"].create({
    "name": "Seed contract", "partner_id": customer.id, "date_start": "2026-01-01",
    "date_end": "2026-12-31", "value": 12000000,
})
env.cr.commit()
"""


def _q(sql, params=()):
    return query(SCRATCH_DB, sql, params)


@tagged("post_install", "-at_install", "crm_suite_install")
class TestUpgradeFromSeed(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        drop_own_database(SCRATCH_DB, query)
        cls.folder = tempfile.TemporaryDirectory()
        archive = subprocess.run(  # noqa: S603 — our own repository
            ["git", "-C", str(ROOT), "archive", SEED, "crm_care"],  # noqa: S607
            capture_output=True,
            check=True,
        )
        subprocess.run(  # noqa: S603
            ["tar", "-x", "-C", cls.folder.name],  # noqa: S607
            input=archive.stdout,
            check=True,
        )

    @classmethod
    def tearDownClass(cls):
        drop_own_database(SCRATCH_DB, query)
        cls.folder.cleanup()
        super().tearDownClass()

    def _odoo(self, *args, stdin=None):
        code, log = run_odoo(*args, stdin=stdin)
        self.assertEqual(code, 0, log[-3000:])
        return log

    def test_old_crm_care_upgrades_and_gets_crm_idic(self):
        create_own_database(SCRATCH_DB, "VN")
        odoo_addons = _odoo_addons_path()
        old_path = f"--addons-path={odoo_addons},{self.folder.name}"
        common = ("-c", odoo_conf(), "-d", SCRATCH_DB, "--no-http")
        self._odoo(*common, old_path, "-i", "crm_care", "--stop-after-init")
        before = dict(
            _q(
                "SELECT name, state FROM ir_module_module"
                " WHERE name IN ('crm_idic', 'crm_care')"
            )
        )
        self.assertEqual(before.get("crm_care"), "installed")
        self.assertIn(before.get("crm_idic"), (None, "uninstalled"))
        self._odoo("shell", *common, old_path, stdin=FILL)
        # Today's tree: the upgrade installs crm_idic, crm_care's new dependency.
        log = self._odoo(*common, "-u", "crm_care", "--stop-after-init")
        problems = [line for line in log_problems(log) if "crm_" in line]
        self.assertEqual(problems, [])
        states = dict(
            _q(
                "SELECT name, state FROM ir_module_module"
                " WHERE name IN ('crm_idic', 'crm_care')"
            )
        )
        self.assertEqual(states, {"crm_idic": "installed", "crm_care": "installed"})
        (tickets, contracts, value, version) = _q(
            "SELECT (SELECT count(*) FROM crm_care_ticket"
            "   WHERE subject = 'Seed ticket'),"
            " (SELECT count(*) FROM crm_care_contract WHERE name = 'Seed contract'),"
            " (SELECT value FROM crm_care_contract WHERE name = 'Seed contract'),"
            " (SELECT latest_version FROM ir_module_module WHERE name = 'crm_care')"
        )[0]
        self.assertEqual((tickets, contracts), (1, 1))
        self.assertEqual(value, 12000000)
        # Today's version of crm_care, as its manifest says.
        manifest = ast.literal_eval((ROOT / "crm_care" / "__manifest__.py").read_text())
        self.assertEqual(version, manifest["version"])
        # The birthday field is declared once, by crm_idic, and still there.
        (owner,) = _q(
            "SELECT string_agg(DISTINCT module, ',') FROM ir_model_data"
            " WHERE model = 'ir.model.fields' AND name = 'field_res_partner__birthday'"
            " AND module LIKE 'crm_%%'"
        )[0]
        self.assertEqual(owner, "crm_idic")


def _odoo_addons_path():
    """Odoo's own addons folder (beside the ``odoo`` package)."""
    import odoo

    return str(Path(next(iter(odoo.__path__))).resolve().parent / "addons")
