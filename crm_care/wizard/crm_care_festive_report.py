"""Did the festive greetings and the loyalty cards work? Per occasion and year,
and per loyalty programme: the customers greeted or enrolled, the codes or cards
used, the revenue of the orders that used them, and the repeat-purchase rate of
those customers in the 90 days after against comparable customers who were not
(same value tier and RFM segment the month before)."""

from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, format_date

from odoo.addons.crm_idic.models.crm_idic_score_snapshot import REPEAT_DAYS
from odoo.addons.crm_idic.tools import company_tz, local_date_sql, local_today
from odoo.addons.crm_idic.tools.records import form_action


class CrmCareFestiveReport(models.TransientModel):
    _name = "crm.care.festive.report"
    _description = "Festive greetings and loyalty: results"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    date_from = fields.Date(
        "From",
        required=True,
        default=lambda self: fields.Date.context_today(self) - relativedelta(years=1),
    )
    date_to = fields.Date(
        "To", required=True, default=lambda self: fields.Date.context_today(self)
    )
    line_ids = fields.One2many("crm.care.festive.report.line", "report_id")

    @api.depends("date_from", "date_to")
    def _compute_display_name(self):
        """The breadcrumb of the computed report: its title and period."""
        for report in self:
            report.display_name = self.env._(
                "Festive and loyalty results %(date_from)s – %(date_to)s",
                date_from=format_date(self.env, report.date_from),
                date_to=format_date(self.env, report.date_to),
            )

    def action_compute(self):
        self.ensure_one()
        if self.date_from > self.date_to:
            raise UserError(self.env._("The period ends before it starts."))
        self.line_ids.unlink()
        rows = self._festive_rows(self.company_id, self.date_from, self.date_to)
        self.line_ids = [fields.Command.create(row) for row in rows]
        return form_action(self, target="current")

    @api.model
    def _festive_rows(self, company, date_from, date_to):
        """The report's lines as values: occasions greeted and loyalty
        programmes enrolled into between ``date_from`` and ``date_to`` (the
        company's local days)."""
        groups = self._occasion_groups(company, date_from, date_to)
        groups += self._programme_groups(company, date_from, date_to)
        uses = self.env["loyalty.card"]._idic_use_figures(
            company, {index: group["cards"] for index, group in enumerate(groups)}
        )
        today = local_today(company_tz(company))
        Snapshot = self.env["crm.idic.score.snapshot"]
        rows = []
        for index, group in enumerate(groups):
            members, rate, _compared, others, matched = Snapshot._idic_repeat_rates(
                company, group["members"]
            )
            used, revenue = uses.get(index, (0, 0.0))
            last = max(day for _partner, day in group["members"])
            rows.append(
                {
                    "kind": group["kind"],
                    "name": group["name"],
                    "day": group["day"],
                    "customers": members,
                    "used_count": used,
                    "revenue": revenue,
                    "repeat_rate": rate,
                    "comparable_count": others,
                    "comparable_rate": matched,
                    "uplift": round(rate - matched, 1) if others else 0.0,
                    "complete": last + timedelta(days=REPEAT_DAYS) <= today,
                }
            )
        return rows

    @api.model
    def _occasion_groups(self, company, date_from, date_to):
        """One group per occasion and year greeted in the period."""
        greetings = (
            self.env["crm.care.occasion.greeting"]
            .sudo()
            .search(
                [
                    ("company_id", "=", company.id),
                    ("date", ">=", date_from),
                    ("date", "<=", date_to),
                ],
                order="date, id",
            )
        )
        groups = []
        for (occasion, year), batch in greetings.grouped(
            lambda g: (g.occasion_id, g.year)
        ).items():
            groups.append(
                {
                    "kind": "occasion",
                    "name": f"{occasion.name} {year}",
                    "day": min(batch.mapped("date")),
                    "members": [(g.partner_id.id, g.date) for g in batch],
                    "cards": batch.card_id.ids,
                }
            )
        return groups

    @api.model
    def _programme_groups(self, company, date_from, date_to):
        """One group per loyalty programme: the cards IDIC segments gave in the
        period, each customer from the local day it was enrolled."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT c.program_id, c.id, c.partner_id, %(day)s
                  FROM loyalty_card c
                  JOIN crm_idic_segment s ON s.id = c.idic_segment_id
                 WHERE s.company_id = %(company)s AND c.partner_id IS NOT NULL
                   AND %(day)s BETWEEN %(date_from)s AND %(date_to)s
                 ORDER BY c.program_id, c.id
                """,
                day=local_date_sql(SQL("c.create_date"), company_tz(company)),
                company=company.id,
                date_from=date_from,
                date_to=date_to,
            )
        )
        by_program = {}
        for program_id, card_id, partner_id, day in self.env.cr.fetchall():
            group = by_program.setdefault(program_id, {"cards": [], "members": []})
            group["cards"].append(card_id)
            group["members"].append((partner_id, day))
        programs = self.env["loyalty.program"].sudo().browse(by_program)
        return [
            {
                "kind": "loyalty",
                "name": program.name,
                "day": min(day for _p, day in by_program[program.id]["members"]),
                **by_program[program.id],
            }
            for program in programs
        ]
