import re

from odoo import Command
from odoo.tests import tagged

from odoo.addons.crm_idic.tests.common import SuiteHttpCase


@tagged("post_install", "-at_install")
class TestTicketTour(SuiteHttpCase):
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


@tagged("post_install", "-at_install")
class TestAgentWaitsTour(SuiteHttpCase):
    """The agent's day: wait for the customer, see the answer resume the
    ticket, solve it, see the customer's rating (given from the mail's link)."""

    def test_wait_resume_solve_rating(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "web.base.url", self.base_url()
        )
        customer = self.env["res.partner"].create(
            {"name": "Khách Chờ", "email": "khach.cho@example.com"}
        )
        team = self.env["crm.care.team"].create({"name": "Tour desk"})
        ticket = self.env["crm.care.ticket"].create(
            {
                "subject": "Máy giặt kêu to",
                "partner_id": customer.id,
                "team_id": team.id,
            }
        )
        ticket.write({"stage_id": self.env.ref("crm_care.stage_in_progress").id})
        url = f"/odoo/action-crm_care.crm_care_ticket_action/{ticket.id}"
        self.start_tour(url, "crm_care_agent_waits", login="admin")
        self.assertEqual(ticket.stage_id, self.env.ref("crm_care.stage_waiting"))
        # The customer answers (as the mail gateway posts an inbound mail).
        ticket.message_post(
            body="Đây là ảnh chụp máy giặt",
            author_id=customer.id,
            message_type="email",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertEqual(ticket.stage_id, self.env.ref("crm_care.stage_in_progress"))
        self.start_tour(url, "crm_care_agent_sees_the_reply_and_solves", login="admin")
        self.assertEqual(ticket.stage_id, self.env.ref("crm_care.stage_solved"))
        # The customer clicks "satisfied" in the solved ticket's mail, then
        # leaves a comment on the page it opens.
        token = ticket.rating_ids.filtered(lambda rating: not rating.consumed)
        self.assertEqual(len(token), 1)
        self.authenticate(None, None)  # the customer, not logged in
        page = self.url_open(f"/rate/{token.access_token}/5")
        self.assertEqual(page.status_code, 200)
        csrf = re.search(r'name="csrf_token"\s+value="([^"]+)"', page.text).group(1)
        self.url_open(
            f"/rate/{token.access_token}/submit_feedback",
            data={"rate": 5, "feedback": "Rất nhanh, cảm ơn", "csrf_token": csrf},
        )
        self.assertEqual(ticket.rating_last_value, 5)
        # A rating's comment is no customer reply: the ticket stays solved.
        self.assertEqual(ticket.stage_id, self.env.ref("crm_care.stage_solved"))
        self.start_tour(url, "crm_care_agent_sees_the_rating", login="admin")
