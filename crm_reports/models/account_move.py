from datetime import timedelta

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from odoo.addons.crm_idic.tools import (
    commit_progress,
    company_tz,
    each_isolated,
    local_today,
)
from odoo.addons.crm_idic.tools.receivables import (
    open_installments_sql,
)
from odoo.addons.crm_idic.tools.records import dialog_action


class AccountMove(models.Model):
    _inherit = "account.move"

    credit_dispute_reason = fields.Char(
        "Disputed",
        copy=False,
        tracking=True,
        help="What the customer disputes: the invoice is out of every reminder "
        "until the dispute is cleared.",
    )
    crm_reminder_log_ids = fields.One2many(
        "crm.reports.alert.log",
        "move_id",
        "Reminders sent",
        domain=[("event", "=", "reminder")],
    )

    @api.model
    def _overdue_candidates(self, company, today, days_ahead=None):
        """Open posted customer invoices: (overdue: an installment is past its own
        due date; due within N days — the company's alert days unless
        ``days_ahead`` — the next one falls due by then)."""
        self.env.flush_all()
        if days_ahead is None:
            days_ahead = company.overdue_alert_days_ahead
        soon = today + timedelta(days=days_ahead)
        self.env.cr.execute(
            SQL(
                """
                SELECT move_id, min(date_maturity) < %(today)s
                  FROM (%(installments)s) items
                 GROUP BY move_id
                """,
                today=today,
                installments=open_installments_sql(
                    company.id, soon + timedelta(days=1)
                ),
            )
        )
        rows = self.env.cr.fetchall()
        overdue = self.browse(row[0] for row in rows if row[1])
        due_soon = self.browse(row[0] for row in rows if not row[1])
        return overdue, due_soon

    @api.model
    def _cron_overdue_alerts(self):
        """Daily: digests of newly overdue and soon-due invoices for accountants and
        salespeople, then the automatic reminder runs; nothing twice."""
        Log = self.env["crm.reports.alert.log"]
        for company in self.env["res.company"].search([("id", "!=", False)]):
            today = local_today(company_tz(company))
            overdue, due_soon = self.with_company(company)._overdue_candidates(
                company, today
            )
            done = Log.search([("move_id", "in", (overdue | due_soon).ids)])
            logged = {(log.move_id.id, log.event, log.level_id.id) for log in done}
            new_overdue = overdue.browse(
                [m.id for m in overdue if (m.id, "overdue", False) not in logged]
            )
            new_soon = due_soon.browse(
                [m.id for m in due_soon if (m.id, "due_soon", False) not in logged]
            )
            if new_overdue or new_soon:
                self._send_digests(company, new_overdue, new_soon)
                Log.create(
                    [{"move_id": m.id, "event": "overdue"} for m in new_overdue]
                    + [{"move_id": m.id, "event": "due_soon"} for m in new_soon]
                )
            # Digests and their log in one transaction per company.
            commit_progress(self.env)
            # Reminders: the company's automatic run of the day, if its policies
            # have automatic runs (else the accountant runs and reviews them).
            self.env["crm.reports.dunning.run"].with_company(
                company
            )._cron_automatic_runs(company)
        return True

    def _send_digests(self, company, overdue, due_soon):
        accountants = self.env.ref(
            "account.group_account_manager"
        ).all_user_ids.filtered(
            lambda user: company in user.company_ids and not user.share
        )
        recipients = {user: (overdue, due_soon) for user in accountants}
        for user in (overdue | due_soon).invoice_user_id:
            mine = lambda moves, user=user: moves.filtered(  # noqa: E731
                lambda move: move.invoice_user_id == user
            )
            if user in recipients:
                continue
            recipients[user] = (mine(overdue), mine(due_soon))

        def send(user):
            late, soon = recipients[user]
            if not (late or soon):
                return
            in_lang = self.with_context(lang=user.lang)
            self.env["mail.thread"].message_notify(
                partner_ids=user.partner_id.ids,
                subject=in_lang.env._(
                    "Receivables: %(late)s newly overdue, %(soon)s due soon",
                    late=len(late),
                    soon=len(soon),
                ),
                body=in_lang._digest_body(late, soon),
                model_description=in_lang.env._("Receivables digest"),
            )

        each_isolated(
            self.env["res.users"].union(*recipients), send, "Receivables digests"
        )

    def _crm_first_open_due(self):
        """The due date of the invoice's first open installment (its own, as the
        aging counts it), else the invoice's due date."""
        self.ensure_one()
        open_lines = self.line_ids.filtered(
            lambda line: line.display_type == "payment_term"
            and not line.currency_id.is_zero(line.amount_residual_currency)
        )
        return min(open_lines.mapped("date_maturity"), default=self.invoice_date_due)

    def _digest_body(self, late, soon):
        def table(title, moves):
            if not moves:
                return Markup("")
            rows = Markup("").join(
                Markup("<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>")
                % (
                    move.name,
                    move.partner_id.display_name,
                    move._crm_first_open_due(),
                    escape(move.currency_id.format(move.amount_residual)),
                )
                for move in moves
            )
            return Markup("<p><b>%s</b></p><table class='table'>%s</table>") % (
                title,
                rows,
            )

        return table(self.env._("Newly overdue"), late) + table(
            self.env._("Due soon"), soon
        )

    def action_dispute(self):
        """The dialog that marks this invoice disputed (with a reason)."""
        self.ensure_one()
        return dialog_action(
            "crm.reports.dispute",
            {"default_move_id": self.id},
            name=self.env._("Mark as disputed"),
        )

    def _mark_disputed(self, reason):
        """Disputed: out of every reminder (Odoo's ``no_followup`` on the invoice
        and its journal items) until cleared; the reason is kept and logged."""
        self.ensure_one()
        if not (reason or "").strip():
            raise UserError(self.env._("Say what the customer disputes."))
        self.write({"no_followup": True, "credit_dispute_reason": reason.strip()})
        self.message_post(
            body=self.env._("Disputed: %(reason)s", reason=reason.strip())
        )

    def action_clear_dispute(self):
        for move in self.filtered("credit_dispute_reason"):
            move.write({"no_followup": False, "credit_dispute_reason": False})
            move.message_post(body=self.env._("Dispute cleared."))
        return True
