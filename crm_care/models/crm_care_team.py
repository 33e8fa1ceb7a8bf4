from ast import literal_eval
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.crm_idic.tools.records import count_by, linked_action

# The days of ratings the overview counts.
RATING_DAYS = 30
# The overview's figures: name → (field, the filter of the tickets' search view
# the figure opens, with "Open").
OVERVIEW = {
    "open": ("open_ticket_count", None),
    "unassigned": ("unassigned_ticket_count", "unassigned"),
    "high_priority": ("high_priority_ticket_count", "high_priority"),
    "sla_failed": ("sla_failed_ticket_count", "sla_failed"),
    "sla_at_risk": ("sla_at_risk_ticket_count", "sla_at_risk"),
    "waiting": ("waiting_ticket_count", "waiting"),
}
# The same filters as domains (open tickets only).
OPEN = [("is_closed", "=", False)]
TEAM_FILTERS = {
    "open": OPEN,
    "unassigned": [*OPEN, ("user_id", "=", False)],
    "high_priority": [*OPEN, ("priority", "in", ["2", "3"])],
    "sla_failed": [*OPEN, ("sla_status", "=", "failed")],
    "sla_at_risk": [*OPEN, ("sla_status", "=", "at_risk")],
    "waiting": [*OPEN, ("stage_id.pauses_sla", "=", True)],
}


