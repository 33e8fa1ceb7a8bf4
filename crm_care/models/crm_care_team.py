from ast import literal_eval

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.crm_idic.tools.records import count_by


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
    open_ticket_count = fields.Integer(compute="_compute_open_ticket_count")

    @api.depends("ticket_ids.stage_id")
    def _compute_open_ticket_count(self):
        counts = count_by(
            self.env["crm.care.ticket"],
            "team_id",
            self,
            [("stage_id.is_closed", "=", False)],
        )
        for team in self:
            team.open_ticket_count = counts.get(team, 0)

    @api.constrains("reopen_days", "close_inactive_days")
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
