import io

import xlsxwriter

from odoo import fields, models
from odoo.tools.misc import format_date, formatLang

from odoo.addons.crm_idic.tools.records import list_action

from ..models.crm_reports_receivable_aging import BUCKET_KEYS
from ..tools import write_table, xlsx_download


class CrmReportsAgingWizard(models.TransientModel):
    _name = "crm.reports.aging.wizard"
    _inherit = ["crm.idic.company.report"]
    _description = "Aged receivables screen"

    as_of_date = fields.Date(
        "As of", required=True, default=lambda self: fields.Date.context_today(self)
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_ids = fields.Many2many("res.users", string="Salespeople")
    line_ids = fields.One2many("crm.reports.aging.line", "wizard_id", "Customers")
    xlsx_file = fields.Binary("Excel file", readonly=True, attachment=False)
    xlsx_name = fields.Char(readonly=True)

    def action_compute(self):
        self.ensure_one()
        Aging = self.env["crm.reports.receivable.aging"]
        rows = Aging.get_aging(
            self.as_of_date, self.company_id.id, user_ids=self.user_ids.ids or None
        )
        # Past get_aging's check of the reader; the rows just read are not
        # computed a second time.
        dso = Aging._dso_by_partner(
            self.as_of_date,
            self.company_id.id,
            [row["partner_id"] for row in rows if row["partner_id"]],
            365,
            rows,
        )
        foreign = Aging._aging_foreign(
            self.as_of_date,
            self.company_id.id,
            partner_ids=[row["partner_id"] for row in rows if row["partner_id"]],
        )
        self.line_ids.unlink()
        self.env["crm.reports.aging.line"].create(
            [
                {
                    "wizard_id": self.id,
                    "dso": dso["partners"].get(row["partner_id"], 0.0),
                    "foreign_amounts": self._format_foreign(
                        foreign.get(row["partner_id"], [])
                    ),
                    **row,
                }
                for row in rows
            ]
        )
        return list_action(
            "crm.reports.aging.line",
            [("wizard_id", "=", self.id)],
            self.env._(
                "Aged receivables at %(date)s",
                date=format_date(self.env, self.as_of_date),
            ),
            context={"aging_labels": self._labels()},
        )

    def _format_foreign(self, amounts):
        """``[(currency, amount)]`` as "1.200,00 €; 300,00 $" (the user's format)."""
        return "; ".join(
            formatLang(self.env, amount, currency_obj=currency)
            for currency, amount in amounts
        )

    def _totals(self):
        """The sum of each column of the customers' lines: the buckets in their
        order, then the total (company currency)."""
        return {
            key: self.currency_id.round(sum(self.line_ids.mapped(key)))
            for key in [*BUCKET_KEYS, "total"]
        }

    def _shares(self, totals):
        """Each column's share of the total (``totals``: :meth:`_totals`), as
        "12.5 %" in the reader's format."""
        return [
            formatLang(self.env, 100.0 * amount / totals["total"], digits=1) + " %"
            for amount in totals.values()
        ]

    def _labels(self):
        return self.env["crm.reports.receivable.aging"]._bucket_labels(self.company_id)

    def action_export_xlsx(self):
        """The aging as an Excel file, ready to download."""
        self.ensure_one()
        if not self.line_ids:
            self.action_compute()
        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = book.add_worksheet(self.env._("Aged receivables"))
        formats = {
            "bold": book.add_format({"bold": True}),
            "money": book.add_format({"num_format": "#,##0"}),
        }
        sheet.write(
            0,
            0,
            self.env._(
                "Aged receivables at %(date)s",
                date=format_date(self.env, self.as_of_date),
            ),
            formats["bold"],
        )
        sheet.write(1, 0, self.company_id.name)
        headers = [
            self.env._("Customer"),
            *self._labels(),
            self.env._("Total"),
            self.env._("In other currencies"),
        ]
        keys = [*BUCKET_KEYS, "total"]
        rows = [
            (
                line.partner_id.display_name or self.env._("(no customer)"),
                [line[key] for key in keys],
            )
            for line in self.line_ids
        ]
        row = write_table(sheet, 3, headers, rows, formats)
        for offset, line in enumerate(self.line_ids, start=4):
            sheet.write(offset, len(keys) + 1, line.foreign_amounts or "")
        sheet.write(row, 0, self.env._("Total"), formats["bold"])
        for col, total in enumerate(self._totals().values(), start=1):
            sheet.write_number(row, col, total, formats["money"])
        sheet.set_column(0, 0, 40)
        sheet.set_column(1, len(headers), 16)
        book.close()
        return xlsx_download(
            self, output.getvalue(), f"aged_receivables_{self.as_of_date}.xlsx"
        )

    def action_print_pdf(self):
        self.ensure_one()
        if not self.line_ids:
            self.action_compute()
        return self.env.ref("crm_reports.action_report_aging").report_action(self)
