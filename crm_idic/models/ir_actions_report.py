import copy
import io
import logging
from collections import OrderedDict

import lxml.html

from odoo import models
from odoo.tools.pdf import PdfFileReader, PdfFileWriter, PdfReadError, merge_pdf

from odoo.addons.base.models.ir_actions_report import _wkhtml

_logger = logging.getLogger(__name__)

# Page margins (mm) of a document whose header and footer are in its body.
INLINE_MARGIN_MM = 8
# Height (mm) of the page numbers' baseline above the page's bottom edge.
PAGE_NUMBER_MM = 3
# The second name the set-up gives the system font of a family that Odoo's
# report styles load as a web font (scripts/fontconfig/60-crm-suite-print.conf).
PRINT_FAMILY = "{} Print"
# Where that font is missing: a font every wkhtmltopdf of Debian has.
FALLBACK_FAMILY = "DejaVu Sans"


class SeveralDocuments(Exception):
    """wkhtmltopdf on an unpatched Qt was given several documents of records
    that may be printed one at a time."""


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _render_qweb_pdf_prepare_streams(self, report_ref, data, res_ids=None):
        """Several records printed at once with wkhtmltopdf on an unpatched Qt
        (the Debian and Ubuntu one the set-up installs), which Odoo refuses
        ("Tried to convert multiple documents in wkhtmltopdf using unpatched
        QT"): each record is printed alone, and keeps its own PDF. So a user
        prints a selection of invoices, and Odoo's *Send* (its scheduled action
        included, that sends the contracts' invoices) gives each invoice its
        PDF. A report whose records make one document is printed at once."""
        if not self._crm_one_at_a_time(res_ids):
            return super()._render_qweb_pdf_prepare_streams(
                report_ref, data, res_ids=res_ids
            )
        try:
            report = self._get_report(report_ref)
            return super(
                IrActionsReport, self.with_context(crm_one_document=report.id)
            )._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=res_ids)
        except SeveralDocuments:
            streams = OrderedDict()
            for res_id in res_ids:
                streams.update(
                    super()._render_qweb_pdf_prepare_streams(
                        report_ref, data, res_ids=[res_id]
                    )
                )
            return streams

    def _crm_one_at_a_time(self, res_ids):
        return (
            _unpatched_qt()
            and bool(res_ids)
            and len(res_ids) > 1
            and len(set(res_ids)) == len(res_ids)
        )

    def _crm_one_document(self, report_ref):
        """Whether this report's records are being printed one at a time (a
        report printed within it, as a part of a document, is not)."""
        one = self.env.context.get("crm_one_document")
        return bool(one and report_ref) and self._get_report(report_ref).id == one

    def _run_wkhtmltopdf(
        self, bodies, report_ref=False, header=None, footer=None, **options
    ):
        """Printing with the wkhtmltopdf of Debian and Ubuntu, built on an
        unpatched Qt:

        - it ignores a separate header and footer, so no PDF (an invoice sent to
          a customer included) showed who issued it: each document gets its
          header (the company's logo, name, address, tax id) at the top of its
          first page and its footer at the end, in its body; where they
          number the pages, each page of the document gets its number
          ("2 / 3") at its foot;
        - Odoo refuses several documents in one call: records are printed one
          at a time (see :meth:`_render_qweb_pdf_prepare_streams`); other
          documents (a report of several documents not one a record) are each
          converted alone and the PDFs joined in order;
        - it prints the letters of a web font (Lato, the report's font) as
          shapes, so a printed invoice's text could not be searched, copied or
          read by a program: the text is printed in the system's font of the
          family (see :func:`printable_fonts`)."""
        if not _unpatched_qt():
            return super()._run_wkhtmltopdf(
                bodies, report_ref=report_ref, header=header, footer=footer, **options
            )
        if len(bodies) > 1 and self._crm_one_document(report_ref):
            raise SeveralDocuments()
        bodies = printable_fonts(bodies, self._crm_report_fonts())
        headers, footers = header_footer_parts(header, footer)
        numbered = [
            _numbers_pages(headers, index) or _numbers_pages(footers, index)
            for index in range(len(bodies))
        ]
        if margins := inline_margins(headers, footers):
            options["specific_paperformat_args"] = {
                **(options.get("specific_paperformat_args") or {}),
                **margins,
            }
            bodies = inline_header_footer(bodies, headers, footers)
        if len(bodies) < 2:
            pdfs = [super()._run_wkhtmltopdf(bodies, report_ref=report_ref, **options)]
        else:
            pdfs = [
                super(IrActionsReport, self)._run_wkhtmltopdf(
                    [body], report_ref=report_ref, **options
                )
                for body in bodies
            ]
        pdfs = [
            number_pages(pdf) if numbers else pdf
            for pdf, numbers in zip(pdfs, numbered or [False], strict=False)
        ]
        return pdfs[0] if len(pdfs) == 1 else merge_pdf(pdfs)

    def _crm_report_fonts(self):
        """The font of each company's document layout, by company id."""
        companies = self.env["res.company"].sudo().search_fetch([], ["font"])
        return {company.id: company.font for company in companies}


def _unpatched_qt():
    """Whether Odoo's wkhtmltopdf is built on an unpatched Qt (Debian's)."""
    return not getattr(_wkhtml(), "is_patched_qt", True)


