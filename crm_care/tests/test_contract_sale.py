"""A confirmed order of contract products makes a draft contract that invoices
them; the order has nothing left to invoice for those lines."""

from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import ContractCommon


@tagged("post_install", "-at_install")
class TestContractFromOrder(ContractCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.template = cls.env["crm.care.contract.template"].create(
            {
                "name": "Điều khoản bảo trì",
                "duration_months": 12,
                "terms": "<p>Điều khoản chung</p>",
            }
        )
        cls.maintenance = cls.env["product.product"].create(
            {
                "name": "Gói bảo trì quý",
                "type": "service",
                "list_price": 3_000_000,
                "taxes_id": [Command.clear()],
                "invoice_policy": "order",
                "is_contract": True,
                "recurring_rule_type": "quarterly",
                "recurring_invoicing_type": "post-paid",
                "contract_template_id": cls.template.id,
            }
        )
        cls.purifier = cls.env["product.product"].create(
            {
                "name": "Máy lọc nước",
                "list_price": 8_000_000,
                "taxes_id": [Command.clear()],
                "invoice_policy": "order",
            }
        )
        # A salesperson without any right on contracts confirms the order.
        cls.salesman = new_test_user(
            cls.env,
            login="order_salesman",
            groups="sales_team.group_sale_salesman",
            company_id=cls.env.company.id,
        )

    @freeze_time("2026-04-10 03:00:00")
    def test_confirmed_order_makes_a_draft_contract_that_invoices_its_lines(self):
        order = (
            self.env["sale.order"]
            .with_user(self.salesman)
            .create(
                {
                    "partner_id": self.customer.id,
                    "commitment_date": datetime(2026, 4, 30, 20, 0),
                    "order_line": [
                        Command.create(
                            {
                                "product_id": self.purifier.id,
                                "tax_ids": [Command.clear()],
                            }
                        ),
                        Command.create(
                            {
                                "product_id": self.maintenance.id,
                                "product_uom_qty": 2,
                                "price_unit": 2_500_000,
                                "tax_ids": [Command.clear()],
                            }
                        ),
                    ],
                }
            )
        )
        order.action_confirm()
        # Read back as a contract manager.
        order = order.with_env(self.env)
        purifier_line, maintenance_line = order.order_line
        contract = maintenance_line.contract_id
        self.assertTrue(contract)
        self.assertFalse(purifier_line.contract_id)
        self.assertEqual(contract.state, "draft")
        self.assertEqual(contract.sale_order_ids, order)
        self.assertEqual(contract.partner_id, self.customer)
        self.assertEqual(contract.user_id, self.salesman)
        self.assertIn("Điều khoản chung", contract.terms)
        # The commitment date (UTC 30 April 20:00) is 30 April in UTC, the
        # user's time zone here; the template runs it a year.
        self.assertEqual(contract.date_start, date(2026, 4, 30))
        self.assertEqual(contract.date_end, date(2027, 4, 29))
        line = contract.line_ids
        self.assertEqual(
            (line.quantity, line.price_unit, line.recurring_rule_type),
            (2, 2_500_000, "quarterly"),
        )
        self.assertEqual(line.recurring_invoicing_type, "post-paid")
        self.assertEqual(contract.value, 5_000_000)
        # The order invoices only the purifier.
        self.assertEqual(maintenance_line.qty_to_invoice, 0)
        self.assertEqual(purifier_line.qty_to_invoice, 1)
        invoice = order._create_invoices()
        self.assertEqual(invoice.invoice_line_ids.product_id, self.purifier)
        self.assertEqual(invoice.amount_untaxed, 8_000_000)
        # Confirmed twice (after a cancel): no second contract for the same line.
        order._create_contracts()
        self.assertEqual(
            self.env["crm.care.contract"].search_count(
                [("sale_order_ids", "in", order.ids)]
            ),
            1,
        )
        # Running, the contract invoices the first quarter after it ends.
        contract.state = "running"
        [quarter] = contract.recurring_create_invoice(date(2026, 7, 30))
        self.assertEqual(quarter.invoice_date, date(2026, 7, 30))
        self.assertEqual(quarter.amount_untaxed, 5_000_000)

    @freeze_time("2026-04-10 23:30:00")
    def test_an_order_signed_online_starts_its_contract_on_the_companys_day(self):
        """The customer signs the quotation online at 06:30 on 11 April in Hà
        Nội (23:30 UTC on the 10th), as Odoo's public user, who has no time
        zone: the contract starts on the company's day, the 11th."""
        self.env.company.resource_calendar_id.tz = "Asia/Ho_Chi_Minh"
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.maintenance.id,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        public = self.env.ref("base.public_user")
        # As the portal's signing page confirms it: sudo, the visitor's context.
        order.with_user(public).with_context(tz=False).sudo().action_confirm()
        self.assertEqual(order.order_line.contract_id.date_start, date(2026, 4, 11))
