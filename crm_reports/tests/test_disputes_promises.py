"""Disputes and promises hold reminders: a disputed invoice (Odoo's
``no_followup``) and a customer with a promise to pay not yet due, or excluded,
get no reminder; cleared, or once the promise's day has passed, reminders go on;
the 360° view says so."""

from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from odoo.addons.crm_reports.tests.common import ReportsCommon


@tagged("post_install", "-at_install")
class TestDisputesPromises(ReportsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._policy((7, "email", "gentle"))
        cls.customer = cls._customer("Khách tranh chấp", email="tc@example.com")
        due = cls.today - timedelta(days=10)
        cls.disputed = cls._invoice(cls.customer, 300, 20, invoice_date_due=due)
        cls.plain = cls._invoice(cls.customer, 200, 20, invoice_date_due=due)

    def _remind(self):
        """A run of today, validated: the invoices it listed (a run that
        lists nothing cannot be validated, so it is left as it is)."""
        run = self._run()
        items = run.line_ids.item_ids
        if run.line_ids:
            run.action_validate()
        return items.move_id

    def test_a_disputed_invoice_gets_no_reminder_until_cleared(self):
        wizard = (
            self.env["crm.reports.dispute"]
            .with_context(**self.disputed.action_dispute()["context"])
            .create({"reason": "Giao thiếu 2 thùng"})
        )
        wizard.action_confirm()
        self.assertTrue(self.disputed.no_followup)
        receivable = self.disputed.line_ids.filtered(
            lambda line: line.account_type == "asset_receivable"
        )
        self.assertTrue(receivable)
        self.assertTrue(
            all(receivable.mapped("no_followup")),
            "Odoo's switch is set on the receivable journal items too",
        )
        with self.assertRaisesRegex(UserError, "Say what the customer disputes"):
            self.plain._mark_disputed(" ")
        self.assertFalse(self.plain.no_followup)
        self.assertEqual(self._remind(), self.plain)
        self.assertIn("1 disputed invoice", self.customer.customer_360)
        self.disputed.action_clear_dispute()
        self.assertFalse(self.disputed.no_followup)
        # Cleared, the disputed invoice (the oldest, never reminded) is reminded.
        self.assertEqual(self._remind(), self.disputed | self.plain)

    def test_a_promise_holds_reminders_until_its_day_has_passed(self):
        with self.assertRaisesRegex(ValidationError, "in the past"):
            self.customer._record_promise(500, self.today - timedelta(days=1))
        with self.assertRaisesRegex(ValidationError, "has an amount"):
            self.customer._record_promise(0, self.today)
        self.assertFalse(self.customer.credit_promise_date)
        promise = self.env["crm.reports.promise"].with_context(
            **self.customer.action_promise_to_pay()["context"]
        )
        promise.create(
            {"amount": 500, "date": self.today + timedelta(days=3)}
        ).action_confirm()
        self.assertEqual(self.customer.credit_promise_amount, 500)
        self.assertIn("promised to pay", self.customer.customer_360)
        self.assertFalse(self._remind())
        # On the promised day still held; the day after, reminded.
        with freeze_time(self.today + timedelta(days=3)):
            self.assertFalse(self._remind())
        with freeze_time(self.today + timedelta(days=4)):
            self.assertEqual(self._remind(), self.disputed | self.plain)

    def test_the_accountant_checks_the_promised_payment_on_its_day(self):
        """Recording a promise gives the accountant who records it one activity
        due on the promised day; a new promise moves it, clearing drops it."""
        accountant = new_test_user(
            self.env,
            "promise_accountant",
            groups="account.group_account_invoice",
            company_id=self.company.id,
        )
        customer = self.customer.with_user(accountant)

        def checks():
            return self.customer.activity_ids.filtered(
                lambda activity: activity.activity_type_id
                == self.env.ref("crm_reports.mail_activity_type_promise")
            )

        customer._record_promise(500, self.today + timedelta(days=3))
        self.assertEqual(len(checks()), 1)
        self.assertEqual(checks().user_id, accountant)
        self.assertEqual(checks().date_deadline, self.today + timedelta(days=3))
        self.assertIn("500", checks().note)
        customer._record_promise(400, self.today + timedelta(days=7))
        self.assertEqual(len(checks()), 1, "the new promise replaces the check")
        self.assertEqual(checks().date_deadline, self.today + timedelta(days=7))
        self.assertIn("400", checks().note)
        customer.action_clear_promise()
        self.assertFalse(checks())

    def test_only_an_accountant_clears_a_promise(self):
        """Called over RPC by a salesperson or a customer on the portal, the
        clearing is refused and the promise stays."""
        self.customer._record_promise(500, self.today + timedelta(days=3))
        seller = self._salesperson("promise_seller")
        portal = new_test_user(self.env, "promise_portal", groups="base.group_portal")
        for user in (seller, portal):
            with self.assertRaises(AccessError):
                self.customer.with_user(user).action_clear_promise()
        self.assertEqual(self.customer.credit_promise_amount, 500)
        self.assertIs(self.customer.action_clear_promise(), True)
        self.assertFalse(self.customer.credit_promise_date)

    def test_an_excluded_customer_gets_no_reminder(self):
        self.customer.credit_exclude_reminders = True
        self.assertFalse(self._remind())
        self.assertIn("no reminders", self.customer.customer_360)
