from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from odoo.addons.crm_reports.tests.common import ReportsCommon


@tagged("post_install", "-at_install")
class TestOverdue(ReportsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.today = fields.Date.context_today(cls.env.user)
        cls.customer = cls.env["res.partner"].create(
            {"name": "Late payer", "email": "late@example.com"}
        )
        cls._policy((7, "email", "gentle"), (30, "email", "firm"), automatic=True)
        cls.late = cls._invoice(cls.today - timedelta(days=10))
        cls.soon = cls._invoice(cls.today + timedelta(days=2))
        cls.later = cls._invoice(cls.today + timedelta(days=20))

    @classmethod
    def _invoice(cls, due):
        return super()._invoice(cls.customer, 500, due, invoice_date_due=due)

    def _logs(self, **domain):
        return self.env["crm.reports.alert.log"].search(
            [(key, "=", value) for key, value in domain.items()]
        )

    def test_digests_and_reminders_never_repeat(self):
        # Scheduled actions run as the superuser.
        Move = self.env["account.move"].sudo()
        Move._cron_overdue_alerts()
        Move._cron_overdue_alerts()
        self.assertEqual(self._logs(event="overdue").move_id, self.late)
        self.assertEqual(self._logs(event="due_soon").move_id, self.soon)
        digests = self.env["mail.message"].search(
            [
                ("subject", "like", "Receivables:"),
                ("partner_ids", "in", self.env.user.partner_id.ids),
            ]
        )
        self.assertEqual(len(digests), 1)
        self.assertIn(self.late.name, digests.body)
        # The automatic run of the policy reminded the late payer, once.
        reminders = self.customer.message_ids.filtered(
            lambda m: "reminder of invoices past due" in (m.subject or "")
        )
        self.assertEqual(len(reminders), 1)
        self.assertIn(self.late.name, reminders.body)
        # 25 days on (35 late): the firm level, once; the gentle one not again.
        with freeze_time(self.today + timedelta(days=25)):
            Move._cron_overdue_alerts()
            Move._cron_overdue_alerts()
        levels = self._logs(event="reminder", move_id=self.late.id).level_id
        self.assertEqual(levels.mapped("days_overdue"), [30, 7])
        subjects = self.customer.message_ids.mapped("subject")
        self.assertEqual(subjects.count(f"{self.env.company.name}: second reminder"), 1)

    def test_credit_risk_warns_on_new_quotations(self):
        self.env.company.write({"credit_risk_days": 5, "credit_risk_amount": 0})
        customer = self.customer.with_company(self.env.company)
        self.assertEqual(customer.credit_oldest_overdue_days, 10)
        self.assertEqual(customer.credit_overdue_amount, 500.0)
        self.assertTrue(customer.credit_risk)
        quotation = self.env["sale.order"].create({"partner_id": self.customer.id})
        self.assertIn("Credit risk", quotation.credit_risk_warning)
        self.env.company.credit_risk_days = 30
        quotation.invalidate_recordset()
        self.customer.invalidate_recordset()
        self.assertFalse(quotation.credit_risk_warning)

    def test_open_credits_are_deducted_from_what_is_overdue(self):
        """A payment not yet matched with the invoice is the customer's money: the
        360° view, the credit risk and the hold count what is left overdue."""
        self.env.company.write({"credit_risk_days": 5, "credit_risk_amount": 0})
        customer = self.customer.with_company(self.env.company)
        self._unmatched_payment(self.customer, 300)
        # 500 overdue for 10 days, less 300 received: 200, still 10 days.
        self.assertEqual(customer.credit_overdue_amount, 200.0)
        self.assertEqual(customer.credit_oldest_overdue_days, 10)
        self.assertTrue(customer.credit_risk)
        # A credit note of 250 covers the rest: nothing overdue, no day, no risk.
        refund = self.env["account.move"].create(
            self._invoice_values(self.customer, 250, 1, move_type="out_refund")
        )
        refund.action_post()
        customer.invalidate_recordset()
        self.assertEqual(customer.credit_overdue_amount, 0.0)
        self.assertEqual(customer.credit_oldest_overdue_days, 0)
        self.assertFalse(customer.credit_risk)
        self.env.company.write(
            {"credit_limit_action": "block", "credit_block_overdue_days": 5}
        )
        order = self.env["sale.order"].create({"partner_id": self.customer.id})
        self.assertFalse(order.credit_risk_warning)
        self.assertFalse(order.credit_hold)

    def test_customer_360_health_score(self):
        customer = self.customer.with_company(self.env.company)
        # No IDIC profile (0 x 40) + payment 100 - 100 x 10 / 90 (x 30) + care 100
        # (x 20) + no running contract 50 (x 10) = 26.67 + 20 + 5 = 51.7: watch.
        self.assertAlmostEqual(customer.health_score, 51.7)
        self.assertEqual(customer.health_color, "yellow")
        self.assertIn("Payment", customer.customer_360)
        self.assertIn("10 days", customer.customer_360)
        self.assertIn("0 open tickets, 0 with a failed SLA", customer.customer_360)
        self.assertIn("0 running contracts", customer.customer_360)
        # One open ticket, counted in words.
        self.env["crm.care.ticket"].create(
            {"subject": "Hỏi giá", "partner_id": self.customer.id}
        )
        customer.invalidate_recordset(["customer_360"])
        self.assertIn("1 open ticket, 0 with a failed SLA", customer.customer_360)
        # A Vietnamese reader writes the IDIC score with a decimal comma.
        self.env["res.lang"]._activate_lang("vi_VN")
        self.assertIn("Điểm IDIC 0,0", customer.with_context(lang="vi_VN").customer_360)
