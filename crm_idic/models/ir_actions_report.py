import copy

import lxml.html

from odoo import models
from odoo.tools.pdf import merge_pdf

from odoo.addons.base.models.ir_actions_report import _wkhtml

from .res_company import SUITE_ADDONS

# Page margins (mm) of a document whose header and footer are in its body.
INLINE_MARGIN_MM = 8


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _run_wkhtmltopdf(
        self, bodies, report_ref=False, header=None, footer=None, **options
    ):
        """Printing with the wkhtmltopdf of Debian and Ubuntu, built on an
        unpatched Qt:

        - it ignores a separate header and footer, so no PDF (an invoice sent to
          a customer included) showed who issued it: each document gets its
          header (the company's logo, name, address, tax id) at the top of its
          first page and its footer at the end, in its body;
        - Odoo refuses several documents in one call ("Tried to convert multiple
          documents in wkhtmltopdf using unpatched QT"): the suite's reports of
          several documents (the statements of several customers, a run's
          reminder letters, contracts, scorecards) convert each alone and join
          the PDFs in order. Other reports of several documents are Odoo's."""
        if getattr(_wkhtml(), "is_patched_qt", True):
            return super()._run_wkhtmltopdf(
                bodies, report_ref=report_ref, header=header, footer=footer, **options
            )
        if margins := inline_margins(header, footer):
            options["specific_paperformat_args"] = {
                **(options.get("specific_paperformat_args") or {}),
                **margins,
            }
            bodies = inline_header_footer(bodies, header, footer)
        if len(bodies) < 2 or not self._crm_is_suite_report(report_ref):
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


def inline_header_footer(bodies, header, footer):
    """Each body (an HTML page of one document) with its own header first and
    its own footer last: Odoo's header and footer pages hold one ``div.header``
    (``div.footer``) per document, in the documents' order; one for all
    documents serves each."""
    headers = _parts(header, "header")
    footers = _parts(footer, "footer")
    inlined = []
    for index, body in enumerate(bodies):
        tree = lxml.html.fromstring(body)
        page = tree.find("body")
        if page is None:
            page = tree
        top = _part_of(headers, index)
        if top is not None:
            page.insert(0, top)
        bottom = _part_of(footers, index)
        if bottom is not None:
            page.append(bottom)
        inlined.append(
            lxml.html.tostring(tree, encoding="unicode", doctype="<!DOCTYPE html>")
        )
    return inlined


def inline_margins(header, footer):
    """The page margins left for a header (a footer) that moves into the body:
    8 mm instead of its room; a report without one keeps its margin."""
    margins = {}
    if _parts(header, "header"):
        margins["data-report-margin-top"] = INLINE_MARGIN_MM
    if _parts(footer, "footer"):
        margins["data-report-margin-bottom"] = INLINE_MARGIN_MM
    return margins


# Elements of a class (any element; the header and footer blocks are divs).
_CLASS = ".//{}[contains(concat(' ', normalize-space(@class), ' '), ' {} ')]"


def _parts(page, kind):
    """The ``div.<kind>`` blocks of Odoo's header or footer page."""
    if not page:
        return []
    return lxml.html.fromstring(page).xpath(_CLASS.format("div", kind))


def _part_of(parts, index):
    """A copy of the document's block (the only one when there is one),
    without the page numbers: wkhtmltopdf fills them in a footer page only."""
    if index < len(parts):
        part = parts[index]
    elif len(parts) == 1:
        part = parts[0]
    else:
        return None
    part = copy.deepcopy(part)
    for number in part.xpath(_CLASS.format("span", "page")):
        line = number.getparent()
        if line is not part and line.getparent() is not None:
            line.getparent().remove(line)
        elif number.getparent() is not None:
            number.drop_tree()
    return part
