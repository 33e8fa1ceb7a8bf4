from odoo import Command
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestTicketTour(HttpCase):
    def test_ticket_from_order_answered_and_solved(self):
        customer = self.env["res.partner"].create(
            {"name": "Khách Tour", "email": "khach.tour@example.com"}
        )
        product = self.env["product.product"].create(
            {"name": "Bình nóng lạnh", "warranty_months": 24}
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "order_line": [Command.create({"product_id": product.id})],
            }
        )
        order.action_confirm()
        self.start_tour(
            f"/odoo/action-sale.action_orders/{order.id}",
            "crm_care_ticket_from_order",
            login="admin",
        )
        ticket = self.env["crm.care.ticket"].search([("sale_order_id", "=", order.id)])
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.partner_id, customer)
        self.assertEqual(
            ticket.ticket_type_id, self.env.ref("crm_care.ticket_type_quality")
        )
        self.assertTrue(ticket.first_response_date)
        self.assertEqual(ticket.stage_id, self.env.ref("crm_care.stage_solved"))
        self.assertTrue(ticket.closed_date)
