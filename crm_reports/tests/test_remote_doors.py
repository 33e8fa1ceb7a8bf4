"""The figures' public methods, called as an integration would: over XML-RPC,
which sends neither ``None`` nor a dict keyed by numbers."""

from datetime import timedelta

from odoo.tests import HttpCase, tagged

from odoo.addons.crm_reports.tests.common import ReportsCommon


@tagged("post_install", "-at_install")
class TestRemoteDoors(ReportsCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.seller = cls._salesperson("rpc.seller")
        cls.accountant = cls._salesperson(
            "rpc.accountant", groups="account.group_account_invoice"
        )
        cls.customer = cls._customer("RPC customer", user_id=cls.seller.id)
        # Sold 1,000 on the 10th day before today, 400 of it paid: 600 open.
        invoice = cls._invoice(cls.customer, 1000, 10, invoice_user_id=cls.seller.id)
        cls._pay(invoice, 400, cls.today)

    def _rpc(self, user, model, method, *args, **kwargs):
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname, user.id, user.login, model, method, list(args), kwargs
        )

    def test_a_salesperson_reads_their_kpis_and_dashboard(self):
        kpis = self._rpc(
            self.seller,
            "crm.qci.kpi",
            "compute_kpis",
            str(self.today - timedelta(days=30)),
            str(self.today),
            user_ids=self.seller.ids,
        )
        self.assertEqual(kpis["users"][str(self.seller.id)]["invoiced_revenue"], 1000)
        self.assertEqual(list(kpis["users"]), [str(self.seller.id)])
        dashboard = self._rpc(
            self.seller, "crm.reports.dashboard", "get_dashboard_data"
        )
        # A salesperson has no company DSO: False, which XML-RPC can send.
        self.assertIs(dashboard["aging_chart"]["dso"], False)
        self.assertEqual(sum(dashboard["aging_chart"]["values"]), 600)

    def test_an_accountant_reads_the_dso_and_dashboard(self):
        dso = self._rpc(
            self.accountant,
            "crm.reports.receivable.aging",
            "get_dso",
            str(self.today),
            self.company.id,
        )
        # 600 open of 1,000 sold in the year: 600 / 1,000 x 365 = 219 days.
        self.assertEqual(dso["partners"], {str(self.customer.id): 219.0})
        self.assertEqual(dso["company"], 219.0)
        dashboard = self._rpc(
            self.accountant, "crm.reports.dashboard", "get_dashboard_data"
        )
        # Odoo lets billing read invoices, not IDIC profiles: no tier chart.
        self.assertIs(dashboard["tier_chart"], False)
        self.assertEqual(dashboard["aging_chart"]["dso"], 219.0)
