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


class AccountMove(models.Model):
    _inherit = "account.move"

    credit_dispute_reason = fields.Char(
        "Disputed",
        copy=False,
        tracking=True,
        help="What the customer disputes: the invoice is out of every reminder "
        "until the dispute is cleared.",
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
        salespeople, then customer reminders by level; nothing twice."""
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
            # Reminders: the overdue invoices, and those due within the days of a
            # level that acts before the due date.
            ahead = self._reminder_days_ahead(company)
            upcoming = (
                self._overdue_candidates(company, today, ahead)[1]
                if ahead
                else self.browse()
            )
            self._send_reminders(company, overdue | upcoming, logged, today)
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

    def action_send_overdue_reminder(self):
        """Send now the reminder level each overdue invoice has reached (once)."""
        today = fields.Date.context_today(self)
        late = self._days_late(today)
        overdue = self.filtered(lambda move: move.id in late)
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

    def _remindable(self, company, today):
        """These invoices but the disputed ones (Odoo's ``no_followup``) and those
        of customers excluded from reminders or holding a promise to pay not yet
        due (read in ``company``)."""
        partners = self.commercial_partner_id.with_company(company)
        held = partners.filtered(
            lambda partner: partner.credit_exclude_reminders
            or (partner.credit_promise_date and partner.credit_promise_date >= today)
        )
        return self.filtered(
            lambda move: not move.no_followup and move.commercial_partner_id not in held
        )

    def action_dispute(self):
        """The dialog that marks this invoice disputed (with a reason)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Mark as disputed"),
            "res_model": "crm.reports.dispute",
            "view_mode": "form",
            "target": "new",
            "context": {"default_move_id": self.id},
        }

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

    def _days_late(self, today, ahead=0):
        """``{invoice id: days since its oldest open installment's due date}`` of
        these invoices with an installment overdue on ``today`` — or, with
        ``ahead``, due within that many days (then negative: days before)."""
        late = {}
        # Due before: today (overdue), or the day after the last day ahead.
        due_before = today + timedelta(days=ahead + 1) if ahead else today
        self.env.flush_all()
        for company in self.company_id:
            self.env.cr.execute(
                SQL(
                    "SELECT move_id, %s - min(date_maturity) FROM (%s) items "
                    "GROUP BY move_id",
                    today,
                    open_installments_sql(company.id, due_before, move_ids=self.ids),
                )
            )
            late.update(self.env.cr.fetchall())
        return late

    @api.model
    def _reminder_days_ahead(self, company):
        """How many days before the due date the company's earliest reminder
        level acts (0: none acts before)."""
        days = (
            self.env["crm.reports.reminder.level"]
            .search([("company_id", "=", company.id)], order="days_overdue", limit=1)
            .days_overdue
        )
        return max(0, -days)

    def _send_reminders(self, company, overdue, logged, today):
        """The reminder each invoice has reached, once; a level with negative
        days acts that many days before the due date (a friendly notice)."""
        levels = self.env["crm.reports.reminder.level"].search(
            [("company_id", "=", company.id)], order="days_overdue desc"
        )
        overdue = overdue._remindable(company, today)
        if not levels or not overdue:
            return
        Log = self.env["crm.reports.alert.log"]
        days_late = overdue._days_late(today, self._reminder_days_ahead(company))
        overdue = overdue.filtered(lambda move: move.id in days_late)

        def remind(move):
            late = days_late.get(move.id, 0)
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
