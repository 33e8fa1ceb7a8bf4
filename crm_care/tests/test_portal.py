import re
from datetime import datetime, timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tests.common import JsonRpcException

from odoo.addons.crm_idic.tests.common import SuiteHttpCase


@tagged("post_install", "-at_install")
class TestCarePortal(SuiteHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team = cls.env["crm.care.team"].create({"name": "Portal team"})
        cls.alice = new_test_user(
            cls.env,
            login="care_portal_alice",
            groups="base.group_portal",
            name="Alice Portal",
        )
        cls.bob = new_test_user(
            cls.env,
            login="care_portal_bob",
            groups="base.group_portal",
            name="Bob Portal",
        )
        Ticket = cls.env["crm.care.ticket"]
        cls.alice_ticket = Ticket.create(
            {
                "subject": "Alice's kettle",
                "partner_id": cls.alice.partner_id.id,
                "team_id": cls.team.id,
            }
        )
        cls.bob_ticket = Ticket.create(
            {
                "subject": "Bob's fridge",
                "partner_id": cls.bob.partner_id.id,
                "team_id": cls.team.id,
            }
        )
        cls.alice_ticket.message_post(
            body="INTERNAL: customer is difficult", subtype_xmlid="mail.mt_note"
        )
        cls.alice_ticket.message_post(
            body="We will call you tomorrow",
            subtype_xmlid="mail.mt_comment",
            message_type="comment",
        )

    def test_portal_user_sees_only_own_tickets_and_no_internal_notes(self):
        self.authenticate("care_portal_alice", "care_portal_alice")
        listing = self.url_open("/my/tickets")
        self.assertEqual(listing.status_code, 200)
        self.assertIn(self.alice_ticket.name, listing.text)
        self.assertNotIn(self.bob_ticket.name, listing.text)
        page = self.url_open(f"/my/tickets/{self.alice_ticket.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Alice&#39;s kettle", page.text.replace("'", "&#39;"))
        self.assertNotIn("INTERNAL: customer is difficult", page.text)

    def test_the_desks_root_cause_is_not_read_over_rpc_by_the_customer(self):
        """The customer reads their ticket over JSON-RPC, and the resolution
        notes (sent to them with the solved mail), not the desk's root cause."""
        self.alice_ticket.write(
            {
                "root_cause": "Khách dùng sai điện áp",
                "resolution_notes": "<p>Đã thay</p>",
            }
        )
        self.authenticate("care_portal_alice", "care_portal_alice")
        [ticket] = self.make_jsonrpc_request(
            "/web/dataset/call_kw/crm.care.ticket/read",
            {
                "model": "crm.care.ticket",
                "method": "read",
                "args": [self.alice_ticket.ids, ["subject", "resolution_notes"]],
                "kwargs": {},
            },
        )
        self.assertEqual(ticket["subject"], "Alice's kettle")
        self.assertEqual(ticket["resolution_notes"], "<p>Đã thay</p>")
        with self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request(
                "/web/dataset/call_kw/crm.care.ticket/read",
                {
                    "model": "crm.care.ticket",
                    "method": "read",
                    "args": [self.alice_ticket.ids, ["root_cause"]],
                    "kwargs": {},
                },
            )
        # Nor why its SLA applies (it may name the customer's value tier).
        readable = self._readable_fields("crm.care.ticket")
        self.assertIn("resolution_notes", readable)
        self.assertNotIn("root_cause", readable)
        self.assertNotIn("sla_reason", readable)

    def test_another_customers_ticket_is_refused(self):
        self.authenticate("care_portal_alice", "care_portal_alice")
        response = self.url_open(f"/my/tickets/{self.bob_ticket.id}")
        self.assertNotIn("Bob&#39;s fridge", response.text)
        self.assertNotIn("Bob's fridge", response.text)
        self.assertTrue(response.url.endswith("/my"), response.url)

    def test_another_customers_contract_and_milestones_are_refused(self):
        contracts = self.env["crm.care.contract"].create(
            [
                {
                    "name": f"{user.name} maintenance",
                    "partner_id": user.partner_id.id,
                    "date_start": "2026-01-01",
                    "milestone_ids": [Command.create({"name": f"{user.name} visit"})],
                }
                for user in (self.alice, self.bob)
            ]
        )
        contracts.write({"state": "running"})
        alice_contract, bob_contract = contracts
        Milestone = self.env["crm.care.contract.milestone"].with_user(self.alice)
        self.assertEqual(Milestone.search([]), alice_contract.milestone_ids)
        with self.assertRaises(AccessError):
            Milestone.browse(bob_contract.milestone_ids.id).read(["name"])
        self.authenticate("care_portal_alice", "care_portal_alice")
        response = self.url_open(f"/my/contracts/{bob_contract.id}")
        self.assertNotIn("Bob Portal maintenance", response.text)
        self.assertIn(
            "Alice Portal maintenance",
            self.url_open(f"/my/contracts/{alice_contract.id}").text,
        )

    def _listed(self, url, names):
        """The names among ``names`` the portal page at ``url`` lists, in the
        page's order."""
        text = self.url_open(url).text
        return sorted((n for n in names if n in text), key=text.index)

    def test_customer_sorts_filters_and_searches_own_tickets(self):
        Ticket = self.env["crm.care.ticket"]
        waiting, solved = Ticket.create(
            [
                {
                    "subject": subject,
                    "partner_id": self.alice.partner_id.id,
                    "team_id": self.team.id,
                }
                for subject in ("Alice's boiler", "Alice's blender")
            ]
        )
        waiting.stage_id = self.env.ref("crm_care.stage_waiting")
        solved.stage_id = self.env.ref("crm_care.stage_solved")
        kettle = self.alice_ticket
        names = [t.name for t in (kettle, waiting, solved, self.bob_ticket)]
        self.authenticate("care_portal_alice", "care_portal_alice")
        # By subject: blender, boiler, kettle; never Bob's.
        self.assertEqual(
            self._listed("/my/tickets?sortby=subject", names),
            [solved.name, waiting.name, kettle.name],
        )
        self.assertEqual(
            sorted(self._listed("/my/tickets?filterby=open", names)),
            sorted([kettle.name, waiting.name]),
        )
        self.assertEqual(
            self._listed("/my/tickets?filterby=waiting", names), [waiting.name]
        )
        self.assertEqual(
            self._listed("/my/tickets?filterby=closed", names), [solved.name]
        )
        self.assertEqual(
            self._listed("/my/tickets?search=BOILER&search_in=subject", names),
            [waiting.name],
        )
        self.assertEqual(
            self._listed(f"/my/tickets?search={kettle.name}&search_in=name", names),
            [kettle.name],
        )
        # Another customer's ticket is not found by its subject.
        page = self.url_open("/my/tickets?search=fridge")
        self.assertNotIn(self.bob_ticket.name, page.text)
        self.assertIn("No ticket matches your search.", page.text)
        # The portal home counts the customer's three tickets and the one
        # waiting for the customer (not Bob's).
        self.bob_ticket.stage_id = self.env.ref("crm_care.stage_waiting")
        self.assertEqual(
            self.make_jsonrpc_request(
                "/my/counters",
                {"counters": ["care_ticket_count", "care_ticket_waiting_count"]},
            ),
            {"care_ticket_count": 3, "care_ticket_waiting_count": 1},
        )
        # An unknown option falls back to all, newest first.
        self.assertEqual(
            len(self._listed("/my/tickets?filterby=nope&sortby=nope", names)), 3
        )

    def test_customer_filters_own_contracts(self):
        contracts = self.env["crm.care.contract"].create(
            [
                {
                    "name": name,
                    "partner_id": user.partner_id.id,
                    "date_start": start,
                }
                for name, user, start in (
                    ("Alice lift upkeep", self.alice, "2026-03-01"),
                    ("Alice pump upkeep", self.alice, "2025-03-01"),
                    ("Alice roof upkeep", self.alice, "2026-06-01"),
                    ("Bob lift upkeep", self.bob, "2026-05-01"),
                    ("Alice boiler upkeep", self.alice, "2026-09-01"),
                )
            ]
        )
        running, ended, to_accept, bob, accepted = contracts
        running.state = "running"
        ended.state = "closed"
        to_accept.state = "sent"
        bob.state = "sent"
        accepted.state = "signed"
        names = contracts.mapped("number")
        self.authenticate("care_portal_alice", "care_portal_alice")
        self.assertEqual(
            self._listed("/my/contracts", names),
            [accepted.number, to_accept.number, running.number, ended.number],
        )
        self.assertEqual(
            self._listed("/my/contracts?filterby=running", names), [running.number]
        )
        # Signed by the customer, not yet approved or started: not running.
        self.assertEqual(
            self._listed("/my/contracts?filterby=accepted", names), [accepted.number]
        )
        self.assertEqual(
            self._listed("/my/contracts?filterby=to_sign", names), [to_accept.number]
        )
        self.assertEqual(
            self._listed("/my/contracts?filterby=ended", names), [ended.number]
        )
        self.assertEqual(
            self._listed("/my/contracts?search=lift", names), [running.number]
        )
        # Four of the customer's (none in draft), one to sign.
        self.assertEqual(
            self.make_jsonrpc_request(
                "/my/counters",
                {"counters": ["care_contract_count", "care_contract_to_sign_count"]},
            ),
            {"care_contract_count": 4, "care_contract_to_sign_count": 1},
        )

    def test_public_user_reads_nothing(self):
        response = self.url_open(f"/my/tickets/{self.alice_ticket.id}")
        self.assertNotIn("Alice's kettle", response.text)
        self.assertNotIn("Alice&#39;s kettle", response.text)

    def test_customer_opens_a_ticket_from_the_portal(self):
        self.authenticate("care_portal_bob", "care_portal_bob")
        page = self.url_open("/my/tickets/new")
        self.assertEqual(page.status_code, 200)
        # No type chosen for the customer (the first would file every ticket
        # as a price question): the blank one is shown first, none selected.
        self.assertRegex(
            page.text, r'<select id="ticket_type_id"[^>]*>\s*<option value="">'
        )
        self.assertNotRegex(page.text, r'<option value="\d+" selected=')
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        response = self.url_open(
            "/my/tickets/new",
            data={
                "subject": "Tủ lạnh không lạnh",
                "description": "<script>alert(1)</script>Không lạnh\nTừ hôm qua",
                "ticket_type_id": str(self.env.ref("crm_care.ticket_type_quality").id),
                "csrf_token": token,
            },
        )
        self.assertEqual(response.status_code, 200)
        ticket = self.env["crm.care.ticket"].search(
            [("subject", "=", "Tủ lạnh không lạnh")]
        )
        self.assertEqual(ticket.partner_id, self.bob.partner_id)
        self.assertEqual(ticket.channel, "portal")
        self.assertNotIn("<script>", ticket.description)
        # Typed as plain text: shown as typed, its lines kept.
        self.assertRegex(
            ticket.description,
            r"&lt;script&gt;alert\(1\)&lt;/script&gt;Không lạnh<br\s*/?>Từ hôm qua",
        )
        self.assertIn(f"/my/tickets/{ticket.id}", response.url)

    def test_ticket_about_an_order_goes_to_the_company_that_sold_it(self):
        """A customer buying from two companies of the database opens a ticket
        about the second one's order: the ticket is that company's, on its
        desk, and the customer reads it; an order of a company the customer's
        portal does not show is not offered."""
        main = self.env.company
        branch = self.env["res.company"].create({"name": "Chi nhánh Đà Nẵng"})
        elsewhere = self.env["res.company"].create({"name": "Công ty khác"})
        branch_team = self.env["crm.care.team"].create(
            {"name": "Desk Đà Nẵng", "company_id": branch.id}
        )
        self.bob.write({"company_ids": [Command.link(branch.id)]})
        product = self.env["product.product"].create(
            {"name": "Tủ lạnh", "type": "consu", "company_id": False}
        )

        def confirmed_order(company):
            order = (
                self.env["sale.order"]
                .with_company(company)
                .create(
                    {
                        "partner_id": self.bob.partner_id.id,
                        "company_id": company.id,
                        "order_line": [
                            Command.create({"product_id": product.id, "price_unit": 9})
                        ],
                    }
                )
            )
            order.action_confirm()
            return order

        branch_order = confirmed_order(branch)
        other_order = confirmed_order(elsewhere)
        self.authenticate("care_portal_bob", "care_portal_bob")
        branch_order.date_order = datetime(2026, 11, 30, 18, 30)
        self.bob.tz = "Asia/Ho_Chi_Minh"
        page = self.url_open("/my/tickets/new")
        # Each order told apart by its day: 18:30 UTC on 30/11 is 1/12 in
        # Vietnam, the customer's time zone.
        self.assertIn(f"{branch_order.name} — 12/01/2026", page.text)
        self.assertNotIn(other_order.name, page.text)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        for order, subject in ((branch_order, "Tủ lạnh ồn"), (other_order, "Khác")):
            self.url_open(
                "/my/tickets/new",
                data={
                    "subject": subject,
                    "sale_order_id": str(order.id),
                    "csrf_token": token,
                },
            )
        Ticket = self.env["crm.care.ticket"]
        ticket = Ticket.search([("subject", "=", "Tủ lạnh ồn")])
        self.assertEqual(ticket.sale_order_id, branch_order)
        self.assertEqual(ticket.company_id, branch)
        self.assertEqual(ticket.team_id, branch_team)
        page = self.url_open(f"/my/tickets/{ticket.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Tủ lạnh ồn", page.text)
        # Not offered, so not linked: a ticket of the portal's company.
        unlinked = Ticket.search([("subject", "=", "Khác")])
        self.assertFalse(unlinked.sale_order_id)
        self.assertEqual(unlinked.company_id, main)


@tagged("post_install", "-at_install")
class TestCarePortalDesk(SuiteHttpCase):
    """What a customer does on the portal: files, replies, closing, by login or
    with the acknowledgment's link."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team = cls.env["crm.care.team"].create(
            {"name": "Portal desk", "attachment_max_mb": 1}
        )
        cls.carol = new_test_user(
            cls.env,
            login="care_portal_carol",
            groups="base.group_portal",
            name="Carol Portal",
            email="carol@example.com",
        )
        cls.waiting = cls.env.ref("crm_care.stage_waiting")
        cls.ticket = cls.env["crm.care.ticket"].create(
            {
                "subject": "Carol's heater",
                "partner_id": cls.carol.partner_id.id,
                "team_id": cls.team.id,
            }
        )

    def _csrf(self, url):
        page = self.url_open(url)
        return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)

    def test_customer_attaches_a_photo_when_opening_a_ticket(self):
        self.authenticate("care_portal_carol", "care_portal_carol")
        photo = b"\x89PNG\r\n\x1a\n" + b"0" * 2048
        response = self.url_open(
            "/my/tickets/new",
            data={
                "subject": "Ấm đun bị rỉ",
                "csrf_token": self._csrf("/my/tickets/new"),
            },
            files={"attachments": ("ri-set.png", photo, "image/png")},
        )
        ticket = self.env["crm.care.ticket"].search([("subject", "=", "Ấm đun bị rỉ")])
        self.assertEqual(len(ticket), 1)
        self.assertIn(f"/my/tickets/{ticket.id}", response.url)
        attachment = ticket.message_ids.attachment_ids
        self.assertEqual(attachment.name, "ri-set.png")
        self.assertEqual(attachment.raw, photo)
        self.assertEqual(attachment.res_id, ticket.id)
        self.assertEqual(
            ticket.message_ids.filtered("attachment_ids").author_id,
            self.carol.partner_id,
        )

    def test_file_above_the_team_limit_is_refused_and_nothing_saved(self):
        self.env["crm.care.team"].search([]).write({"attachment_max_mb": 1})
        self.authenticate("care_portal_carol", "care_portal_carol")
        count = self.env["crm.care.ticket"].search_count([])
        quality = self.env.ref("crm_care.ticket_type_quality")
        response = self.url_open(
            "/my/tickets/new",
            data={
                "subject": "Video quá lớn",
                "ticket_type_id": str(quality.id),
                "csrf_token": self._csrf("/my/tickets/new"),
            },
            files={"attachments": ("video.mp4", b"0" * (1024 * 1024 + 1), "video/mp4")},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("video.mp4 is too large (1.0 MB)", response.text)
        # The form comes back as the customer filled it: the type still chosen.
        self.assertRegex(response.text, rf'<option value="{quality.id}" selected=')
        self.assertIn("up to 1 MB", response.text)
        self.assertEqual(self.env["crm.care.ticket"].search_count([]), count)
        self.assertFalse(self.env["ir.attachment"].search([("name", "=", "video.mp4")]))
        # A reply with a file too large is refused too.
        with self.assertRaises(UserError):
            self.ticket.with_user(self.carol).message_post(
                body="Video",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                attachments=[("video2.mp4", b"0" * (1024 * 1024 + 1))],
            )

    def test_portal_reply_resumes_a_waiting_ticket(self):
        self.ticket.write({"stage_id": self.waiting.id})
        self.authenticate("care_portal_carol", "care_portal_carol")
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "crm.care.ticket",
                "thread_id": self.ticket.id,
                "post_data": {
                    "body": "Tôi đã gửi ảnh máy",
                    "message_type": "comment",
                    "subtype_xmlid": "mail.mt_comment",
                },
            },
        )
        self.assertEqual(self.ticket.stage_id, self.env.ref("crm_care.stage_new"))
        reply = self.ticket.message_ids.filtered(
            lambda message: message.message_type == "comment"
        )
        self.assertEqual(reply.author_id, self.carol.partner_id)
        # Back in the stage it waited from: the customer, who just wrote, is not
        # sent that stage's mail ("we received your request") again.
        mails_after = self.ticket.message_ids.filtered(
            lambda message: message.id > reply.id
            and message.message_type == "auto_comment"
        )
        self.assertFalse(mails_after, mails_after.mapped("subject"))

    def test_customer_closes_the_ticket_and_sees_its_status(self):
        self.authenticate("care_portal_carol", "care_portal_carol")
        page = self.url_open(f"/my/tickets/{self.ticket.id}")
        self.assertIn("o_care_close_ticket", page.text)
        self.assertIn("In time", page.text)
        response = self.url_open(
            f"/my/tickets/{self.ticket.id}/close",
            data={"csrf_token": self._csrf(f"/my/tickets/{self.ticket.id}")},
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.ticket.stage_id, self.env.ref("crm_care.stage_solved"))
        self.assertTrue(
            any(
                "Closed by the customer" in body
                for body in self.ticket.message_ids.mapped("body")
            )
        )
        self.assertIn("o_care_rating", response.text)

    def test_link_holder_without_account_sees_and_closes_nothing_else(self):
        # The acknowledgment's link (access token) opens the page, no login.
        token = self.ticket._portal_ensure_token()
        page = self.url_open(f"/my/tickets/{self.ticket.id}?access_token={token}")
        self.assertIn("Carol&#39;s heater", page.text.replace("'", "&#39;"))
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        self.url_open(
            f"/my/tickets/{self.ticket.id}/close",
            data={"csrf_token": csrf, "access_token": "wrong"},
        )
        self.assertFalse(self.ticket.is_closed)
        self.url_open(
            f"/my/tickets/{self.ticket.id}/close",
            data={"csrf_token": csrf, "access_token": token},
        )
        self.assertTrue(self.ticket.is_closed)

    def test_link_holder_reads_the_times_in_the_companys_time_zone(self):
        """Signed out, following the acknowledgment's link, the customer is
        Odoo's public user, who has no time zone: the page gives the ticket's
        times in the company's (Vietnam, UTC+7), as the mails do. Odoo's portal
        reads the ticket as OdooBot, whose time zone (Brussels' in Odoo's demo
        data) is no visitor's."""
        self.ticket.company_id.resource_calendar_id.tz = "Asia/Ho_Chi_Minh"
        self.env.ref("base.partner_root").tz = "Europe/Brussels"
        token = self.ticket._portal_ensure_token()
        page = self.url_open(f"/my/tickets/{self.ticket.id}?access_token={token}")
        opened = self.ticket.create_date + timedelta(hours=7)
        lang = self.env["res.lang"]._lang_get("en_US")
        # To the minute: a customer reads no seconds.
        minutes = lang.time_format.replace(":%S", "")
        self.assertIn(opened.strftime(f"{lang.date_format} {minutes}"), page.text)
        self.assertNotIn(opened.strftime(lang.time_format), page.text)

    def test_portal_tour_photo_reply_close(self):
        self.start_tour(
            "/my/tickets/new", "crm_care_portal_ticket", login="care_portal_carol"
        )
        ticket = self.env["crm.care.ticket"].search(
            [("subject", "=", "Vòi máy lọc nước bị nứt")]
        )
        self.assertEqual(ticket.partner_id, self.carol.partner_id)
        self.assertIn("voi-nut.png", ticket.message_ids.attachment_ids.mapped("name"))
        self.assertTrue(
            any("PN-RO10-2231" in body for body in ticket.message_ids.mapped("body"))
        )
        self.assertEqual(ticket.stage_id, self.env.ref("crm_care.stage_solved"))

    def test_link_holder_without_account_replies_with_the_token(self):
        # A customer without a portal account answers on the page the
        # acknowledgment links to (its access token): the ticket resumes.
        self.ticket.write({"stage_id": self.waiting.id})
        token = self.ticket._portal_ensure_token()
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "crm.care.ticket",
                "thread_id": self.ticket.id,
                "post_data": {
                    "body": "Máy vẫn còn kêu",
                    "message_type": "comment",
                    "subtype_xmlid": "mail.mt_comment",
                },
                "token": token,
            },
        )
        self.assertEqual(self.ticket.stage_id, self.env.ref("crm_care.stage_new"))
        reply = self.ticket.message_ids.filtered(lambda m: "Máy vẫn còn kêu" in m.body)
        self.assertEqual(reply.author_id, self.carol.partner_id)
        # A wrong token posts nothing.
        with self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request(
                "/mail/message/post",
                {
                    "thread_model": "crm.care.ticket",
                    "thread_id": self.ticket.id,
                    "post_data": {"body": "Spam", "message_type": "comment"},
                    "token": "wrong",
                },
            )
        self.assertFalse(
            self.ticket.message_ids.filtered(lambda m: "Spam" in (m.body or ""))
        )
