"""What a care ticket leads to: credit notes (refund, discount), replacement or
repair quotations, and tickets merged into it."""

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.crm_idic.tools.records import (
    count_by,
    dialog_action,
    form_action,
    linked_action,
)


class CrmCareTicketAfterSale(models.AbstractModel):
    """The after-sales documents of a care ticket and its merging (crm.care.ticket
    inherits it)."""

    _name = "crm.care.ticket.after.sale"
    _description = "Care ticket: after-sales documents"
    _inherit = ["mail.thread"]

    credit_note_ids = fields.One2many(
        "account.move", "crm_care_ticket_id", "Credit notes", readonly=True
    )
    credit_note_count = fields.Integer(compute="_compute_after_sale_counts")
    quotation_ids = fields.One2many(
        "sale.order", "crm_care_ticket_id", "Replacement quotations", readonly=True
    )
    quotation_count = fields.Integer(compute="_compute_after_sale_counts")
    # The customer's history at hand (Odoo Helpdesk's "Tickets" button).
    partner_ticket_count = fields.Integer(
        "Customer's tickets",
        compute="_compute_partner_ticket_count",
        help="The tickets of the customer (its company and its contacts), this "
        "one included.",
    )

    @api.depends("credit_note_ids", "quotation_ids")
    def _compute_after_sale_counts(self):
        moves = count_by(self.env["account.move"].sudo(), "crm_care_ticket_id", self)
        orders = count_by(self.env["sale.order"].sudo(), "crm_care_ticket_id", self)
        for ticket in self:
            ticket.credit_note_count = moves.get(ticket, 0)
            ticket.quotation_count = orders.get(ticket, 0)

    @api.depends("partner_id")
    def _compute_partner_ticket_count(self):
        # The customers' counts in one query (the partners are read together).
        for ticket in self:
            ticket.partner_ticket_count = ticket.commercial_partner_id.care_ticket_count

    def action_after_sale(self):
        """The after-sales wizard: refund, discount, exchange or repair."""
        self.ensure_one()
        return dialog_action(
            "crm.care.after.sale",
            {"default_ticket_id": self.id},
            name=self.env._("After-sales action"),
        )

    def action_view_credit_notes(self):
        return linked_action(
            self,
            "account.action_move_out_refund_type",
            "crm_care_ticket_id",
            create=False,
        )

    def action_view_quotations(self):
        return linked_action(
            self,
            "sale.action_quotations_with_onboarding",
            "crm_care_ticket_id",
            create=False,
        )

    def action_view_partner_tickets(self):
        """The customer's tickets, a new one for the ticket's contact."""
        self.ensure_one()
        return self.partner_id.action_view_care_tickets()

    # -- merging ---------------------------------------------------------------------

    def action_merge_tickets(self):
        """Merge the selected tickets of one customer into the oldest: messages,
        attachments and followers move to it; the others are archived with a
        note."""
        if len(self) < 2:
            raise UserError(self.env._("Select at least two tickets to merge."))
        if len(self.commercial_partner_id) != 1 or not all(self.mapped("partner_id")):
            raise UserError(
                self.env._("Only tickets of the same customer can be merged.")
            )
        if len(self.company_id) != 1:
            # One company's messages would move into another's ticket.
            raise UserError(
                self.env._(
                    "Only tickets of the same company can be merged: these are "
                    "of %(companies)s.",
                    companies=", ".join(self.company_id.mapped("name")),
                )
            )
        target = self.sorted("id")[0]
        others = self - target
        target._care_absorb(others)
        return form_action(target)

    def _care_absorb(self, others):
        """Move the messages, attachments and followers of ``others`` to this
        ticket, then archive them."""
        self.ensure_one()
        self.env.flush_all()
        followers = others.message_follower_ids
        self.message_subscribe(
            partner_ids=followers.partner_id.ids,
        )
        self.env["mail.message"].sudo().search(
            [("model", "=", self._name), ("res_id", "in", others.ids)]
        ).write({"res_id": self.id})
        self.env["ir.attachment"].sudo().search(
            [("res_model", "=", self._name), ("res_id", "in", others.ids)]
        ).write({"res_id": self.id})
        followers.sudo().unlink()
        for other in others:
            other.message_post(
                body=self.env._("Merged into %(ticket)s.", ticket=self.name),
                subtype_xmlid="mail.mt_note",
            )
        self.message_post(
            body=self.env._(
                "Merged from %(tickets)s.", tickets=", ".join(others.mapped("name"))
            ),
            subtype_xmlid="mail.mt_note",
        )
        others.write({"active": False})