class CrmCareTeam(models.Model):
    _name = "crm.care.team"
    _description = "Care team"
    _inherit = ["mail.alias.mixin", "mail.thread"]
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    leader_id = fields.Many2one(
        "res.users", "Team leader", tracking=True, domain=[("share", "=", False)]
    )
    member_ids = fields.Many2many(
        "res.users",
        "crm_care_team_member_rel",
        "team_id",
        "user_id",
        "Members",
        domain=[("share", "=", False)],
    )
    resource_calendar_id = fields.Many2one(
        "resource.calendar",
        "Working hours",
        required=True,
        default=lambda self: self.env.company.resource_calendar_id,
        help="SLA deadlines count the working hours of this calendar, its leaves and "
        "public holidays.",
    )
    assignment = fields.Selection(
        [
            ("manual", "Manual"),
            ("round_robin", "Round robin"),
            ("fewest_open", "Fewest open tickets"),
        ],
        default="manual",
        required=True,
    )
    last_assigned_user_id = fields.Many2one("res.users", readonly=True)
    reopen_days = fields.Integer(
        "Reopen on reply within (days)",
        default=14,
        help="A customer's reply to a ticket solved less than this many days ago "
        "reopens it; a later reply opens a follow-up ticket.",
    )
    attachment_max_mb = fields.Integer(
        "Largest customer file (MB)",
        default=10,
        help="The largest file a customer may attach to a ticket on the portal or "
        "in a reply.",
    )
    close_inactive_days = fields.Integer(
        "Close when the customer is silent for (days)",
        default=10,
        help="Tickets waiting for the customer longer than this many calendar days "
        "are closed (resolution: no reply), after a reminder halfway. 0: never.",
    )
    ticket_ids = fields.One2many("crm.care.ticket", "team_id")
    # The team's overview (Care › Overview): open tickets by what needs doing.
    open_ticket_count = fields.Integer("Open tickets", compute="_compute_overview")
    unassigned_ticket_count = fields.Integer(
        "Unassigned tickets", compute="_compute_overview"
    )
    high_priority_ticket_count = fields.Integer(
        "High-priority tickets", compute="_compute_overview"
    )
    sla_failed_ticket_count = fields.Integer(
        "Tickets with a failed SLA", compute="_compute_overview"
    )
    sla_at_risk_ticket_count = fields.Integer(
        "Tickets with an SLA at risk", compute="_compute_overview"
    )
    waiting_ticket_count = fields.Integer(
        "Tickets waiting for the customer", compute="_compute_overview"
    )
    rating_count = fields.Integer(
        "Ratings (30 days)",
        compute="_compute_rating_overview",
        help="The customers' ratings of the team's tickets in the last 30 days.",
    )
    rating_satisfied = fields.Float(
        "Satisfied (%)",
        compute="_compute_rating_overview",
        help="Share of the last 30 days' ratings that are satisfied.",
    )

    @api.depends_context("uid")
    def _compute_overview(self):
        """One count per figure for all the teams (the open tickets matching
        each filter of the tickets' search view the card opens)."""
        Ticket = self.env["crm.care.ticket"]  # noqa: N806
        readable = Ticket.has_access("read")  # else 0: no tickets of theirs to count
        for name, (field, _filter) in OVERVIEW.items():
            counts = (
                count_by(Ticket, "team_id", self, TEAM_FILTERS[name])
                if readable
                else {}
            )
            for team in self:
                team[field] = counts.get(team, 0)

    def _compute_rating_overview(self):
        since = fields.Datetime.now() - timedelta(days=RATING_DAYS)
        ratings = (
            self.env["rating.rating"]
            .sudo()
            ._read_group(
                [
                    ("parent_res_model", "=", self._name),
                    ("parent_res_id", "in", self.ids),
                    ("res_model", "=", "crm.care.ticket"),
                    ("consumed", "=", True),
                    ("rating", ">=", 1),
                    ("write_date", ">=", since),
                ],
                ["parent_res_id", "rating_text"],
                ["__count"],
            )
        )
        counts, satisfied = {}, {}
        for team_id, text, count in ratings:
            counts[team_id] = counts.get(team_id, 0) + count
            if text == "top":
                satisfied[team_id] = satisfied.get(team_id, 0) + count
        for team in self:
            team.rating_count = counts.get(team.id, 0)
            team.rating_satisfied = (
                100.0 * satisfied.get(team.id, 0) / counts[team.id]
                if counts.get(team.id)
                else 0.0
            )

    def action_view_tickets(self):
        """The team's tickets, filtered as the overview's figure clicked
        (``care_filter`` in the context: a filter of the tickets' search view)."""
        self.ensure_one()
        name = self.env.context.get("care_filter")
        context = {"search_default_open": 1, "default_team_id": self.id}
        if name in OVERVIEW and OVERVIEW[name][1]:
            context[f"search_default_{OVERVIEW[name][1]}"] = 1
        return linked_action(
            self,
            "crm_care.crm_care_ticket_action",
            "team_id",
            **context,
        )

    @api.constrains("reopen_days", "close_inactive_days", "attachment_max_mb")
    def _check_reply_days(self):
        for team in self:
            if (
                team.reopen_days < 0
                or team.close_inactive_days < 0
                or team.attachment_max_mb < 1
            ):
                raise ValidationError(
                    self.env._(
                        "The days to reopen a ticket and to close a silent one "
                        "cannot be negative, and a customer's file may weigh at "
                        "least 1 MB (team %(team)s).",
                        team=team.name,
                    )
                )

    def _alias_get_creation_values(self):
        values = super()._alias_get_creation_values()
        values["alias_model_id"] = self.env["ir.model"]._get_id("crm.care.ticket")
        if self.id:
            values["alias_defaults"] = defaults = literal_eval(
                self.alias_defaults or "{}"
            )
            defaults["team_id"] = self.id
        return values

    def _next_assignee(self):
        """The member who gets the next ticket, as the team's assignment says."""
        self.ensure_one()
        members = self.member_ids.sorted("id")
        if self.assignment == "manual" or not members:
            return self.env["res.users"]
        if self.assignment == "round_robin":
            later = members.filtered(
                lambda user: user.id > self.last_assigned_user_id.id
            )
            user = later[:1] or members[:1]
            self.sudo().last_assigned_user_id = user
            return user
        counts = dict(
            self.env["crm.care.ticket"]
            .sudo()
            ._read_group(
                [
                    ("team_id", "=", self.id),
                    ("user_id", "in", members.ids),
                    ("stage_id.is_closed", "=", False),
                ],
                ["user_id"],
                ["__count"],
            )
        )
        return min(members, key=lambda user: (counts.get(user, 0), user.id))
