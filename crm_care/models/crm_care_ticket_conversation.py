"""The care desk's conversation with the customer: a mail at each stage, the
customer's replies that resume or reopen a ticket, a later reply that opens a
follow-up ticket, the rating request, and the tickets closed after the customer
stopped answering."""

import math
import re
from datetime import timedelta

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import parse_contact_from_email, split_every

from odoo.addons.crm_idic.tools import (
    commit_progress,
    company_tz,
    each_isolated,
    local_today,
    utc_start,
)
from odoo.addons.crm_idic.tools.display import company_language

from ..tools import AUTOMATIC_MAIL, SENT_AUTOMATIC_HEADERS

# A ticket's reference in a mail's subject: "Re: [TK/2026/00037] ...".
SUBJECT_REFERENCE = re.compile(r"\[([^\[\]]{1,64})\]")

# Tickets closed or reminded per committed batch by the inactivity action.
INACTIVE_BATCH_SIZE = 200


class CrmCareTicketConversation(models.AbstractModel):
    """The conversation of a care ticket with its customer (crm.care.ticket
    inherits it)."""

    _name = "crm.care.ticket.conversation"
    _description = "Care ticket: conversation with the customer"
    _inherit = ["mail.thread"]
    _primary_email = "email_from"

    stage_before_pause_id = fields.Many2one(
        "crm.care.stage",
        readonly=True,
        copy=False,
        help="The stage a ticket goes back to when the customer answers.",
    )
    origin_ticket_id = fields.Many2one(
        "crm.care.ticket",
        "Follow-up of",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The closed ticket the customer wrote about again.",
    )
    inactivity_reminded = fields.Boolean(readonly=True, copy=False)
    # A ticket moved to another company takes a new reference there; a customer
    # who writes with the old one in the subject still reaches it.
    former_reference = fields.Char(
        "Former reference",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The reference the ticket had in its former company.",
    )
    former_company_id = fields.Many2one(
        "res.company",
        "Former company",
        readonly=True,
        copy=False,
        help="The company the ticket was moved from.",
    )

    def _message_compute_subject(self):
        """The ticket's messages are named as its acknowledgment: "[TK/2026/00037]
        Máy lọc nước bị rò" (Odoo's: the reference alone), so the customer reads
        what it is about, and a reply that loses its threading headers is found
        by its reference."""
        self.ensure_one()
        return f"[{self.name}] {self.subject}"

    # -- customers told at each step -----------------------------------------------

    def _track_template(self, changes):
        """The mail of the stage the ticket enters, to the customer; none when
        it goes back to the stage it left to wait for the customer (the
        customer answered: "we received your request" again would be noise),
        nor to an automatic mail (an out-of-office notice is not answered)."""
        result = super()._track_template(changes)
        ticket = self[0]
        template = ticket.stage_id.mail_template_id
        returning = ticket.stage_id == ticket.stage_before_pause_id
        if (
            "stage_id" in changes
            and template
            and ticket.partner_id.email
            and not returning
            and not self.env.context.get(AUTOMATIC_MAIL)
        ):
            result["stage_id"] = (
                template,
                {
                    "auto_delete_keep_log": False,
                    "subtype_id": self.env["ir.model.data"]._xmlid_to_res_id(
                        "mail.mt_note"
                    ),
                    "email_layout_xmlid": "mail.mail_notification_light",
                    # Through the mail queue: a slow mail server slows no agent.
                    "force_send": False,
                },
            )
        return result

    def _notify_by_email_get_base_mail_values(
        self, message, recipients_data, additional_values=None
    ):
        """A mail the desk sends by itself (``auto_comment``: a stage's mail,
        the reminder of a quiet ticket) is marked automatic (RFC 3834); an
        agent's answer is not."""
        if message.message_type == "auto_comment":
            additional_values = dict(additional_values or {})
            additional_values["headers"] = {
                **(additional_values.get("headers") or {}),
                **SENT_AUTOMATIC_HEADERS,
            }
        return super()._notify_by_email_get_base_mail_values(
            message, recipients_data, additional_values
        )

    def _care_mail_tz(self):
        """The time zone the customer's mails give times in: the customer's,
        else the company's (its working calendar's, as the SLA hours)."""
        self.ensure_one()
        return self.partner_id.tz or company_tz(self.company_id)

    def _care_subscribe_customer(self):
        """The customer follows the ticket's discussions (never internal notes)."""
        for ticket in self.filtered("partner_id"):
            ticket.message_subscribe(
                partner_ids=ticket.partner_id.ids,
                subtype_ids=self.env.ref("mail.mt_comment").ids,
            )

    # -- new tickets by mail -----------------------------------------------------------

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """A mail to a team's alias: a ticket for the sender, found by email or new."""
        values = dict(custom_values or {})
        email = msg_dict.get("email_from") or msg_dict.get("from")
        partner = self.env["res.partner"].browse(msg_dict.get("author_id"))
        company = self._care_mail_company(values)
        # Another company's contact is not this one's (Odoo's company check).
        partner = partner.filtered_domain(partner._check_company_domain(company))
        if not partner and email:
            partner = self._care_new_customer(email, company)
        values.setdefault(
            "subject", msg_dict.get("subject") or self.env._("No subject")
        )
        values.setdefault("description", msg_dict.get("body"))
        values.setdefault("channel", "email")
        # The reference comes from the sequence (mail.thread would name the ticket
        # after the mail's subject).
        values.setdefault("name", "/")
        values.setdefault("email_from", email)
        if partner:
            values.setdefault("partner_id", partner.id)
        return super(
            CrmCareTicketConversation, self.with_context(default_user_id=False)
        ).message_new(msg_dict, custom_values=values)

    @api.model
    def _care_mail_company(self, values):
        """The company a mail was written to: its alias team's."""
        team = self.env["crm.care.team"].browse(values.get("team_id"))
        return team.company_id or self.env.company

    @api.model
    def _care_new_customer(self, email, company):
        """The sender's contact in ``company``: one with its address the
        company may serve (shared, its own or its parent's); an address known
        only as another company's contact becomes this company's own contact;
        an unknown one a new contact. A new contact speaks the language of the
        company written to (its partner's) and lives on its time: a Vietnamese
        company's desk acknowledges a new customer in Vietnamese and at
        Vietnam's hours, whatever the language and time zone of the user
        running the mail gateway."""
        lang = company.partner_id.lang
        Partner = self.env["res.partner"].with_context(default_tz=company_tz(company))
        if lang in dict(self.env["res.lang"].get_installed()):
            Partner = Partner.with_context(default_lang=lang)
        name, address = parse_contact_from_email(email)
        known = Partner.search([("email", "=ilike", address)]) if address else Partner
        served = known.filtered_domain(known._check_company_domain(company))
        if served:
            return served[:1]
        if known:
            return Partner.create(
                {"name": name or address, "email": address, "company_id": company.id}
            )
        return Partner.find_or_create(email)

    # -- replies ---------------------------------------------------------------------

    def _message_post_after_hook(self, message, msg_vals):
        result = super()._message_post_after_hook(message, msg_vals)
        if self._care_is_customer_reply(message):
            self._care_on_customer_reply()
        return result

    def _care_is_agent_reply(self, message):
        """A reply the customer reads, written by an employee in the chatter or by
        mail: the first of them is the first response."""
        author_user = message.author_id.user_ids[:1]
        return (
            author_user
            and not author_user.share
            and message.message_type in ("comment", "email")
            and message.subtype_id == self.env.ref("mail.mt_comment")
        )

    def _care_is_customer_reply(self, message):
        """An inbound mail or a portal reply of someone outside the company (a
        rating's comment is a notification, an out-of-office notice is no
        answer: they do not count)."""
        if message.message_type not in ("comment", "email"):
            return False
        if self.env.context.get(AUTOMATIC_MAIL):
            return False
        if message.subtype_id != self.env.ref("mail.mt_comment"):
            return False
        users = message.author_id.user_ids
        return not users or all(user.share for user in users)

    def _care_on_customer_reply(self):
        """Waiting for the customer: back to the stage it came from (its SLA
        resumes). Solved within the team's reopening days: reopened."""
        for ticket in self:
            if ticket.stage_id.pauses_sla:
                stage = ticket.stage_before_pause_id or ticket._care_reopen_stage()
                ticket.write({"stage_id": stage.id})
            elif ticket._care_reopenable():
                ticket.write({"stage_id": ticket._care_reopen_stage().id})
                ticket.message_post(
                    body=company_language(ticket).env._(
                        "Reopened: the customer replied."
                    ),
                    subtype_xmlid="mail.mt_note",
                )

    def _care_reopenable(self):
        """Solved (not cancelled) less than the team's reopening days ago, in the
        company's local days."""
        self.ensure_one()
        if not self.is_closed or self.stage_id.cancelled or not self.closed_date:
            return False
        days = self.team_id.reopen_days if self.team_id else 14
        tz = company_tz(self.company_id)
        return local_today(tz) - local_today(tz, self.closed_date) <= timedelta(
            days=days
        )

    def _care_reopen_stage(self):
        """The last open stage that does not wait for the customer."""
        return self.env["crm.care.stage"].search(
            [("is_closed", "=", False), ("pauses_sla", "=", False)],
            order="sequence desc, id desc",
            limit=1,
        )

    @api.model
    def _care_solved_stage(self):
        return self.env["crm.care.stage"].search(
            [("is_closed", "=", True), ("cancelled", "=", False)],
            order="sequence, id",
            limit=1,
        )

    @api.model
    def _care_reroute(self, routes, message_dict):
        """A customer's mail to a ticket closed too long ago to reopen opens a
        follow-up ticket (linked to the old one, which gets a note)."""
        rerouted = []
        for route in routes:
            model, thread_id, custom_values, user_id, alias = route
            ticket = (
                self.sudo().browse(thread_id).exists()
                if model == self._name and thread_id
                else self
            )
            author = self.env["res.partner"].browse(message_dict.get("author_id"))
            internal = author.user_ids and not all(u.share for u in author.user_ids)
            if (
                ticket
                and ticket.is_closed
                and not internal
                and not ticket._care_reopenable()
            ):
                values = dict(custom_values or {})
                values.update(
                    origin_ticket_id=ticket.id,
                    team_id=ticket.team_id.id,
                    company_id=ticket.company_id.id,
                    partner_id=ticket.partner_id.id,
                )
                route = (model, False, values, user_id, alias)
            rerouted.append(route)
        return rerouted

    @api.model
    def _care_route_by_reference(self, routes, message_dict):
        """A customer's reply that lost the mail's threading headers (a phone's
        mail app, a forward from another mailbox) but keeps the ticket's
        reference in its subject goes to that ticket, when its sender is a
        contact of the ticket's customer and it was written to the ticket's
        company; else it opens a new ticket, as before."""
        names = SUBJECT_REFERENCE.findall(message_dict.get("subject") or "")
        author = self.env["res.partner"].browse(message_dict.get("author_id"))
        if not names or not author:
            return routes
        rerouted = []
        for route in routes:
            model, thread_id, custom_values, user_id, alias = route
            if model == self._name and not thread_id:
                ticket = self._care_referenced_ticket(names, author, custom_values)
                if ticket:
                    route = (model, ticket.id, custom_values, user_id, alias)
            rerouted.append(route)
        return rerouted

    @api.model
    def _care_referenced_ticket(self, names, author, custom_values):
        """The ticket named in ``names`` of the author's customer, in the
        company of the team written to (references restart per company), or
        moved from it with that reference."""
        named = Domain("name", "in", names)
        team = self.env["crm.care.team"].browse((custom_values or {}).get("team_id"))
        if team.exists():
            company = team.company_id.id
            named = (named & Domain("company_id", "=", company)) | (
                Domain("former_reference", "in", names)
                & Domain("former_company_id", "=", company)
            )
        domain = named & Domain(
            "commercial_partner_id", "=", author.commercial_partner_id.id
        )
        return self.sudo().search(domain, order="id desc", limit=1)

    def _care_note_follow_up(self):
        """The old ticket of a follow-up says where the customer's reply went."""
        for ticket in self.filtered("origin_ticket_id"):
            ticket.origin_ticket_id.sudo().message_post(
                body=company_language(ticket).env._(
                    "The customer wrote again after this ticket was closed: "
                    "follow-up ticket %(ticket)s.",
                    ticket=ticket.name,
                ),
                subtype_xmlid="mail.mt_note",
            )

    # -- ratings -----------------------------------------------------------------------

    def _care_rating_pending(self):
        """Solved and not rated since the last request: the customer may rate
        (portal, mail). A request is an unconsumed rating (its token is in the
        solved ticket's mail); without any, a ticket never rated may be rated."""
        self.ensure_one()
        if not self.is_closed or self.stage_id.cancelled or not self.partner_id:
            return False
        ratings = self.sudo().rating_ids
        return not ratings or any(not rating.consumed for rating in ratings)

    # -- customers who stopped answering -------------------------------------------

    @api.model
    def _cron_close_inactive(self):
        """Tickets waiting for the customer longer than the team's days are
        closed (resolution 'no reply'); halfway the customer gets a reminder.
        Days are the company's local calendar days; batches are committed."""
        teams = self.env["crm.care.team"].search([("close_inactive_days", ">", 0)])
        for team in teams:
            tz = company_tz(team.company_id)
            today = local_today(tz)
            days = team.close_inactive_days
            waiting = [
                ("team_id", "=", team.id),
                ("stage_id.pauses_sla", "=", True),
                ("sla_pause_start", "!=", False),
            ]
            # Paused on local day D: closed when today >= D + days.
            to_close = self.search(
                waiting
                + [
                    (
                        "sla_pause_start",
                        "<",
                        utc_start(tz, today - timedelta(days=days - 1)),
                    )
                ],
                order="id",
            )
            self._care_in_batches(to_close, "_care_close_for_no_reply")
            halfway = math.ceil(days / 2)
            to_remind = self.search(
                waiting
                + [
                    ("inactivity_reminded", "=", False),
                    (
                        "sla_pause_start",
                        "<",
                        utc_start(tz, today - timedelta(days=halfway - 1)),
                    ),
                ],
                order="id",
            )
            self._care_in_batches(to_remind, "_care_remind_inactive")
        return True

    def _care_in_batches(self, tickets, method):
        left = len(tickets)
        for ids in split_every(INACTIVE_BATCH_SIZE, tickets.ids):
            batch = tickets.browse(ids)
            each_isolated(batch, lambda ticket: getattr(ticket, method)(), method)
            left -= len(batch)
            commit_progress(self.env, len(batch), remaining=left)

    def _care_close_for_no_reply(self):
        """Solved with resolution 'no reply'; the waiting time is no SLA failure."""
        self.write(
            {"stage_id": self._care_solved_stage().id, "resolution_type": "no_reply"}
        )
        self.message_post(
            body=company_language(self).env._(
                "Closed: the customer did not answer within %(days)s days.",
                days=self.team_id.close_inactive_days,
            ),
            subtype_xmlid="mail.mt_note",
        )

    def _care_remind_inactive(self):
        template = self.env.ref("crm_care.mail_template_ticket_inactive")
        if self.partner_id.email:
            self.message_post_with_source(
                template,
                message_type="auto_comment",
                subtype_xmlid="mail.mt_note",
                email_layout_xmlid="mail.mail_notification_light",
                force_send=False,
            )
        self.inactivity_reminded = True