def font_stack(font):
    """The CSS families in which text of Odoo's web font ``font`` ("Lato",
    "Open_Sans") prints as text: the system font under the name the set-up
    gives it ("Lato Print"), the system font's own name where no web font takes
    it ("Open Sans"), else DejaVu Sans."""
    font = font or "Lato"
    name = font.replace("_", " ")
    families = [PRINT_FAMILY.format(name)]
    if name != font:
        families.append(name)
    families.append(FALLBACK_FAMILY)
    return ", ".join(f'"{family}"' for family in families) + ", sans-serif"


def printable_fonts(bodies, fonts):
    """Each body (an HTML page) with a style that prints its text in system
    fonts, the font of each company's layout (``fonts``: by company id) kept.
    A web font's name cannot be taken back from Odoo's styles, so the text
    is given a family of another name (see :func:`font_stack`)."""
    rules = [f"body {{ font-family: {font_stack('Lato')}; }}"]
    rules += [
        # Twice the class: above the layout's own rule, whatever comes after.
        f".o_company_{company}_layout.o_company_{company}_layout "
        f"{{ font-family: {font_stack(font)}; }}"
        for company, font in sorted(fonts.items())
    ]
    style = "<style>{}</style>".format("\n".join(rules))
    pages = [body.decode() if isinstance(body, bytes) else str(body) for body in bodies]
    return [
        page.replace("</head>", style + "</head>", 1)
        if "</head>" in page
        else style + page
        for page in pages
    ]


def number_pages(pdf):
    """``pdf`` with each page's number and the number of pages ("2 / 3") at the
    foot of the page, centred in its bottom margin, as the footer of a patched
    wkhtmltopdf gives them (in figures only: no word to translate, no font to
    find for Thai). A PDF that cannot be stamped is returned as it is."""
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        pages = list(reader.pages)
        writer = PdfFileWriter()
        for number, page in enumerate(pages, start=1):
            page.merge_page(_page_number(page, f"{number} / {len(pages)}"))
            # Merged, the page's text is left uncompressed (3 times the size).
            page.compress_content_streams()
            writer.add_page(page)
        with io.BytesIO() as stamped:
            writer.write(stamped)
            return stamped.getvalue()
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        _logger.warning("Pages left unnumbered: %s", error)
        return pdf


def _page_number(page, text):
    """A transparent page of ``page``'s size with ``text`` at its foot."""
    from reportlab.lib.units import mm  # noqa: PLC0415
    from reportlab.pdfgen import canvas  # noqa: PLC0415

    width = float(abs(page.mediabox.width))
    height = float(abs(page.mediabox.height))
    stamp = io.BytesIO()
    sheet = canvas.Canvas(stamp, pagesize=(width, height))
    sheet.setFont("Helvetica", 8)
    sheet.setFillGray(0.45)
    sheet.drawCentredString(width / 2, PAGE_NUMBER_MM * mm, text)
    sheet.save()
    return PdfFileReader(stamp).pages[0]


def header_footer_parts(header, footer):
    """The ``div.header`` and the ``div.footer`` blocks of Odoo's header and
    footer pages: one a document, in the documents' order (or one for all)."""
    return _parts(header, "header"), _parts(footer, "footer")


def inline_header_footer(bodies, headers, footers):
    """Each body (an HTML page of one document) with its own header first and
    its own footer last (see :func:`header_footer_parts`); one header (footer)
    for all documents serves each."""
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


def inline_margins(headers, footers):
    """The page margins left for a header (a footer) that moves into the body:
    8 mm instead of its room; a report without one keeps its margin."""
    margins = {}
    if headers:
        margins["data-report-margin-top"] = INLINE_MARGIN_MM
    if footers:
        margins["data-report-margin-bottom"] = INLINE_MARGIN_MM
    return margins


# Elements of a class (any element; the header and footer blocks are divs).
_CLASS = ".//{}[contains(concat(' ', normalize-space(@class), ' '), ' {} ')]"


def _parts(page, kind):
    """The ``div.<kind>`` blocks of Odoo's header or footer page."""
    if not page:
        return []
    return lxml.html.fromstring(page).xpath(_CLASS.format("div", kind))


def _pick(parts, index):
    """The document's block (the only one when there is one), else None."""
    if index < len(parts):
        return parts[index]
    if len(parts) == 1:
        return parts[0]
    return None


def _numbers_pages(parts, index):
    """Whether the document's header (footer) numbers its pages."""
    part = _pick(parts, index)
    return part is not None and bool(part.xpath(_CLASS.format("span", "page")))


def _part_of(parts, index):
    """A copy of the document's block without the page numbers: wkhtmltopdf
    fills them in a footer page only (see :func:`number_pages`)."""
    part = _pick(parts, index)
    if part is None:
        return None
    part = copy.deepcopy(part)
    for number in part.xpath(_CLASS.format("span", "page")):
        line = number.getparent()
        if line.tag == "li":
            # Odoo's internal layout: "page", "/", "pages" items of one list.
            line = line.getparent()
        if line is not part and line.getparent() is not None:
            line.getparent().remove(line)
        elif number.getparent() is not None:
            number.drop_tree()
    return part
