from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL
from odoo.tools.misc import format_date

from odoo.addons.crm_idic.tools import (
    company_tz,
    each_isolated,
    local_today,
    utc_bounds,
)
from odoo.addons.crm_idic.tools.access import require_group
from odoo.addons.crm_idic.tools.display import dated_name
from odoo.addons.crm_idic.tools.records import form_action

from .crm_qci_kpi import RECORD_COMPANY, RECORD_COMPANY_IS


class CrmQciDailyReport(models.Model):
    _name = "crm.qci.daily.report"
    _description = "Daily work report"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    user_id = fields.Many2one(
        "res.users",
        "Salesperson",
        required=True,
        default=lambda self: self.env.user,
        index=True,
        readonly=True,
    )
    team_id = fields.Many2one(
        "crm.team", "Sales team", compute="_compute_team_id", store=True, index=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    date = fields.Date(
        required=True,
        default=lambda self: self._default_date(),
        index=True,
    )
    state = fields.Selection(
        [
            ("missing", "Missing"),
            ("draft", "Draft"),
            ("submitted", "Submitted"),
            ("reviewed", "Reviewed"),
        ],
        default="draft",
        required=True,
        tracking=True,
    )
    notes = fields.Html("What I did, what I learned")
    manager_comment = fields.Html("Manager's comment")
    reviewed_by_id = fields.Many2one("res.users", readonly=True, tracking=True)
    plan_line_ids = fields.One2many(
        "crm.qci.daily.report.plan", "report_id", "Plan for the next day"
    )
    done_activity_ids = fields.Many2many(
        "mail.message", compute="_compute_day", string="Activities done"
    )
    meeting_ids = fields.Many2many(
        "calendar.event", compute="_compute_meeting_ids", string="Meetings"
    )
    quotation_ids = fields.Many2many(
        "sale.order", compute="_compute_day", string="Quotations"
    )
    order_ids = fields.Many2many(
        "sale.order", compute="_compute_day", string="Orders confirmed"
    )
    ticket_ids = fields.Many2many(
        "crm.care.ticket",
        compute="_compute_day",
        string="Tickets closed",
        groups="crm_care.group_care_agent",
    )
    done_activity_count = fields.Integer(compute="_compute_day")
    quotation_count = fields.Integer(compute="_compute_day")
    order_count = fields.Integer(compute="_compute_day")
    ticket_count = fields.Integer(
        compute="_compute_day", groups="crm_care.group_care_agent"
    )

    _user_date_uniq = models.Constraint(
        "UNIQUE (user_id, date, company_id)",
        "One daily report per salesperson and day.",
    )

    @api.depends("user_id", "date")
    def _compute_name(self):
        for report in self:
            report.name = f"{report.user_id.name or ''} {report.date or ''}".strip()

    @api.depends("user_id", "date")
    @api.depends_context("lang")
    def _compute_display_name(self):
        for report in self:
            report.display_name = dated_name(self.env, report.user_id.name, report.date)

    @api.depends("user_id")
    def _compute_team_id(self):
        for report in self:
            report.team_id = report.user_id.sale_team_id

    @api.depends("user_id", "date")
    def _compute_day(self):
        """The day's done activities, quotations, confirmed orders and closed
        care tickets of every report at once (one query, whatever the number of
        reports on the list), as the KPIs count them: on records of the report's
        company. The values are put in sudo, as the tickets are for care
        agents only (a salesperson without care rights reads the rest)."""
        empty = {
            "done_activity_ids": False,
            "quotation_ids": False,
            "order_ids": False,
            "ticket_ids": False,
            "done_activity_count": 0,
            "quotation_count": 0,
            "order_count": 0,
            "ticket_count": 0,
        }
        dated = self.filtered(lambda report: report.date and report.user_id)
        (self - dated).sudo().update(empty)
        if not dated:
            return
        for report, (activities, quotations, orders, tickets) in zip(
            dated.sudo(), self._day_records(dated), strict=True
        ):
            report.update(
                {
                    "done_activity_ids": [Command.set(activities)],
                    "quotation_ids": [Command.set(quotations)],
                    "order_ids": [Command.set(orders)],
                    "ticket_ids": [Command.set(tickets)],
                    "done_activity_count": len(activities),
                    "quotation_count": len(quotations),
                    "order_count": len(orders),
                    "ticket_count": len(tickets),
                }
            )

    @api.depends("user_id", "date")
    def _compute_meeting_ids(self):
        """The day's meetings, as the reader may see them (private ones stay
        private): on the report's form only."""
        for report in self:
            if not report.date or not report.user_id:
                report.meeting_ids = False
                continue
            start, end = report._day_bounds()
            report.meeting_ids = self.env["calendar.event"].search(
                [
                    ("partner_ids", "in", report.user_id.partner_id.id),
                    ("start", ">=", start),
                    ("start", "<", end),
                ]
            )

    def _day_bounds(self):
        """The report's local day (the salesperson's) as UTC bounds."""
        self.ensure_one()
        return utc_bounds(
            self._salesperson_tz(self.user_id, self.company_id), self.date, self.date
        )

    @api.model
    def _day_records(self, reports):
        """Ids of the done activities (their messages), quotations, confirmed
        orders and closed care tickets of each report's day, in the order of
        ``reports``."""
        bounds = [report._day_bounds() for report in reports]
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT b.idx,
                       ARRAY(SELECT m.id FROM mail_message m
                             """
                + RECORD_COMPANY.format(alias="m", model="model")
                + """
                              WHERE m.author_id = b.partner_id
                                AND m.mail_activity_type_id IS NOT NULL
                                AND m.date >= b.start AND m.date < b.stop
                                AND """
                + RECORD_COMPANY_IS
                + """
                              ORDER BY m.date DESC, m.id DESC),
                       ARRAY(SELECT o.id FROM sale_order o
                              WHERE o.user_id = b.user_id
                                AND o.company_id = b.company
                                AND o.state IN ('draft', 'sent')
                                AND o.date_order >= b.start
                                AND o.date_order < b.stop
                              ORDER BY o.date_order DESC, o.id DESC),
                       ARRAY(SELECT o.id FROM sale_order o
                              WHERE o.user_id = b.user_id
                                AND o.company_id = b.company
                                AND o.state = 'sale'
                                AND o.date_order >= b.start
                                AND o.date_order < b.stop
                              ORDER BY o.date_order DESC, o.id DESC),
                       ARRAY(SELECT t.id FROM crm_care_ticket t
                              WHERE t.user_id = b.user_id
                                AND t.company_id = b.company
                                AND t.closed_date >= b.start
                                AND t.closed_date < b.stop
                              ORDER BY t.closed_date DESC, t.id DESC)
                  FROM unnest(%(idx)s::int[], %(users)s::int[], %(partners)s::int[],
                              %(companies)s::int[], %(starts)s::timestamp[],
                              %(stops)s::timestamp[])
                       AS b(idx, user_id, partner_id, company, start, stop)
                 ORDER BY b.idx
                """,
                idx=list(range(len(reports))),
                users=[report.user_id.id for report in reports],
                partners=[report.user_id.partner_id.id for report in reports],
                companies=[report.company_id.id for report in reports],
                starts=[start for start, _end in bounds],
                stops=[end for _start, end in bounds],
                company=SQL("b.company"),
            )
        )
        return [row[1:] for row in self.env.cr.fetchall()]

    def write(self, vals):
        locked = self.filtered(lambda report: report.state == "reviewed")
        if locked and set(vals) - {"manager_comment", "state", "reviewed_by_id"}:
            raise UserError(self.env._("A reviewed daily report cannot change."))
        return super().write(vals)

    def action_submit(self):
        """Submit the report: each plan line becomes a scheduled activity."""
        for report in self:
            if report.user_id != self.env.user and not self.env.user.has_group(
                "sales_team.group_sale_manager"
            ):
                raise UserError(self.env._("Only its author submits a daily report."))
            if report.state not in ("draft", "missing"):
                raise UserError(self.env._("This report was submitted already."))
            report._check_day_begun()
            report.plan_line_ids._schedule(report)
            report.state = "submitted"
        return True

    def _check_day_begun(self):
        """A report tells what was done on its day: it is submitted from that
        day on (the salesperson's local day), never ahead."""
        tz = self._salesperson_tz(self.user_id, self.company_id)
        if self.date > local_today(tz):
            raise UserError(
                self.env._(
                    "The report of %(day)s tells what was done that day: submit it "
                    "from that day on.",
                    day=format_date(self.env, self.date),
                )
            )

    def action_review(self):
        require_group(
            self.env,
            "sales_team.group_sale_salesman_all_leads",
            self.env._("Only a team leader or manager reviews reports."),
        )
        for report in self:
            if report.state != "submitted":
                raise UserError(self.env._("Only a submitted report can be reviewed."))
        self.write({"state": "reviewed", "reviewed_by_id": self.env.uid})
        return True

    @api.model
    def _salesperson_tz(self, user, company):
        """The salesperson's time zone, else the company's: a report's day is the
        salesperson's local day."""
        return user.tz or company_tz(company)

    @api.model
    def _default_date(self):
        """Today for the current user, in the time zone the report's day is read in."""
        return local_today(self._salesperson_tz(self.env.user, self.env.company))

    @api.model
    def action_open_today(self):
        """My daily report of today: opened, or made and pre-filled."""
        today = self._default_date()
        report = self.search(
            [
                ("user_id", "=", self.env.uid),
                ("date", "=", today),
                ("company_id", "=", self.env.company.id),
            ],
            limit=1,
        ) or self.create({"date": today})
        return form_action(report, target="current")

    @api.model
    def _worked_on(self, company, day, tz):
        """Whether ``day`` has working hours in the company's calendar, its leaves
        (public holidays) deducted."""
        calendar = company.resource_calendar_id
        if not calendar:
            return day.weekday() < 5
        start, end = utc_bounds(tz, day, day)
        return calendar.get_work_hours_count(start, end, compute_leaves=True) > 0

    @api.model
    def _cron_flag_missing(self):
        """Yesterday's missing reports of team members, when yesterday was a
        working day of the company's calendar (its public holidays, Tết included,
        are its global leaves): a 'missing' report and one activity for the team
        leader, once."""
        teams = self.env["crm.team"].search([("user_id", "!=", False)])

        def flag(team):
            # Yesterday of the team's company.
            company = team.company_id or self.env.company
            tz = company_tz(company)
            yesterday = local_today(tz) - timedelta(days=1)
            if not self._worked_on(company, yesterday, tz):
                return
            members = team.member_ids - team.user_id
            reported = self.search(
                [("user_id", "in", members.ids), ("date", "=", yesterday)]
            ).user_id
            for user in members - reported:
                missing = self.sudo().create(
                    {
                        "user_id": user.id,
                        "date": yesterday,
                        "company_id": company.id,
                        "state": "missing",
                    }
                )
                missing.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=team.user_id.id,
                    summary=self.with_context(lang=team.user_id.lang).env._(
                        "No daily report from %(user)s for %(day)s",
                        user=user.name,
                        day=format_date(
                            self.with_context(lang=team.user_id.lang).env, yesterday
                        ),
                    ),
                )

        each_isolated(teams, flag, "Missing daily reports", commit=True)
        return True
