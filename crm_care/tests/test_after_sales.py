"""After-sales actions from a care ticket (credit notes, replacement and repair
quotations) and merging tickets."""

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import CareCommon


@tagged("post_install", "-at_install")
class TestAfterSales(CareCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.heater = cls.env["product.product"].create(
            {
                "name": "Bình nóng lạnh",
                "list_price": 2_000_000,
                "warranty_months": 24,
                "taxes_id": [Command.clear()],
                "invoice_policy": "order",
            }
        )
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.heater.id,
                            "product_uom_qty": 2,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        cls.order.action_confirm()
        cls.invoice = cls.order._create_invoices()
        cls.invoice.action_post()
        cls.accountant = new_test_user(
            cls.env,
            login="care_accountant",
            groups="account.group_account_invoice",
            company_id=cls.company.id,
            company_ids=cls.company.ids,
        )
        cls.agent.write(
            {"company_id": cls.company.id, "company_ids": [(6, 0, cls.company.ids)]}
        )

    def _claim(self):
        return self._ticket(
            sale_order_id=self.order.id, sale_line_id=self.order.order_line.id
        )

    def _act(self, ticket, kind, user=None, **values):
        Wizard = self.env["crm.care.after.sale"]
        if user:
            Wizard = Wizard.with_user(user)
        wizard = Wizard.create({"ticket_id": ticket.id, "kind": kind, **values})
        wizard.action_confirm()
        return wizard

    def test_refund_is_a_draft_credit_note_of_the_whole_invoice(self):
        ticket = self._claim()
        self._act(ticket, "refund")
        [credit_note] = ticket.credit_note_ids
        self.assertEqual(credit_note.move_type, "out_refund")
        self.assertEqual(credit_note.state, "draft")
        self.assertEqual(credit_note.reversed_entry_id, self.invoice)
        # 2 x 2,000,000, no tax.
        self.assertEqual(credit_note.amount_total, 4_000_000)
        self.assertEqual(ticket.credit_note_count, 1)
        self.assertEqual(ticket.resolution_type, "refunded")
        # The smart button lists that credit note, and nothing to create there.
        action = ticket.action_view_credit_notes()
        self.assertEqual(action["res_model"], "account.move")
        self.assertEqual(self.env["account.move"].search(action["domain"]), credit_note)
        self.assertEqual(action["context"], {"create": False})

    def test_discount_credits_the_amount_and_never_more_than_the_invoice(self):
        ticket = self._claim()
        with self.assertRaisesRegex(
            UserError,
            r"discount \(\$\s4,000,001\.00\) cannot exceed the untaxed amount of "
            r"invoice \S+ \(\$\s4,000,000\.00\)",
        ):
            self._act(ticket, "discount", amount=4_000_001)
        self.assertFalse(ticket.credit_note_ids)
        self._act(ticket, "discount", amount=300_000, reason="Trầy mặt trước")
        [credit_note] = ticket.credit_note_ids
        self.assertEqual(credit_note.amount_total, 300_000)
        self.assertEqual(credit_note.invoice_line_ids.name, "Trầy mặt trước")
        self.assertEqual(credit_note.reversed_entry_id, self.invoice)
        self.assertEqual(ticket.resolution_type, "discount")

    def test_agent_without_invoicing_rights_leaves_it_to_an_accountant(self):
        ticket = self._claim()
        self.assertFalse(self.agent.has_group("account.group_account_invoice"))
        self._act(
            ticket.with_user(self.agent), "discount", user=self.agent, amount=100_000
        )
        credit_note = ticket.sudo().credit_note_ids
        self.assertEqual(credit_note.state, "draft")
        activity = credit_note.activity_ids
        self.assertEqual(activity.user_id, self.accountant)
        self.assertIn(ticket.name, activity.summary)

    def test_exchange_under_warranty_is_a_free_replacement_quotation(self):
        ticket = self._claim()
        self.assertTrue(ticket.under_warranty)
        self._act(ticket, "exchange")
        [quotation] = ticket.quotation_ids
        self.assertEqual(quotation.state, "draft")
        self.assertEqual(quotation.partner_id, self.customer)
        self.assertEqual(quotation.order_line.product_id, self.heater)
        self.assertEqual(quotation.order_line.product_uom_qty, 1)
        self.assertEqual(quotation.order_line.discount, 100.0)
        self.assertEqual(quotation.amount_total, 0.0)
        self.assertEqual(ticket.quotation_count, 1)
        self.assertEqual(ticket.resolution_type, "exchanged")
        action = ticket.action_view_quotations()
        self.assertEqual(self.env["sale.order"].search(action["domain"]), quotation)

    def test_repair_is_a_quotation_of_the_repair_service(self):
        ticket = self._claim()
        wizard = self._act(ticket, "repair", free_of_charge=False)
        self.assertEqual(
            wizard.product_id, self.env.ref("crm_care.product_repair_service")
        )
        self.assertEqual(
            ticket.quotation_ids.order_line.product_id,
            self.env.ref("crm_care.product_repair_service"),
        )
        self.assertEqual(ticket.quotation_ids.order_line.discount, 0.0)
        self.assertEqual(ticket.resolution_type, "repaired")

    def test_merge_moves_messages_attachments_followers_and_archives(self):
        first, second = self._ticket(), self._ticket(subject="Lại rò nước")
        second.message_post(
            body="Ảnh chụp",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            attachments=[("ro.png", b"\x89PNG")],
        )
        watcher = self.env["res.partner"].create({"name": "Người theo dõi"})
        second.message_subscribe(partner_ids=watcher.ids)
        (first | second).action_merge_tickets()
        self.assertFalse(second.active)
        self.assertIn("Ảnh chụp", "".join(first.message_ids.mapped("body")))
        self.assertIn("ro.png", first.message_ids.attachment_ids.mapped("name"))
        self.assertEqual(
            self.env["ir.attachment"].search([("name", "=", "ro.png")]).res_id, first.id
        )
        self.assertIn(watcher, first.message_partner_ids)
        self.assertIn(first.name, second.message_ids[0].body)

    def test_tickets_of_two_customers_are_not_merged(self):
        other = self.env["res.partner"].create({"name": "Khách khác"})
        tickets = self._ticket() | self._ticket(partner_id=other.id)
        with self.assertRaises(UserError):
            tickets.action_merge_tickets()
        self.assertTrue(all(tickets.mapped("active")))

    def test_tickets_of_two_companies_are_not_merged(self):
        """One company's messages never move into another company's ticket."""
        branch = self.env["res.company"].create({"name": "Chi nhánh Huế"})
        self.env["crm.care.team"].create({"name": "CSKH Huế", "company_id": branch.id})
        here = self._ticket()
        there = self.env["crm.care.ticket"].create(
            {
                "subject": "Ở Huế",
                "partner_id": self.customer.id,
                "company_id": branch.id,
            }
        )
        there.message_post(body="Tin nhắn ở Huế", subtype_xmlid="mail.mt_comment")
        with self.assertRaises(UserError) as refused:
            (here | there).action_merge_tickets()
        self.assertIn("Chi nhánh Huế", str(refused.exception))
        self.assertTrue(there.active)
        self.assertIn("Tin nhắn ở Huế", "".join(there.message_ids.mapped("body")))

    def test_care_canned_responses_ship_in_vietnamese_and_thai(self):
        Canned = self.env["mail.canned.response"].with_user(self.agent)
        sources = Canned.search([]).mapped("source")
        self.assertIn("cskh-xin-anh", sources)
        self.assertIn("th-kho-rup", sources)
