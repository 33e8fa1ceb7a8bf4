import base64
import io

import xlsxwriter
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.misc import format_date

from odoo.addons.crm_idic.tools import (
    PERIOD_MONTHS,
    company_tz,
    each_isolated,
    growth,
    local_today,
    same_days_before,
    utc_bounds,
)
from odoo.addons.crm_qci.models.crm_qci_kpi import measured

from ..models.crm_reports_receivable_aging import BUCKET_KEYS
from ..tools import write_figure, write_table, xlsx_download


class CrmReportsManagement(models.TransientModel):
    """The periodic management report: figures of a month, quarter or year."""

    _name = "crm.reports.management"
    _inherit = ["crm.idic.company.report"]
    _description = "Management report"

    period = fields.Selection(
        [("month", "Month"), ("quarter", "Quarter"), ("year", "Year")],
        required=True,
        default="month",
    )
    date_from = fields.Date(
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1)
        - relativedelta(months=1),
    )
    date_to = fields.Date(compute="_compute_date_to")
    currency_id = fields.Many2one(related="company_id.currency_id")
    xlsx_file = fields.Binary(readonly=True, attachment=False)
    xlsx_name = fields.Char(readonly=True)

    @api.depends("date_from", "period")
    def _compute_date_to(self):
        for report in self:
            report.date_to = (
                report.date_from
                + relativedelta(months=PERIOD_MONTHS[report.period], days=-1)
                if report.date_from
                else False
            )

    def _revenue(self, date_from, date_to):
        self.env.cr.execute(
            SQL(
                """
                SELECT COALESCE(sum(amount_untaxed_signed), 0) FROM account_move
                 WHERE company_id = %s AND state = 'posted'
                   AND move_type IN ('out_invoice', 'out_refund')
                   AND invoice_date BETWEEN %s AND %s
                """,
                self.company_id.id,
                date_from,
                date_to,
            )
        )
        return self.env.cr.fetchone()[0]

    def _customers_with_orders(self, date_from, date_to):
        """Customers with a confirmed order on the company's local days from
        ``date_from`` to ``date_to``."""
        start, end = utc_bounds(company_tz(self.company_id), date_from, date_to)
        self.env.cr.execute(
            SQL(
                """
                SELECT DISTINCT p.commercial_partner_id
                  FROM sale_order so JOIN res_partner p ON p.id = so.partner_id
                 WHERE so.company_id = %s AND so.state = 'sale'
                   AND so.date_order >= %s AND so.date_order < %s
                """,
                self.company_id.id,
                start,
                end,
            )
        )
        return {row[0] for row in self.env.cr.fetchall()}

    def _report_data(self):
        """Every figure of the report, computed set-based, section by section."""
        self.ensure_one()
        self.env.flush_all()
        company = self.company_id
        staff = self._report_staff()
        return {
            "company": company.name,
            "currency": company.currency_id,
            "period": self._report_period_words(),
            "staff": staff,
            "new_customers": sum(row["new_customers"] for row in staff),
            **self._report_revenue(),
            **self._report_customers(),
            **self._report_tiers(),
            **self._report_care(),
            **self._report_aging(),
            "festive": self._report_festive(),
        }

    def _report_period_words(self):
        """ "01/11/2026 – 30/11/2026"; "01/12/2026 – 04/12/2026 (so far)" while
        the period runs."""
        until = self._report_until()
        words = f"{format_date(self.env, self.date_from)} – "
        if until < self.date_to:
            return words + self.env._(
                "%(day)s (so far)", day=format_date(self.env, until)
            )
        return words + format_date(self.env, self.date_to)

    def _report_until(self):
        """The report's last day, or the company's today while it runs."""
        return min(self.date_to, local_today(company_tz(self.company_id)))

    def _report_before(self, months):
        """The same days ``months`` earlier: the whole period before (or a year
        before) once the report's is over, as many days as it has had so far
        while it runs."""
        until = self._report_until()
        if until < self.date_to:
            return same_days_before(self.date_from, until, months)
        shift = relativedelta(months=months)
        return (
            self.date_from - shift,
            self.date_to + relativedelta(days=1) - shift - relativedelta(days=1),
        )

    def _report_revenue(self):
        """Revenue of the period, of the one before and of the same one last year
        (of as many days while the period runs)."""
        revenue = self._revenue(self.date_from, self._report_until())
        previous_revenue = self._revenue(
            *self._report_before(PERIOD_MONTHS[self.period])
        )
        last_year = self._revenue(*self._report_before(12))
        return {
            "revenue": revenue,
            "previous_revenue": previous_revenue,
            "growth": growth(revenue, previous_revenue),
            "last_year_revenue": last_year,
            "growth_year": growth(revenue, last_year),
        }

    def _report_staff(self):
        """Each salesperson's KPIs of the period, the best invoicing first."""
        result = self.env["crm.qci.kpi"]._compute_kpis(
            self.date_from,
            self.date_to,
            company_id=self.company_id.id,
            tz=company_tz(self.company_id),
        )
        kpis = result["users"]
        return sorted(
            (
                {
                    "name": user.name,
                    "invoiced": kpis[user.id]["invoiced_revenue"],
                    "won": kpis[user.id]["won_count"],
                    # None: no opportunity won or lost in the period.
                    "win_rate": round(100 * kpis[user.id]["win_rate"], 1)
                    if measured(kpis[user.id], "win_rate")
                    else None,
                    "new_customers": kpis[user.id]["new_customers"],
                    "activities": kpis[user.id]["activities_done"],
                }
                for user in self.env["crm.qci.kpi"]._kpi_staff(result)
            ),
            key=lambda row: -row["invoiced"],
        )

    def _report_customers(self):
        """Active and lost customers, the top ten by revenue invoiced."""
        current = self._customers_with_orders(self.date_from, self.date_to)
        # Lost: bought in the whole period before, not in this one (so far).
        before = self._customers_with_orders(
            self.date_from - relativedelta(months=PERIOD_MONTHS[self.period]),
            self.date_from - relativedelta(days=1),
        )
        top = self.env["account.move"]._read_group(
            [
                ("company_id", "=", self.company_id.id),
                ("state", "=", "posted"),
                ("move_type", "in", ["out_invoice", "out_refund"]),
                ("invoice_date", ">=", self.date_from),
                ("invoice_date", "<=", self.date_to),
            ],
            ["commercial_partner_id"],
            ["amount_untaxed_signed:sum"],
            order="amount_untaxed_signed:sum desc",
            limit=10,
        )
        return {
            "active_customers": len(current),
            "lost_customers": len(before - current),
            "top_customers": [
                (partner.display_name, amount) for partner, amount in top if partner
            ],
        }

    def _report_tiers(self):
        """Customers per value tier, the tier moves of the period and the last QCI
        assessment. A report of aggregates for directors: read across the suite's
        models."""
        company = self.company_id
        su = self.env(su=True)
        tiers = dict(
            su["crm.idic.profile"]._read_group(
                [("company_id", "=", company.id)], ["value_tier"], ["__count"]
            )
        )
        labels = dict(
            self.env["crm.idic.profile"]
            ._fields["value_tier"]
            ._description_selection(self.env)
        )
        moves = su["crm.idic.tier.move"]._read_group(
            [
                ("company_id", "=", company.id),
                ("direction", "in", ["up", "down"]),
                ("date", ">=", self.date_from),
                ("date", "<=", self.date_to),
            ],
            ["tier_from", "tier_to", "direction"],
            ["__count"],
            order="__count desc",
        )
        assessment = su["crm.qci.assessment"].search(
            [
                ("company_id", "=", company.id),
                ("state", "=", "done"),
                ("date_from", "<=", self.date_to),
            ],
            order="date_from desc",
            limit=1,
        )
        return {
            "tiers": [(labels[key], tiers.get(key, 0)) for key in labels],
            "tier_moves": [
                (labels[tier_from], labels[tier_to], count)
                for tier_from, tier_to, _direction, count in moves
            ],
            "tier_up": sum(c for _f, _t, d, c in moves if d == "up"),
            "tier_down": sum(c for _f, _t, d, c in moves if d == "down"),
            "qci_index": assessment.qci_index if assessment else None,
            "qci_components": [
                (line.component_id.name, line.score) for line in assessment.line_ids
            ],
        }

    def _report_care(self):
        """Tickets closed, SLA compliance, satisfaction and contracts."""
        su = self.env(su=True)
        start, end = utc_bounds(
            company_tz(self.company_id), self.date_from, self.date_to
        )
        tickets = su["crm.care.ticket"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("closed_date", ">=", start),
                ("closed_date", "<", end),
            ]
        )
        with_sla = tickets.filtered(lambda t: t.sla_status in ("met", "failed"))
        met = with_sla.filtered(lambda t: t.sla_status == "met")
        ratings = tickets.rating_ids.filtered(lambda r: r.consumed and r.rating > 0)
        return {
            "tickets_closed": len(tickets),
            # None: nothing to measure (no ticket with an SLA, no rating).
            "sla_compliance": round(100.0 * len(met) / len(with_sla), 1)
            if with_sla
            else None,
            "csat": round(sum(ratings.mapped("rating")) / len(ratings), 2)
            if ratings
            else None,
            **self._report_contracts(),
        }

    def _report_festive(self):
        """Festive greetings and loyalty programmes of the period: customers,
        codes used, revenue, repeat purchases against comparable customers."""
        return self.env["crm.care.festive.report"]._festive_rows(
            self.company_id, self.date_from, self.date_to
        )

    def _report_contracts(self):
        Contract = self.env(su=True)["crm.care.contract"]
        company = [("company_id", "=", self.company_id.id)]
        period = (self.date_from, self.date_to)
        return {
            "contracts_signed": Contract.search_count(
                company + _between("date_signed", *period)
            ),
            "contracts_expiring": Contract.search_count(
                company + _between("date_end", *period)
            ),
            "contracts_renewed": Contract.search_count(
                company
                + [("predecessor_id", "!=", False)]
                + _between("date_start", *period)
            ),
        }

    def _report_aging(self):
        aging = self.env["crm.reports.receivable.aging"]
        totals = aging.get_aging_totals(self.date_to, self.company_id.id)
        return {
            "aging_labels": aging._bucket_labels(self.company_id),
            "aging": [totals[key] for key in BUCKET_KEYS],
            "dso": aging.get_company_dso(
                self.date_to, self.company_id.id, totals["total"]
            ),
        }

    def action_print_pdf(self):
        self.ensure_one()
        return self.env.ref("crm_reports.action_report_management").report_action(self)

    def action_export_xlsx(self):
        self.ensure_one()
        return xlsx_download(
            self, self._xlsx(), f"management_report_{self.date_from}.xlsx"
        )

    def _xlsx(self):
        data = self._report_data()
        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {"in_memory": True})
        formats = {
            "bold": book.add_format({"bold": True}),
            "money": book.add_format({"num_format": "#,##0"}),
        }
        self._xlsx_summary(book, formats, data)
        self._xlsx_tiers(book, formats, data)
        self._xlsx_staff(book, formats, data)
        self._xlsx_festive(book, formats, data)
        book.close()
        return output.getvalue()

    def _xlsx_summary(self, book, formats, data):
        bold, money = formats["bold"], formats["money"]
        sheet = book.add_worksheet(self.env._("Summary"))
        sheet.write(0, 0, self.env._("Management report"), bold)
        sheet.write(1, 0, f"{data['company']} — {data['period']}")
        summary = [
            (self.env._("Revenue"), data["revenue"]),
            (self.env._("Previous period"), data["previous_revenue"]),
            (self.env._("Growth (%)"), data["growth"]),
            (self.env._("Same period last year"), data["last_year_revenue"]),
            (self.env._("New customers"), data["new_customers"]),
            (self.env._("Customers moved up a tier"), data["tier_up"]),
            (self.env._("Customers moved down a tier"), data["tier_down"]),
            (self.env._("Lost customers"), data["lost_customers"]),
            (self.env._("Tickets closed"), data["tickets_closed"]),
            (self.env._("SLA compliance (%)"), data["sla_compliance"]),
            (self.env._("Contracts signed"), data["contracts_signed"]),
            (self.env._("DSO (days)"), data["dso"]),
        ]
        for row, (label, value) in enumerate(summary, start=3):
            sheet.write(row, 0, label)
            write_figure(sheet, row, 1, value, money)
        sheet.set_column(0, 0, 32)
        sheet.set_column(1, 1, 18)

    def _xlsx_tiers(self, book, formats, data):
        bold = formats["bold"]
        tiers = book.add_worksheet(self.env._("IDIC tiers"))
        for row, (label, count) in enumerate(data["tiers"], start=1):
            tiers.write(row, 0, label)
            tiers.write_number(row, 1, count)
        chart = book.add_chart({"type": "column"})
        chart.add_series(
            {
                "name": self.env._("Customers"),
                "categories": [tiers.name, 1, 0, len(data["tiers"]), 0],
                "values": [tiers.name, 1, 1, len(data["tiers"]), 1],
            }
        )
        tiers.insert_chart("D2", chart)
        start = len(data["tiers"]) + 3
        tiers.write(start, 0, self.env._("Movements between tiers"), bold)
        tiers.write(start + 1, 0, self.env._("From tier"), bold)
        tiers.write(start + 1, 1, self.env._("To tier"), bold)
        tiers.write(start + 1, 2, self.env._("Customers"), bold)
        for row, (tier_from, tier_to, count) in enumerate(
            data["tier_moves"], start=start + 2
        ):
            tiers.write(row, 0, tier_from)
            tiers.write(row, 1, tier_to)
            tiers.write_number(row, 2, count)
        tiers.set_column(0, 1, 20)

    def _xlsx_staff(self, book, formats, data):
        staff = book.add_worksheet(self.env._("Staff"))
        headers = [
            self.env._("Salesperson"),
            self.env._("Invoiced"),
            self.env._("Won"),
            self.env._("Win rate (%)"),
            self.env._("New customers"),
            self.env._("Activities"),
        ]
        keys = ("invoiced", "won", "win_rate", "new_customers", "activities")
        rows = [(line["name"], [line[key] for key in keys]) for line in data["staff"]]
        write_table(staff, 0, headers, rows, formats)
        staff.set_column(0, 0, 28)

    def _xlsx_festive(self, book, formats, data):
        sheet = book.add_worksheet(self.env._("Festive and loyalty"))
        headers = [
            self.env._("Occasion or programme"),
            self.env._("Customers"),
            self.env._("Codes or cards used"),
            self.env._("Revenue"),
            self.env._("Bought again (%)"),
            self.env._("Comparable bought again (%)"),
            self.env._("Difference (points)"),
        ]
        keys = ("customers", "used_count", "revenue", "repeat_rate")
        keys += ("comparable_rate", "uplift")
        rows = [(line["name"], [line[key] for key in keys]) for line in data["festive"]]
        write_table(sheet, 0, headers, rows, formats)
        sheet.set_column(0, 0, 36)

    @api.model
    def _cron_send_management_reports(self):
        """On the first run of each month, whatever its day (the company's local
        day): the month just closed (and the quarter, the year when they close) to
        each company's recipients, as PDF; once (a report already sent is not sent
        again)."""

        def send(company):
            first = local_today(company_tz(company)).replace(day=1)
            for period, start in self._closing_periods(first):
                report = self.with_company(company).create(
                    {"period": period, "date_from": start, "company_id": company.id}
                )
                if not report._attachment_name_taken():  # sent by an earlier run
                    report._send(company.management_report_partner_ids)

        each_isolated(
            self.env["res.company"].search(
                [("management_report_partner_ids", "!=", False)]
            ),
            send,
            "Management reports",
            commit=True,
            batch_size=1,
        )
        return True

    @api.model
    def _closing_periods(self, today):
        """The periods that closed the day before ``today`` (the 1st of a month):
        the month, and the quarter and the year when they close."""
        closing = [("month", today - relativedelta(months=1))]
        if today.month in (1, 4, 7, 10):
            closing.append(("quarter", today - relativedelta(months=3)))
        if today.month == 1:
            closing.append(("year", today - relativedelta(years=1)))
        return closing

    def _attachment_name(self):
        return f"management_report_{self.period}_{self.date_from}.pdf"

    def _attachment_name_taken(self):
        return bool(
            self.env["ir.attachment"].search_count(
                [
                    ("res_model", "=", "res.company"),
                    ("res_id", "=", self.company_id.id),
                    ("name", "=", self._attachment_name()),
                ],
                limit=1,
            )
        )

    def _send(self, partners):
        self.ensure_one()
        pdf, _kind = self.env["ir.actions.report"]._render_qweb_pdf(
            "crm_reports.report_management", self.ids
        )
        attachment = self.env["ir.attachment"].create(
            {
                "name": self._attachment_name(),
                "datas": base64.b64encode(pdf),
                "mimetype": "application/pdf",
                "res_model": "res.company",
                "res_id": self.company_id.id,
            }
        )
        self.env["mail.mail"].sudo().create(
            {
                "subject": self.env._(
                    "%(company)s: management report %(start)s – %(end)s",
                    company=self.company_id.name,
                    start=format_date(self.env, self.date_from),
                    end=format_date(self.env, self.date_to),
                ),
                "body_html": self.env._("The management report is attached."),
                "recipient_ids": [(6, 0, partners.ids)],
                "attachment_ids": [(6, 0, attachment.ids)],
            }
        )


def _between(field, first, last):
    """A domain of ``field`` from ``first`` to ``last``, both days included."""
    return [(field, ">=", first), (field, "<=", last)]
