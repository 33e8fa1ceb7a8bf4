from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, format_date

from odoo.addons.crm_idic.tools.display import CLOSE, notification

from ..models.crm_reports_statement_mailing import STATEMENT_KINDS

STATEMENT_REPORT = "crm_reports.action_report_statement"


class CrmReportsStatement(models.TransientModel):
    """Customer statements: the items open at a date with their aging
    (outstanding), or the receivable's movements between two dates with the
    opening and closing balances (activity); printed, or mailed to each
    customer's invoicing contacts through the mail queue."""

    _name = "crm.reports.statement"
    _description = "Customer statement"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_ids = fields.Many2many("res.partner", string="Customers", required=True)
    kind = fields.Selection(
        STATEMENT_KINDS,
        "Statement",
        required=True,
        default="outstanding",
    )
    date_from = fields.Date(
        "From", default=lambda self: fields.Date.context_today(self).replace(day=1)
    )
    date_to = fields.Date("At", required=True, default=fields.Date.context_today)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "res.partner":
            partners = self.env["res.partner"].browse(
                self.env.context.get("active_ids", [])
            )
            values["partner_ids"] = [
                fields.Command.set(partners.commercial_partner_id.ids)
            ]
        return values

    def _check_dates(self):
        self.ensure_one()
        if self.date_to > fields.Date.context_today(self):
            raise UserError(self.env._("A statement cannot be dated in the future."))
        if self.kind == "activity" and (
            not self.date_from or self.date_from > self.date_to
        ):
            raise UserError(
                self.env._("An activity statement starts on or before its end.")
            )

    # -- what the statement says -----------------------------------------------------

    def _statement(self, partner):
        """The figures of one customer's statement (for the report)."""
        self.ensure_one()
        if self.kind == "outstanding":
            Aging = self.env["crm.reports.receivable.aging"]
            items = Aging._open_items_at(self.date_to, self.company_id.id, partner.id)
            [aging] = Aging.get_aging(
                self.date_to, self.company_id.id, partner_ids=[partner.id]
            ) or [{}]
            return {
                "items": items,
                "aging": aging,
                "labels": self._labels(),
                "foreign": self._in_other_currency(item[0] for item in items),
            }
        opening, lines = self._activity(partner)
        closing = opening + sum(line.balance for line in lines)
        return {
            "opening": opening,
            "lines": lines,
            "closing": closing,
            "foreign": self._in_other_currency(lines),
        }

    def _in_other_currency(self, lines):
        """Whether any of the journal items is in another currency than the
        company's (the statement then shows their own amounts beside)."""
        return any(line.currency_id != self.currency_id for line in lines)

    def _labels(self):
        return self.env["crm.reports.receivable.aging"]._bucket_labels(self.company_id)

    def _activity(self, partner):
        """(balance before ``date_from``, receivable items from ``date_from`` to
        ``date_to`` by date) of the customer in the company."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT COALESCE(sum(aml.balance), 0)
                  FROM account_move_line aml
                  JOIN account_account acc ON acc.id = aml.account_id
                 WHERE aml.company_id = %s AND aml.partner_id = %s
                   AND aml.parent_state = 'posted'
                   AND acc.account_type = 'asset_receivable' AND aml.date < %s
                """,
                self.company_id.id,
                partner.id,
                self.date_from,
            )
        )
        opening = self.env.cr.fetchone()[0]
        lines = self.env["account.move.line"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("partner_id", "=", partner.id),
                ("parent_state", "=", "posted"),
                ("account_id.account_type", "=", "asset_receivable"),
                ("date", ">=", self.date_from),
                ("date", "<=", self.date_to),
            ],
            order="date, id",
        )
        return opening, lines

    # -- actions ---------------------------------------------------------------------

    def action_print(self):
        self.ensure_one()
        self._check_dates()
        return self.env.ref(STATEMENT_REPORT).report_action(self)

    def action_send(self):
        """One mail per customer with its statement as PDF, to its invoicing
        contacts (else the customer), through the mail queue: a few rendered at
        once, many in the background (Invoicing › Customers › Statements mailed)."""
        self.ensure_one()
        self._check_dates()
        Mailing = self.env["crm.reports.statement.mailing"]  # noqa: N806
        mailings = Mailing.create(
            [
                {
                    "company_id": self.company_id.id,
                    "partner_id": partner.id,
                    "kind": self.kind,
                    "date_from": self.date_from,
                    "date_to": self.date_to,
                }
                for partner in self.partner_ids
            ]
        )
        failed = mailings._queue()
        if failed:
            return notification(
                self.env._(
                    "%(count)s of %(total)s statements could not be prepared: see "
                    "Invoicing › Customers › Statements mailed, and retry them there.",
                    count=len(failed),
                    total=len(mailings),
                ),
                kind="warning",
                then=CLOSE,
            )
        if any(mailing.state == "queued" for mailing in mailings):
            message = self.env._(
                "%(count)s statements are being prepared in the background and "
                "mailed as they are ready: follow them in Invoicing › Customers › "
                "Statements mailed.",
                count=len(mailings),
            )
        else:
            message = self.env._(
                "%(count)s statements queued for sending.", count=len(mailings)
            )
        return notification(message, then=CLOSE)

    def _mail_statement(self, partner):
        """Post the customer's statement (PDF) on its chatter, to its invoicing
        contacts, in the customer's language.

        :return: the message
        """
        self.ensure_one()
        Report = self.env["ir.actions.report"]  # noqa: N806
        # In the customer's language: the mail and its file are theirs.
        customer_env = self.with_context(lang=partner.lang).env
        pdf, _type = Report.with_env(customer_env)._render_qweb_pdf(
            STATEMENT_REPORT, self.ids
        )
        name = customer_env._(
            "Statement %(customer)s %(date)s.pdf",
            customer=partner.name,
            date=self.date_to,
        )
        return partner._collections_post(
            subject=customer_env._(
                "%(company)s: your statement at %(date)s",
                company=self.company_id.name,
                date=format_date(customer_env, self.date_to),
            ),
            body=Markup("<p>%s</p>")
            % customer_env._("Please find your statement of account attached."),
            attachments=[(name, pdf)],
            partner_ids=partner._invoice_contacts().ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
