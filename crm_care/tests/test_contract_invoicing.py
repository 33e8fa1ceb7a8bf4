"""Recurring invoicing of contract lines: periods, dates and amounts worked out by
hand from the rules (pre-paid on the first day, post-paid the day after the last,
a period cut by an end prorated by days)."""

import io
import unittest
from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools.pdf import PdfFileReader

from .common import ContractCommon


@tagged("post_install", "-at_install")
class TestContractInvoicing(ContractCommon):
    def test_monthly_prepaid_invoices_each_month_on_its_first_day(self):
        contract = self._contract([{"quantity": 2}])
        line = contract.line_ids
        self.assertEqual(line.recurring_next_date, date(2026, 1, 1))
        self.assertEqual(contract.value, 2_000_000)
        [january] = contract.recurring_create_invoice(date(2026, 1, 15))
        self.assertEqual(january.invoice_date, date(2026, 1, 1))
        self.assertEqual(january.amount_untaxed, 2_000_000)
        self.assertEqual(january.state, "draft")
        self.assertEqual(
            january.invoice_line_ids.name, "Bảo trì from 01/01/2026 to 01/31/2026"
        )
        self.assertEqual(january.crm_care_contract_id, contract)
        self.assertEqual(january.invoice_user_id, self.seller)
        self.assertEqual(line.last_date_invoiced, date(2026, 1, 31))
        self.assertEqual(line.recurring_next_date, date(2026, 2, 1))
        # Nothing twice for the same day.
        self.assertFalse(contract.recurring_create_invoice(date(2026, 1, 15)))
        # February and March at once; none after the end (31 March).
        later = contract.recurring_create_invoice(date(2026, 5, 1))
        self.assertEqual(
            later.mapped("invoice_date"), [date(2026, 2, 1), date(2026, 3, 1)]
        )
        self.assertFalse(line.recurring_next_date)
        self.assertEqual(len(contract.invoice_ids), 3)
        # The smart button lists those three, January's and the two later ones.
        action = contract.action_view_invoices()
        self.assertEqual(
            self.env["account.move"].search(action["domain"]), january | later
        )

    def test_a_contract_started_on_the_31st_bills_twelve_months_in_a_year(self):
        """Months counted from the start: 31 January, 28 February (no 31st),
        31 March, 30 April... not drifting to the 28th; a year from 31 January
        2026 to 30 January 2027 is twelve invoices, each a whole month."""
        contract = self._contract(
            [{"quantity": 1}], start=date(2026, 1, 31), end=date(2027, 1, 30)
        )
        invoices = contract.recurring_create_invoice(date(2027, 3, 1))
        self.assertEqual(
            invoices.mapped("invoice_date")[:5],
            [
                date(2026, 1, 31),
                date(2026, 2, 28),
                date(2026, 3, 31),
                date(2026, 4, 30),
                date(2026, 5, 31),
            ],
        )
        self.assertEqual(len(invoices), 12)
        self.assertEqual(invoices[-1].invoice_date, date(2026, 12, 31))
        self.assertEqual(
            invoices[1].invoice_line_ids.name, "Bảo trì from 02/28/2026 to 03/30/2026"
        )
        self.assertEqual(contract.line_ids.last_date_invoiced, date(2027, 1, 30))
        self.assertEqual(sum(invoices.mapped("amount_untaxed")), 12 * 1_000_000)

    def test_a_date_given_as_text_as_an_rpc_call_gives_it(self):
        """Over JSON-RPC or XML-RPC the date comes as text: the same invoices;
        a date that is not one is told clearly."""
        contract = self._contract([{"quantity": 1}])
        invoices = contract.recurring_create_invoice("2026-02-15")
        self.assertEqual(
            invoices.mapped("invoice_date"), [date(2026, 1, 1), date(2026, 2, 1)]
        )
        with self.assertRaisesRegex(UserError, "is not a date"):
            contract.recurring_create_invoice("2026-02-30")

    def test_quarterly_postpaid_invoices_the_day_after_the_quarter(self):
        contract = self._contract(
            [
                {
                    "price_unit": 3_000_000,
                    "recurring_rule_type": "quarterly",
                    "recurring_invoicing_type": "post-paid",
                }
            ],
            end=date(2026, 12, 31),
        )
        self.assertEqual(contract.line_ids.recurring_next_date, date(2026, 4, 1))
        self.assertFalse(contract.recurring_create_invoice(date(2026, 3, 31)))
        [first] = contract.recurring_create_invoice(date(2026, 4, 1))
        self.assertEqual(first.invoice_date, date(2026, 4, 1))
        self.assertEqual(first.amount_untaxed, 3_000_000)
        self.assertIn("01/01/2026 to 03/31/2026", first.invoice_line_ids.name)

    def test_yearly_line_and_a_line_ending_mid_period_prorated(self):
        contract = self._contract(
            [
                {"price_unit": 12_000_000, "recurring_rule_type": "yearly"},
                # Stopped on 14 February: 14 of February's 28 days.
                {"price_unit": 1_000_000, "date_end": date(2026, 2, 14)},
            ],
            end=date(2026, 12, 31),
        )
        [january] = contract.recurring_create_invoice(date(2026, 1, 1))
        self.assertEqual(january.amount_untaxed, 12_000_000 + 1_000_000)
        [february] = contract.recurring_create_invoice(date(2026, 2, 1))
        self.assertEqual(february.amount_untaxed, 500_000)
        self.assertIn("02/01/2026 to 02/14/2026", february.invoice_line_ids.name)
        self.assertFalse(contract.recurring_create_invoice(date(2026, 3, 1)))

    def test_period_markers_in_the_line_name(self):
        contract = self._contract([{"name": "Bảo trì từ #START# đến #END#"}])
        [invoice] = contract.recurring_create_invoice(date(2026, 1, 1))
        self.assertEqual(
            invoice.invoice_line_ids.name, "Bảo trì từ 01/01/2026 đến 01/31/2026"
        )

    def test_last_postpaid_period_is_invoiced_after_the_end_of_a_closed_contract(self):
        contract = self._contract(
            [{"recurring_invoicing_type": "post-paid"}], end=date(2026, 1, 31)
        )
        contract.state = "closed"
        [invoice] = contract.recurring_create_invoice(date(2026, 2, 1))
        self.assertEqual(invoice.invoice_date, date(2026, 2, 1))
        self.assertEqual(invoice.amount_untaxed, 1_000_000)

    def test_scheduled_action_invoices_running_contracts_once(self):
        contract = self._contract([{}])
        draft = self._contract([{}], state="draft")
        Contract = self.env["crm.care.contract"]
        with freeze_time("2026-02-01 03:00:00"):
            Contract._cron_recurring_create_invoice()
            Contract._cron_recurring_create_invoice()
        self.assertEqual(
            sorted(contract.invoice_ids.mapped("invoice_date")),
            [date(2026, 1, 1), date(2026, 2, 1)],
        )
        self.assertFalse(draft.invoice_ids)

    @freeze_time("2026-03-10 20:00:00")
    def test_an_invoice_made_later_falls_due_by_its_own_date(self):
        thirty_days = self.env.ref("account.account_payment_term_30days")
        immediate = self.env.ref("account.account_payment_term_immediate")
        no_terms = self._contract([{"recurring_rule_type": "monthly"}])
        [january] = no_terms.recurring_create_invoice(date(2026, 1, 1))
        # Made on 10 March (UTC; 11 March in Vietnam) for January: due on its
        # own date, not on the day it was made.
        self.assertEqual(january.invoice_date, date(2026, 1, 1))
        self.assertEqual(january.invoice_date_due, date(2026, 1, 1))
        # The customer's payment terms count from the invoice's date.
        self.customer.with_company(
            no_terms.company_id
        ).property_payment_term_id = thirty_days
        [february] = no_terms.recurring_create_invoice(date(2026, 2, 1))
        self.assertEqual(february.invoice_payment_term_id, thirty_days)
        self.assertEqual(february.invoice_date_due, date(2026, 3, 3))
        # The contract's own terms win over the customer's.
        no_terms.payment_term_id = immediate
        [march] = no_terms.recurring_create_invoice(date(2026, 3, 1))
        self.assertEqual(march.invoice_payment_term_id, immediate)
        self.assertEqual(march.invoice_date_due, date(2026, 3, 1))

    def test_bad_input_is_refused_with_nothing_created(self):
        draft = self._contract([{}], state="draft")
        with self.assertRaises(UserError):
            draft.recurring_create_invoice(date(2026, 1, 1))
        self.assertFalse(draft.invoice_ids)
        with self.assertRaises(ValidationError):
            self._contract([{"recurring_interval": 0}])
        with self.assertRaises(ValidationError):
            self._contract([{"price_unit": 0}])
        # A discount over 100 % would bill a negative line.
        with (
            self.assertRaisesRegex(ValidationError, "between 0 and 100%"),
            self.env.cr.savepoint(),
        ):
            self._contract([{"discount": 150.0}])
        with self.assertRaises(ValidationError):
            self._contract([{"date_end": date(2025, 12, 1)}])
        Contract = self.env["crm.care.contract"]
        count = Contract.search_count([])
        # As in a request, the call is undone as a whole.
        with (
            self.assertRaisesRegex(ValidationError, "needs a product"),
            self.env.cr.savepoint(),
        ):
            self._contract([{"product_id": False}])
        self.assertEqual(Contract.search_count([]), count)
        cancelled = self._contract([{}], state="cancel")
        with self.assertRaisesRegex(UserError, "Cancelled: only a running"):
            cancelled.recurring_create_invoice(date(2026, 1, 1))
        self.assertFalse(cancelled.invoice_ids)

    def test_renewal_is_a_draft_successor_with_its_own_invoices(self):
        order = self._order(self.customer, 500, 30)
        contract = self._contract(
            [{"price_unit": 2_000_000}],
            end=date(2026, 12, 31),
            sale_order_ids=[Command.set(order.ids)],
        )
        action = contract.action_renew()
        successor = self.env["crm.care.contract"].browse(action["res_id"])
        self.assertEqual(successor.state, "draft")
        self.assertEqual(
            (successor.date_start, successor.date_end),
            (date(2027, 1, 1), date(2027, 12, 31)),
        )
        self.assertEqual(successor.line_ids.price_unit, 2_000_000)
        self.assertEqual(successor.line_ids.date_start, date(2027, 1, 1))
        self.assertFalse(successor.line_ids.last_date_invoiced)
        self.assertFalse(successor.sale_order_ids)
        self.assertEqual(contract.successor_id, successor)
        self.assertEqual(contract.state, "running")
        with self.assertRaises(UserError):
            contract.action_renew()

    def test_month_ending_on_its_last_day_prorates_a_first_partial_month(self):
        # From 15 January: 17 of January's 31 days, then whole months.
        contract = self._contract(
            [{"price_unit": 3_100_000, "recurring_rule_type": "monthlylastday"}],
            start=date(2026, 1, 15),
        )
        first, second = contract.recurring_create_invoice(date(2026, 2, 1)).sorted(
            "invoice_date"
        )
        self.assertEqual(first.invoice_date, date(2026, 1, 15))
        self.assertEqual(first.amount_untaxed, 1_700_000)
        self.assertIn("01/15/2026 to 01/31/2026", first.invoice_line_ids.name)
        self.assertEqual(second.amount_untaxed, 3_100_000)
        self.assertIn("02/01/2026 to 02/28/2026", second.invoice_line_ids.name)

    def test_posted_invoice_goes_to_the_invoice_address_and_is_sent_in_background(
        self,
    ):
        contact = self.env["res.partner"].create(
            {
                "name": "Kế toán Khách Care",
                "parent_id": self.customer.id,
                "type": "invoice",
            }
        )
        contract = self._contract(
            [{}], invoice_posting="send", invoice_partner_id=contact.id
        )
        mails = self.env["mail.mail"].search_count([])
        [invoice] = contract.recurring_create_invoice(date(2026, 1, 1))
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.partner_id, contact)
        # Queued for Odoo's background sending: no mail made by the action.
        self.assertTrue(invoice.sending_data)
        self.assertEqual(self.env["mail.mail"].search_count([]), mails)
        # The contract's salesperson: the QCI revenue counts it as theirs.
        self.assertEqual(invoice.invoice_user_id, self.seller)

    def test_the_background_sending_mails_each_invoice_with_its_own_pdf(self):
        """Two contracts invoiced the same day: Odoo's background sending (its
        scheduled action) mails each invoice with its own PDF, with the
        wkhtmltopdf the set-up installs (one document at a time)."""
        contracts = self._contract([{}], invoice_posting="send") | self._contract(
            [{"quantity": 3}], invoice_posting="send"
        )
        invoices = contracts.recurring_create_invoice(date(2026, 1, 1))
        self.assertEqual(len(invoices), 2)
        try:
            with self.allow_pdf_render():
                # What the action does, without its commit.
                self.env["account.move.send"].with_context(
                    force_report_rendering=True
                )._generate_and_send_invoices(invoices, from_cron=True)
        except unittest.SkipTest as refusal:
            self.fail(f"Odoo refused to print the invoices: {refusal}")
        for invoice in invoices:
            self.assertFalse(invoice.sending_data)
            pdf = invoice.invoice_pdf_report_id
            self.assertEqual((pdf.res_model, pdf.res_id), ("account.move", invoice.id))
            self.assertEqual(len(PdfFileReader(io.BytesIO(pdf.raw)).pages), 1)
            # The mail to the customer carries a copy of that PDF.
            [sent] = invoice.message_ids.filtered("attachment_ids")
            self.assertEqual(sent.partner_ids, self.customer)
            self.assertEqual(sent.attachment_ids.raw, pdf.raw)

    def test_renewal_takes_the_pricelists_price_for_automatic_lines(self):
        pricelist = self.env["product.pricelist"].create(
            {
                "name": "Giá 2027",
                "item_ids": [
                    Command.create(
                        {
                            "applied_on": "0_product_variant",
                            "product_id": self.service.id,
                            "compute_price": "fixed",
                            "fixed_price": 1_200_000,
                        }
                    )
                ],
            }
        )
        contract = self._contract(
            [
                {"price_unit": 1_000_000, "automatic_price": True},
                {"price_unit": 900_000, "name": "Giá cố định"},
            ],
            end=date(2026, 12, 31),
            pricelist_id=pricelist.id,
        )
        successor = self.env["crm.care.contract"].browse(
            contract.action_renew()["res_id"]
        )
        self.assertEqual(
            sorted(successor.line_ids.mapped("price_unit")), [900_000, 1_200_000]
        )

    def test_monthly_recurring_revenue_of_running_contracts(self):
        running = self._contract(
            [
                {"quantity": 2},  # 2,000,000 a month
                {"price_unit": 3_000_000, "recurring_rule_type": "quarterly"},
                {"price_unit": 12_000_000, "recurring_rule_type": "yearly"},
                {"price_unit": 500_000, "is_canceled": True},
            ],
            end=date(2026, 12, 31),
        )
        self._contract([{}], state="draft")
        self.assertEqual(
            running.line_ids.mapped("recurring_monthly"),
            [2_000_000, 1_000_000, 1_000_000, 0.0],
        )
        action = self.env.ref("crm_care.crm_care_contract_line_action_mrr")
        self.assertEqual(action.context, "{'search_default_running': 1}")
        [(mrr,)] = self.env["crm.care.contract.line"]._read_group(
            [
                ("contract_state", "in", ("running", "to_renew")),
                ("is_canceled", "=", False),
                ("partner_id", "=", self.customer.id),
            ],
            aggregates=["recurring_monthly:sum"],
        )
        self.assertEqual(mrr, 4_000_000)
        self.assertEqual(
            sum(running.line_ids.mapped("recurring_yearly")), 12 * 4_000_000
        )
        # A contract in another currency counts in the company's, converted at
        # the line's start: 100 EUR a month at 2 EUR for 1 USD is 50 USD.
        eur = self.setup_other_currency("EUR", rates=[("2000-01-01", 2.0)])
        foreign = self._contract([{"price_unit": 100}], currency_id=eur.id)
        self.assertEqual(foreign.line_ids.recurring_monthly, 50)
        self.assertEqual(foreign.line_ids.recurring_yearly, 600)
