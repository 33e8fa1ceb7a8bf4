"""What a reminder says: the customer's open credits deducted, the total in
the currencies owed, each document linked to its portal page, the invoices'
PDFs attached when the level says so; amounts by hand."""

import io
from datetime import timedelta

from odoo.tests import tagged
from odoo.tools.pdf import PdfFileReader

from odoo.addons.crm_idic.tests.common import assert_pdf, report_html
from odoo.addons.crm_reports.tests.test_dunning import DunningCommon


@tagged("post_install", "-at_install")
class TestReminderContents(DunningCommon):
    def test_open_credits_are_listed_and_deducted(self):
        """A credit note not yet matched with an invoice is the customer's money:
        the reminder lists it and asks for the rest; a customer whose credits
        cover what is due gets no reminder."""
        credit = self._invoice(self.anh, 120, 2, move_type="out_refund")
        paid = self._unmatched_payment(self.anh, 30).move_id
        self._invoice(self.binh, 600, 1, move_type="out_refund")
        run = self._run()
        anh = self._line(run, self.anh)
        # 300 + 200 + 150 listed, less the 120 credit note and 30 received: 500.
        self.assertEqual(anh.amount_due, 500)
        self.assertEqual(
            anh.item_ids.move_id,
            self.anh_old | self.anh_new | self.anh_part | credit | paid,
        )
        # Binh's 500 due is covered by its 600 credit note: nothing to ask.
        self.assertEqual(run.line_ids.partner_id, self.anh | self.chi)
        html = report_html(
            self.env, "crm_reports.action_report_dunning_letter", anh.ids
        )
        self.assertIn(credit.name, html)
        # The history records the installments reminded, not the credit note.
        anh._send()
        # The credit note links to its portal page; a payment has none: no link.
        [mail] = self._mails(self.anh, "reminder of invoices past due")
        self.assertIn(f"/my/invoices/{credit.id}?access_token=", mail.body)
        self.assertIn(f"<a>{paid.name}</a>", mail.body)
        logs = self.env["crm.reports.alert.log"].search(
            [("dunning_line_id", "=", anh.id)]
        )
        self.assertEqual(logs.move_id, self.anh_old | self.anh_new | self.anh_part)

    def test_a_customer_invoiced_in_another_currency_is_asked_for_it(self):
        """An export customer owes dollars, not their worth in the company's
        currency: the mail, the letter and the activity say what is owed in each
        currency; the run's amount stays the company's, for the accountant."""
        eur = self.setup_other_currency("EUR", rates=[("2000-01-01", 2.0)])
        export = self._customer("Công ty Xuất khẩu", email="xk@example.com")
        self._invoice(
            export, 200, 40, currency_id=eur.id, due=self.today - timedelta(days=10)
        )
        self._due(export, 300, 12)
        line = self._line(self._run(), export)
        # 200 EUR at 2 EUR a company unit: 100, and 300: 400 due.
        self.assertEqual(line.amount_due, 400)
        html = report_html(
            self.env, "crm_reports.action_report_dunning_letter", line.ids
        )
        total = "Total: 200.00\xa0€ + $\xa0300.00"
        self.assertIn(total, html)
        line._send()
        mail = self._mails(export, "reminder of invoices past due")
        self.assertIn(
            "Total: <strong>200.00&nbsp;€ + $&nbsp;300.00</strong>", mail.body
        )
        self.assertNotIn("400.00", mail.body)

    def test_a_level_may_attach_the_invoices(self):
        """The invoice sent to the customer goes with the reminder as it was
        sent; an invoice never sent is printed (a PDF of its own); a credit
        note listed is not attached."""
        self.gentle.join_invoices = True
        self._invoice(self.anh, 50, 2, move_type="out_refund")
        # Odoo keeps the PDF it sent in the invoice's PDF file.
        self.env["ir.attachment"].create(
            {
                "name": "Hoa don da gui.pdf",
                "raw": b"%PDF-1.4 sent",
                "res_model": "account.move",
                "res_id": self.anh_old.id,
                "res_field": "invoice_pdf_report_file",
            }
        )
        self.anh_old.invalidate_recordset()
        line = self._line(self._run(), self.anh)
        with self.allow_pdf_render():
            line.with_context(force_report_rendering=True)._send()
        [mail] = self._mails(self.anh, "reminder of invoices past due")
        files = {attachment.name: attachment.raw for attachment in mail.attachment_ids}
        printed = [self.anh_new, self.anh_part]
        self.assertEqual(
            set(files),
            {"Hoa don da gui.pdf"}
            | {f"{move.name.replace('/', '_')}.pdf" for move in printed},
        )
        self.assertEqual(files["Hoa don da gui.pdf"], b"%PDF-1.4 sent")
        for move in printed:
            self.assertTrue(
                files[f"{move.name.replace('/', '_')}.pdf"].startswith(b"%PDF")
            )
        # A level that does not attach them sends the mail alone.
        self._line(line.run_id, self.chi)._send()
        [notice] = self._mails(self.chi, "invoices coming due")
        self.assertFalse(notice.attachment_ids)

    def test_a_printed_letter_is_followed_by_the_invoices(self):
        """A level that attaches the invoices: its letter, printed, is followed
        by each invoice listed (Anh: the letter, then its three invoices, one
        page each); a level that does not: the letter alone (Chi)."""
        self.gentle.join_invoices = True
        run = self._run()
        anh, chi = self._line(run, self.anh), self._line(run, self.chi)
        self.assertEqual((anh.level_id, chi.level_id), (self.gentle, self.upcoming))
        letters = "crm_reports.action_report_dunning_letter"
        pages = {}
        for line in (anh, chi):
            pdf = assert_pdf(self, letters, line.ids)
            pages[line] = len(PdfFileReader(io.BytesIO(pdf)).pages)
        self.assertEqual(pages, {anh: 1 + 3, chi: 1})
        both = assert_pdf(self, letters, (anh | chi).ids)
        self.assertEqual(len(PdfFileReader(io.BytesIO(both)).pages), 5)
