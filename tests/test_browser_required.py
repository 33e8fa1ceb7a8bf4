"""make test cannot go green without a browser: a browser test that cannot start
Chromium fails (conftest.py) instead of being skipped by Odoo's HttpCase."""

import configparser
import sys
import tempfile
import unittest
from pathlib import Path

from odoo.tests import tagged
from odoo.tools import config

from .suite import free_port, odoo_conf, run

TOUR = "crm_idic/tests/test_partner_birthday_tour.py"


@tagged("post_install", "-at_install", "crm_suite")
class TestBrowserRequired(unittest.TestCase):
    def test_a_tour_without_a_browser_fails_and_says_what_to_do(self):
        with tempfile.TemporaryDirectory() as tmp:
            # The same configuration on another port (this run serves on its own).
            conf = configparser.ConfigParser()
            conf.read(odoo_conf())
            conf["options"]["http_port"] = str(free_port())
            path = Path(tmp) / "odoo.conf"
            with path.open("w") as handle:
                conf.write(handle)
            # No browser on the PATH: only this Python's folder.
            no_browser = {
                "PATH": str(Path(sys.executable).parent),
                "ODOO_BROWSER_BIN": None,
            }
            done = run(
                [
                    sys.executable,
                    "-m",
                    "pytest",
                    f"--odoo-config={path}",
                    f"--odoo-database={config['db_name'][0]}",
                    "--odoo-http",
                    "-p",
                    "no:cacheprovider",
                    TOUR,
                ],
                timeout=900,
                env=no_browser,
            )
        output = done.stdout + done.stderr
        self.assertNotEqual(done.returncode, 0, output[-3000:])
        self.assertIn("could not start the browser", output, output[-3000:])
        self.assertIn("1 failed", output, output[-3000:])
        self.assertNotIn("skipped", output.splitlines()[-1])
