from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, format_date

from odoo.addons.crm_idic.tools import commit_progress, company_tz, local_today
from odoo.addons.crm_idic.tools.cron import each_isolated
from odoo.addons.crm_idic.tools.display import notification
from odoo.addons.crm_idic.tools.receivables import (
    open_credits_sql,
    open_installments_sql,
)
from odoo.addons.crm_idic.tools.records import list_action

LETTER_REPORT = "crm_reports.action_report_dunning_letter"


class CrmReportsDunningRun(models.Model):
    """A reminder run: at a date, each customer due a new level of its policy
    (by its oldest open installment) gets one line, which the accountant reviews
    and validates: mails, letters, calls and fees go out per customer."""

    _name = "crm.reports.dunning.run"
    _inherit = ["mail.thread"]
    _description = "Reminder run"
    _order = "date desc, id desc"
    _check_company_auto = True

    date = fields.Date(
        required=True,
        default=fields.Date.context_today,
        tracking=True,
        help="The day the overdue days are counted at.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    state = fields.Selection(
        [("draft", "To review"), ("done", "Validated")],
        default="draft",
        required=True,
        tracking=True,
    )
    automatic = fields.Boolean(readonly=True, help="Made by the daily action.")
    partner_ids = fields.Many2many(
        "res.partner",
        string="Only these customers",
        help="Empty: every customer due a new level.",
    )
    line_ids = fields.One2many("crm.reports.dunning.line", "run_id", "Customers")
    line_count = fields.Integer(compute="_compute_counts")
    letter_count = fields.Integer(compute="_compute_counts")
    validated_by_id = fields.Many2one("res.users", "Validated by", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount_due = fields.Monetary(compute="_compute_counts", string="Amount due")

    @api.depends("line_ids.excluded", "line_ids.channel", "line_ids.amount_due")
    def _compute_counts(self):
        for run in self:
            lines = run.line_ids.filtered(lambda line: not line.excluded)
            run.line_count = len(lines)
            run.letter_count = len(
                lines.filtered(lambda line: line.channel == "letter")
            )
            run.amount_due = sum(lines.mapped("amount_due"))

    @api.depends("date")
    @api.depends_context("lang")
    def _compute_display_name(self):
        for run in self:
            run.display_name = self.env._(
                "Reminders of %(date)s", date=format_date(self.env, run.date)
            )

    @api.constrains("date")
    def _check_date(self):
        for run in self:
            # The user's today, or the company's for the daily action.
            today = max(
                fields.Date.context_today(run), local_today(company_tz(run.company_id))
            )
            if run.date > today:
                raise ValidationError(
                    self.env._("A reminder run cannot be dated in the future.")
                )

    # -- proposing -------------------------------------------------------------------

    def action_compute(self):
        """Propose the lines again: one per customer due a new level; a run that
        finds none says why."""
        for run in self:
            run._check_draft()
            run.line_ids.unlink()
            run._propose_lines()
        if len(self) == 1 and not self.line_ids:
            return notification(self._nothing_due_words(), "info")
        return True

    def _nothing_due_words(self):
        """Why the run proposes nobody: no customer due a new level, or those
        due wait in the company's other runs to review."""
        waiting = self.search(
            [
                ("company_id", "=", self.company_id.id),
                ("state", "=", "draft"),
                ("id", "!=", self.id),
                ("line_ids", "!=", False),
            ]
        )
        if not waiting:
            return self.env._("No customer is due a new reminder.")
        return self.env._(
            "No other customer is due a new reminder: %(count)s wait in %(runs)s, "
            "to review.",
            count=len(waiting.line_ids.partner_id),
            runs=", ".join(waiting.mapped("display_name")),
        )

    def _check_draft(self):
        if self.state != "draft":
            raise UserError(self.env._("This run is validated already."))

    def _propose_lines(self):
        """Insert, set-based, a line per customer whose oldest open installment
        has reached a level of its policy not yet sent for that installment (the
        next one after the last sent), with the items the level lists."""
        self.ensure_one()
        self.env.flush_all()
        self.env.cr.execute(self._proposal_sql())
        self.env["crm.reports.dunning.line"].invalidate_model()
        self.invalidate_recordset(["line_ids"])

    def _days_ahead(self):
        """How many days before the due date the company's earliest level acts."""
        first = self.env["crm.reports.reminder.level"].search(
            [("company_id", "=", self.company_id.id), ("policy_id.active", "=", True)],
            order="days_overdue",
            limit=1,
        )
        return max(0, -first.days_overdue)

    def _proposal_sql(self):
        """The statement that inserts the run's lines and their items."""
        company = self.company_id
        return SQL(
            """
            WITH %(proposals)s
            ), %(insert)s""",
            proposals=self._proposal_ctes_sql(),
            insert=SQL(
                """new_lines AS (
                    INSERT INTO crm_reports_dunning_line
                           (run_id, company_id, partner_id, policy_id, level_id,
                            channel, days_overdue, oldest_line_id, amount_due,
                            excluded, done,
                            create_uid, write_uid, create_date, write_date)
                    SELECT %(run)s, %(company)s, proposals.partner_id,
                           proposals.policy_id, proposals.level_id, level.channel,
                           proposals.days, proposals.oldest_line,
                           totals.amount, false, false, %(uid)s, %(uid)s,
                           now() at time zone 'UTC', now() at time zone 'UTC'
                      FROM proposals
                      JOIN crm_reports_reminder_level level
                        ON level.id = proposals.level_id
                      LEFT JOIN totals ON totals.partner_id = proposals.partner_id
                     WHERE totals.amount IS NULL OR totals.amount > 0
                 RETURNING id, partner_id
                )
                INSERT INTO crm_reports_dunning_line_item_rel (line_id, move_line_id)
                SELECT new_lines.id, listed.line_id
                  FROM new_lines
                  JOIN (SELECT partner_id, line_id FROM listing
                        UNION ALL
                        SELECT partner_id, line_id FROM credit_listing) listed
                    ON listed.partner_id = new_lines.partner_id
                """,
                run=self.id,
                company=company.id,
                uid=self.env.uid,
            ),
        )

    def _proposal_ctes_sql(self):
        """The CTEs ``items`` (the open installments not disputed), ``proposals``
        (per customer due a new level: its policy, days overdue, oldest item and
        level), ``listing`` (the items each level lists), ``credit_listing``
        (the customer's open credits, listed too) and ``totals`` (what is
        listed less the credits: a customer whose credits cover it gets no
        reminder)."""
        company = self.company_id
        return SQL(
            """
            items AS (
                SELECT i.line_id, i.move_id, i.partner_id, i.date_maturity, i.residual
                  FROM (%(installments)s) i
                  JOIN account_move_line aml ON aml.id = i.line_id
                 WHERE aml.no_followup IS NOT TRUE
            ), customers AS (
                SELECT partner_id, min(date_maturity) AS oldest_due,
                       (array_agg(line_id ORDER BY date_maturity, line_id))[1]
                           AS oldest_line
                  FROM items
                 GROUP BY partner_id
            ), candidates AS (
                SELECT c.partner_id, c.oldest_line, %(date)s - c.oldest_due AS days,
                       COALESCE((p.credit_policy_id ->> %(key)s)::int, %(default)s)
                           AS policy_id
                  FROM customers c
                  JOIN res_partner p ON p.id = c.partner_id
                 WHERE (p.credit_exclude_reminders ->> %(key)s)::boolean IS NOT TRUE
                   AND COALESCE((p.credit_promise_date ->> %(key)s)::date
                                < %(date)s, true)
                   AND NOT EXISTS (
                        SELECT 1
                          FROM crm_reports_dunning_line other
                          JOIN crm_reports_dunning_run r ON r.id = other.run_id
                         WHERE other.partner_id = c.partner_id AND r.state = 'draft'
                           AND r.company_id = %(company)s AND r.id != %(run)s)
            ), proposals AS (
                SELECT c.partner_id, c.policy_id, c.days, c.oldest_line,
                       next.id AS level_id
                  FROM candidates c
                  JOIN crm_reports_credit_policy policy
                    ON policy.id = c.policy_id AND policy.active
                   AND policy.company_id = %(company)s
                   AND (policy.automatic OR NOT %(automatic)s)
                  LEFT JOIN LATERAL (
                        SELECT max(level.days_overdue) AS days
                          FROM crm_reports_alert_log log
                          JOIN crm_reports_reminder_level level
                            ON level.id = log.level_id
                         WHERE log.move_line_id = c.oldest_line
                           AND log.event = 'reminder'
                       ) AS last ON true
                  JOIN LATERAL (
                        SELECT level.id
                          FROM crm_reports_reminder_level level
                         WHERE level.policy_id = c.policy_id
                           AND level.days_overdue <= c.days
                           AND level.days_overdue > COALESCE(last.days, -100000)
                           AND (level.days_overdue >= 0 OR c.days < 0)
                         ORDER BY level.days_overdue
                         LIMIT 1
                       ) AS next ON true
            ), listing AS (
                SELECT proposals.partner_id, items.line_id, items.residual
                  FROM proposals
                  JOIN crm_reports_reminder_level level
                    ON level.id = proposals.level_id
                  JOIN items ON items.partner_id = proposals.partner_id
                 WHERE items.date_maturity < %(date)s + CASE
                           WHEN level.days_overdue < 0 THEN 1 - level.days_overdue
                           ELSE 0 END
            ), credits AS (
                %(credits)s
            ), credit_listing AS (
                SELECT credits.partner_id, credits.line_id, credits.residual
                  FROM proposals
                  JOIN credits ON credits.partner_id = proposals.partner_id
            ), totals AS (
                SELECT partner_id, sum(residual) AS amount
                  FROM (SELECT partner_id, residual FROM listing
                        UNION ALL
                        SELECT partner_id, residual FROM credit_listing) owed
                 GROUP BY partner_id
""",
            installments=open_installments_sql(
                company.id,
                self.date + timedelta(days=self._days_ahead() + 1),
                self.partner_ids.commercial_partner_id.ids or None,
            ),
            credits=open_credits_sql(
                company.id, self.date, self.partner_ids.commercial_partner_id.ids
            ),
            date=self.date,
            key=str(company.id),
            default=company.credit_policy_id.id or None,
            company=company.id,
            run=self.id,
            automatic=self.automatic,
        )

    # -- validating ------------------------------------------------------------------

    def action_validate(self):
        """Send what the lines say: one mail per customer, activities for calls,
        fees as draft invoices; the letters are printed as one PDF."""
        self.ensure_one()
        self._check_draft()
        if not self.line_ids and not self.automatic:
            raise UserError(
                self.env._(
                    "%(why)s This run has nothing to send: compute it again later, "
                    "or delete it.",
                    why=self._nothing_due_words(),
                )
            )
        lines = self.line_ids.filtered(lambda line: not line.excluded and not line.done)
        # A run killed half-way goes on with the lines not done (each committed).
        failed = each_isolated(
            lines,
            lambda line: line._send(),
            "Reminder run",
            commit=bool(self.env.context.get("ir_cron_progress_id")),
        )
        if failed:
            self.message_post(
                body=self.env._(
                    "%(count)s customers could not be reminded (see the server log); "
                    "validate again to retry them.",
                    count=len(failed),
                )
            )
            return False
        self.write({"state": "done", "validated_by_id": self.env.uid})
        letters = self.line_ids.filtered(
            lambda line: line.channel == "letter" and not line.excluded
        )
        if letters and not self.automatic:
            return self.action_print_letters()
        return True

    def action_print_letters(self):
        letters = self.line_ids.filtered(
            lambda line: line.channel == "letter" and not line.excluded
        )
        if not letters:
            raise UserError(self.env._("This run has no letter to print."))
        return self.env.ref(LETTER_REPORT).report_action(letters)

    def action_open_lines(self):
        return list_action(
            "crm.reports.dunning.line",
            [("run_id", "in", self.ids)],
            self.display_name,
            view_mode="list,form",
            context={"default_run_id": self.id},
        )

    # -- the daily action ------------------------------------------------------------

    @api.model
    def _cron_automatic_runs(self, company):
        """The company's automatic run of today (policies with automatic runs
        only): proposed and validated without review, once a day, in the name
        of an accountant of the company (else the scheduler's user)."""
        today = local_today(company_tz(company))
        policies = self.env["crm.reports.credit.policy"].search(
            [("company_id", "=", company.id), ("automatic", "=", True)]
        )
        if not policies:
            return self.browse()
        run = self.search(
            [
                ("company_id", "=", company.id),
                ("date", "=", today),
                ("automatic", "=", True),
            ],
            limit=1,
        )
        if not run:
            run = self.create(
                {"company_id": company.id, "date": today, "automatic": True}
            )
            run._propose_lines()
            commit_progress(self.env)
        if run.state == "draft":
            # Signed by an accountant of the company: replies reach a person.
            accountant = company._crm_accountant() or self.env.user
            run.with_user(accountant).with_company(company).action_validate()
        return run
