from datetime import datetime, timedelta

from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import SuiteHttpCase


@tagged("post_install", "-at_install")
class TestCustomerSegmentTour(SuiteHttpCase):
    def test_salesperson_reads_idic_and_applies_segment_to_quotation(self):
        seller = new_test_user(
            self.env,
            login="idic_tour_seller",
            groups="sales_team.group_sale_salesman",
            name="Tour seller",
        )
        customer = self.env["res.partner"].create(
            {
                "name": "Tour Customer Co",
                "is_company": True,
                "customer_rank": 1,
                "email": "tour.customer@example.com",
                "user_id": seller.id,
            }
        )
        product = self.env["product.product"].create(
            {
                "name": "Tour product",
                "list_price": 1000.0,
                "taxes_id": [Command.clear()],
            }
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "user_id": seller.id,
                "order_line": [Command.create({"product_id": product.id})],
            }
        )
        order.action_confirm()
        order.date_order = datetime.now() - timedelta(days=3)
        pricelist = self.env["product.pricelist"].create({"name": "Tour VIP prices"})
        self.env["crm.idic.segment"].create(
            {
                "name": "Tour VIP segment",
                "rule_domain": f"[('partner_id', '=', {customer.id})]",
                "pricelist_id": pricelist.id,
                "suggestion": "Offer the tour discount",
            }
        )
        self.env["crm.idic.profile"]._recompute_profiles(
            company_ids=self.env.company.ids
        )
        quotation = self.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "user_id": seller.id,
                "order_line": [Command.create({"product_id": product.id})],
            }
        )
        (order | quotation).flush_recordset()
        self.start_tour(
            f"/odoo/contacts/{customer.id}",
            "crm_idic_customer_segment",
            login="idic_tour_seller",
        )
        self.assertEqual(quotation.pricelist_id, pricelist)
