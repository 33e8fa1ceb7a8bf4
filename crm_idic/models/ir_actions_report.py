from odoo import models
from odoo.tools.pdf import merge_pdf

from odoo.addons.base.models.ir_actions_report import _wkhtml

from .res_company import SUITE_ADDONS


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _run_wkhtmltopdf(self, bodies, report_ref=False, **options):
        """The suite's reports of several documents (the statements of several
        customers, a run's reminder letters, contracts, scorecards) printed with
        the wkhtmltopdf of Debian and Ubuntu, built on an unpatched Qt: Odoo
        refuses several documents in one call there ("Tried to convert multiple
        documents in wkhtmltopdf using unpatched QT"), so each is converted
        alone and the PDFs are joined in order. Other reports are Odoo's."""
        if (
            len(bodies) < 2
            or getattr(_wkhtml(), "is_patched_qt", True)
            or not self._crm_is_suite_report(report_ref)
        ):
            return super()._run_wkhtmltopdf(bodies, report_ref=report_ref, **options)
        return merge_pdf(
            [
                super(IrActionsReport, self)._run_wkhtmltopdf(
                    [body], report_ref=report_ref, **options
                )
                for body in bodies
            ]
        )

    def _crm_is_suite_report(self, report_ref):
        report = self._get_report(report_ref) if report_ref else self
        return report.report_name.split(".")[0] in SUITE_ADDONS
