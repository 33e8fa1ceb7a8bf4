"""One definition of overdue: an invoice in installments is overdue by the
installments past their own due date, the same in the 360° view and credit
warning, the dashboard, the receivables digest, the customer reminders and the
contracts' own invoices (as in the aged receivables)."""

from datetime import timedelta

from odoo import Command
from odoo.tests import tagged

from odoo.addons.crm_reports.tests.common import ReportsCommon


@tagged("post_install", "-at_install")
class TestOverdueInstallments(ReportsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.buyer = cls._customer("Khách trả góp", user_id=cls.seller.id)
        split = cls._payment_term("Half at 30, half at 60", (50, 30), (50, 60))
        # 1,000 invoiced 45 days ago: 500 due 15 days ago (overdue), 500 due in 15
        # days. The invoice's last due date is in the future.
        cls.order = cls._order(cls.buyer, 1000, 45, payment_term_id=split.id)
        cls.invoice = cls.order._create_invoices()
        cls.invoice.invoice_date = cls.today - timedelta(days=45)
        cls.invoice.action_post()

    def test_the_installments_set_the_overdue_amount_everywhere(self):
        self.assertGreater(self.invoice.invoice_date_due, self.today)
        # 360° view and credit warning.
        buyer = self.buyer.with_company(self.company)
        self.assertEqual(buyer.credit_overdue_amount, 500)
        self.assertEqual(buyer.credit_oldest_overdue_days, 15)
        # Dashboard.
        data = self.env["crm.reports.dashboard"].get_dashboard_data("month")
        tile = next(tile for tile in data["tiles"] if tile["key"] == "overdue")
        self.assertEqual((tile["value"], tile["count"]), (500, 1))
        self.assertEqual(self.env["account.move"].search(tile["domain"]), self.invoice)
        # Receivables digest: the invoice is overdue, not only "due soon".
        overdue, _soon = self.env["account.move"]._overdue_candidates(
            self.company, self.today
        )
        self.assertIn(self.invoice, overdue)
        # It shows the first open installment's due date (15 days ago), not the
        # invoice's last one.
        self.assertEqual(
            self.invoice._crm_first_open_due(), self.today - timedelta(days=15)
        )
        body = self.env["account.move"]._digest_body(self.invoice, overdue - overdue)
        self.assertIn(str(self.today - timedelta(days=15)), body)
        self.assertNotIn(str(self.invoice.invoice_date_due), body)
        # Customer reminders: 15 days late, for the 500 due.
        self._policy((7, "email", "gentle"))
        line = self._run().line_ids
        self.assertEqual((line.days_overdue, line.amount_due), (15, 500))
        # A contract counts the invoices it produced (this one, here).
        contract = self.env["crm.care.contract"].create(
            {
                "name": "Trả góp",
                "partner_id": self.buyer.id,
                "date_start": self.today - timedelta(days=45),
                "sale_order_ids": [Command.set(self.order.ids)],
            }
        )
        self.assertEqual(contract.amount_invoiced, 0)
        self.invoice.crm_care_contract_id = contract
        contract.invalidate_recordset()
        self.assertEqual(contract.amount_invoiced, 1000)
        self.assertEqual(contract.amount_overdue, 500)
