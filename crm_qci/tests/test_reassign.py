from datetime import date

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestReassign(TransactionCase):
    def _leaving_salesperson_world(self, env):
        """A departing salesperson with one record of every type; returns
        (leaving, anna, binh, records by name)."""
        leaving, anna, binh = (
            new_test_user(env, login=login, groups="sales_team.group_sale_salesman")
            for login in ("qci_leaving", "qci_anna", "qci_binh")
        )
        Partner = env["res.partner"]
        big = Partner.create(
            {"name": "Big Co", "is_company": True, "user_id": leaving.id}
        )
        contact = Partner.create(
            {"name": "Big contact", "parent_id": big.id, "user_id": leaving.id}
        )
        small = Partner.create(
            {"name": "Small Co", "is_company": True, "user_id": leaving.id}
        )
        product = env["product.product"].create({"name": "Thing"})
        lead = env["crm.lead"].create(
            {
                "name": "Deal",
                "type": "opportunity",
                "partner_id": big.id,
                "user_id": leaving.id,
            }
        )
        orphan_lead = env["crm.lead"].create(
            {"name": "No customer yet", "type": "opportunity", "user_id": leaving.id}
        )
        quote = env["sale.order"].create(
            {
                "partner_id": small.id,
                "user_id": leaving.id,
                "order_line": [Command.create({"product_id": product.id})],
            }
        )
        team = env["crm.care.team"].create({"name": "Care"})
        ticket = env["crm.care.ticket"].create(
            {
                "subject": "Broken",
                "partner_id": big.id,
                "team_id": team.id,
                "user_id": leaving.id,
            }
        )
        contract = env["crm.care.contract"].create(
            {
                "name": "Maintenance",
                "partner_id": small.id,
                "user_id": leaving.id,
                "date_start": date(2026, 1, 1),
            }
        )
        activity = lead.activity_schedule(
            "mail.mail_activity_data_call", user_id=leaving.id
        )
        records = {
            "big": big,
            "contact": contact,
            "small": small,
            "lead": lead,
            "orphan_lead": orphan_lead,
            "quote": quote,
            "ticket": ticket,
            "contract": contract,
            "activity": activity,
        }
        return leaving, anna, binh, records

    def test_every_record_type_moves_and_nothing_is_left(self):
        env = self.env(context=dict(self.env.context, tracking_disable=True))
        leaving, anna, binh, records = self._leaving_salesperson_world(env)
        big, contact, small = records["big"], records["contact"], records["small"]
        lead, orphan_lead = records["lead"], records["orphan_lead"]
        quote, ticket = records["quote"], records["ticket"]
        contract, activity = records["contract"], records["activity"]
        wizard = env["crm.qci.reassign"].create(
            {"from_user_id": leaving.id, "to_user_ids": [(6, 0, (anna | binh).ids)]}
        )
        self.assertEqual(
            (
                wizard.customer_count,
                wizard.lead_count,
                wizard.quotation_count,
                wizard.ticket_count,
                wizard.contract_count,
                wizard.activity_count,
            ),
            (3, 2, 1, 1, 1, 1),
        )
        wizard.action_reassign()
        # Customers shared in turn; a company's contact and its records follow it.
        self.assertEqual(big.user_id, contact.user_id)
        self.assertNotEqual(big.user_id, small.user_id)
        self.assertEqual(lead.user_id, big.user_id)
        self.assertEqual(ticket.user_id, big.user_id)
        self.assertEqual(
            (quote.user_id, contract.user_id), (small.user_id, small.user_id)
        )
        self.assertEqual(activity.user_id, lead.user_id)
        self.assertIn(orphan_lead.user_id, anna | binh)
        left = (
            env["res.partner"].search_count([("user_id", "=", leaving.id)])
            + env["crm.lead"].search_count([("user_id", "=", leaving.id)])
            + env["sale.order"].search_count([("user_id", "=", leaving.id)])
            + env["crm.care.ticket"].search_count([("user_id", "=", leaving.id)])
            + env["crm.care.contract"].search_count([("user_id", "=", leaving.id)])
            + env["mail.activity"].search_count([("user_id", "=", leaving.id)])
        )
        self.assertEqual(left, 0)

    def test_a_sales_manager_without_care_rights_hands_over_tickets_and_contracts(
        self,
    ):
        """A sales administrator with no care or contract rights of their own
        still hands the departing salesperson's tickets and contracts (and
        their activities) over with the customers."""
        env = self.env(context=dict(self.env.context, tracking_disable=True))
        leaving, anna, binh, records = self._leaving_salesperson_world(env)
        ticket, contract = records["ticket"], records["contract"]
        follow_up = ticket.activity_schedule(
            "mail.mail_activity_data_call", user_id=leaving.id
        )
        manager = new_test_user(
            env, login="qci_sales_admin", groups="sales_team.group_sale_manager"
        )
        self.assertFalse(manager.has_group("crm_care.group_care_agent"))
        wizard = (
            env["crm.qci.reassign"]
            .with_user(manager)
            .create({"from_user_id": leaving.id, "to_user_ids": [(6, 0, anna.ids)]})
        )
        self.assertEqual((wizard.ticket_count, wizard.contract_count), (1, 1))
        self.assertEqual(wizard.activity_count, 2)
        wizard.action_reassign()
        self.assertEqual((ticket.user_id, contract.user_id), (anna, anna))
        self.assertEqual(follow_up.user_id, anna)
        self.assertEqual(records["activity"].user_id, anna)

    def test_the_departing_salesperson_leaves_their_teams_and_desks(self):
        """Out of their sales team and care desk, so that Odoo's lead assignment
        and the desk's ticket assignment give them nothing more; the team and
        the desk they led go to the first colleague. Unticked, nothing moves."""
        env = self.env(context=dict(self.env.context, tracking_disable=True))
        leaving, anna, binh, records = self._leaving_salesperson_world(env)
        sales = env["crm.team"].create(
            {
                "name": "Kinh doanh miền Nam",
                "user_id": leaving.id,
                "member_ids": [Command.set((leaving | binh).ids)],
            }
        )
        desk = env["crm.care.team"].create(
            {
                "name": "CSKH miền Nam",
                "leader_id": leaving.id,
                "member_ids": [Command.set((leaving | binh).ids)],
                "assignment": "round_robin",
            }
        )
        kept = env["crm.qci.reassign"].create(
            {
                "from_user_id": leaving.id,
                "to_user_ids": [Command.set(anna.ids)],
                "leave_teams": False,
            }
        )
        self.assertEqual(kept.team_count, 2)
        kept.action_reassign()
        self.assertEqual(sales.member_ids, leaving | binh)
        self.assertEqual(desk.leader_id, leaving)
        self.assertNotIn("Left the", leaving.partner_id.message_ids[:1].body)
        wizard = env["crm.qci.reassign"].create(
            {
                "from_user_id": leaving.id,
                "to_user_ids": [Command.set((binh | anna).ids)],
            }
        )
        self.assertEqual(wizard.team_count, 2)
        wizard.action_reassign()
        self.assertEqual(sales.member_ids, binh)
        self.assertEqual(sales.user_id, anna)  # the first colleague (lower id)
        self.assertEqual(desk.member_ids, binh)
        self.assertEqual(desk.leader_id, anna)
        # The departing salesperson's chatter names what they left.
        self.assertIn(
            "Left the sales teams and care desks: Kinh doanh miền Nam, CSKH miền Nam.",
            leaving.partner_id.message_ids[:1].body,
        )
        # The desk's next ticket goes to the one member left.
        ticket = env["crm.care.ticket"].create(
            {"subject": "Máy kêu to", "team_id": desk.id}
        )
        self.assertEqual(ticket.user_id, binh)

    def test_cannot_reassign_to_the_same_person(self):
        user = new_test_user(
            self.env, login="qci_same", groups="sales_team.group_sale_salesman"
        )
        wizard = self.env["crm.qci.reassign"].create(
            {"from_user_id": user.id, "to_user_ids": [(6, 0, user.ids)]}
        )
        with self.assertRaises(UserError):
            wizard.action_reassign()
