from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import ValidationError
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
        template = cls.env.ref("crm_reports.mail_template_reminder_gentle")
        Level = cls.env["crm.reports.reminder.level"]
        cls.gentle = Level.create(
            {"name": "Gentle", "days_overdue": 7, "mail_template_id": template.id}
        )
        cls.firm = Level.create(
            {
                "name": "Firm",
                "days_overdue": 30,
                "mail_template_id": cls.env.ref(
                    "crm_reports.mail_template_reminder_firm"
                ).id,
            }
        )
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
        reminders = self.late.message_ids.filtered(
            lambda m: "is past due" in (m.subject or "")
        )
        self.assertEqual(len(reminders), 1)
        self.assertTrue(
            self.customer.message_ids.filtered(lambda m: "Gentle" in (m.body or ""))
        )
        # 25 days on: the firm level, once; the gentle one is not sent again.
        with freeze_time(self.today + timedelta(days=25)):
            Move._cron_overdue_alerts()
            Move._cron_overdue_alerts()
        levels = self._logs(event="reminder", move_id=self.late.id).mapped("level_id")
        self.assertEqual(levels, self.gentle | self.firm)
        self.assertEqual(
            len(
                self.late.message_ids.filtered(
                    lambda m: "Second reminder" in (m.subject or "")
                )
            ),
            1,
        )

    def test_a_level_before_the_due_date_sends_a_friendly_notice_once(self):
        upcoming = self.env["crm.reports.reminder.level"].create(
            {
                "name": "Upcoming",
                "days_overdue": -3,
                "mail_template_id": self.env.ref(
                    "crm_reports.mail_template_reminder_upcoming"
                ).id,
            }
        )
        # Due in 2 days (within 3): the friendly notice; due in 20: nothing yet.
        Move = self.env["account.move"].sudo()
        Move._cron_overdue_alerts()
        Move._cron_overdue_alerts()

        def notices(move):
            return move.message_ids.filtered(
                lambda m: (m.subject or "").startswith(f"Invoice {move.name} is due")
            )

        self.assertEqual(len(notices(self.soon)), 1)
        self.assertFalse(notices(self.later))
        self.assertEqual(
            self._logs(event="reminder", move_id=self.soon.id).level_id, upcoming
        )
        # 17 days on, the later one is due in 3 days: its notice; 9 days after
        # its due date the soon one gets the gentle reminder, not the notice again.
        with freeze_time(self.today + timedelta(days=17)):
            Move._cron_overdue_alerts()
        self.assertEqual(len(notices(self.later)), 1)
        self.assertEqual(len(notices(self.soon)), 1)
        self.assertIn(
            self.gentle, self._logs(event="reminder", move_id=self.soon.id).level_id
        )
        with self.assertRaises(ValidationError):
            upcoming.days_overdue = -61

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

    def test_customer_360_health_score(self):
        customer = self.customer.with_company(self.env.company)
        # No IDIC profile (0 x 40) + payment 100 - 100 x 10 / 90 (x 30) + care 100
        # (x 20) + no running contract 50 (x 10) = 26.67 + 20 + 5 = 51.7: watch.
        self.assertAlmostEqual(customer.health_score, 51.7)
        self.assertEqual(customer.health_color, "yellow")
        self.assertIn("Payment", customer.customer_360)
        self.assertIn("10 days", customer.customer_360)
