from collections import defaultdict

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

from odoo.addons.crm_idic.tools.relations import owner

ACTIVITY_TYPES = {
    "phone": "mail.mail_activity_data_call",
    "activity": "mail.mail_activity_data_todo",
}


class CrmReportsDunningLine(models.Model):
    """One customer of a reminder run: the level proposed for it, the open items
    it lists, and what the accountant decided (another level, excluded, a note)."""

    _name = "crm.reports.dunning.line"
    _description = "Reminder run line"
    _order = "run_id desc, days_overdue desc, id"
    _check_company_auto = True

    run_id = owner("crm.reports.dunning.run")
    company_id = fields.Many2one("res.company", required=True, index=True)
    date = fields.Date(related="run_id.date")
    run_state = fields.Selection(related="run_id.state", string="Run status")
    partner_id = fields.Many2one(
        "res.partner", "Customer", required=True, index=True, readonly=True
    )
    user_id = fields.Many2one(
        related="partner_id.user_id", string="Salesperson", readonly=True
    )
    policy_id = fields.Many2one(
        "crm.reports.credit.policy", readonly=True, check_company=True
    )
    level_id = fields.Many2one(
        "crm.reports.reminder.level",
        required=True,
        domain="[('policy_id', '=', policy_id)]",
        check_company=True,
    )
    channel = fields.Selection(related="level_id.channel", store=True)
    days_overdue = fields.Integer(
        "Days overdue",
        readonly=True,
        aggregator="max",
        help="Of the customer's oldest open installment (negative: days before its "
        "due date).",
    )
    oldest_line_id = fields.Many2one(
        "account.move.line", "Oldest item", readonly=True, ondelete="set null"
    )
    item_ids = fields.Many2many(
        "account.move.line",
        "crm_reports_dunning_line_item_rel",
        "line_id",
        "move_line_id",
        "Items",
        readonly=True,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount_due = fields.Monetary(
        "Amount",
        readonly=True,
        help="Open amount of the items listed, less the customer's open credits "
        "(credit notes and payments not yet matched), listed too.",
    )
    excluded = fields.Boolean(help="Nothing is sent to this customer by this run.")
    note = fields.Text(help="Added to the letter and the activity.")
    done = fields.Boolean("Sent", readonly=True)
    fee_move_id = fields.Many2one("account.move", "Fee invoice", readonly=True)
    log_ids = fields.One2many("crm.reports.alert.log", "dunning_line_id", "History")

    @api.depends("partner_id", "level_id")
    def _compute_display_name(self):
        for line in self:
            line.display_name = f"{line.partner_id.name} — {line.level_id.name}"

    def write(self, vals):
        if set(vals) - {"done", "fee_move_id"} and any(
            line.run_id.state == "done" for line in self
        ):
            raise UserError(self.env._("The lines of a validated run cannot change."))
        return super().write(vals)

    # -- sending ---------------------------------------------------------------------

    def _send(self):
        """This customer's reminder by the level's channel, its fee and its
        history (each item at this level), all or nothing."""
        self.ensure_one()
        if self.channel == "email":
            self._send_email()
        elif self.channel in ACTIVITY_TYPES:
            self._schedule_activity()
        if self.channel != "email":
            self.partner_id._collections_post(body=self._summary())
        if self.level_id.fee_product_id:
            self.fee_move_id = self._fee_invoice()
        self._record_history()
        self.done = True

    def _recipients(self):
        """Where the reminder goes: the customer's invoicing contacts, else it."""
        return self.partner_id._invoice_contacts()

    def _send_email(self):
        template = self.level_id.mail_template_id
        rendered = template._generate_template(self.ids, ("subject", "body_html"))[
            self.id
        ]
        self.partner_id.with_context(mail_notify_force_send=False)._collections_post(
            subject=rendered.get("subject"),
            body=rendered.get("body_html"),
            partner_ids=self._recipients().ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            attachments=self._invoice_pdfs() if self.level_id.join_invoices else [],
        )

    def _invoice_pdfs(self):
        """``[(file name, PDF)]`` of the invoices listed: the PDF sent to the
        customer when Odoo kept one, else the invoice printed with the
        customer's invoice layout (one document a call: the wkhtmltopdf of
        Debian refuses several)."""
        Report = self.env["ir.actions.report"].sudo()
        pdfs = []
        invoices = self._reminded_items().move_id.sorted("name")
        for invoice in invoices.sudo():
            if stored := invoice.invoice_pdf_report_id:
                pdfs.append((stored.name, stored.raw))
                continue
            report = self.env["account.move.send"]._get_default_pdf_report_id(invoice)
            content, _kind = Report._render_qweb_pdf(report, invoice.ids)
            pdfs.append((invoice._get_invoice_report_filename(report=report), content))
        return pdfs

    def _schedule_activity(self):
        salesperson = self.partner_id.user_id
        user = salesperson if salesperson and not salesperson.share else self.env.user
        # In the assignee's language (the daily run is the scheduler's).
        in_lang = self.with_context(lang=user.lang)
        self.partner_id._collections_activity(
            ACTIVITY_TYPES[self.channel],
            date_deadline=self.run_id.date,
            summary=in_lang.env._(
                "Reminder %(level)s: %(amount)s open",
                level=in_lang.level_id.name,
                amount=in_lang._amount_due_text(),
            ),
            note=in_lang._items_html(),
            user_id=user.id,
        )

    def _summary(self):
        channels = dict(self._fields["channel"]._description_selection(self.env))
        return Markup("<p>%s</p>%s") % (
            self.env._(
                "Reminder %(level)s (%(channel)s): %(count)s items, %(amount)s, "
                "%(days)s days overdue.",
                level=self.level_id.name,
                channel=channels[self.channel],
                count=len(self._reminded_items()),
                amount=self._amount_due_text(),
                days=self.days_overdue,
            ),
            self._items_html(),
        )

    def _items_html(self):
        rows = Markup("").join(
            Markup("<li>%s — %s — %s</li>")
            % (
                item.move_id.name,
                format_date(self.env, item.date_maturity),
                escape(item.currency_id.format(item.amount_residual_currency)),
            )
            for item in self.item_ids.sorted("date_maturity")
        )
        note = Markup("<p>%s</p>") % self.note if self.note else Markup("")
        return Markup("<ul>%s</ul>%s") % (rows, note)

    def _amount_due_text(self):
        """What the customer is asked for, in the currencies it owes: the
        amount due when every item listed is in the company's currency; else
        each currency's open amount (a customer invoiced in dollars owes
        dollars, not their worth in the company's currency at the invoices'
        rates)."""
        self.ensure_one()
        owed = defaultdict(float)
        for item in self.item_ids:
            owed[item.currency_id] += item.amount_residual_currency
        if set(owed) <= {self.currency_id}:
            return self.currency_id.format(self.amount_due)
        text = ""
        for currency in sorted(owed, key=lambda currency: currency.name):
            amount = owed[currency]
            if currency.is_zero(amount):
                continue
            sign = (" − " if amount < 0 else " + ") if text else ""
            text += sign + currency.format(abs(amount) if text else amount)
        return text

    def _item_url(self, item):
        """The page of an item's invoice or credit note on the customer's
        portal, with its access token (a link that opens without an account):
        to read, download or pay it online. A payment has no such page: no
        link (False: no ``href``)."""
        move = item.move_id
        if not move.is_invoice(include_receipts=True):
            return False
        return move.get_base_url() + move.get_portal_url()

    def _reminded_items(self):
        """The installments reminded (the items listed but the open credits)."""
        return self.item_ids.filtered(lambda item: item.balance > 0)

    def _fee_invoice(self):
        """The level's fee: a separate draft invoice, for the accountant to post."""
        return self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "company_id": self.company_id.id,
                "partner_id": self.partner_id.id,
                "invoice_origin": self.run_id.display_name,
                "invoice_line_ids": [
                    fields.Command.create(
                        {"product_id": self.level_id.fee_product_id.id, "quantity": 1}
                    )
                ],
            }
        )

    def _record_history(self):
        """Each listed item records the level it was sent at (once). The history
        is written for the accountant, who reads it and does not edit it."""
        Log = self.env["crm.reports.alert.log"].sudo()
        items = self._reminded_items()
        known = Log.search(
            [
                ("move_line_id", "in", items.ids),
                ("level_id", "=", self.level_id.id),
                ("event", "=", "reminder"),
            ]
        ).move_line_id
        Log.create(
            [
                {
                    "move_id": item.move_id.id,
                    "move_line_id": item.id,
                    "event": "reminder",
                    "level_id": self.level_id.id,
                    "dunning_line_id": self.id,
                }
                for item in items - known
            ]
        )
