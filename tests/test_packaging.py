"""Each addon builds a wheel named odoo-addon-<addon> that carries the whole addon."""

import subprocess
import tempfile
import unittest
import zipfile
from pathlib import Path

from odoo.tests import tagged

from .suite import ROOT, SUITE_ADDONS, odoo_python


@tagged("post_install", "-at_install", "crm_suite")
class TestWheels(unittest.TestCase):
    def test_each_addon_builds_its_wheel(self):
        with tempfile.TemporaryDirectory() as tmp:
            for addon in SUITE_ADDONS:
                with self.subTest(addon=addon):
                    done = subprocess.run(
                        [odoo_python(), "-m", "build", "--wheel", "--no-isolation"]
                        + ["--outdir", tmp, str(ROOT / addon)],
                        capture_output=True,
                        text=True,
                        check=False,
                    )
                    self.assertEqual(done.returncode, 0, done.stderr[-2000:])
                    wheels = list(Path(tmp).glob(f"odoo_addon_{addon}-19.0.*.whl"))
                    self.assertEqual(len(wheels), 1, f"one wheel for {addon}")
                    with zipfile.ZipFile(wheels[0]) as wheel:
                        names = wheel.namelist()
                        metadata = next(n for n in names if n.endswith("METADATA"))
                        self.assertIn(
                            f"Name: odoo-addon-{addon}",
                            wheel.read(metadata).decode(),
                        )
                    for part in ("__manifest__.py", "static/description/icon.png"):
                        self.assertIn(f"odoo/addons/{addon}/{part}", names)


@tagged("post_install", "-at_install", "crm_suite")
class TestOdooRunnerFindsEveryTest(unittest.TestCase):
    """Odoo's own runner (``--test-tags``) sees only the modules that the
    addon's ``tests/__init__.py`` imports; pytest-odoo finds every file."""

    def test_every_test_module_is_imported(self):
        for addon in SUITE_ADDONS:
            tests = ROOT / addon / "tests"
            imported = set(
                line.split("import", 1)[1].strip()
                for line in (tests / "__init__.py").read_text().splitlines()
                if line.startswith("from . import")
            )
            on_disk = {path.stem for path in tests.glob("test_*.py")}
            with self.subTest(addon=addon):
                self.assertEqual(on_disk - imported, set())
