"""The SLA of a care ticket (crm.care.ticket inherits it): which policy applies
and why, the deadlines on the team's working hours, pauses, the status (on
track, at risk, failed, met) and the scheduled action that refreshes it and
tells the team."""

from odoo import api, fields, models
from odoo.models import parse_read_group_spec
from odoo.tools import SQL, split_every

from odoo.addons.crm_idic.tools import (
    CONCURRENCY_ERRORS,
    commit_progress,
    each_isolated,
)

from ..tools import work_hours_between

SLA_STATUSES = [
    ("on_track", "On track"),
    ("at_risk", "At risk"),
    ("failed", "Failed"),
    ("met", "Met"),
]
# Less than this share of the resolution time left: the ticket is at risk.
AT_RISK_SHARE = 0.2
# Open tickets whose SLA is refreshed per committed batch by the scheduled action.
SLA_BATCH_SIZE = 1000
# The working hours to first response and to close are known once the ticket
# reached that point (answered, or closed unanswered; closed): until then they
# are stored 0 and left out of their averages.
WORK_HOURS_REACHED = {
    "first_response_hours": ("first_response_date", "closed_date"),
    "close_hours": ("closed_date",),
}


def _hours_between(calendar, rows):
    """Work hours of ``calendar`` for each ``(ticket, name, start, end)`` row;
    elapsed hours for a team without a calendar."""
    if calendar:
        return work_hours_between(calendar, [(start, end) for *_x, start, end in rows])
    return [(end - start).total_seconds() / 3600 for *_x, start, end in rows]


