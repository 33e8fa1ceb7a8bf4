"""Amounts and dates as Vietnamese and Thai users write them."""

from datetime import date

from odoo.tests import TransactionCase, tagged
from odoo.tools.misc import format_amount, format_date


@tagged("post_install", "-at_install", "crm_suite")
class TestFormats(TransactionCase):
    def test_vnd_without_decimals_and_dates_day_first(self):
        vnd = self.env.ref("base.VND")
        vnd.active = True
        for code in ("vi_VN", "th_TH"):
            self.env["res.lang"]._activate_lang(code)
        vi = self.env(context={"lang": "vi_VN"})
        th = self.env(context={"lang": "th_TH"})
        self.assertEqual(vnd.decimal_places, 0)
        self.assertEqual(format_amount(vi, 1234567.4, vnd), "1.234.567\xa0₫")
        self.assertEqual(format_date(vi, date(2026, 11, 22)), "22/11/2026")
        self.assertEqual(format_date(th, date(2026, 11, 22)), "22/11/2026")
        # The aging screen's title, in the user's language and date format.
        wizard = (
            self.env["crm.reports.aging.wizard"]
            .with_context(lang="vi_VN")
            .create({"as_of_date": date(2026, 11, 22)})
        )
        self.assertIn("22/11/2026", wizard.action_compute()["name"])
