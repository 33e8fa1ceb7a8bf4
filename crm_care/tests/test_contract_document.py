"""The contract as a document: sent to sign with its PDF, signed in the portal
(the signed PDF kept), approved with or without a signature, terminated with a
notice period; milestones that bill; the tickets a contract covers."""

import base64
import io
import re
from datetime import date, datetime, timedelta

from freezegun import freeze_time
from PIL import Image

from odoo import SUPERUSER_ID, Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools.pdf import PdfFileReader

from odoo.addons.crm_idic.tests.common import SuiteHttpCase, assert_pdf

from .common import ContractCommon

# A 1×1 PNG: the customer's drawn signature.
SIGNATURE = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGA"
    "WjR9awAAAABJRU5ErkJggg=="
)


@tagged("post_install", "-at_install")
class TestContractDocument(ContractCommon):
    def _send(self, contract):
        action = contract.action_send()
        # The composer's dialog is titled (else it reads "Odoo").
        self.assertEqual(action["name"], "Send the contract to sign")
        composer = (
            self.env[action["res_model"]].with_context(**action["context"]).create({})
        )
        composer._action_send_mail()

    def test_sent_with_its_pdf_then_signed_then_approved(self):
        contract = self._contract([{"quantity": 2}], state="draft")
        self._send(contract)
        self.assertEqual(contract.state, "sent")
        sent = contract.message_ids.filtered(
            lambda message: message.message_type == "comment"
        )[:1]
        self.assertIn(self.customer.partner_share and self.customer, sent.partner_ids)
        # The contract's report is attached (rendered as HTML in Odoo's test
        # mode: the mail composer does not pass force_report_rendering on).
        [attachment] = sent.attachment_ids
        self.assertEqual(
            attachment.name.rsplit(".", 1)[0], f"Contract - {contract.number}"
        )
        self.assertIn(contract.get_portal_url(), sent.body)
        # A draft that is sent a second time stays sent.
        self._send(contract)
        self.assertEqual(contract.state, "sent")

        with freeze_time("2026-01-10 02:00:00"), self.allow_pdf_render():
            contract.with_context(force_report_rendering=True)._customer_accept(
                "Nguyễn Văn A", SIGNATURE
            )
        self.assertEqual(contract.state, "signed")
        self.assertEqual(contract.date_signed, date(2026, 1, 10))
        pdf = base64.b64decode(contract.signed_attachment_id.datas)
        self.assertTrue(pdf.startswith(b"%PDF"), pdf[:20])
        self.assertEqual(contract.signed_attachment_id.res_id, contract.id)
        self.assertIn(
            contract.signed_attachment_id, contract.message_ids.attachment_ids
        )
        # Signed once only.
        with self.assertRaisesRegex(UserError, "cannot be signed"):
            contract._customer_accept("Someone else")
        contract.action_submit()
        contract.action_approve()
        self.assertEqual(contract.state, "running")
        self.assertNotIn(
            "without the customer's signature",
            " ".join(contract.message_ids.mapped("body")),
        )

    def test_responsible_is_asked_to_submit_in_their_language(self):
        """The customer signs in English; the salesperson, who reads
        Vietnamese, gets the activity to submit the contract in Vietnamese."""
        self._speaks_vietnamese(self.seller.partner_id)
        contract = self._contract([{}], state="sent")
        contract.with_context(lang="en_US")._customer_accept("John Smith")
        self.assertEqual(
            contract.activity_ids.mapped("summary"),
            ["Khách hàng đã ký: gửi phê duyệt"],
        )
        self.assertEqual(contract.activity_ids.user_id, self.seller)

    def test_signed_through_the_link_on_the_companys_day(self):
        """Following the mail's link, the customer is Odoo's public user, with
        no time zone: signed at 05:00 on 10 January in Vietnam (22:00 UTC the
        day before), the contract is signed on the 10th."""
        self.company.resource_calendar_id.tz = "Asia/Ho_Chi_Minh"
        contract = self._contract([{}], state="sent")
        public = self.env.ref("base.public_user")
        with freeze_time("2026-01-09 22:00:00"):
            contract.with_user(public).with_context(tz=False).sudo()._customer_accept(
                "Nguyễn Văn A"
            )
        self.assertEqual(contract.date_signed, date(2026, 1, 10))

    def test_signed_pdf_gives_the_signing_time_on_the_companys_clock(self):
        """Odoo's portal reads the contract as its superuser, whose time zone is
        no reader's: the signed PDF (HTML in Odoo's test mode) gives the signing
        time in the company's (Vietnam: 22:00 UTC on the 9th is 05:00 on the
        10th), as the portal page does."""
        self.company.resource_calendar_id.tz = "Asia/Ho_Chi_Minh"
        contract = self._contract([{}], state="sent")
        with freeze_time("2026-01-09 22:00:00"):
            contract.with_user(SUPERUSER_ID).with_context(tz=False)._customer_accept(
                "Nguyễn Văn A"
            )
        signed = contract.signed_attachment_id.raw.decode()
        lang = self.env["res.lang"]._lang_get(self.env.lang or "en_US")
        shown = f"{lang.date_format} {lang.time_format}"
        self.assertIn(datetime(2026, 1, 10, 5, 0).strftime(shown), signed)
        self.assertNotIn(datetime(2026, 1, 9, 22, 0).strftime(shown), signed)

    def test_the_signatures_print_whole_on_one_page(self):
        """wkhtmltopdf cut the signatures of a contract whose terms brought
        them to the foot of a page: the signing time printed half on each page,
        or the customer's signature parted from its title. However long the
        terms, the signatures print together on one page."""
        picture = io.BytesIO()
        Image.new("RGB", (400, 200), "white").save(picture, "PNG")
        contract = self._contract([{}], state="sent")
        contract._customer_accept(
            "Nguyễn Văn A",
            signature=base64.b64encode(picture.getvalue()),
            when=datetime(2026, 1, 9, 3, 0),
        )
        # Each step moves the signatures down by 8 lines (about 4 cm), less than
        # their height (the 4 cm signature and its lines): one of the steps
        # brings them across the foot of the first page.
        paragraph = "<p>Điều {}." + "<br/>Nội dung bổ sung." * 7 + "</p>"
        pages_seen = set()
        for step in range(8):
            contract.terms = "".join(paragraph.format(n) for n in range(step))
            pdf = assert_pdf(
                self, "crm_care.action_report_crm_care_contract", contract.ids
            )
            pages = [
                " ".join(page.extract_text().split())
                for page in PdfFileReader(io.BytesIO(pdf)).pages
            ]
            pages_seen.add(len(pages))
            with self.subTest(step=step):
                [page] = [page for page in pages if "For the customer" in page]
                self.assertIn("Signed by Nguyễn Văn A", page)
                self.assertEqual(
                    [page for page in pages if "01/09/2026" in page], [page]
                )
        # The terms took the signatures from the first page to the second.
        self.assertEqual(pages_seen, {1, 2})

    def test_manager_may_approve_without_a_signature_and_it_is_logged(self):
        contract = self._contract([{}], state="draft")
        contract.action_submit()
        contract.action_approve()
        self.assertEqual(contract.state, "running")
        self.assertIn("without the customer's signature", contract.message_ids[0].body)

    def test_contract_pdf_names_the_parties_lines_and_terms(self):
        contract = self._contract(
            [{"name": "Bảo trì #START# - #END#", "price_unit": 1_250_000}],
            terms="<p>Điều 5. Bảo mật thông tin.</p>",
        )
        html, _type = self.env["ir.actions.report"]._render_qweb_html(
            "crm_care.action_report_crm_care_contract", contract.ids
        )
        text = html.decode()
        for expected in (
            contract.number,
            self.customer.name,
            self.env.company.name,
            "Bảo trì máy lọc nước",
            "Điều 5. Bảo mật thông tin.",
            "Pre-paid",
        ):
            self.assertIn(expected, text)
        self.assertNotIn("#START#", text)

    @freeze_time("2026-03-10")
    def test_termination_respects_the_notice_period_and_stops_invoicing(self):
        contract = self._contract(
            [{}], end=date(2026, 12, 31), notice_period_days=30, auto_renew=True
        )
        contract.recurring_create_invoice(date(2026, 3, 1))  # up to 31 March
        reason = self.env.ref("crm_care.terminate_reason_competitor")
        wizard = (
            self.env["crm.care.contract.terminate"]
            .with_context(**contract.action_terminate()["context"])
            .create({"terminate_reason_id": reason.id})
        )
        # 10 March + 30 days.
        self.assertEqual(wizard.date_end, date(2026, 4, 9))
        wizard.date_end = date(2026, 4, 1)
        with self.assertRaisesRegex(ValidationError, "04/09/2026 at the earliest"):
            wizard.action_terminate()
        self.assertFalse(contract.is_terminated)
        wizard.date_end = date(2026, 4, 15)
        wizard.action_terminate()
        self.assertTrue(contract.is_terminated)
        self.assertEqual(contract.date_end, date(2026, 4, 15))
        self.assertFalse(contract.auto_renew)
        self.assertEqual(contract.terminate_date, date(2026, 3, 10))
        # April 1-15 only: 15 of April's 30 days; nothing after.
        [april] = contract.recurring_create_invoice(date(2026, 6, 1))
        self.assertEqual(april.amount_untaxed, 500_000)
        # At its end the terminated contract closes, with no successor.
        with freeze_time("2026-04-16"):
            self.env["crm.care.contract"]._cron_contract_renewals()
        self.assertEqual(contract.state, "closed")
        self.assertFalse(contract.successor_id)

    def test_one_off_amount_of_a_contract_created_with_its_value_typed_in(self):
        """Through JSON-RPC a contract may come with its value and its lines:
        the one-off lines still make its one-off amount."""
        contract = self._contract(
            [{"is_one_off": True, "name": "Lắp đặt", "price_unit": 20_000_000}],
            value=800_000,
        )
        self.assertEqual(
            (contract.value, contract.amount_one_off), (800_000, 20_000_000)
        )

    def test_milestones_bill_a_share_of_the_one_off_lines_or_a_fixed_amount(self):
        contract = self._contract(
            [
                {"price_unit": 500_000},
                {
                    "is_one_off": True,
                    "name": "Lắp đặt hệ thống",
                    "price_unit": 20_000_000,
                },
            ],
            end=date(2026, 12, 31),
        )
        # The recurring value leaves the one-off line out.
        self.assertEqual(
            (contract.value, contract.amount_one_off), (500_000, 20_000_000)
        )
        self.assertEqual(
            contract.line_ids.filtered("is_one_off").recurring_next_date, False
        )
        deposit, fixed = self.env["crm.care.contract.milestone"].create(
            [
                {
                    "contract_id": contract.id,
                    "name": "Đặt cọc",
                    "billing": "percent",
                    "percentage": 30,
                },
                {
                    "contract_id": contract.id,
                    "name": "Đào tạo",
                    "billing": "fixed",
                    "fixed_amount": 2_000_000,
                    "product_id": self.service.id,
                },
            ]
        )
        self.assertEqual(deposit.amount, 6_000_000)
        deposit.action_done()
        invoice = deposit.invoice_id
        self.assertEqual(invoice.amount_untaxed, 6_000_000)
        self.assertEqual(invoice.crm_care_contract_id, contract)
        self.assertIn("Đặt cọc", invoice.invoice_line_ids.name)
        # Marked done again: nothing billed twice.
        deposit.done_date = date(2026, 2, 1)
        self.assertEqual(len(contract.invoice_ids), 1)
        # On the next invoice (a company setting): with January's period.
        self.company.contract_milestone_invoicing = "next"
        fixed.action_done()
        self.assertTrue(fixed.to_bill)
        self.assertFalse(fixed.invoice_id)
        [january] = contract.recurring_create_invoice(date(2026, 1, 1))
        self.assertEqual(fixed.invoice_id, january)
        self.assertEqual(january.amount_untaxed, 500_000 + 2_000_000)
        with self.assertRaises(ValidationError):
            fixed.copy({"billing": "percent", "percentage": 120})

    def test_a_draft_contracts_milestone_cannot_bill(self):
        contract = self._contract(
            [{"is_one_off": True, "price_unit": 1_000_000}], state="draft"
        )
        milestone = self.env["crm.care.contract.milestone"].create(
            {
                "contract_id": contract.id,
                "name": "Nghiệm thu",
                "billing": "percent",
                "percentage": 50,
            }
        )
        with self.assertRaisesRegex(UserError, "only a running"):
            milestone.action_done()
        self.assertFalse(milestone.done_date)
        self.assertFalse(contract.invoice_ids)

    def test_overdue_milestones_notify_the_responsible_once(self):
        contract = self._contract([{}], end=date(2026, 12, 31))
        late, future, done = self.env["crm.care.contract.milestone"].create(
            [
                {
                    "contract_id": contract.id,
                    "name": "Khảo sát",
                    "planned_date": date(2026, 2, 1),
                    "user_id": self.seller.id,
                },
                {
                    "contract_id": contract.id,
                    "name": "Lắp đặt",
                    "planned_date": date(2026, 9, 1),
                },
                {
                    "contract_id": contract.id,
                    "name": "Ký kết",
                    "planned_date": date(2026, 1, 5),
                    "done_date": date(2026, 1, 5),
                },
            ]
        )
        Milestone = self.env["crm.care.contract.milestone"]
        with freeze_time("2026-02-10"):
            Milestone._cron_overdue_milestones()
            Milestone._cron_overdue_milestones()
        activities = contract.activity_ids
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.user_id, self.seller)
        self.assertIn("Khảo sát", activities.summary)
        self.assertEqual(
            (late | future | done).mapped("overdue_notified"), [True, False, False]
        )

    def test_contract_shows_its_tickets_sla_compliance(self):
        contract = self._contract([{}], end=date(2026, 12, 31))
        tickets = self.env["crm.care.ticket"].create(
            [
                {
                    "subject": f"Sự cố {n}",
                    "partner_id": self.customer.id,
                    "team_id": self.team.id,
                    "contract_id": contract.id,
                }
                for n in range(4)
            ]
        )
        # 3 decided: 2 met, 1 failed; one still on track.
        tickets[0].sla_status = "met"
        tickets[1].sla_status = "met"
        tickets[2].sla_status = "failed"
        tickets[3].sla_status = "on_track"
        contract.invalidate_recordset()
        self.assertEqual(contract.ticket_count, 4)
        self.assertEqual(contract.sla_failed_count, 1)
        self.assertAlmostEqual(contract.sla_compliance, 200 / 3, places=6)
        clerk = new_test_user(
            self.env, login="contract_only", groups="crm_care.group_contract_user"
        )
        self.assertEqual(contract.with_user(clerk).sla_failed_count, 1)


