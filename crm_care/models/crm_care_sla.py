from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.crm_idic.tools import scoring
from odoo.addons.crm_idic.tools.relations import owner_company

PRIORITIES = [("0", "Low"), ("1", "Medium"), ("2", "High"), ("3", "Urgent")]


class CrmCareSla(models.Model):
    _name = "crm.care.sla"
    _inherit = "crm.idic.list.entry"
    _description = "Care service level agreement"
    _order = "sequence, id"

    team_id = fields.Many2one("crm.care.team", required=True, ondelete="cascade")
    company_id = owner_company("team_id")
    ticket_type_ids = fields.Many2many(
        "crm.care.ticket.type", string="Ticket types", help="Empty: every type."
    )
    priority = fields.Selection(PRIORITIES, help="Empty: every priority.")
    value_tier = fields.Selection(
        scoring.VALUE_TIERS,
        "Customer value tier",
        help="Only for customers of this IDIC value tier (in the ticket's company). "
        "Empty: every customer.",
    )
    tag_ids = fields.Many2many(
        "crm.care.tag",
        string="Ticket tags",
        help="Only for tickets with one of these tags. Empty: every ticket.",
    )
    running_contract = fields.Boolean(
        "Customers under contract",
        help="Only for customers with a running service contract.",
    )
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

    def _criteria(self):
        """The criteria this policy sets, most decisive first: contract, tier,
        tags, type, priority."""
        self.ensure_one()
        return (
            self.running_contract,
            bool(self.value_tier),
            bool(self.tag_ids),
            bool(self.ticket_type_ids),
            bool(self.priority),
        )

    def _matches(self, facts):
        """Whether this policy applies to a ticket of ``facts`` (a dict: type,
        priority, tier, tags, contract)."""
        self.ensure_one()
        return (
            (not self.ticket_type_ids or facts["type"] in self.ticket_type_ids)
            and (not self.priority or self.priority == facts["priority"])
            and (not self.value_tier or self.value_tier == facts["tier"])
            and (not self.tag_ids or bool(self.tag_ids & facts["tags"]))
            and (not self.running_contract or bool(facts["contract"]))
        )

    @api.model
    def _find(self, team, facts, candidates=None):
        """The most specific active policy of ``team`` for a ticket: the one that
        sets the most criteria; on a tie, contract > tier > tags > type >
        priority, then the sequence. ``candidates``: the team's policies when the
        caller read them already (one query for many tickets)."""
        if candidates is None:
            candidates = self.search([("team_id", "=", team.id)])
        matching = candidates.filtered(lambda sla: sla._matches(facts))
        return matching.sorted(
            lambda sla: (
                -sum(sla._criteria()),
                tuple(not criterion for criterion in sla._criteria()),
                sla.sequence,
                sla.id,
            )
        )[:1]

    def _reason(self, facts):
        """Why this policy applies, in words (shown on the ticket)."""
        self.ensure_one()
        if facts.get("contract_sla") == self:
            return self.env._(
                "The SLA of contract %(contract)s.", contract=facts["contract"].number
            )
        tiers = dict(self._fields["value_tier"]._description_selection(self.env))
        priorities = dict(self._fields["priority"]._description_selection(self.env))
        reasons = []
        if self.running_contract:
            reasons.append(
                self.env._("contract %(contract)s", contract=facts["contract"].number)
            )
        if self.value_tier:
            reasons.append(
                self.env._("tier %(tier)s", tier=tiers.get(self.value_tier, ""))
            )
        if self.tag_ids:
            reasons.append(
                self.env._(
                    "tag %(tags)s",
                    tags=", ".join((self.tag_ids & facts["tags"]).mapped("name")),
                )
            )
        if self.ticket_type_ids:
            reasons.append(self.env._("type %(type)s", type=facts["type"].name))
        if self.priority:
            reasons.append(
                self.env._(
                    "priority %(priority)s", priority=priorities.get(self.priority)
                )
            )
        if not reasons:
            return self.env._("The team's general policy.")
        return self.env._("Matches the %(criteria)s.", criteria=", ".join(reasons))
