"""Customer statements: outstanding items at a date (exact as of it, as the
aging) and the activity between two dates with opening and closing balances;
printed, and mailed to the invoicing contact. Figures by hand."""

import io
import unittest
from datetime import date, timedelta

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools.pdf import PdfFileReader

from odoo.addons.crm_idic.tests.common import assert_pdf, report_html
from odoo.addons.crm_reports.tests.common import ReportsCommon


@tagged("post_install", "-at_install")
class TestStatements(ReportsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls._customer("Khách sao kê", email="saoke@example.com")
        cls.billing = cls._billing_contact(
            cls.customer, "Kế toán Khách sao kê", "ketoan@example.com"
        )
        term_30 = cls._payment_term("30 days", (100, 30))
        # 1,000 on 5 January (due 4 February), 400 paid on 15 January; 500 on
        # 10 February (due 12 March); a 100 credit note on 20 February.
        cls.first = cls._invoice(
            cls.customer, 1000, date(2026, 1, 5), invoice_payment_term_id=term_30.id
        )
        cls._pay(cls.first, 400, date(2026, 1, 15))
        cls.second = cls._invoice(
            cls.customer, 500, date(2026, 2, 10), invoice_payment_term_id=term_30.id
        )
        cls.credit = cls._invoice(
            cls.customer, 100, date(2026, 2, 20), move_type="out_refund"
        )

    def _wizard(self, **values):
        return (
            self.env["crm.reports.statement"]
            .with_context(active_model="res.partner", active_ids=self.customer.ids)
            .create(values)
        )

    def test_outstanding_items_at_a_date(self):
        wizard = self._wizard(kind="outstanding", date_to=date(2026, 2, 14))
        self.assertEqual(wizard.partner_ids, self.customer)
        data = wizard._statement(self.customer)
        # 600 open of the first (10 days late), 500 of the second (not due).
        self.assertEqual(
            [
                (item.move_id, amount, late)
                for item, amount, late, _cur in data["items"]
            ],
            [(self.first, 600.0, 10), (self.second, 500.0, -26)],
        )
        self.assertEqual(data["aging"]["total"], 1100.0)
        self.assertEqual(data["aging"]["bucket_1"], 600.0)
        # Before the payment of 15 January, the first was open in full.
        before = self._wizard(kind="outstanding", date_to=date(2026, 1, 10))
        [(item, amount, _late, _cur)] = before._statement(self.customer)["items"]
        self.assertEqual((item.move_id, amount), (self.first, 1000.0))
        html, _kind = self.env["ir.actions.report"]._render_qweb_html(
            "crm_reports.action_report_statement", wizard.ids
        )
        self.assertIn(self.first.name, html.decode())

    def test_a_statement_is_in_the_customers_language(self):
        """Printed by an accountant working in English for a customer who reads
        Vietnamese: the words, dates and amounts are the customer's."""
        self._speaks_vietnamese(self.customer, "crm_reports")
        wizard = self._wizard(kind="outstanding", date_to=date(2026, 2, 14))
        html = report_html(
            self.env, "crm_reports.action_report_statement", wizard.ids, "en_US"
        )
        # 600 open of the first, 500 of the second: 1,100.00 written the
        # Vietnamese way, its due date 04/02/2026 (day first).
        self.assertIn("1.100,00", html)
        self.assertNotIn("1,100.00", html)
        self.assertIn("04/02/2026", html)

    def test_from_the_aging_screen(self):
        aging = self.env["crm.reports.aging.wizard"].create(
            {"as_of_date": date(2026, 2, 14)}
        )
        aging.action_compute()
        line = aging.line_ids.filtered(lambda line: line.partner_id == self.customer)
        action = line.action_statement()
        wizard = (
            self.env[action["res_model"]].with_context(**action["context"]).create({})
        )
        self.assertEqual(
            (wizard.partner_ids, wizard.date_to), (self.customer, date(2026, 2, 14))
        )
        self.assertEqual(wizard._statement(self.customer)["aging"]["total"], 1100.0)

    def test_the_statements_of_several_customers_print_as_one_pdf(self):
        """Printed by wkhtmltopdf (Debian's, on an unpatched Qt, refuses several
        documents in one call): one page per customer, in one PDF."""
        other = self._customer("Khách sao kê hai")
        self._invoice(other, 300, date(2026, 2, 1))
        wizard = self._wizard(kind="outstanding", date_to=date(2026, 2, 14))
        wizard.partner_ids = self.customer | other
        try:
            pdf = assert_pdf(self, "crm_reports.action_report_statement", wizard.ids)
        except unittest.SkipTest as refused:  # Odoo's answer in a test
            self.fail(f"The statements were not printed: {refused}")
        self.assertEqual(len(PdfFileReader(io.BytesIO(pdf)).pages), 2)

    def test_activity_between_two_dates_with_opening_and_closing(self):
        wizard = self._wizard(
            kind="activity", date_from=date(2026, 2, 1), date_to=date(2026, 2, 28)
        )
        data = wizard._statement(self.customer)
        # Opening 1,000 - 400; then +500 and -100.
        self.assertEqual(data["opening"], 600.0)
        self.assertEqual(
            [line.move_id for line in data["lines"]], [self.second, self.credit]
        )
        self.assertEqual(data["closing"], 1000.0)

    def test_items_in_another_currency_show_their_own_amounts(self):
        # 1 company unit = 2 EUR: 80 EUR on 5 January count 40; 30 EUR paid on
        # 20 January count 15.
        eur = self.setup_other_currency("EUR", rates=[("2000-01-01", 2.0)])
        customer = self._customer("Khách ngoại tệ")
        invoice = self._invoice(customer, 80, date(2026, 1, 5), currency_id=eur.id)
        self._pay(invoice, 30, date(2026, 1, 20))
        wizard = self.env["crm.reports.statement"].create(
            {"partner_ids": customer.ids, "date_to": date(2026, 1, 25)}
        )
        data = wizard._statement(customer)
        [(item, amount, _late, in_currency)] = data["items"]
        self.assertEqual((item.move_id, amount, in_currency), (invoice, 25.0, 50.0))
        self.assertTrue(data["foreign"])
        html = self._html(wizard)
        self.assertIn("Open in currency", html)
        self.assertRegex(html, r"50\.00(&nbsp;|\s)*€")
        # The activity of January: +80 EUR (40), -30 EUR (15), closing 25.
        wizard.write({"kind": "activity", "date_from": date(2026, 1, 1)})
        data = wizard._statement(customer)
        self.assertEqual(
            [(line.amount_currency, line.balance) for line in data["lines"]],
            [(80.0, 40.0), (-30.0, -15.0)],
        )
        self.assertEqual(data["closing"], 25.0)
        self.assertIn("In currency", self._html(wizard))
        # A customer owing only in the company's currency gets no such column.
        february = self._wizard(
            kind="activity", date_from=date(2026, 2, 1), date_to=date(2026, 2, 28)
        )
        self.assertNotIn("In currency", self._html(february))
        self.assertFalse(self._wizard()._statement(self.customer)["foreign"])

    def _html(self, wizard):
        html, _kind = self.env["ir.actions.report"]._render_qweb_html(
            "crm_reports.action_report_statement", wizard.ids
        )
        return html.decode()

    def test_bad_dates_are_refused(self):
        wizard = self._wizard(
            kind="activity", date_from=date(2026, 3, 1), date_to=date(2026, 2, 1)
        )
        with self.assertRaisesRegex(UserError, "starts on or before its end"):
            wizard.action_print()
        future = self._wizard(date_to=self.today + timedelta(days=1))
        with self.assertRaisesRegex(UserError, "in the future"):
            future.action_send()
        self.assertFalse(
            self.customer.message_ids.filtered(
                lambda m: "statement" in (m.subject or "")
            )
        )

    def test_sent_to_the_invoicing_contact_with_its_pdf(self):
        wizard = self._wizard(kind="outstanding", date_to=date(2026, 2, 14))
        wizard.action_send()
        [message] = self.customer.message_ids.filtered(
            lambda m: "your statement" in (m.subject or "")
        )
        self.assertEqual(message.partner_ids, self.billing)
        [attachment] = message.attachment_ids
        self.assertTrue(attachment.name.startswith("Statement Khách sao kê"))

    def test_mailed_in_the_customers_language_with_its_date_format(self):
        self._speaks_vietnamese(self.customer, "crm_reports")
        self._wizard(kind="outstanding", date_to=date(2026, 2, 14)).action_send()
        [message] = self.customer.message_ids.filtered(
            lambda m: "bảng đối chiếu công nợ" in (m.subject or "")
        )
        self.assertEqual(
            message.subject,
            f"{self.company.name}: bảng đối chiếu công nợ của quý khách "
            "tại ngày 14/02/2026",
        )
        self.assertIn("Xin gửi kèm bảng đối chiếu công nợ", message.body)
        # The attached statement too (HTML in tests: no forced PDF rendering).
        [attachment] = message.attachment_ids
        content = attachment.raw.decode()
        self.assertIn("Bảng đối chiếu công nợ tại ngày", content)
        self.assertIn("14/02/2026", content)
        self.assertNotIn("Statement of account at", content)

    def _statements_of(self, partner):
        return partner.message_ids.filtered(
            lambda m: "your statement" in (m.subject or "")
        )

    def test_many_statements_are_mailed_in_the_background(self):
        accountant = self._salesperson(
            "statement_accountant",
            groups="account.group_account_invoice,sales_team.group_sale_salesman",
        )
        other = self._customer("Khách sao kê hai", email="saoke2@example.com")
        self.env["ir.config_parameter"].sudo().set_param(
            "crm_reports.statement_sync_limit", "1"
        )
        cron = self.env.ref("crm_reports.ir_cron_statement_mailing")
        triggers = self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)])
        wizard = (
            self.env["crm.reports.statement"]
            .with_user(accountant)
            .create(
                {
                    "partner_ids": [(6, 0, (self.customer | other).ids)],
                    "date_to": date(2026, 2, 14),
                }
            )
        )
        answer = wizard.action_send()
        self.assertIn("in the background", answer["params"]["message"])
        # Two is more than one: nothing rendered in the request, the scheduled
        # action is started at once.
        Mailing = self.env["crm.reports.statement.mailing"]  # noqa: N806
        mailings = Mailing.search([("partner_id", "in", (self.customer | other).ids)])
        self.assertEqual(mailings.mapped("state"), ["queued", "queued"])
        self.assertFalse(self._statements_of(self.customer))
        self.assertGreater(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]),
            len(triggers),
        )
        # The scheduled action (run as the system) mails each in the
        # requester's name.
        Mailing._cron_send_statements()
        self.assertEqual(mailings.mapped("state"), ["sent", "sent"])
        for partner in (self.customer, other):
            [message] = self._statements_of(partner)
            self.assertEqual(message.author_id, accountant.partner_id)
            self.assertEqual(len(message.attachment_ids), 1)
            self.assertIn(message, mailings.message_id)
        self.assertEqual(self._statements_of(self.customer).partner_ids, self.billing)

    def test_a_statement_that_cannot_be_made_is_marked_and_retried(self):
        # Its requester lost the invoicing rights since: that one fails, the
        # other is mailed.
        clerk = self._salesperson("statement_clerk")
        accountant = self._salesperson(
            "statement_accountant2",
            groups="account.group_account_invoice,sales_team.group_sale_salesman",
        )
        Mailing = self.env["crm.reports.statement.mailing"]  # noqa: N806
        cut_off, sent = Mailing.create(
            [
                {
                    "company_id": self.company.id,
                    "partner_id": self.customer.id,
                    "kind": "outstanding",
                    "date_to": date(2026, 2, 14),
                    "user_id": user.id,
                }
                for user in (clerk, accountant)
            ]
        )
        self.env["res.lang"]._activate_lang("vi_VN")
        clerk.lang = "vi_VN"
        with self.assertLogs(
            "odoo.addons.crm_reports.models.crm_reports_statement_mailing", "WARNING"
        ) as logs:
            Mailing._cron_send_statements()
        self.assertIn(f"Statement mailing {cut_off.id} failed", logs.output[0])
        self.assertEqual((cut_off.state, sent.state), ("failed", "sent"))
        # The reason stays on the line, in the clerk's language (Odoo's own
        # access message names the model and the missing group).
        self.assertIn("crm.reports.statement", cut_off.error)
        self.assertIn("bạn không được phép tạo", cut_off.error)
        self.assertFalse(sent.error)
        self.assertEqual(len(self._statements_of(self.customer)), 1)
        # Given the rights back, a retry mails it.
        clerk.group_ids |= self.env.ref("account.group_account_invoice")
        (cut_off | sent).action_retry()
        self.assertEqual((cut_off.state, sent.state), ("queued", "sent"))
        Mailing._cron_send_statements()
        self.assertEqual((cut_off.state, cut_off.error), ("sent", False))
        self.assertEqual(len(self._statements_of(self.customer)), 2)
