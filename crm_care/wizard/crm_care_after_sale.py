from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import formatLang

from odoo.addons.crm_idic.tools.records import form_action

# What was done -> the ticket's resolution type.
RESOLUTIONS = {
    "refund": "refunded",
    "discount": "discount",
    "exchange": "exchanged",
    "repair": "repaired",
}


class CrmCareAfterSale(models.TransientModel):
    """After-sales action of a care ticket: a credit note (refund of the invoice,
    or a discount) or a quotation (replacement product, or repair)."""

    _name = "crm.care.after.sale"
    _description = "Care after-sales action"

    ticket_id = fields.Many2one("crm.care.ticket", required=True, readonly=True)
    kind = fields.Selection(
        [
            ("refund", "Refund the invoice"),
            ("discount", "Grant a discount"),
            ("exchange", "Exchange the product"),
            ("repair", "Repair the product"),
        ],
        "Action",
        required=True,
        default="refund",
    )
    partner_id = fields.Many2one(related="ticket_id.commercial_partner_id")
    invoice_id = fields.Many2one(
        "account.move",
        compute="_compute_invoice_id",
        store=True,
        readonly=False,
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted'), "
        "('commercial_partner_id', '=', partner_id)]",
    )
    currency_id = fields.Many2one(related="invoice_id.currency_id")
    amount = fields.Monetary(
        "Discount (untaxed)", help="The amount credited, before taxes."
    )
    product_id = fields.Many2one(
        "product.product",
        compute="_compute_product_id",
        store=True,
        readonly=False,
        help="Exchange: the replacement product; repair: the repair service.",
    )
    free_of_charge = fields.Boolean(
        compute="_compute_free_of_charge",
        store=True,
        readonly=False,
        help="Under warranty: the replacement or the repair is free (100 % discount).",
    )
    reason = fields.Char(help="Shown on the credit note's line.")

    @api.depends("ticket_id")
    def _compute_invoice_id(self):
        for wizard in self:
            invoices = wizard.ticket_id.sale_order_id.invoice_ids.filtered(
                lambda move: move.move_type == "out_invoice" and move.state == "posted"
            )
            wizard.invoice_id = invoices[:1]

    @api.depends("kind", "ticket_id")
    def _compute_product_id(self):
        repair = self.env.ref(
            "crm_care.product_repair_service", raise_if_not_found=False
        )
        for wizard in self:
            if wizard.kind == "repair":
                wizard.product_id = repair
            elif wizard.kind == "exchange":
                wizard.product_id = wizard.ticket_id.product_id
            else:
                wizard.product_id = False

    @api.depends("ticket_id")
    def _compute_free_of_charge(self):
        for wizard in self:
            wizard.free_of_charge = wizard.ticket_id.under_warranty

    def action_confirm(self):
        """Create the document, link it to the ticket, set the resolution and open
        the document."""
        self.ensure_one()
        ticket = self.ticket_id
        if self.kind in ("refund", "discount"):
            document = self._create_credit_note()
        else:
            document = self._create_quotation()
        ticket.resolution_type = RESOLUTIONS[self.kind]
        ticket.message_post(
            body=self.env._(
                "%(action)s: %(document)s.",
                action=dict(self._fields["kind"]._description_selection(self.env))[
                    self.kind
                ],
                document=document.display_name,
            ),
            subtype_xmlid="mail.mt_note",
        )
        if not document.has_access("read"):
            return True
        return form_action(document)

    # -- credit notes ----------------------------------------------------------------

    def _create_credit_note(self):
        """A draft credit note of the invoice: all of it (refund) or the discount.
        An agent without invoicing rights creates it as the system, and an
        accountant gets an activity to check and post it."""
        invoice = self.invoice_id
        if not invoice:
            raise UserError(self.env._("Choose the customer's invoice to credit."))
        accountant = self.env.user.has_group("account.group_account_invoice")
        Move = (
            self.env["account.move"] if accountant else self.env["account.move"].sudo()
        )
        invoice = invoice.with_env(Move.env)
        if self.kind == "refund":
            credit_note = invoice._reverse_moves(
                [
                    {
                        "ref": self._credit_note_ref(),
                        "crm_care_ticket_id": self.ticket_id.id,
                    }
                ]
            )
        else:
            credit_note = Move.create(self._discount_values(invoice))
        if not accountant:
            self._ask_an_accountant(credit_note)
        return credit_note

    def _credit_note_ref(self):
        return self.env._("Care ticket %(ticket)s", ticket=self.ticket_id.name)

    def _discount_values(self, invoice):
        if self.amount <= 0:
            raise UserError(self.env._("The discount must be above 0."))
        if invoice.currency_id.compare_amounts(self.amount, invoice.amount_untaxed) > 0:
            raise UserError(
                self.env._(
                    "The discount (%(amount)s) cannot exceed the untaxed amount of "
                    "invoice %(invoice)s (%(total)s).",
                    amount=formatLang(
                        self.env, self.amount, currency_obj=invoice.currency_id
                    ),
                    invoice=invoice.name,
                    total=formatLang(
                        self.env,
                        invoice.amount_untaxed,
                        currency_obj=invoice.currency_id,
                    ),
                )
            )
        line = (
            invoice.invoice_line_ids.filtered("product_id")[:1]
            or invoice.invoice_line_ids[:1]
        )
        return {
            "move_type": "out_refund",
            "partner_id": invoice.partner_id.id,
            "company_id": invoice.company_id.id,
            "currency_id": invoice.currency_id.id,
            "journal_id": invoice.journal_id.id,
            "reversed_entry_id": invoice.id,
            "invoice_origin": invoice.name,
            "ref": self._credit_note_ref(),
            "crm_care_ticket_id": self.ticket_id.id,
            "invoice_line_ids": [
                Command.create(
                    {
                        "name": self.reason
                        or self.env._(
                            "Discount granted: care ticket %(ticket)s",
                            ticket=self.ticket_id.name,
                        ),
                        "quantity": 1,
                        "price_unit": self.amount,
                        "account_id": line.account_id.id,
                        "tax_ids": [Command.set(line.tax_ids.ids)],
                    }
                )
            ],
        }

    def _ask_an_accountant(self, credit_note):
        accountant = self.env["res.users"].search(
            [
                ("group_ids", "in", self.env.ref("account.group_account_invoice").ids),
                ("share", "=", False),
                ("company_ids", "in", credit_note.company_id.ids),
                ("id", "!=", self.env.ref("base.user_root").id),
            ],
            order="id",
            limit=1,
        )
        credit_note.sudo().activity_schedule(
            "mail.mail_activity_data_todo",
            user_id=(accountant or self.env.ref("base.user_admin")).id,
            summary=self.env._(
                "Check and post the credit note of care ticket %(ticket)s",
                ticket=self.ticket_id.name,
            ),
        )

    # -- quotations ------------------------------------------------------------------

    def _create_quotation(self):
        """A quotation of the replacement product or of the repair service,
        free under warranty."""
        if not self.product_id:
            raise UserError(self.env._("Choose the product of the quotation."))
        ticket = self.ticket_id
        Order = self.env["sale.order"]
        if not Order.has_access("create"):
            Order = Order.sudo()
        return Order.create(
            {
                "partner_id": ticket.partner_id.id,
                "company_id": ticket.company_id.id,
                "origin": ticket.name,
                "crm_care_ticket_id": ticket.id,
                "user_id": ticket.sale_order_id.user_id.id or self.env.uid,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.product_id.id,
                            "product_uom_qty": 1,
                            "discount": 100.0 if self.free_of_charge else 0.0,
                        }
                    )
                ],
            }
        )
