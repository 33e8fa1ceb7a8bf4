import re

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestCarePortal(HttpCase):
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

    def test_public_user_reads_nothing(self):
        response = self.url_open(f"/my/tickets/{self.alice_ticket.id}")
        self.assertNotIn("Alice's kettle", response.text)
        self.assertNotIn("Alice&#39;s kettle", response.text)

    def test_customer_opens_a_ticket_from_the_portal(self):
        self.authenticate("care_portal_bob", "care_portal_bob")
        page = self.url_open("/my/tickets/new")
        self.assertEqual(page.status_code, 200)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        response = self.url_open(
            "/my/tickets/new",
            data={
                "subject": "Tủ lạnh không lạnh",
                "description": "<script>alert(1)</script>Không lạnh",
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
        self.assertIn(f"/my/tickets/{ticket.id}", response.url)