class CrmCareTicketSla(models.AbstractModel):
    _name = "crm.care.ticket.sla"
    _description = "Care ticket: SLA"

    @api.depends(
        "team_id",
        "ticket_type_id",
        "priority",
        "partner_id",
        "tag_ids",
        "contract_id",
        "contract_id.sla_id",
    )
    def _compute_sla_id(self):
        Sla = self.env["crm.care.sla"]
        policies = Sla.search([("team_id", "in", self.team_id.ids)])
        for ticket in self:
            facts = ticket._sla_facts()
            sla = facts["contract_sla"]
            if not sla and ticket.team_id:
                sla = Sla._find(
                    ticket.team_id,
                    facts,
                    policies.filtered(lambda p, t=ticket: p.team_id == t.team_id),
                )
            ticket.sla_id = sla

    @api.depends(
        "sla_id", "ticket_type_id", "priority", "partner_id", "tag_ids", "contract_id"
    )
    @api.depends_context("lang")
    def _compute_sla_reason(self):
        """Why the ticket's SLA applies, in the reader's language (not stored:
        a ticket made by the mail gateway is read by Vietnamese agents)."""
        for ticket in self:
            sla = ticket.sla_id
            ticket.sla_reason = sla._reason(ticket._sla_facts()) if sla else False

    def _sla_facts(self):
        """What an SLA policy may match on: type, priority, the customer's value
        tier in the ticket's company, tags, running contract (and its SLA)."""
        self.ensure_one()
        customer = self.commercial_partner_id.with_company(
            self.company_id or self.env.company
        )
        contract = self.contract_id
        return {
            "type": self.ticket_type_id,
            "priority": self.priority,
            "tier": customer.sudo().idic_value_tier if customer else False,
            "tags": self.tag_ids,
            "contract": contract,
            "contract_sla": contract.sla_id if contract else self.env["crm.care.sla"],
        }

    @api.depends(
        "sla_id.first_response_hours",
        "sla_id.resolution_hours",
        "sla_start",
        "sla_paused_hours",
        "team_id.resource_calendar_id",
    )
    def _compute_sla_deadlines(self):
        for ticket in self:
            sla = ticket.sla_id
            calendar = ticket.team_id.resource_calendar_id
            if not sla or not calendar:
                ticket.sla_first_response_deadline = False
                ticket.sla_resolution_deadline = False
                continue
            ticket.sla_first_response_deadline = ticket._plan(
                calendar, sla.first_response_hours
            )
            ticket.sla_resolution_deadline = ticket._plan(
                calendar, sla.resolution_hours + ticket.sla_paused_hours
            )

    @api.depends(
        "first_response_date", "sla_first_response_deadline", "sla_resolution_deadline"
    )
    def _compute_sla_deadline(self):
        for ticket in self:
            waiting = not ticket.first_response_date
            first = waiting and ticket.sla_first_response_deadline
            ticket.sla_deadline = first or ticket.sla_resolution_deadline

    @api.depends(
        "sla_start",
        "first_response_date",
        "closed_date",
        "sla_paused_hours",
        "team_id.resource_calendar_id",
    )
    def _compute_work_hours(self):
        """Working hours to first response and to close (0 until then, left
        out of their averages: :meth:`_read_group_select`), each team
        calendar's work intervals computed once for all its tickets."""
        spans = {}
        for ticket in self:
            ticket.first_response_hours = ticket.close_hours = 0.0
            responded = ticket.first_response_date or ticket.closed_date
            for name, end in (
                ("first_response_hours", responded),
                ("close_hours", ticket.closed_date),
            ):
                if end and ticket.sla_start and end > ticket.sla_start:
                    calendar = ticket.team_id.resource_calendar_id
                    spans.setdefault(calendar, []).append(
                        (ticket, name, ticket.sla_start, end)
                    )
        for calendar, rows in spans.items():
            for (ticket, name, _start, _end), hours in zip(
                rows, _hours_between(calendar, rows), strict=True
            ):
                if name == "close_hours":
                    hours -= ticket.sla_paused_hours
                ticket[name] = round(max(hours, 0.0), 2)

    def _read_group_select(self, aggregate_spec, query):
        """Average the working hours over the tickets that reached that point,
        so that open tickets do not pull the analysis' averages to 0."""
        fname, property_name, func = parse_read_group_spec(aggregate_spec)
        reached = WORK_HOURS_REACHED.get(fname)
        if func != "avg" or property_name or not reached:
            return super()._read_group_select(aggregate_spec, query)
        condition = SQL(" OR ").join(
            SQL("%s IS NOT NULL", self._field_to_sql(self._table, name, query))
            for name in reached
        )
        return SQL(
            "AVG(CASE WHEN %s THEN %s END)",
            condition,
            self._field_to_sql(self._table, fname, query),
        )

    def _plan(self, calendar, hours):
        deadline = calendar.plan_hours(hours, self.sla_start, compute_leaves=True)
        return deadline.replace(tzinfo=None) if deadline else False

    def _sla_write(self, vals):
        return self.with_context(care_sla_write=True).write(vals)

    def _resume_sla(self, now):
        calendar = self.team_id.resource_calendar_id
        paused = (
            calendar.get_work_hours_count(self.sla_pause_start, now)
            if calendar
            else 0.0
        )
        self._sla_write(
            {
                "sla_paused_hours": self.sla_paused_hours + paused,
                "sla_pause_start": False,
            }
        )

    def _sla_status_at(self, now, hours_left=None):
        """Status at ``now``; a failed SLA stays failed. ``hours_left``: the work
        hours from the ticket's clock to its resolution deadline when the caller
        has them (see :meth:`_sla_hours_left`)."""
        self.ensure_one()
        if self.sla_status == "failed":
            return "failed"
        if not self.sla_resolution_deadline:
            return False
        if self.closed_date:
            responded = self.first_response_date or self.closed_date
            in_time = self.closed_date <= self.sla_resolution_deadline and (
                responded <= self.sla_first_response_deadline
            )
            return "met" if in_time else "failed"
        clock = self.sla_pause_start or now
        if clock > self.sla_resolution_deadline or (
            not self.first_response_date and clock > self.sla_first_response_deadline
        ):
            return "failed"
        left = hours_left
        if left is None:
            calendar = self.team_id.resource_calendar_id
            left = calendar.get_work_hours_count(clock, self.sla_resolution_deadline)
        if left < AT_RISK_SHARE * self.sla_id.resolution_hours:
            return "at_risk"
        return "on_track"

    def _refresh_sla_status(self, now=None):
        """Write the status of the tickets whose status changed, one write per
        status (not per ticket)."""
        now = now or fields.Datetime.now()
        hours_left = self._sla_hours_left(now)
        changed = {}
        for ticket in self:
            status = ticket._sla_status_at(now, hours_left.get(ticket.id))
            if status != ticket.sla_status:
                changed.setdefault(status, []).append(ticket.id)
        for status, ids in changed.items():
            self.browse(ids)._sla_write({"sla_status": status})

    def _sla_hours_left(self, now):
        """``{ticket id: work hours from its clock to its resolution deadline}``
        of the open tickets still in time, each team calendar's work intervals
        computed once for all its tickets."""
        spans = {}
        for ticket in self:
            clock = ticket.sla_pause_start or now
            deadline = ticket.sla_resolution_deadline
            calendar = ticket.team_id.resource_calendar_id
            if (
                calendar
                and deadline
                and not ticket.closed_date
                and ticket.sla_status != "failed"
                and clock <= deadline
            ):
                spans.setdefault(calendar, []).append((ticket.id, clock, deadline))
        hours = {}
        for calendar, rows in spans.items():
            left = work_hours_between(
                calendar, [(start, end) for _id, start, end in rows]
            )
            hours.update(zip((row[0] for row in rows), left, strict=True))
        return hours

    @api.model
    def _cron_check_sla(self):
        """Refresh the SLA of open tickets; tell the team leader about at-risk and
        failed tickets, once per ticket and level."""
        tickets = self.search(
            [("is_closed", "=", False), ("sla_id", "!=", False)], order="id"
        )
        left = len(tickets)
        # Refreshed in committed batches (a run killed half-way keeps them); the
        # refresh is idempotent, so a batch taken again is harmless.
        for ids in split_every(SLA_BATCH_SIZE, tickets.ids):
            batch = tickets.browse(ids)
            try:
                with self.env.cr.savepoint():
                    batch._refresh_sla_status()
            except CONCURRENCY_ERRORS:
                raise
            except Exception:  # pylint: disable=broad-except
                # One ticket spoils the batch: refresh it one by one, skip the culprit.
                each_isolated(batch, lambda t: t._refresh_sla_status(), "SLA refresh")
            left -= len(batch)
            commit_progress(self.env, len(batch), remaining=left)

        def told(ticket, level):
            return ticket.sla_notified == level or (
                level == "at_risk" and ticket.sla_notified == "failed"
            )

        for level in ("at_risk", "failed"):
            to_tell = tickets.filtered(
                lambda ticket, level=level: ticket.sla_status == level
                and not told(ticket, level)
                and ticket.team_id.leader_id
            )

            def tell(ticket, level=level):
                if told(ticket, level):  # by another worker meanwhile
                    return
                # Written in the team leader's language: the activity is theirs.
                leader = ticket.team_id.leader_id
                in_lang = self.with_context(lang=leader.lang)
                labels = dict(
                    in_lang._fields["sla_status"]._description_selection(in_lang.env)
                )
                ticket.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=leader.id,
                    summary=in_lang.env._(
                        "SLA %(status)s: %(ticket)s",
                        status=labels[level],
                        ticket=ticket.name,
                    ),
                )
                ticket.sla_notified = level

            each_isolated(to_tell, tell, "SLA alerts", commit=True)
        return True
