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
