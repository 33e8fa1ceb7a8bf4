from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.crm_idic.tests.common import SuiteHttpCase
from odoo.addons.crm_reports.tests.common import ReportsCommon


@tagged("post_install", "-at_install")
class TestDashboardData(ReportsCommon):
    """Each role sees the figures its access allows (today: 15 November 2026)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.company
        common = {"company_id": company.id, "company_ids": company.ids}
        cls.seller_a = new_test_user(
            cls.env, "dash.a", groups="sales_team.group_sale_salesman", **common
        )
        cls.seller_b = new_test_user(
            cls.env, "dash.b", groups="sales_team.group_sale_salesman", **common
        )
        cls.leader = new_test_user(
            cls.env,
            "dash.leader",
            groups="sales_team.group_sale_salesman_all_leads",
            **common,
        )
        cls.manager = new_test_user(
            cls.env, "dash.manager", groups="sales_team.group_sale_manager", **common
        )
        cls.accountant = new_test_user(
            cls.env, "dash.accountant", groups="account.group_account_invoice", **common
        )
        cls.env["crm.team"].create(
            {
                "name": "Dashboard team",
                "user_id": cls.leader.id,
                "member_ids": [Command.link(cls.seller_a.id)],
                "company_id": company.id,
            }
        )
        cls.customer_a = cls.env["res.partner"].create(
            {"name": "Dash customer A", "user_id": cls.seller_a.id}
        )
        cls.customer_b = cls.env["res.partner"].create(
            {"name": "Dash customer B", "user_id": cls.seller_b.id}
        )
        # A: 1,000 in November (due in December) and 500 in October, overdue
        # since 10 October (36 days on the 15th: the 31-60 bucket).
        # B: 300 on 8 November, due that day: overdue 7 days (1-30).
        cls.invoice_a = cls._dash_invoice(
            cls.customer_a, cls.seller_a, 1000, date(2026, 11, 5), date(2026, 12, 15)
        )
        cls._dash_invoice(
            cls.customer_a, cls.seller_a, 500, date(2026, 10, 10), date(2026, 10, 10)
        )
        cls._dash_invoice(
            cls.customer_b, cls.seller_b, 300, date(2026, 11, 8), date(2026, 11, 8)
        )
        product = cls.env["product.product"].create({"name": "Dash product"})
        for partner, user, confirm in (
            (cls.customer_a, cls.seller_a, True),
            (cls.customer_b, cls.seller_b, False),
        ):
            order = cls.env["sale.order"].create(
                {
                    "partner_id": partner.id,
                    "user_id": user.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "price_unit": 200,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
            )
            if confirm:
                order.action_confirm()
                order.date_order = "2026-11-10 09:00:00"
        cls.env["crm.idic.profile"]._recompute_profiles(company_ids=company.ids)

    @classmethod
    def _dash_invoice(cls, partner, user, amount, day, due):
        return cls._invoice(partner, amount, day, due=due, invoice_user_id=user.id)

    @freeze_time("2026-11-15")
    def _data(self, user, period="month"):
        return (
            self.env["crm.reports.dashboard"]
            .with_user(user)
            .with_company(self.env.company)
            .get_dashboard_data(period)
        )

    @staticmethod
    def _tiles(data):
        return {tile["key"]: tile for tile in data["tiles"]}

    def test_salesperson_sees_only_their_own_figures(self):
        data = self._data(self.seller_a)
        tiles = self._tiles(data)
        self.assertEqual(data["scope"], "own")
        # Revenue 1,000 against 500 in October: +100 %.
        self.assertEqual(tiles["revenue"]["value"], 1000.0)
        self.assertEqual(tiles["revenue"]["growth"], 100.0)
        self.assertEqual(
            (tiles["overdue"]["value"], tiles["overdue"]["count"]), (500, 1)
        )
        self.assertEqual(tiles["orders"]["value"], 1)
        self.assertEqual(tiles["quotations"]["value"], 0)
        # Aging of A's own customer: 1,000 not due, 500 in 31-60; no company DSO.
        self.assertEqual(data["aging_chart"]["values"], [1000, 0, 500, 0, 0, 0])
        self.assertIs(data["aging_chart"]["dso"], False)
        # IDIC tiers of A's own customers only.
        self.assertEqual(sum(data["tier_chart"]["values"]), 1)
        self.assertEqual(
            [row["name"] for row in data["top_customers"]], ["Dash customer A"]
        )
        # The drill-down, run as the salesperson, lists exactly the tile's invoice.
        Move = self.env["account.move"].with_user(self.seller_a)
        self.assertEqual(Move.search(tiles["revenue"]["domain"]), self.invoice_a)
        other = self._tiles(self._data(self.seller_b))
        self.assertEqual(other["revenue"]["value"], 300.0)
        self.assertEqual(other["quotations"]["value"], 1)

    def test_the_month_so_far_compares_with_as_many_days_before(self):
        # On 15 November A's 1,000 compares with 1-15 October: the 500 of the
        # 10th, not the 700 of the 25th (+100 %; the whole of October, 1,200,
        # would say -16.7 %).
        self._dash_invoice(
            self.customer_a,
            self.seller_a,
            700,
            date(2026, 10, 25),
            date(2026, 12, 25),
        )
        tiles = self._tiles(self._data(self.seller_a))
        self.assertEqual(
            (tiles["revenue"]["value"], tiles["revenue"]["growth"]), (1000.0, 100.0)
        )

    def test_team_leader_sees_their_team(self):
        data = self._data(self.leader)
        self.assertEqual(data["scope"], "team")
        self.assertEqual(self._tiles(data)["revenue"]["value"], 1000.0)

    def test_manager_and_accountant_see_the_company(self):
        data = self._data(self.manager)
        tiles = self._tiles(data)
        self.assertEqual(data["scope"], "company")
        # 1,300 in November against 500 in October: +160 %.
        self.assertEqual(
            (tiles["revenue"]["value"], tiles["revenue"]["growth"]), (1300.0, 160.0)
        )
        self.assertEqual(
            (tiles["overdue"]["value"], tiles["overdue"]["count"]), (800, 2)
        )
        self.assertEqual(data["aging_chart"]["values"], [1000, 300, 500, 0, 0, 0])
        self.assertIsNotNone(data["aging_chart"]["dso"])
        self.assertEqual(
            sum(data["tier_chart"]["values"]),
            self.env["crm.idic.profile"].search_count(
                [("company_id", "=", self.env.company.id)]
            ),
        )
        # The year: the same invoices; the revenue chart ends with October, November.
        year = self._data(self.manager, "year")
        self.assertEqual(year["revenue_chart"]["values"][-2:], [500.0, 1300.0])
        self.assertEqual(year["revenue_chart"]["labels"][-1], "11/2026")
        accountant = self._data(self.accountant)
        self.assertEqual(self._tiles(accountant)["revenue"]["value"], 1300.0)
        self.assertEqual(accountant["aging_chart"]["values"], [1000, 300, 500, 0, 0, 0])
        # Odoo lets billing read orders, not IDIC profiles: no tier chart.
        self.assertEqual(self._tiles(accountant)["orders"]["value"], 1)
        self.assertIs(accountant["tier_chart"], False)

    def test_portal_user_is_refused(self):
        portal = new_test_user(self.env, "dash.portal", groups="base.group_portal")
        with self.assertRaises(AccessError):
            self._data(portal)


@tagged("post_install", "-at_install")
class TestDashboardTour(SuiteHttpCase):
    def test_manager_opens_the_dashboard_and_drills_down(self):
        self.start_tour(
            "/odoo/action-crm_reports.crm_reports_dashboard_action",
            "crm_reports_dashboard",
            login="admin",
        )

    def test_a_vietnamese_manager_reads_numbers_the_vietnamese_way(self):
        self.env["res.lang"]._activate_lang("vi_VN")
        self.env.ref("base.user_admin").lang = "vi_VN"
        self.start_tour(
            "/odoo/action-crm_reports.crm_reports_dashboard_action",
            "crm_reports_dashboard_vi",
            login="admin",
        )
