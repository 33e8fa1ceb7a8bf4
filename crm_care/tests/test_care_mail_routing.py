"""How the care desk's mail gateway routes what no ticket's thread names: a
reply that lost its threading headers (found by the reference in its subject),
and automatic replies (out-of-office notices, vacation responders: kept, never
answered, reopening nothing)."""

import ast

from freezegun import freeze_time

from odoo.tests import tagged

from .common import CareMailCommon


@tagged("post_install", "-at_install")
class TestCareMailRouting(CareMailCommon):
    def _out_of_office(self, msgid, headers="Auto-Submitted: auto-replied\n"):
        """The customer's vacation responder answering the desk's last mail."""
        return self._mail(
            msgid,
            subject="Tự động trả lời: Máy lọc nước bị rò",
            parent="<first@example.com>",
            body="Tôi đang nghỉ phép đến ngày 5/12, sẽ trả lời sau.",
            headers=headers,
        )

    def test_out_of_office_notice_leaves_a_solved_ticket_solved(self):
        ticket = self._solved_by_mail()
        mails = self._customer_mails(ticket)
        # Two days later, within the reopening days: Gmail's vacation
        # responder (RFC 3834), then Outlook's out-of-office notice.
        with freeze_time("2026-11-04 10:00:00"):
            self._out_of_office("ooo-gmail")
            self._out_of_office(
                "ooo-outlook",
                headers="X-Auto-Response-Suppress: All\n"
                "X-MS-Exchange-Inbox-Rules-Loop: khach@example.com\n",
            )
        self.flush_tracking()
        self.assertEqual(ticket.stage_id, self.stage_solved)
        self.assertTrue(ticket.closed_date)
        # Kept on the ticket, nothing answered.
        self.assertIn(
            "<ooo-gmail@example.com>", ticket.message_ids.mapped("message_id")
        )
        self.assertIn(
            "<ooo-outlook@example.com>", ticket.message_ids.mapped("message_id")
        )
        self.assertFalse(
            any("Reopened" in body for body in ticket.message_ids.mapped("body"))
        )
        self.assertEqual(self._customer_mails(ticket), mails)
        # The customer's own answer still reopens it.
        with freeze_time("2026-11-05 10:00:00"):
            self._mail("still", subject="Re: vẫn rò", parent="<first@example.com>")
        self.assertEqual(ticket.stage_id, self.stage_progress)

    def test_out_of_office_notice_does_not_resume_a_waiting_ticket(self):
        ticket = self._waiting_by_mail("2026-11-23 10:00:00")
        paused_since = ticket.sla_pause_start
        with freeze_time("2026-11-23 11:00:00"):
            self._out_of_office("ooo")
        self.assertEqual(ticket.stage_id, self.stage_waiting)
        self.assertEqual(ticket.sla_pause_start, paused_since)

    def test_late_out_of_office_notice_opens_no_follow_up(self):
        ticket = self._solved_by_mail()
        count = self.env["crm.care.ticket"].search_count([])
        with freeze_time("2026-11-20 10:00:00"):
            self._out_of_office("ooo-late")
        self.assertEqual(self.env["crm.care.ticket"].search_count([]), count)
        self.assertIn("<ooo-late@example.com>", ticket.message_ids.mapped("message_id"))
        self.assertEqual(ticket.stage_id, self.stage_solved)

    def test_automatic_mail_opens_a_ticket_without_acknowledgment(self):
        """A machine's mail (a supplier's system notice) is kept as a ticket,
        but not answered (RFC 3834); "Auto-Submitted: no" is a person's."""
        machine = self.env["crm.care.ticket"].browse(
            self._mail(
                "notice",
                subject="Thông báo tự động: đơn hàng đã giao",
                headers="Auto-Submitted: auto-generated\n",
            )
        )
        person = self.env["crm.care.ticket"].browse(
            self._mail("person", headers="Auto-Submitted: no\n")
        )
        self.flush_tracking()
        self.assertEqual(machine.stage_id, self.stage_new)
        self.assertFalse(self._customer_mails(machine))
        self.assertEqual(len(self._customer_mails(person)), 1)

    def test_the_desks_own_mails_are_marked_automatic_an_agents_are_not(self):
        """The acknowledgment, the other stages' mails and the reminder of a
        quiet ticket say they are automatic (RFC 3834, Exchange): no vacation
        responder answers them."""
        ticket = self._answered_by_mail()
        # Day 5 of the 10 days to wait: the reminder.
        with freeze_time("2026-11-07 12:00:00"):
            self.env["crm.care.ticket"]._cron_close_inactive()
        acknowledgment, answer, waiting, reminder = self._customer_mails(ticket)
        self.assertIn("Xin gửi ảnh chụp máy", answer.body_html)
        self.assertIn("We need your answer", waiting.subject)
        self.assertIn("Do you still need help?", reminder.subject)
        for mail in (acknowledgment, waiting, reminder):
            headers = ast.literal_eval(mail.headers)
            self.assertEqual(headers["Auto-Submitted"], "auto-generated")
            self.assertEqual(headers["X-Auto-Response-Suppress"], "All")
        self.assertNotIn("Auto-Submitted", ast.literal_eval(answer.headers or "{}"))

    def test_reply_without_headers_finds_its_ticket_by_its_reference(self):
        """A phone's mail app drops In-Reply-To and References: the reference
        in the subject finds the ticket, for its customer's contacts only."""
        ticket = self._open_by_mail()
        ticket.with_user(self.agent).write({"stage_id": self.stage_waiting.id})
        colleague = self.env["res.partner"].create(
            {
                "name": "Đồng nghiệp",
                "email": "dong.nghiep@example.com",
                "parent_id": self.customer.id,
            }
        )
        count = self.env["crm.care.ticket"].search_count([])
        subject = f"Re: [{ticket.name}] We need your answer: {ticket.subject}"
        # The customer's colleague answers from another mailbox.
        routed = self._mail("no-headers", subject=subject, sender=colleague.email)
        self.assertEqual(routed, ticket.id)
        self.assertEqual(self.env["crm.care.ticket"].search_count([]), count)
        self.assertIn(
            "<no-headers@example.com>", ticket.message_ids.mapped("message_id")
        )
        # A customer's answer: the ticket no longer waits.
        self.assertEqual(ticket.stage_id, self.stage_new)
        # Someone else quoting the reference opens a ticket of their own.
        stranger = self._mail(
            "stranger", subject=subject, sender="nguoi.la@example.com", name="Người lạ"
        )
        self.assertNotEqual(stranger, ticket.id)
        self.assertEqual(self.env["crm.care.ticket"].search_count([]), count + 1)
        self.assertNotIn(
            "<stranger@example.com>", ticket.message_ids.mapped("message_id")
        )

    def test_reply_with_the_reference_of_before_a_move_finds_the_ticket(self):
        """A ticket moved to another company takes a reference there; the
        customer, still answering the first mail without its threading headers,
        writes the old reference to the old desk: the answer reaches the moved
        ticket (it opened a new ticket in the old company)."""
        ticket = self._open_by_mail()
        old_reference = ticket.name
        branch = self.env["res.company"].create({"name": "Chi nhánh Huế"})
        self.env["crm.care.team"].create({"name": "CSKH Huế", "company_id": branch.id})
        ticket.company_id = branch
        self.assertEqual(ticket.company_id, branch)
        count = self.env["crm.care.ticket"].search_count([])
        subject = f"Re: [{old_reference}] {ticket.subject}"
        routed = self._mail("after-move", subject=subject)
        self.assertEqual(routed, ticket.id)
        self.assertEqual(self.env["crm.care.ticket"].search_count([]), count)
        self.assertIn(
            "<after-move@example.com>", ticket.message_ids.mapped("message_id")
        )
        # Someone else quoting it still opens a ticket of their own.
        stranger = self._mail(
            "after-move-stranger",
            subject=subject,
            sender="nguoi.la@example.com",
            name="Người lạ",
        )
        self.assertNotEqual(stranger, ticket.id)

    def test_late_reply_by_reference_opens_a_follow_up(self):
        ticket = self._solved_by_mail()
        with freeze_time("2026-11-20 10:00:00"):
            follow_up = self._mail(
                "late-no-headers", subject=f"Re: [{ticket.name}] lại rò nước"
            )
            # Its out-of-office notice, without headers: kept on the ticket.
            ooo = self._mail(
                "ooo-no-headers",
                subject=f"Tự động trả lời: [{ticket.name}] Đã xử lý xong",
                headers="Auto-Submitted: auto-replied\n",
            )
        self.assertEqual(
            self.env["crm.care.ticket"].browse(follow_up).origin_ticket_id, ticket
        )
        self.assertEqual(ooo, ticket.id)
        self.assertEqual(ticket.stage_id, self.stage_solved)
