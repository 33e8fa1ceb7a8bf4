from odoo import api, fields, models
from odoo.exceptions import ValidationError

PRIORITIES = [("0", "Low"), ("1", "Medium"), ("2", "High"), ("3", "Urgent")]


class CrmCareSla(models.Model):
    _name = "crm.care.sla"
    _description = "Care service level agreement"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    team_id = fields.Many2one("crm.care.team", required=True, ondelete="cascade")
    company_id = fields.Many2one(related="team_id.company_id", store=True)
    ticket_type_ids = fields.Many2many(
        "crm.care.ticket.type", string="Ticket types", help="Empty: every type."
    )
    priority = fields.Selection(PRIORITIES, help="Empty: every priority.")
    first_response_hours = fields.Float("First response (working hours)", default=4.0)
    resolution_hours = fields.Float("Resolution (working hours)", default=24.0)

    @api.constrains("first_response_hours", "resolution_hours")
    def _check_hours(self):
        for sla in self:
            if sla.first_response_hours <= 0 or sla.resolution_hours <= 0:
                raise ValidationError(
                    self.env._("SLA hours must be above 0 (%(sla)s).", sla=sla.name)
                )
            if sla.first_response_hours > sla.resolution_hours:
                raise ValidationError(
                    self.env._(
                        "The first response of %(sla)s cannot come after the "
                        "resolution.",
                        sla=sla.name,
                    )
                )

    @api.model
    def _find(self, team, ticket_type, priority):
        """The most specific active SLA of a team for a ticket type and priority."""
        candidates = self.search([("team_id", "=", team.id)])
        matching = candidates.filtered(
            lambda sla: (not sla.ticket_type_ids or ticket_type in sla.ticket_type_ids)
            and (not sla.priority or sla.priority == priority)
        )
        return matching.sorted(
            lambda sla: (not sla.ticket_type_ids, not sla.priority, sla.sequence)
        )[:1]
