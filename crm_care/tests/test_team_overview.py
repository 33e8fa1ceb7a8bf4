"""The care teams' overview: each team's open tickets by what needs doing, its
customers' satisfaction of the last 30 days, and the tickets each figure opens.
Figures by hand."""

from lxml import etree

from odoo.tests import new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .common import CareCommon


@tagged("post_install", "-at_install")
class TestTeamOverview(CareCommon):
    def _rated(self, value):
        ticket = self._ticket(user_id=self.agent.id)
        ticket.write({"stage_id": self.stage_solved.id, "resolution_type": "answered"})
        ticket.rating_apply(value, token=ticket._care_rating_token())
        return ticket

    def test_open_tickets_by_what_needs_doing(self):
        self._ticket(user_id=self.agent.id)
        urgent = self._ticket(priority="3")
        self._ticket(user_id=self.agent.id, stage_id=self.stage_waiting.id)
        self._ticket(user_id=self.agent2.id).sla_status = "failed"
        self._ticket(user_id=self.agent2.id, priority="2").sla_status = "at_risk"
        # Closed, and another team's: not counted.
        self._ticket(stage_id=self.stage_solved.id)
        other = self.env["crm.care.team"].create({"name": "Other desk"})
        self._ticket(team_id=other.id)
        self.env.invalidate_all()
        team = self.team
        self.assertEqual(
            (
                team.open_ticket_count,
                team.unassigned_ticket_count,
                team.high_priority_ticket_count,
                team.waiting_ticket_count,
                team.sla_failed_ticket_count,
                team.sla_at_risk_ticket_count,
            ),
            (5, 1, 2, 1, 1, 1),
        )
        self.assertEqual(
            (other.open_ticket_count, other.unassigned_ticket_count), (1, 1)
        )
        # A figure opens the team's open tickets with the same filter.
        action = team.with_context(care_filter="unassigned").action_view_tickets()
        self.assertEqual(action["domain"], [("team_id", "=", team.id)])
        self.assertEqual(action["context"]["search_default_open"], 1)
        self.assertEqual(action["context"]["search_default_unassigned"], 1)
        self.assertEqual(action["context"]["default_team_id"], team.id)
        view = self.env.ref("crm_care.crm_care_ticket_view_search")
        self.assertIn('name="unassigned"', view.arch)
        unassigned = self.env["crm.care.ticket"].search(
            [*action["domain"], ("is_closed", "=", False), ("user_id", "=", False)]
        )
        self.assertEqual(unassigned, urgent)
        for name in ("high_priority", "waiting", "sla_failed", "sla_at_risk"):
            context = team.with_context(care_filter=name).action_view_tickets()[
                "context"
            ]
            self.assertEqual(context[f"search_default_{name}"], 1)
            self.assertIn(f'name="{name}"', view.arch)

    def test_satisfaction_of_the_last_30_days(self):
        self.assertEqual((self.team.rating_count, self.team.rating_satisfied), (0, 0))
        self._rated(5)
        self._rated(5)
        self._rated(1)
        old = self._rated(5)
        # Rated 40 days ago: out of the overview's 30 days.
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE rating_rating SET write_date = now() - interval '40 days' "
            "WHERE res_model = 'crm.care.ticket' AND res_id = %s",
            [old.id],
        )
        self.env.invalidate_all()
        # 2 satisfied of 3 recent ratings.
        self.assertEqual(self.team.rating_count, 3)
        self.assertAlmostEqual(self.team.rating_satisfied, 200 / 3, places=6)

    def test_my_teams_are_those_i_belong_to_or_lead(self):
        led = self.env["crm.care.team"].create(
            {"name": "Led desk", "leader_id": self.agent2.id}
        )
        self.env["crm.care.team"].create({"name": "Somebody else's desk"})
        arch = etree.fromstring(
            self.env["crm.care.team"].get_views([(False, "search")])["views"]["search"][
                "arch"
            ]
        )
        [my_teams] = arch.xpath("//filter[@name='my_teams']")
        domain = safe_eval(my_teams.get("domain"), {"uid": self.agent2.id})
        self.assertEqual(self.env["crm.care.team"].search(domain), self.team | led)

    def test_who_may_not_read_tickets_sees_no_counts(self):
        # A salesperson without care rights reads the teams (a ticket's or a
        # contract's team) but not their tickets: no counts, not an error.
        seller = new_test_user(
            self.env, login="team_seller", groups="sales_team.group_sale_salesman"
        )
        self._ticket()
        self.env.invalidate_all()
        self.assertEqual(self.team.with_user(seller).open_ticket_count, 0)
        self.assertEqual(self.team.open_ticket_count, 1)
        # Nor does a care agent see an occasion's segments (sales data).
        views = (
            self.env["crm.care.occasion"]
            .with_user(self.agent)
            .get_views([(False, "form"), (False, "list")])
        )
        for view in views["views"].values():
            self.assertNotIn('name="segment_ids"', view["arch"])
        views = (
            self.env["crm.care.occasion"]
            .with_user(self.leader)
            .get_views([(False, "form")])
        )
        self.assertIn('name="segment_ids"', views["views"]["form"]["arch"])
