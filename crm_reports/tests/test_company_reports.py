"""The reports of one company's figures refuse a company the caller does not work
in, whether asked through the ORM or remotely (JSON-RPC, as the web client or an
integration would)."""

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tests.common import JsonRpcException

from odoo.addons.crm_idic.tests.common import SuiteHttpCase

REPORTS = {
    "crm.reports.aging.wizard": {},
    "crm.reports.management": {"period": "month"},
    "crm.idic.backtest": {},
}


@tagged("post_install", "-at_install")
class TestCompanyReports(SuiteHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.own = cls.env.company
        cls.other = cls.env["res.company"].create({"name": "Công ty khác"})
        cls.manager = new_test_user(
            cls.env,
            login="report.manager",
            password="report.manager",
            groups="sales_team.group_sale_manager,account.group_account_manager",
            company_id=cls.own.id,
            company_ids=cls.own.ids,
        )

    def test_own_company_yes_another_no(self):
        for model, values in REPORTS.items():
            with self.subTest(model=model):
                Report = self.env[model].with_user(self.manager)
                self.assertEqual(Report.create(dict(values)).company_id, self.own)
                with self.assertRaises(AccessError):
                    Report.create({**values, "company_id": self.other.id})

    def test_remote_call_for_another_company_is_refused(self):
        self.authenticate("report.manager", "report.manager")
        for model, values in REPORTS.items():
            with self.subTest(model=model):
                with self.assertRaises(JsonRpcException) as refused:
                    self.make_jsonrpc_request(
                        f"/web/dataset/call_kw/{model}/create",
                        {
                            "model": model,
                            "method": "create",
                            "args": [{**values, "company_id": self.other.id}],
                            "kwargs": {},
                        },
                    )
                self.assertEqual(str(refused.exception), "odoo.exceptions.AccessError")
