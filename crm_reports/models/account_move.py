from datetime import timedelta

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.crm_idic.tools import commit_progress, each_isolated


class AccountMove(models.Model):
    _inherit = "account.move"

    @api.model
    def _overdue_candidates(self, company, today):
        """Open posted customer invoices: (overdue, due within N days)."""
        self.env.flush_all()
        soon = today + timedelta(days=company.overdue_alert_days_ahead)
        self.env.cr.execute(
            SQL(
                """
                SELECT id, invoice_date_due < %(today)s
                  FROM account_move
                 WHERE company_id = %(company)s AND state = 'posted'
                   AND move_type = 'out_invoice' AND amount_residual > 0
                   AND invoice_date_due <= %(soon)s
                """,
                company=company.id,
                today=today,
                soon=soon,
            )
        )
        rows = self.env.cr.fetchall()
        overdue = self.browse(row[0] for row in rows if row[1])
        due_soon = self.browse(row[0] for row in rows if not row[1])
        return overdue, due_soon

    @api.model
    def _cron_overdue_alerts(self):
        """Daily: digests of newly overdue and soon-due invoices for accountants and
        salespeople, then customer reminders by level; nothing twice."""
        today = fields.Date.context_today(self)
        Log = self.env["crm.reports.alert.log"]
        for company in self.env["res.company"].search([("id", "!=", False)]):
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
            self._send_reminders(company, overdue, logged, today)
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

    def _digest_body(self, late, soon):
        def table(title, moves):
            if not moves:
                return Markup("")
            rows = Markup("").join(
                Markup("<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>")
                % (
                    move.name,
                    move.partner_id.display_name,
                    move.invoice_date_due,
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

    def action_send_overdue_reminder(self):
        """Send now the reminder level each overdue invoice has reached (once)."""
        today = fields.Date.context_today(self)
        overdue = self.filtered(
            lambda move: move.state == "posted"
            and move.move_type == "out_invoice"
            and move.amount_residual > 0
            and move.invoice_date_due
            and move.invoice_date_due < today
        )
        logs = self.env["crm.reports.alert.log"].search(
            [("move_id", "in", overdue.ids)]
        )
        logged = {(log.move_id.id, log.event, log.level_id.id) for log in logs}
        for company in overdue.company_id:
            mine = overdue.filtered(
                lambda move, company=company: move.company_id == company
            )
            self._send_reminders(company, mine, logged, today)
        return bool(overdue)

    def _send_reminders(self, company, overdue, logged, today):
        levels = self.env["crm.reports.reminder.level"].search(
            [("company_id", "=", company.id)], order="days_overdue desc"
        )
        if not levels:
            return
        Log = self.env["crm.reports.alert.log"]

        def remind(move):
            late = (today - move.invoice_date_due).days
            # Read again after the lock: another worker may have sent it meanwhile.
            sent = Log.search(
                [("move_id", "=", move.id), ("event", "=", "reminder")]
            ).level_id
            reached = levels.filtered(
                lambda level: level.days_overdue <= late
                and (move.id, "reminder", level.id) not in logged
                and level not in sent
            )
            if not reached:
                return
            top = reached[0]
            move.message_post_with_source(
                top.mail_template_id, subtype_xmlid="mail.mt_comment"
            )
            move.commercial_partner_id.message_post(
                body=self.env._(
                    "Reminder %(level)s sent for %(invoice)s (%(days)s days overdue).",
                    level=top.name,
                    invoice=move.name,
                    days=late,
                )
            )
            Log.create(
                [
                    {
                        "move_id": move.id,
                        "event": "reminder",
                        "level_id": level.id,
                        "sent": level == top,
                    }
                    for level in reached
                ]
            )

        each_isolated(overdue, remind, "Customer reminders", commit=True)