@tagged("post_install", "-at_install")
class TestContractSigningPortal(SuiteHttpCase):
    def _portal_contract(self, login, **values):
        """A portal customer (``login``, no time zone) and its contract of one
        line of a maintenance service."""
        portal = new_test_user(
            self.env, login=login, groups="base.group_portal", tz=False
        )
        service = self.env["product.product"].create(
            {"name": "Gói bảo trì", "type": "service", "list_price": 900_000}
        )
        contract = self.env["crm.care.contract"].create(
            {
                "name": "Bảo trì 2027",
                "partner_id": portal.partner_id.id,
                "line_ids": [Command.create({"product_id": service.id, "name": "x"})],
                **values,
            }
        )
        return portal, contract

    def test_customer_reads_downloads_and_signs_a_sent_contract(self):
        portal, contract = self._portal_contract(
            "sign_portal",
            date_start=date(2027, 1, 1),
            terms="<p>Điều khoản riêng</p>",
        )
        contract.state = "sent"
        self.authenticate("sign_portal", "sign_portal")
        page = self.url_open(f"/my/contracts/{contract.id}").text
        self.assertIn("Gói bảo trì", page)
        self.assertIn("Điều khoản riêng", page)
        self.assertIn("Accept and sign", page)
        pdf = self.url_open(f"/my/contracts/{contract.id}?report_type=html")
        self.assertIn(contract.number, pdf.text)
        # The page's Download button gives the contract as a file named by its
        # number (it answered 500: a contract had no report file name).
        [download] = re.findall(r'href="([^"]*report_type=pdf[^"]*)"', page)
        pdf = self.url_open(download.replace("&amp;", "&"))
        self.assertEqual(pdf.status_code, 200)
        self.assertIn(
            "Contract_%s.pdf" % contract.number.replace("/", "_"),
            pdf.headers["Content-Disposition"],
        )
        answer = self.make_jsonrpc_request(
            f"/my/contracts/{contract.id}/accept",
            {"name": "Trần Thị B", "signature": SIGNATURE},
        )
        self.assertNotIn("error", answer)
        self.assertEqual(contract.state, "signed")
        self.assertTrue(contract.customer_signature)
        self.assertTrue(contract.signed_attachment_id)
        # The customer has no time zone: the signing time in the company's
        # (Vietnam, UTC+7).
        self.assertFalse(portal.tz)
        contract.company_id.resource_calendar_id.tz = "Asia/Ho_Chi_Minh"
        signed = contract.customer_accepted_date + timedelta(hours=7)
        lang = self.env["res.lang"]._lang_get("en_US")
        # To the minute: a customer reads no seconds.
        minutes = lang.time_format.replace(":%S", "")
        self.assertIn(
            signed.strftime(f"{lang.date_format} {minutes}"),
            self.url_open(f"/my/contracts/{contract.id}").text,
        )
        # A sent contract is not readable by another portal user.
        other = new_test_user(self.env, login="sign_other", groups="base.group_portal")
        self.assertFalse(
            self.env["crm.care.contract"]
            .with_user(other)
            .search([("id", "=", contract.id)])
        )

    def test_customer_sees_the_contracts_invoices_and_next_one(self):
        _portal, contract = self._portal_contract(
            "invoice_portal", date_start=date(2026, 1, 1)
        )
        contract.state = "running"
        january, february = (
            contract.recurring_create_invoice(date(2026, 1, 1)),
            contract.recurring_create_invoice(date(2026, 2, 1)),
        )
        january.action_post()
        self.assertEqual(february.state, "draft")
        self.authenticate("invoice_portal", "invoice_portal")
        page = self.url_open(f"/my/contracts/{contract.id}").text
        # The posted one, with a link the customer can open; not the draft.
        self.assertIn(january.name, page)
        self.assertIn(f"/my/invoices/{january.id}?access_token=", page)
        self.assertNotIn(f"/my/invoices/{february.id}", page)
        # Monthly from January, two invoiced: the next on 1 March (en_US).
        self.assertIn("Next invoice:", page)
        self.assertIn("03/01/2026", page)
        self.assertEqual(self.url_open(january.get_portal_url()).status_code, 200)


