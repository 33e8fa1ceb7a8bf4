"""Statements mailed to customers, one record per customer: a few are rendered and
mailed at once, many in the background by a scheduled action in committed
batches (a PDF takes about a second: hundreds in one request would outlast
Odoo's request time limit and be lost with it)."""

import logging

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import format_datetime

from odoo.addons.crm_idic.tools.cron import batch_size_param, each_isolated

STATEMENT_KINDS = [
    ("outstanding", "Outstanding items at a date"),
    ("activity", "Activity between two dates"),
]

# Up to this many statements are mailed at once (system parameter
# crm_reports.statement_sync_limit); more go to the scheduled action.
SYNC_LIMIT = 10
# Statements rendered between two commits of the scheduled action (system
# parameter crm_reports.statement_batch_size).
BATCH_SIZE = 20

_logger = logging.getLogger(__name__)


class CrmReportsStatementMailing(models.Model):
    """One customer's statement to mail: queued, sent or failed."""

    _name = "crm.reports.statement.mailing"
    _description = "Statement mailing"
    _order = "id desc"
    _check_company_auto = True

    company_id = fields.Many2one("res.company", required=True, index=True)
    partner_id = fields.Many2one(
        "res.partner", "Customer", required=True, index=True, readonly=True
    )
    user_id = fields.Many2one(
        "res.users",
        "Requested by",
        required=True,
        readonly=True,
        default=lambda self: self.env.user,
        help="The mail goes out in this user's name.",
    )
    kind = fields.Selection(STATEMENT_KINDS, "Statement", required=True, readonly=True)
    date_from = fields.Date("From", readonly=True)
    date_to = fields.Date("At", required=True, readonly=True)
    state = fields.Selection(
        [("queued", "Queued"), ("sent", "Sent"), ("failed", "Failed")],
        required=True,
        default="queued",
        readonly=True,
        index=True,
    )
    sent_date = fields.Datetime("Sent on", readonly=True)
    error = fields.Text(
        "Why it failed",
        readonly=True,
        help="What stopped the statement, as its requester would have been told.",
    )
    message_id = fields.Many2one("mail.message", readonly=True)

    def _statement_values(self):
        self.ensure_one()
        return {
            "company_id": self.company_id.id,
            "partner_ids": [fields.Command.set(self.partner_id.ids)],
            "kind": self.kind,
            "date_from": self.date_from,
            "date_to": self.date_to,
        }

    def _send(self):
        """Render and mail this customer's statement, in the requester's name
        and company (a scheduled action runs as the system)."""
        self.ensure_one()
        mailing = (
            self.with_user(self.user_id)
            .with_company(self.company_id)
            .with_context(lang=self.user_id.lang)
        )
        statement = mailing.env["crm.reports.statement"].create(
            self._statement_values()
        )
        message = statement._mail_statement(mailing.partner_id)
        self.write(
            {
                "state": "sent",
                "sent_date": fields.Datetime.now(),
                "message_id": message.id,
                "error": False,
            }
        )

    def _send_or_explain(self):
        """Mail this statement; when what stops it is something its requester
        can act on (rights, the customer's data, the PDF engine), mark it failed
        with that reason, in the requester's language."""
        try:
            with self.env.cr.savepoint():
                self._send()
        except UserError as error:
            _logger.warning("Statement mailing %s failed: %s", self.id, error)
            self.write({"state": "failed", "error": str(error.args[0])})

    def _send_all(self, commit=False):
        """Mail these statements, each on its own; a failed one is marked so
        and the others go on (with ``commit``, in committed batches).

        :return: the failed mailings
        """
        batch_size = batch_size_param(
            self.env, "crm_reports.statement_batch_size", BATCH_SIZE
        )
        unexpected = each_isolated(
            self,
            lambda mailing: mailing._send_or_explain(),
            "Statement mailing",
            commit=commit,
            batch_size=batch_size,
        )
        unexpected.write(
            {
                "state": "failed",
                "error": self.env._(
                    "An unexpected error: the server log has its details."
                ),
            }
        )
        return self.filtered(lambda mailing: mailing.state == "failed")

    def _queue(self):
        """Mail a few at once; leave many to the scheduled action, started now.

        :return: the failed mailings (none when left to the scheduled action)
        """
        limit = batch_size_param(
            self.env, "crm_reports.statement_sync_limit", SYNC_LIMIT
        )
        if len(self) <= limit:
            return self._send_all()
        self.env.ref("crm_reports.ir_cron_statement_mailing")._trigger()
        return self.browse()

    def _cron_send_statements(self):
        """Mail the queued statements, oldest first, in committed batches: a run
        stopped half-way keeps what it sent, the next goes on from there."""
        queued = self.search([("state", "=", "queued")], order="id")
        queued._send_all(commit=True)

    def action_retry(self):
        """Queue the failed ones again (the scheduled action mails them)."""
        failed = self.filtered(lambda mailing: mailing.state == "failed")
        failed.write({"state": "queued"})
        if failed:
            self.env.ref("crm_reports.ir_cron_statement_mailing")._trigger()
        return True

    def _compute_display_name(self):
        for mailing in self:
            mailing.display_name = " – ".join(
                part
                for part in (
                    mailing.partner_id.name,
                    mailing.create_date
                    and format_datetime(mailing.env, mailing.create_date),
                )
                if part
            )
