"""The care desk's conversation with the customer, through Odoo's mail gateway
(raw mails) and mail queue: stage mails, replies that resume, reopen or open a
follow-up, rating requests, silent customers, auto-responder loops.

Tracking is on (no ``tracking_disable``): stage mails are posted by Odoo's
tracking, flushed with :meth:`flush_tracking`."""

from datetime import datetime

from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools import format_datetime

from .common import RAW, CareMailCommon


@tagged("post_install", "-at_install")
class TestCareConversation(CareMailCommon):
    def test_mail_to_the_alias_is_acknowledged_through_the_queue(self):
        with self.mock_mail_gateway():
            ticket = self._open_by_mail()
        # The alias team's company, not OdooBot's; a reference of the sequence.
        self.assertEqual(ticket.company_id, self.team.company_id)
        self.assertRegex(ticket.name, r"^TK/\d{4}/\d{5}$")
        self.assertEqual(ticket.stage_id, self.stage_new)
        [ack] = self._customer_mails(ticket)
        self.assertEqual(
            ack.subject, f"[{ticket.name}] We received your request: Máy lọc nước bị rò"
        )
        # Queued (the mail queue sends it), with the portal link and its token.
        self.assertEqual(ack.state, "outgoing")
        self.assertIn(f"/my/tickets/{ticket.id}?access_token=", str(ack.body_html))
        # An agent's internal note never reaches the customer.
        ticket.with_user(self.agent).message_post(
            body="Khách hay gọi buổi sáng", subtype_xmlid="mail.mt_note"
        )
        self.assertEqual(len(self._customer_mails(ticket)), 1)
        # A message the agent sends does (the customer follows the discussion).
        ticket.with_user(self.agent).message_post(
            body="Chúng tôi sẽ gọi lại",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        mails = self._customer_mails(ticket)
        self.assertEqual(len(mails), 2)
        # Named as the acknowledgment: what it is about, and the reference a
        # reply that loses its headers is found by (before: "TK/2026/00001").
        self.assertEqual(mails[-1].subject, f"[{ticket.name}] Máy lọc nước bị rò")

    def test_agent_reply_by_mail_is_the_first_response(self):
        ticket = self._open_by_mail()
        self.assertFalse(ticket.first_response_date)
        self._mail(
            "agent-reply",
            subject=f"Re: {ticket.subject}",
            sender=self.agent.email,
            name="Agent",
            parent="<first@example.com>",
            body="Kỹ thuật viên sẽ đến vào ngày mai.",
        )
        self.assertTrue(ticket.first_response_date)

    def test_customer_answer_resumes_a_waiting_ticket(self):
        # Monday 23 November 2026, 10:00 UTC (the team works 8-12 and 13-17 UTC).
        ticket = self._waiting_by_mail("2026-11-23 10:00:00")
        deadline = ticket.sla_resolution_deadline
        mails = self._customer_mails(ticket)
        self.assertEqual(
            mails[-1].subject, f"[{ticket.name}] We need your answer: {ticket.subject}"
        )
        # Tuesday 10:00: the customer answers by mail.
        with freeze_time("2026-11-24 10:00:00"):
            self._mail(
                "answer", subject="Re: Máy lọc nước bị rò", parent="<first@example.com>"
            )
        self.assertEqual(ticket.stage_id, self.stage_progress)
        self.assertFalse(ticket.sla_pause_start)
        # Paused: Monday 10-12 and 13-17, Tuesday 8-10 = 8 working hours, the
        # resolution deadline moves by as much (16 hours from Monday 10:00 was
        # Wednesday 10:00; now Thursday 10:00).
        self.assertAlmostEqual(ticket.sla_paused_hours, 8.0)
        self.assertEqual(deadline, datetime(2026, 11, 25, 10, 0))
        self.assertEqual(ticket.sla_resolution_deadline, datetime(2026, 11, 26, 10, 0))

    def test_answer_to_a_ticket_waiting_since_new_is_not_acknowledged_again(self):
        ticket = self._open_by_mail()
        ticket.with_user(self.agent).write({"stage_id": self.stage_waiting.id})
        self.flush_tracking()
        self._mail(
            "answer", subject="Re: Máy lọc nước bị rò", parent="<first@example.com>"
        )
        self.assertEqual(ticket.stage_id, self.stage_new)
        self.assertEqual(
            self._customer_mails(ticket).mapped("subject"),
            [
                f"[{ticket.name}] We received your request: {ticket.subject}",
                f"[{ticket.name}] We need your answer: {ticket.subject}",
            ],
        )

    def test_reply_to_a_solved_ticket_reopens_it_within_the_days(self):
        ticket = self._solved_by_mail()
        # 14 days later (the team's default): reopened.
        with freeze_time("2026-11-16 10:00:00"):
            self._mail("still", subject="Re: vẫn rò", parent="<first@example.com>")
        self.assertEqual(ticket.stage_id, self.stage_progress)
        self.assertFalse(ticket.closed_date)
        self.assertIn("Reopened", ticket.message_ids[0].body)

    def test_late_reply_opens_a_follow_up_ticket(self):
        ticket = self._solved_by_mail()
        count = self.env["crm.care.ticket"].search_count([])
        # 15 days later: a follow-up ticket gets the mail; the old one a note.
        with freeze_time("2026-11-17 10:00:00"):
            new_id = self._mail(
                "again", subject="Re: lại rò", parent="<first@example.com>"
            )
        self.assertEqual(self.env["crm.care.ticket"].search_count([]), count + 1)
        follow_up = self.env["crm.care.ticket"].browse(new_id)
        self.assertEqual(follow_up.origin_ticket_id, ticket)
        self.assertEqual(follow_up.partner_id, self.customer)
        self.assertEqual(follow_up.team_id, self.team)
        self.assertIn("<again@example.com>", follow_up.message_ids.mapped("message_id"))
        self.assertNotIn("<again@example.com>", ticket.message_ids.mapped("message_id"))
        self.assertEqual(ticket.stage_id, self.stage_solved)
        self.assertIn(follow_up.name, ticket.message_ids[0].body)

    def test_solved_ticket_asks_for_a_rating_and_the_latest_counts(self):
        ticket = self._open_by_mail()
        ticket.write({"stage_id": self.stage_solved.id, "resolution_type": "answered"})
        solved = self._customer_mails(ticket)[-1]
        self.assertEqual(solved.subject, f"[{ticket.name}] Solved: {ticket.subject}")
        pending = ticket.rating_ids.filtered(lambda rating: not rating.consumed)
        self.assertEqual(len(pending), 1)
        for score in (5, 3, 1):
            self.assertIn(
                f"/rate/{pending.access_token}/{score}", str(solved.body_html)
            )
        self.assertTrue(ticket._care_rating_pending())
        # The customer clicks "satisfied" and comments: the comment reopens nothing.
        ticket.rating_apply(5, token=pending.access_token, feedback="Nhanh lắm")
        self.assertEqual(ticket.stage_id, self.stage_solved)
        self.assertEqual(ticket.rating_last_value, 5)
        self.assertFalse(ticket._care_rating_pending())
        # Reopened and solved again: a new request, a new token; the latest counts.
        self._mail("again", subject="Re: lại rò", parent="<first@example.com>")
        self.assertEqual(ticket.stage_id, self.stage_progress)
        self.flush_tracking()  # the reply and the new solving: two transactions
        ticket.write({"stage_id": self.stage_solved.id})
        again = self._customer_mails(ticket)[-1]
        ticket.invalidate_recordset(["rating_ids"])
        second = ticket.rating_ids.filtered(lambda rating: not rating.consumed)
        self.assertEqual(len(second), 1)
        self.assertNotEqual(second.access_token, pending.access_token)
        self.assertIn(f"/rate/{second.access_token}/1", str(again.body_html))
        ticket.rating_apply(1, token=second.access_token)
        self.assertEqual(ticket.rating_last_value, 1)

    def test_cancelled_ticket_asks_for_no_rating(self):
        ticket = self._open_by_mail()
        before = len(self._customer_mails(ticket))
        ticket.write({"stage_id": self.env.ref("crm_care.stage_cancelled").id})
        self.assertEqual(len(self._customer_mails(ticket)), before)
        self.assertFalse(ticket.rating_ids)
        self.assertFalse(ticket._care_rating_pending())

    def test_silent_customer_reminded_halfway_then_closed_without_sla_failure(self):
        # Waiting since Monday 2 November 2026 (10 days by default).
        ticket = self._answered_by_mail()
        Ticket = self.env["crm.care.ticket"]
        reminder = f"[{ticket.name}] Do you still need help? {ticket.subject}"
        with freeze_time("2026-11-06 12:00:00"):
            Ticket._cron_close_inactive()
        self.assertNotIn(reminder, self._customer_mails(ticket).mapped("subject"))
        # Day 5 of 10: the reminder, once.
        for day in (7, 8):
            with freeze_time(f"2026-11-0{day} 12:00:00"):
                Ticket._cron_close_inactive()
        self.assertEqual(
            self._customer_mails(ticket).mapped("subject").count(reminder), 1
        )
        with freeze_time("2026-11-11 12:00:00"):
            Ticket._cron_close_inactive()
        self.assertEqual(ticket.stage_id, self.stage_waiting)
        # Day 10: closed, no reply; the ten days waited are no SLA failure.
        with freeze_time("2026-11-12 12:00:00"):
            Ticket._cron_close_inactive()
        self.assertEqual(ticket.stage_id, self.stage_solved)
        self.assertEqual(ticket.resolution_type, "no_reply")
        self.assertEqual(ticket.sla_status, "met")

    def test_auto_responder_loop_is_stopped(self):
        self.env["ir.config_parameter"].set_param("mail.gateway.loop.threshold", 3)
        count = self.env["crm.care.ticket"].search_count([])
        for n in range(5):
            self._mail(
                f"auto-{n}",
                subject=f"Auto-reply {n}",
                sender="robot@example.com",
                name="Out of office",
            )
        self.assertEqual(self.env["crm.care.ticket"].search_count([]), count + 3)

    def test_ratings_report_by_team_keeps_the_latest_of_a_ticket(self):
        first, second = self._open_by_mail("one"), self._open_by_mail("two")
        (first | second).write(
            {"stage_id": self.stage_solved.id, "resolution_type": "answered"}
        )
        self.flush_tracking()
        for ticket, score in ((first, 5), (second, 3)):
            token = ticket.rating_ids.filtered(lambda r: not r.consumed).access_token
            ticket.rating_apply(score, token=token)
        # The second ticket is rated again (reopened, solved): 1 replaces 3.
        again = self.env["rating.rating"].create(
            {
                "res_model_id": self.env["ir.model"]._get_id("crm.care.ticket"),
                "res_id": second.id,
                "partner_id": self.customer.id,
            }
        )
        second.rating_apply(1, rating=again)
        Report = self.env["crm.care.rating.report"]
        rows = Report.search([("ticket_id", "in", (first | second).ids)])
        self.assertEqual(len(rows), 3)
        latest = rows.filtered("is_latest")
        self.assertEqual(sorted(latest.mapped("rating")), [1.0, 5.0])
        # By team, the latest ratings: (5 + 1) / 2.
        [(team, average)] = Report._read_group(
            [("ticket_id", "in", (first | second).ids), ("is_latest", "=", True)],
            ["team_id"],
            ["rating:avg"],
        )
        self.assertEqual((team, average), (self.team, 3.0))
        self.assertEqual(latest.filtered(lambda row: row.rating == 1).rating_text, "ko")

    def test_ticket_typed_in_by_an_agent_is_acknowledged_too(self):
        # Created on the phone (no stage given): the first stage's mail goes.
        ticket = (
            self.env["crm.care.ticket"]
            .with_user(self.agent)
            .create(
                {
                    "subject": "Gọi điện: máy kêu to",
                    "partner_id": self.customer.id,
                    "team_id": self.team.id,
                    "channel": "phone",
                }
            )
        )
        [ack] = self._customer_mails(ticket)
        self.assertEqual(
            ack.subject,
            f"[{ticket.name}] We received your request: Gọi điện: máy kêu to",
        )
        # The promised first answer (the SLA's 2 working hours) is in the mail.
        self.assertTrue(ticket.sla_first_response_deadline)
        self.assertIn("You will hear from us by", str(ack.body_html))

    def test_acknowledgment_promises_the_first_answer_in_the_companys_time(self):
        """The company's time zone is its working calendar's (*Working hours*,
        as the readme says; the address of a new database's company has none):
        a customer without a time zone of their own is promised the first answer
        at Vietnam's hour, not at UTC's, seven hours earlier."""
        self.company.resource_calendar_id.tz = "Asia/Ho_Chi_Minh"
        self.company.partner_id.tz = False
        self.customer.tz = False
        ticket = self._open_by_mail("time-zone")
        [ack] = self._customer_mails(ticket)
        deadline = ticket.sla_first_response_deadline
        in_vietnam = format_datetime(
            self.env, deadline, tz="Asia/Ho_Chi_Minh", dt_format="short"
        )
        in_utc = format_datetime(self.env, deadline, tz="UTC", dt_format="short")
        self.assertNotEqual(in_vietnam, in_utc)
        self.assertIn(in_vietnam, str(ack.body_html))
        self.assertNotIn(in_utc, str(ack.body_html))

    def test_reply_to_an_unknown_ticket_opens_a_new_one_for_the_sender(self):
        count = self.env["crm.care.ticket"].search_count([])
        ticket = self.env["crm.care.ticket"].browse(
            self._mail(
                "lost-reply",
                subject="Re: phiếu cũ",
                parent="<deleted-long-ago@example.com>",
            )
        )
        self.assertEqual(self.env["crm.care.ticket"].search_count([]), count + 1)
        self.assertEqual(ticket.partner_id, self.customer)
        self.assertEqual(ticket.team_id, self.team)
        self.assertFalse(ticket.origin_ticket_id)

    def test_acknowledgment_in_the_customers_language(self):
        self._speaks_vietnamese(self.customer)
        ticket = self._open_by_mail("vietnamese")
        [ack] = self._customer_mails(ticket)
        self.assertEqual(
            ack.subject,
            f"[{ticket.name}] Chúng tôi đã nhận yêu cầu: Máy lọc nước bị rò",
        )
        self.assertIn("Kính gửi", str(ack.body_html))
        self.assertNotIn("Dear", str(ack.body_html))

    def _stranger_ticket(self, msgid, email, name):
        """The ticket a mail from a sender Odoo does not know opens, for a new
        contact of that address."""
        ticket = self.env["crm.care.ticket"].browse(
            self._mail(msgid, sender=email, name=name)
        )
        self.assertEqual(ticket.partner_id.email, email)
        return ticket

    def test_new_customer_is_acknowledged_in_the_companys_language(self):
        """A sender Odoo does not know, writing to a Vietnamese company's desk
        while the gateway runs in English: the new contact speaks the
        company's Vietnamese and so does the acknowledgment."""
        self._speaks_vietnamese(self.company.partner_id)
        self.env = self.env(context=dict(self.env.context, lang="en_US"))
        ticket = self._stranger_ticket("stranger", "khach.moi@example.com", "Khách Mới")
        self.assertEqual(ticket.partner_id.lang, "vi_VN")
        [ack] = self._customer_mails(ticket, ticket.partner_id)
        self.assertEqual(
            ack.subject,
            f"[{ticket.name}] Chúng tôi đã nhận yêu cầu: Máy lọc nước bị rò",
        )

    def test_new_customer_lives_on_the_companys_time(self):
        """A sender Odoo does not know, while the gateway runs with a time zone
        of its own (Odoo's demo data gives OdooBot Brussels'): the new contact
        takes the company's (Vietnam's), and so does the acknowledgment."""
        self.company.resource_calendar_id.tz = "Asia/Ho_Chi_Minh"
        self.env = self.env(context=dict(self.env.context, tz="Europe/Brussels"))
        ticket = self._stranger_ticket(
            "stranger-tz", "khach.xa@example.com", "Khách Xa"
        )
        self.assertEqual(ticket.partner_id.tz, "Asia/Ho_Chi_Minh")
        [ack] = self._customer_mails(ticket, ticket.partner_id)
        promised = format_datetime(
            self.env,
            ticket.sla_first_response_deadline,
            tz="Asia/Ho_Chi_Minh",
            dt_format="short",
        )
        self.assertIn(promised, str(ack.body_html))

    def test_gateway_notes_in_the_companys_language(self):
        """The notes the gateway writes while it runs in English are read by a
        Vietnamese company's agents: in Vietnamese."""
        self._speaks_vietnamese(self.company.partner_id)
        self.env = self.env(context=dict(self.env.context, lang="en_US"))
        reopened = self._solved_by_mail(msgid="first")
        closed = self._solved_by_mail(msgid="second")
        with freeze_time("2026-11-05 10:00:00"):
            self._mail("again", subject="Re: vẫn rò", parent="<first@example.com>")
        with freeze_time("2026-11-25 10:00:00"):
            follow_up = self.env["crm.care.ticket"].browse(
                self._mail("late", subject="Re: lại rò", parent="<second@example.com>")
            )
        self.assertIn(
            "Đã mở lại: khách hàng đã trả lời.", str(reopened.message_ids[0].body)
        )
        self.assertIn(
            f"Khách hàng đã viết lại sau khi phiếu này đóng: phiếu tiếp nối "
            f"{follow_up.name}.",
            str(closed.message_ids[0].body),
        )

    def _branch_desk(self, **values):
        """A second company with its desk and alias on the same mail domain."""
        branch = self.env["res.company"].create({"name": "Chi nhánh Hà Nội", **values})
        self.mail_alias_domain.company_ids = [(4, branch.id)]
        self.env.user.company_ids = [(4, branch.id)]
        return self.env["crm.care.team"].create(
            {
                "name": "CSKH Hà Nội",
                "company_id": branch.id,
                "resource_calendar_id": self.calendar.id,
                "alias_name": "cskh-hanoi",
                "alias_domain_id": self.mail_alias_domain.id,
            }
        )

    def _mail_to(self, team, msgid):
        raw = RAW.format(
            sender=self.customer.email,
            name="Khách Care",
            to=team.alias_id.display_name,
            subject="Máy ở chi nhánh",
            msgid=msgid,
            extra="",
            body="Máy lạnh không mát.",
        )
        return self.env["crm.care.ticket"].browse(
            self.env["mail.thread"].message_process("crm.care.ticket", raw)
        )

    def test_mail_to_another_companys_team_opens_the_ticket_in_that_company(self):
        team = self._branch_desk()
        # The gateway runs in the main company (as OdooBot would).
        self.assertNotEqual(self.env.company, team.company_id)
        ticket = self._mail_to(team, "branch")
        self.assertEqual(ticket.team_id, team)
        self.assertEqual(ticket.company_id, team.company_id)
        self.assertEqual(ticket.partner_id, self.customer)

    def test_a_customer_kept_to_one_company_writing_to_another_is_served(self):
        """A sender whose contact is kept to the main company writes to the
        branch's desk: the mail opens the branch's ticket (not refused by the
        company check, so never lost), for a contact of the branch with the
        same address — the main company's contact stays as it was."""
        team = self._branch_desk()
        self.customer.company_id = self.env.company
        ticket = self._mail_to(team, "kept")
        self.assertEqual(ticket.company_id, team.company_id)
        self.assertNotEqual(ticket.partner_id, self.customer)
        self.assertEqual(ticket.partner_id.company_id, team.company_id)
        self.assertEqual(ticket.partner_id.email, self.customer.email)
        self.assertEqual(self.customer.company_id, self.env.company)
        # Its next mail there finds that contact again, not a third one.
        again = self._mail_to(team, "kept-again")
        self.assertEqual(again.partner_id, ticket.partner_id)

    def test_a_branch_serves_its_parent_companys_customer(self):
        """A branch of the main company serves the contacts kept to the main
        company (Odoo's company check lets a branch use its parent's): no
        second contact."""
        team = self._branch_desk(parent_id=self.env.company.id)
        self.customer.company_id = self.env.company
        ticket = self._mail_to(team, "parent")
        self.assertEqual(ticket.company_id, team.company_id)
        self.assertEqual(ticket.partner_id, self.customer)