@tagged("post_install", "-at_install")
class TestContractOverXmlRpc(SuiteHttpCase):
    """A contract's buttons called through Odoo's XML-RPC door, as an
    integration does: each answers (XML-RPC cannot carry a method's None: the
    client got a fault after the step was done)."""

    def test_contract_steps_answer_over_xml_rpc(self):
        manager = new_test_user(
            self.env,
            login="rpc_contract_manager",
            groups="sales_team.group_sale_salesman,crm_care.group_contract_manager",
        )
        customer = self.env["res.partner"].create({"name": "Khách RPC"})
        service = self.env["product.product"].create(
            {"name": "Gói RPC", "type": "service", "list_price": 900_000}
        )
        contract = self.env["crm.care.contract"].create(
            {
                "name": "Bảo trì RPC",
                "partner_id": customer.id,
                "date_start": date(2026, 1, 1),
                "line_ids": [Command.create({"product_id": service.id})],
            }
        )
        milestone = self.env["crm.care.contract.milestone"].create(
            {"contract_id": contract.id, "name": "Khảo sát"}
        )

        def call(model, method, record):
            return self.xmlrpc_object.execute_kw(
                self.env.cr.dbname,
                manager.id,
                "rpc_contract_manager",
                model,
                method,
                [record.ids],
            )

        steps = [
            ("crm.care.contract", "action_cancel", contract, "cancel"),
            ("crm.care.contract", "action_set_draft", contract, "draft"),
            ("crm.care.contract", "action_submit", contract, "waiting"),
            ("crm.care.contract", "action_approve", contract, "running"),
            ("crm.care.contract", "action_close", contract, "closed"),
        ]
        for model, method, record, state in steps:
            self.assertIs(call(model, method, record), True, method)
            self.assertEqual(contract.state, state, method)
        self.assertIs(
            call("crm.care.contract.milestone", "action_done", milestone), True
        )
        self.assertTrue(milestone.done_date)
