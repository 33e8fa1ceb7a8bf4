"""The PostgreSQL settings the IDIC engine changes for its own statements
(``tools/sql.py``) stay its own: the caller's settings come back after it, and
after an error inside it. The system parameters the scheduled actions read
(``tools/cron.py``) fall back to their default on a value they cannot use."""

from odoo.tests import TransactionCase, tagged

from ..tools.cron import batch_size_param
from ..tools.sql import local_settings, without_jit


@tagged("post_install", "-at_install")
class TestLocalSettings(TransactionCase):
    def _setting(self, name):
        self.env.cr.execute("SELECT current_setting(%s)", [name])
        return self.env.cr.fetchone()[0]

    def test_jit_off_inside_then_the_callers_value(self):
        self.env.cr.execute("SET LOCAL jit = on")
        with without_jit(self.env.cr):
            self.assertEqual(self._setting("jit"), "off")
        self.assertEqual(self._setting("jit"), "on")

    def test_several_settings_back_as_they_were(self):
        self.env.cr.execute("SET LOCAL work_mem = '5MB'")
        self.env.cr.execute("SET LOCAL jit = on")
        with local_settings(self.env.cr, work_mem="64MB", jit="off"):
            self.assertEqual(self._setting("work_mem"), "64MB")
            self.assertEqual(self._setting("jit"), "off")
        self.assertEqual(self._setting("work_mem"), "5MB")
        self.assertEqual(self._setting("jit"), "on")

    def test_an_error_inside_a_savepoint_undoes_the_settings(self):
        self.env.cr.execute("SET LOCAL work_mem = '5MB'")
        with self.assertRaises(ZeroDivisionError), self.env.cr.savepoint():
            with local_settings(self.env.cr, work_mem="64MB"):
                self.assertEqual(self._setting("work_mem"), "64MB")
                raise ZeroDivisionError
        self.assertEqual(self._setting("work_mem"), "5MB")


@tagged("post_install", "-at_install")
class TestSystemParams(TransactionCase):
    def test_a_batch_size_is_a_positive_whole_number_or_the_default(self):
        key = "crm_idic.test_batch_size"
        self.assertEqual(batch_size_param(self.env, key, 500), 500)
        Param = self.env["ir.config_parameter"]  # noqa: N806
        for text, expected in [
            ("25", 25),
            (" 40 ", 40),
            ("0", 500),
            ("-3", 500),
            ("2.5", 500),
            ("many", 500),
        ]:
            Param.set_param(key, text)
            self.assertEqual(batch_size_param(self.env, key, 500), expected, text)
