"""A credit limit that holds: over Odoo's credit limit (its exposure: the
receivable, what confirmed orders have left to invoice, this order), a
salesperson cannot confirm; a sales manager or an accountant releases one order
for its current total; the customer confirming on the portal is never held.
Figures by hand, in the company's currency (two decimals here)."""

from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.crm_reports.tests.common import ReportsCommon


@tagged("post_install", "-at_install")
class TestCreditHold(ReportsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {"account_use_credit_limit": True, "credit_limit_action": "block"}
        )
        cls.buyer = cls._customer("Khách hạn mức", user_id=cls.seller.id)
        cls.buyer.with_company(cls.company).credit_limit = 1000.0
        # 600 owed on an open invoice.
        cls._invoice(cls.buyer, 600.0, 5)
        cls.accountant = new_test_user(
            cls.env,
            login="hold_accountant",
            groups="account.group_account_invoice",
            company_id=cls.company.id,
        )

    def _quotation(self, amount):
        return self._order(self.buyer, amount, 0, state="draft").with_user(self.seller)

    def test_one_cent_over_the_limit_is_held_and_at_the_limit_is_not(self):
        # 600 + 400.01 = 1,000.01 > 1,000.
        over = self._quotation(400.01)
        self.assertIn("1,000.01", over.credit_hold)
        with self.assertRaisesRegex(UserError, "over its credit limit"):
            over.action_confirm()
        self.assertEqual(over.state, "draft")
        # 600 + 400 = 1,000: at the limit, confirmed.
        at_limit = self._quotation(400.0)
        self.assertFalse(at_limit.credit_hold)
        at_limit.action_confirm()
        self.assertEqual(at_limit.state, "sale")
        # Now 400 is left to invoice on that order: 600 + 400 + 0.01 is over.
        again = self._quotation(0.01)
        with self.assertRaises(UserError):
            again.action_confirm()

    def test_release_for_the_current_total_is_logged_and_a_larger_total_held(self):
        order = self._quotation(500.0)
        with self.assertRaisesRegex(UserError, "Only a sales manager or an accountant"):
            order.action_release_credit_hold()
        wizard = (
            self.env["crm.reports.credit.release"]
            .with_user(self.accountant)
            .with_context(
                **order.with_user(self.accountant).action_release_credit_hold()[
                    "context"
                ]
            )
            .create({"reason": "Khách đã chuyển khoản sáng nay"})
        )
        wizard.action_release()
        self.assertEqual(order.sudo().credit_release_amount, 500.0)
        self.assertEqual(order.sudo().credit_release_user_id, self.accountant)
        self.assertIn("Khách đã chuyển khoản", order.sudo().message_ids[0].body)
        # A larger total is held again; the released total confirms.
        order.sudo().order_line.price_unit = 500.01
        self.assertTrue(order.credit_hold)
        order.sudo().order_line.price_unit = 500.0
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_items_overdue_too_long_hold_too(self):
        self.company.credit_block_overdue_days = 30
        late = self._customer("Khách nợ lâu", user_id=self.seller.id)
        late.with_company(self.company).credit_limit = 0.0  # no limit
        self._invoice(late, 100.0, 45, due=self.today - self._days(31))
        order = self._order(late, 10.0, 0, state="draft").with_user(self.seller)
        with self.assertRaisesRegex(UserError, "overdue by 31 days"):
            order.action_confirm()
        self.company.credit_block_overdue_days = 31
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_the_customer_confirming_on_the_portal_is_not_held(self):
        order = self._quotation(900.0)
        # As the portal's signature and payment do: in sudo.
        order.sudo()._validate_order()
        self.assertEqual(order.sudo().state, "sale")
        activity = order.sudo().activity_ids
        self.assertEqual(activity.user_id, self.accountant)
        self.assertIn("over its credit limit", activity.note)

    def test_the_accountant_is_told_in_their_language(self):
        """The customer confirms in English on the portal; the accountant, who
        reads Vietnamese, gets the activity and the reason in Vietnamese."""
        self._speaks_vietnamese(self.accountant.partner_id, "crm_reports")
        order = self._quotation(900.0)
        order.sudo().with_context(lang="en_US")._validate_order()
        activity = order.sudo().activity_ids
        self.assertEqual(
            activity.summary, "Khách hàng tự xác nhận đơn vượt hạn mức tín dụng"
        )
        # 600 owed + 900 = 1,500 over 1,000, in dollars written the Vietnamese way.
        self.assertIn(
            "Bị chặn: với đơn này Khách hạn mức sẽ nợ $&nbsp;1.500,00, vượt hạn "
            "mức tín dụng $&nbsp;1.000,00.",
            activity.note,
        )

    def test_warn_shows_one_banner_and_confirms(self):
        self.company.credit_limit_action = "warn"
        order = self._quotation(500.0)
        self.assertFalse(order.credit_hold)
        # Odoo's banner, the only one.
        self.assertIn("has reached its credit limit", order.partner_credit_warning)
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        # The suite's overdue risk (an item 61 days late, over the company's 60)
        # is said in the same banner; the form has no second one.
        self._invoice(self.buyer, 50.0, 90, due=self.today - self._days(61))
        self.env.invalidate_all()  # a new request: the customer's figures afresh
        risky = self._quotation(1.0)
        self.assertIn("Credit risk:", risky.partner_credit_warning)
        self.assertIn("has reached its credit limit", risky.partner_credit_warning)
        form = self.env["sale.order"].get_view(view_type="form")["arch"]
        self.assertNotIn("credit_risk_warning", form)

    def _days(self, days):
        from datetime import timedelta

        return timedelta(days=days)
