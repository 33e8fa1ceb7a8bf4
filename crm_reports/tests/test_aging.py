import base64
import io
from datetime import date

import lxml.html
import openpyxl

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools.misc import formatLang

from odoo.addons.crm_idic.tests.common import assert_pdf, report_html
from odoo.addons.crm_reports.tests.common import ReportsCommon

D0 = date(2026, 1, 5)


@tagged("post_install", "-at_install")
class TestAging(ReportsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Aging = cls.env["crm.reports.receivable.aging"]
        cls.customer = cls.env["res.partner"].create({"name": "Aging customer"})
        cls.other = cls.env["res.partner"].create({"name": "Other customer"})
        cls.term_30 = cls._payment_term("30 days", (100, 30))
        cls.term_split = cls._payment_term("Half at 30, half at 60", (50, 30), (50, 60))

    @classmethod
    def _invoice(
        cls, partner, amount, day, term=None, move_type="out_invoice", currency=None
    ):
        return super()._invoice(
            partner,
            amount,
            day,
            move_type,
            invoice_payment_term_id=term.id if term else False,
            currency_id=(currency or cls.env.company.currency_id).id,
        )

    def _row(self, as_of, partner):
        rows = self.Aging.get_aging(as_of, self.env.company.id, partner_ids=partner.ids)
        return rows[0] if rows else None

    def test_partial_payment_and_a_payment_dated_after_the_date(self):
        invoice = self._invoice(self.customer, 1000, D0, self.term_30)  # due 4 February
        self._pay(invoice, 400, date(2026, 1, 15))
        self._pay(invoice, 600, date(2026, 2, 24))
        # 14 February: 600 open, 10 days past due (the 24 February payment is later).
        row = self._row(date(2026, 2, 14), self.customer)
        self.assertEqual((row["bucket_1"], row["total"]), (600.0, 600.0))
        # 20 January: not due yet, 400 paid already -> 600 not due.
        self.assertEqual(self._row(date(2026, 1, 20), self.customer)["not_due"], 600.0)
        # 10 January: before the first payment -> 1000.
        self.assertEqual(self._row(date(2026, 1, 10), self.customer)["total"], 1000.0)
        # 1 March: all paid.
        self.assertIsNone(self._row(date(2026, 3, 1), self.customer))

    def test_installments_age_by_their_own_due_date(self):
        self._invoice(
            self.customer, 1000, D0, self.term_split
        )  # 500 on 4/2, 500 on 6/3
        row = self._row(date(2026, 2, 20), self.customer)  # 16 days after the first
        self.assertEqual((row["bucket_1"], row["not_due"]), (500.0, 500.0))
        row = self._row(date(2026, 4, 30), self.customer)  # 85 and 55 days
        self.assertEqual((row["bucket_3"], row["bucket_2"]), (500.0, 500.0))

    def test_credit_note_and_foreign_currency(self):
        self._invoice(self.customer, 300, D0)
        self._invoice(self.customer, 100, D0, move_type="out_refund")
        foreign = self.setup_other_currency("EUR", rates=[("2000-01-01", 2.0)])
        self._invoice(self.other, 80, D0, currency=foreign)
        row = self._row(date(2026, 1, 5), self.customer)
        self.assertEqual(row["total"], 200.0)
        # 80 EUR at 2 EUR per company unit: 40 in company currency.
        self.assertEqual(self._row(date(2026, 1, 5), self.other)["total"], 40.0)

    def test_open_items_in_their_own_currency_beside_the_company_currency(self):
        eur = self.setup_other_currency("EUR", rates=[("2000-01-01", 2.0)])
        invoice = self._invoice(self.other, 80, D0, currency=eur)
        # 30 EUR paid on 20 January: 80 EUR open before, 50 EUR after.
        self._pay(invoice, 30, date(2026, 1, 20))
        company = self.env.company.id
        before = self.Aging._aging_foreign(date(2026, 1, 10), company)
        after = self.Aging._aging_foreign(date(2026, 1, 25), company)
        self.assertEqual(before, {self.other.id: [(eur, 80.0)]})
        self.assertEqual(after, {self.other.id: [(eur, 50.0)]})
        # In the company's currency, the same items: 40, then 25.
        self.assertEqual(self._row(date(2026, 1, 10), self.other)["total"], 40.0)
        self.assertEqual(self._row(date(2026, 1, 25), self.other)["total"], 25.0)
        # The screen shows both; a customer owing only in the company's currency
        # shows nothing there.
        self._invoice(self.customer, 100, D0)
        wizard = self.env["crm.reports.aging.wizard"].create(
            {"as_of_date": date(2026, 1, 25)}
        )
        wizard.action_compute()
        lines = {line.partner_id: line for line in wizard.line_ids}
        self.assertIn("50.00", lines[self.other].foreign_amounts)
        self.assertIn("€", lines[self.other].foreign_amounts)
        self.assertFalse(lines[self.customer].foreign_amounts)

    def test_total_equals_the_receivable_balance_at_the_date(self):
        invoice = self._invoice(self.customer, 1000, D0, self.term_split)
        self._pay(invoice, 250, date(2026, 1, 20))
        self._invoice(self.other, 700, date(2026, 1, 10))
        self._invoice(self.other, 50, date(2026, 1, 12), move_type="out_refund")
        self._invoice(self.customer, 999, date(2026, 3, 1))  # after the date
        as_of = date(2026, 2, 15)
        rows = self.Aging.get_aging(as_of, self.env.company.id)
        self.env.cr.execute(
            """
            SELECT COALESCE(sum(aml.balance), 0) FROM account_move_line aml
              JOIN account_account acc ON acc.id = aml.account_id
             WHERE aml.company_id = %s AND aml.parent_state = 'posted'
               AND acc.account_type = 'asset_receivable' AND aml.date <= %s
            """,
            [self.env.company.id, as_of],
        )
        balance = self.env.cr.fetchone()[0]
        self.assertAlmostEqual(sum(row["total"] for row in rows), balance, places=2)
        self.assertAlmostEqual(balance, 1000 - 250 + 700 - 50, places=2)
        # The totals read in SQL (dashboard, management report) are those sums.
        totals = self.Aging.get_aging_totals(as_of, self.env.company.id)
        for key in ("not_due", "bucket_1", "bucket_2", "older", "total"):
            self.assertAlmostEqual(
                totals[key], sum(row[key] for row in rows), places=2, msg=key
            )
        self.assertAlmostEqual(totals["total"], balance, places=2)

    def test_only_the_companys_staff_read_the_receivables_over_rpc(self):
        """The aging's public methods answer JSON-RPC and XML-RPC: a customer
        on the portal reads nobody's debts, a salesperson only their own
        customers', an accountant the whole company's, and nobody another
        company's."""
        seller = self._salesperson("aging_rpc_seller")
        self.customer.user_id = seller
        self._invoice(self.customer, 1000, D0)
        self._invoice(self.other, 700, D0)
        as_of = date(2026, 2, 15)
        company = self.env.company.id
        portal = new_test_user(self.env, "aging_rpc_portal", groups="base.group_portal")
        accountant = new_test_user(
            self.env, "aging_rpc_accountant", groups="account.group_account_invoice"
        )
        stranger = self._salesperson(
            "aging_rpc_stranger",
            company=self.setup_other_company(name="Công ty khác")["company"],
            groups="account.group_account_invoice",
        )
        refused = [
            (portal, "get_aging", (as_of, company)),
            (portal, "get_aging_totals", (as_of, company)),
            (portal, "get_company_dso", (as_of, company, 1000)),
            (seller, "get_aging", (as_of, company)),
            (seller, "get_aging", (as_of, company, None, [seller.id, self.env.uid])),
            (seller, "get_dso", (as_of, company)),
            (stranger, "get_aging", (as_of, company)),
        ]
        for user, method, args in refused:
            with self.subTest(user=user.login, method=method):
                with self.assertRaises(AccessError):
                    getattr(self.Aging.with_user(user), method)(*args)
        # Their own customer: the 1,000 invoiced on 5 January, due then.
        [own] = self.Aging.with_user(seller).get_aging(
            as_of, company, user_ids=[seller.id]
        )
        self.assertEqual((own["partner_id"], own["total"]), (self.customer.id, 1000))
        rows = self.Aging.with_user(accountant).get_aging(as_of, company)
        self.assertEqual(sum(row["total"] for row in rows), 1000 + 700)

    def test_dso_per_customer_and_company(self):
        # Sold 1000 (customer) and 500 (other) in the year; 600 and 500 open.
        invoice = self._invoice(self.customer, 1000, date(2026, 1, 10))
        self._pay(invoice, 400, date(2026, 1, 20))
        self._invoice(self.other, 500, date(2026, 2, 1))
        dso = self.Aging.get_dso(date(2026, 2, 10), self.env.company.id)
        # 600 / 1000 x 365 = 219; 500 / 500 x 365 = 365; 1100 / 1500 x 365 = 267.7.
        self.assertEqual(dso["partners"][str(self.customer.id)], 219.0)
        self.assertEqual(dso["partners"][str(self.other.id)], 365.0)
        self.assertEqual(dso["company"], 267.7)
        company_dso = self.Aging.get_company_dso(
            date(2026, 2, 10), self.env.company.id, 1100.0
        )
        self.assertEqual(company_dso, 267.7)

    def test_bucket_limits_in_order(self):
        with self.assertRaises(ValidationError):
            self.env.company.aging_days_2 = 20
        self.env.company.write({"aging_days_1": 15, "aging_days_2": 45})
        labels = self.Aging._bucket_labels(self.env.company)
        self.assertEqual(labels[1:3], ["1-15", "16-45"])

    def test_screen_lists_customers_exports_xlsx_and_pdf(self):
        invoice = self._invoice(self.customer, 1000, D0, self.term_30)
        self._pay(invoice, 400, date(2026, 1, 15))
        wizard = self.env["crm.reports.aging.wizard"].create(
            {"as_of_date": date(2026, 2, 14)}
        )
        action = wizard.action_compute()
        line = (
            self.env[action["res_model"]]
            .search(action["domain"])
            .filtered(lambda line: line.partner_id == self.customer)
        )
        self.assertEqual((line.bucket_1, line.total), (600.0, 600.0))
        items = self.env["account.move.line"].search(line.action_open_items()["domain"])
        self.assertIn(invoice, items.move_id)
        self.assertEqual(sum(items.mapped("balance")), 600.0)
        wizard.action_export_xlsx()
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.xlsx_file)))
        sheet = book.active
        rows = {row[0]: row for row in sheet.iter_rows(min_row=5, values_only=True)}
        self.assertEqual(rows["Aging customer"][2], 600)
        # The total, after the six buckets; then what is owed in other currencies.
        self.assertEqual(rows["Aging customer"][7], 600)
        self.assertEqual(sheet.cell(row=4, column=9).value, "In other currencies")
        assert_pdf(self, "crm_reports.report_aging", wizard.ids)

    def test_printed_aging_ends_with_the_totals_and_their_shares(self):
        """The printed aging closes with a total of each column and each
        bucket's share of what is owed, as the screen and the Excel file sum."""
        self._invoice(self.customer, 600, date(2026, 1, 1), self.term_30)
        self._invoice(self.other, 300, date(2026, 2, 1), self.term_30)
        self._invoice(self.other, 100, date(2025, 9, 1), self.term_30)
        wizard = self.env["crm.reports.aging.wizard"].create(
            {"as_of_date": date(2026, 2, 14)}
        )
        wizard.action_compute()
        page = lxml.html.fromstring(
            report_html(self.env, "crm_reports.report_aging", wizard.ids)
        )
        [total] = page.xpath("//tr[hasclass('o_aging_total')]")
        [share] = page.xpath("//tr[hasclass('o_aging_share')]")
        figures = [" ".join(cell.text_content().split()) for cell in total[1:]]
        # Not due 300 (due 3 March); 1-30: 600 (due 31 January, 14 days);
        # over 120: 100 (due 1 October 2025, 136 days); total 1,000.
        expected = [300, 600, 0, 0, 0, 100, 1000]
        self.assertEqual(
            figures,
            [
                formatLang(
                    self.env, amount, currency_obj=self.env.company.currency_id
                ).replace("\xa0", " ")
                for amount in expected
            ],
        )
        self.assertEqual(
            [cell.text_content().strip() for cell in share[1:]],
            ["30.0 %", "60.0 %", "0.0 %", "0.0 %", "0.0 %", "10.0 %", "100.0 %"],
        )
