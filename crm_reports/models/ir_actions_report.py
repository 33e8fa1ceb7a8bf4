import io

from odoo import models
from odoo.tools.pdf import merge_pdf

LETTER_REPORT_NAME = "crm_reports.report_dunning_letter"


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _render_qweb_pdf_prepare_streams(self, report_ref, data, res_ids=None):
        """A reminder letter of a level that attaches the invoices is followed
        by them, as they would go in its envelope (see
        ``crm.reports.dunning.line._invoice_pdfs``)."""
        streams = super()._render_qweb_pdf_prepare_streams(
            report_ref, data, res_ids=res_ids
        )
        if not res_ids or self._get_report(report_ref).report_name != (
            LETTER_REPORT_NAME
        ):
            return streams
        lines = self.env["crm.reports.dunning.line"].browse(res_ids)
        for key, stream in streams.items():
            # ``False``: the letters in one PDF Odoo could not tell apart.
            enclosing = lines.browse(key) if key else lines
            enclosing = enclosing.filtered("level_id.join_invoices")
            if enclosing and stream["stream"]:
                stream["stream"] = io.BytesIO(
                    merge_pdf(
                        [stream["stream"].getvalue()]
                        + [
                            pdf
                            for line in enclosing
                            for _n, pdf in line._invoice_pdfs()
                        ]
                    )
                )
        return streams
