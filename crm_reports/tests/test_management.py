import base64
import io
from datetime import date

import openpyxl
from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.crm_idic.tests.common import assert_pdf
from odoo.addons.crm_reports.tests.common import ReportsCommon


@tagged("post_install", "-at_install")
class TestManagementReport(ReportsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        customer = cls.env["res.partner"].create({"name": "Report customer"})
        for move_type, amount, day in (
            ("out_invoice", 1000, date(2026, 10, 10)),
            ("out_refund", 200, date(2026, 10, 20)),
            ("out_invoice", 400, date(2026, 9, 15)),
        ):
            cls._invoice(customer, amount, day, move_type)
        # Tier history: two customers up in October, one down; one first scoring
        # (not a movement) and one move in September (another period).
        moves = [
            ("2026-10-05", "standard", "mvc", "up"),
            ("2026-10-06", "standard", "mvc", "up"),
            ("2026-10-07", "mvc", "bz", "down"),
            ("2026-10-07", False, "mgc", "first"),
            ("2026-09-30", "standard", "mgc", "up"),
        ]
        cls.env["crm.idic.tier.move"].sudo().create(
            [
                {
                    "date": day,
                    "partner_id": customer.id,
                    "company_id": cls.env.company.id,
                    "tier_from": tier_from,
                    "tier_to": tier_to,
                    "direction": direction,
                }
                for day, tier_from, tier_to, direction in moves
            ]
        )
        cls.report = cls.env["crm.reports.management"].create(
            {"period": "month", "date_from": date(2026, 10, 1)}
        )

    def test_figures_of_the_month(self):
        data = self.report._report_data()
        # October: 1000 - 200 = 800; September: 400 -> growth +100%.
        self.assertEqual((data["revenue"], data["previous_revenue"]), (800.0, 400.0))
        self.assertEqual(data["growth"], 100.0)
        self.assertEqual(data["top_customers"][0], ("Report customer", 800.0))
        self.assertEqual(self.report.date_to, date(2026, 10, 31))
        self.assertEqual((data["tier_up"], data["tier_down"]), (2, 1))
        self.assertEqual(
            data["tier_moves"],
            [("Standard", "Most valuable", 2), ("Most valuable", "Below zero", 1)],
        )

    def test_staff_are_the_salespeople_not_odoobot(self):
        """The staff sheet lists the salespeople; what the system itself
        invoiced (OdooBot's) counts in the revenue, not as a salesperson."""
        seller = self._salesperson("report_seller")
        customer = self.env["res.partner"].create({"name": "Staff customer"})
        self._invoice(customer, 300, date(2026, 10, 12), invoice_user_id=seller.id)
        self._invoice(
            customer,
            50,
            date(2026, 10, 13),
            invoice_user_id=self.env.ref("base.user_root").id,
        )
        data = self.report._report_data()
        # The setup's invoices are the test user's (800), best invoicing first.
        self.assertEqual(
            [(row["name"], row["invoiced"]) for row in data["staff"]],
            [(self.env.user.name, 800.0), (seller.name, 300.0)],
        )
        # 800 of the setup, 300 of the salesperson, 50 of the system.
        self.assertEqual(data["revenue"], 1150.0)

    def test_a_month_still_running_compares_as_many_days(self):
        # On 12 October: October so far is the invoice of the 10th (1,000; the
        # refund of the 20th is not yet counted); it compares with 1-12
        # September (300 on the 5th; the 400 of the 15th comes later) and with
        # 1-12 October 2025 (250 on the 3rd; the 900 of the 20th comes later).
        customer = self.env["res.partner"].create({"name": "Early customer"})
        for amount, day in (
            (300, date(2026, 9, 5)),
            (250, date(2025, 10, 3)),
            (900, date(2025, 10, 20)),
        ):
            self._invoice(customer, amount, day)
        with freeze_time("2026-10-12 10:00"):
            data = self.report._report_data()
        self.assertEqual(
            (data["revenue"], data["previous_revenue"], data["last_year_revenue"]),
            (1000.0, 300.0, 250.0),
        )
        # (1,000 - 300) / 300 = +233.3 %; (1,000 - 250) / 250 = +300 %.
        self.assertEqual((data["growth"], data["growth_year"]), (233.3, 300.0))
        self.assertEqual(data["period"], "10/01/2026 – 10/12/2026 (so far)")
        # Once October is over: the whole months, as before.
        closed = self.report._report_data()
        self.assertEqual(
            (closed["revenue"], closed["previous_revenue"]), (800.0, 700.0)
        )
        self.assertEqual(closed["last_year_revenue"], 1150.0)
        self.assertEqual(closed["period"], "10/01/2026 – 10/31/2026")

    def test_pdf_and_xlsx(self):
        assert_pdf(self, "crm_reports.report_management", self.report.ids)
        # The growth as the reader writes numbers: +100.0 %, in Vietnamese +100,0 %.
        self.env["res.lang"]._activate_lang("vi_VN")
        for lang, growth in (("en_US", "(+100.0%)"), ("vi_VN", "(+100,0%)")):
            html = (
                self.env["ir.actions.report"]
                .with_context(lang=lang)
                ._render_qweb_html("crm_reports.report_management", self.report.ids)[0]
                .decode()
            )
            self.assertIn(growth, html)
        self.report.action_export_xlsx()
        book = openpyxl.load_workbook(
            io.BytesIO(base64.b64decode(self.report.xlsx_file))
        )
        summary = book.worksheets[0]
        self.assertEqual(summary["B4"].value, 800)
        self.assertEqual(summary["B5"].value, 400)
        self.assertEqual(summary["A9"].value, "Customers moved up a tier")
        self.assertEqual((summary["B9"].value, summary["B10"].value), (2, 1))
        tiers = book.worksheets[1]
        self.assertEqual([tiers.cell(row, 3).value for row in (10, 11)], [2, 1])

    def test_nothing_to_measure_is_a_dash_not_zero(self):
        """A month without a ticket closed under an SLA, nor a rating: SLA
        compliance and satisfaction are not measured (a dash), not 0 %."""
        data = self.report._report_data()
        self.assertEqual(data["tickets_closed"], 0)
        self.assertIsNone(data["sla_compliance"])
        self.assertIsNone(data["csat"])
        # Invoiced without an opportunity won or lost: no win rate.
        [line] = [line for line in data["staff"] if line["invoiced"]]
        self.assertEqual((line["invoiced"], line["won"]), (800.0, 0))
        self.assertIsNone(line["win_rate"])
        html = " ".join(
            self.env["ir.actions.report"]
            ._render_qweb_html("crm_reports.report_management", self.report.ids)[0]
            .decode()
            .split()
        )
        self.assertIn("SLA compliance — · Satisfaction —", html)
        self.report.action_export_xlsx()
        book = openpyxl.load_workbook(
            io.BytesIO(base64.b64decode(self.report.xlsx_file))
        )
        summary = book.worksheets[0]
        self.assertEqual(summary["A13"].value, "SLA compliance (%)")
        self.assertEqual(summary["B13"].value, "—")
        staff = book["Staff"]
        self.assertEqual(staff["D1"].value, "Win rate (%)")
        self.assertEqual((staff["B2"].value, staff["D2"].value), (800, "—"))

    def test_festive_greetings_of_the_period(self):
        occasion = self.env["crm.care.occasion"].create(
            {
                "name": "Vietnamese Women's Day",
                "company_id": self.env.company.id,
                "month": 10,
                "day": 20,
            }
        )
        customers = [self._customer(name) for name in ("Chị Hoa", "Chị Huệ")]
        Greeting = self.env["crm.care.occasion.greeting"]
        for customer in customers:
            Greeting._greet(occasion, date(2026, 10, 20), customer)
        # Chị Hoa bought 10 days later; Chị Huệ did not.
        order = self._order(customers[0], 500.0, 0)
        order.date_order = date(2026, 10, 30)
        data = self.report._report_data()
        [line] = data["festive"]
        self.assertEqual(
            (line["name"], line["customers"], line["used_count"], line["repeat_rate"]),
            ("Vietnamese Women's Day 2026", 2, 0, 50.0),
        )
        self.report.action_export_xlsx()
        book = openpyxl.load_workbook(
            io.BytesIO(base64.b64decode(self.report.xlsx_file))
        )
        sheet = book["Festive and loyalty"]
        self.assertEqual(
            (sheet["A2"].value, sheet["B2"].value, sheet["E2"].value),
            ("Vietnamese Women's Day 2026", 2, 50),
        )

    def test_sent_to_recipients_when_the_month_closes(self):
        boss = self.env["res.partner"].create(
            {"name": "Giám đốc", "email": "gd@example.com"}
        )
        self.env.company.management_report_partner_ids = boss
        Report = self.env["crm.reports.management"].sudo()
        Mail = self.env["mail.mail"].sudo()
        Report = Report.with_context(force_report_rendering=True)
        # The scheduler missed the 1st: the first run of the month sends October's
        # report (the company's local day: 3 November 01:00 in Hanoi is still
        # 2 November in UTC)...
        self.env.company.partner_id.tz = "Asia/Ho_Chi_Minh"
        self.env.company.resource_calendar_id.tz = "Asia/Ho_Chi_Minh"
        with freeze_time("2026-11-02 18:00"), self.allow_pdf_render():
            Report._cron_send_management_reports()
        mails = Mail.search([("recipient_ids", "in", boss.ids)])
        self.assertEqual(len(mails), 1)
        self.assertTrue(mails.attachment_ids.name.endswith(".pdf"))
        self.assertIn("2026-10-01", mails.attachment_ids.name)
        # ...and the next runs of the month send nothing again.
        with freeze_time("2026-11-04 09:00"):
            Report._cron_send_management_reports()
        self.assertEqual(len(Mail.search([("recipient_ids", "in", boss.ids)])), 1)
