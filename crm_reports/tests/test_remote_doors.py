"""The figures' public methods, called as an integration would: over XML-RPC,
which sends neither ``None`` nor a dict keyed by numbers."""

from datetime import timedelta
from xmlrpc.client import Fault

from odoo.tests import HttpCase, new_test_user, tagged

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

    def test_a_date_that_is_not_one_is_told_clearly(self):
        """13th month, 31 November, no date: a clear error, not Python's."""
        aging = "crm.reports.receivable.aging"
        company = self.company.id
        for user, model, method, args, kwargs in (
            (self.accountant, aging, "get_aging", ("2026-13-01", company), {}),
            (self.accountant, aging, "get_dso", (False, company), {}),
            (
                self.seller,
                "crm.qci.kpi",
                "compute_kpis",
                ("2026-11-31", "2026-12-01"),
                {"user_ids": self.seller.ids},
            ),
        ):
            with self.subTest(method=method), self.assertRaises(Fault) as caught:
                self._rpc(user, model, method, *args, **kwargs)
            self.assertNotIn("ValueError", caught.exception.faultString)
            self.assertIn(
                "is not a date: write it as YYYY-MM-DD", caught.exception.faultString
            )
        # In the caller's language (an RPC call names it in its context).
        self._speaks_vietnamese(self.accountant.partner_id, addon="crm_idic")
        with self.assertRaises(Fault) as caught:
            self._rpc(
                self.accountant,
                aging,
                "get_aging",
                "hôm nay",
                company,
                context={"lang": "vi_VN"},
            )
        self.assertIn(
            "“hôm nay” không phải là ngày: hãy viết theo dạng YYYY-MM-DD",
            caught.exception.faultString,
        )

    def test_a_customer_reads_none_of_what_the_company_thinks_of_it(self):
        """Its contact on the portal reads the customer's partner over XML-RPC
        (Odoo lets it), but not its IDIC score, tier, segment and needs, nor its
        credit, reminders and health: the company's view of it. An employee with
        no sales or accounting role still reads them."""
        portal = new_test_user(self.env, "rpc.customer", groups="base.group_portal")
        portal.partner_id.parent_id = self.customer
        employee = new_test_user(self.env, "rpc.employee", groups="base.group_user")
        internal = [
            "idic_score",
            "idic_value_tier",
            "idic_rfm_segment",
            "idic_need_ids",
            "credit_overdue_amount",
            "credit_oldest_overdue_days",
            "credit_policy_id",
            "credit_exclude_reminders",
            "credit_promise_amount",
            "credit_promise_date",
            "credit_risk",
            "health_score",
            "health_color",
            "customer_360",
        ]
        [own] = self._rpc(portal, "res.partner", "read", self.customer.ids, ["name"])
        self.assertEqual(own["name"], "RPC customer")
        readable = self._rpc(portal, "res.partner", "fields_get", [], ["type"])
        self.assertEqual([name for name in internal if name in readable], [])
        for name in internal:
            with self.assertRaisesRegex(Fault, "not have enough rights"):
                self._rpc(portal, "res.partner", "read", self.customer.ids, [name])
        # Nor, on its own quotation, who released its credit hold and why.
        quotation = self._order(
            self.customer,
            700,
            0,
            state="sent",
            credit_release_amount=700,
            credit_release_reason="Khách lớn, trả chậm nhưng luôn trả",
        )
        released = ["credit_release_amount", "credit_release_reason"]
        [order] = self._rpc(portal, "sale.order", "read", quotation.ids, ["name"])
        self.assertEqual(order["name"], quotation.name)
        for name in ["credit_release_user_id", *released]:
            with self.assertRaisesRegex(Fault, "not have enough rights"):
                self._rpc(portal, "sale.order", "read", quotation.ids, [name])
        [order] = self._rpc(self.seller, "sale.order", "read", quotation.ids, released)
        self.assertEqual(order["credit_release_amount"], 700)
        for user in (employee, self.seller):
            [seen] = self._rpc(user, "res.partner", "read", self.customer.ids, internal)
            # Value 0 (not scored) × 40 % + payment 100 (nothing overdue) × 30 %
            # + care 100 × 20 % + contracts 50 (none running) × 10 % = 55.
            self.assertEqual(seen["health_score"], 55.0)
            self.assertIn("Health 55", seen["customer_360"])
