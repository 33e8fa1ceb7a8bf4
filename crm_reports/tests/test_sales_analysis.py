from odoo import Command
from odoo.tests import tagged

from odoo.addons.crm_reports.tests.common import ReportsCommon


@tagged("post_install", "-at_install")
class TestSalesAnalysis(ReportsCommon):
    def test_orders_and_invoices_net_of_credit_notes(self):
        customer = self.env["res.partner"].create({"name": "Analysed"})
        product = self.env["product.product"].create(
            {"name": "Analysed product", "taxes_id": [Command.clear()]}
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "price_unit": 300,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        order.action_confirm()
        for move_type, amount in (("out_invoice", 500), ("out_refund", 100)):
            self.env["account.move"].create(
                {
                    "move_type": move_type,
                    "partner_id": customer.id,
                    "invoice_date": "2026-10-01",
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "quantity": 1,
                                "price_unit": amount,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
            ).action_post()
        self.env.flush_all()
        groups = dict(
            self.env["crm.reports.sales.analysis"]._read_group(
                [("partner_id", "=", customer.id)], ["source"], ["amount:sum"]
            )
        )
        self.assertEqual(groups, {"order": 300.0, "invoice": 400.0})
        categ = self.env["crm.reports.sales.analysis"]._read_group(
            [("partner_id", "=", customer.id), ("source", "=", "invoice")],
            ["categ_id"],
            ["quantity:sum"],
        )
        self.assertEqual(categ, [(product.categ_id, 0.0)])
