"""Contract templates, the proration setting, lines stopped or suspended from a
date, and a contract invoiced in VND with tax: amounts worked out by hand."""

from datetime import date

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import ContractCommon


@tagged("post_install", "-at_install")
class TestContractTerms(ContractCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.template = cls.env["crm.care.contract.template"].create(
            {
                "name": "Bảo trì năm",
                "duration_months": 12,
                "notice_period_days": 60,
                "invoice_posting": "post",
                "terms": "<p>Điều 1. Bên B bảo trì mỗi tháng.</p>",
                "line_ids": [
                    Command.create(
                        {
                            "product_id": cls.service.id,
                            "name": "Bảo trì #START# - #END#",
                            "quantity": 2,
                            "price_unit": 750_000,
                            "tax_ids": [Command.clear()],
                        }
                    ),
                    Command.create(
                        {
                            "product_id": cls.service.id,
                            "name": "Kiểm định",
                            "price_unit": 3_000_000,
                            "recurring_rule_type": "quarterly",
                            "recurring_invoicing_type": "post-paid",
                            "tax_ids": [Command.clear()],
                        }
                    ),
                ],
            }
        )

    def test_template_starts_a_contract_through_the_api_and_the_form(self):
        contract = self.env["crm.care.contract"].create(
            {
                "name": "Bảo trì 2026",
                "partner_id": self.customer.id,
                "date_start": date(2026, 3, 1),
                "contract_template_id": self.template.id,
            }
        )
        self.assertEqual(contract.date_end, date(2027, 2, 28))
        self.assertEqual(contract.notice_period_days, 60)
        self.assertEqual(contract.invoice_posting, "post")
        self.assertIn("Điều 1", contract.terms)
        self.assertEqual(
            [
                (line.quantity, line.price_unit, line.recurring_rule_type)
                for line in contract.line_ids
            ],
            [(2, 750_000, "monthly"), (1, 3_000_000, "quarterly")],
        )
        # Lines start with the contract: March is due on 1 March, the quarter
        # (March to May) the day after it ends.
        self.assertEqual(
            contract.line_ids.mapped("recurring_next_date"),
            [date(2026, 3, 1), date(2026, 6, 1)],
        )
        self.assertEqual(contract.value, 1_500_000 + 3_000_000)
        self.assertEqual(contract.name, "Bảo trì 2026", "a title given is kept")
        # Without a title (JSON-RPC), the contract is titled as its template.
        untitled = self.env["crm.care.contract"].create(
            {
                "partner_id": self.customer.id,
                "date_start": date(2026, 5, 1),
                "contract_template_id": self.template.id,
            }
        )
        self.assertEqual(untitled.name, "Bảo trì năm")
        with Form(self.env["crm.care.contract"]) as form:
            form.name = "Bảo trì chi nhánh"
            form.partner_id = self.customer
            form.date_start = date(2026, 4, 1)
            form.contract_template_id = self.template
            self.assertEqual(form.date_end, date(2027, 3, 31))
            self.assertEqual(len(form.line_ids), 2)
            self.assertEqual(form.name, "Bảo trì chi nhánh")
        self.assertEqual(form.record.line_ids[0].date_start, date(2026, 4, 1))
        with Form(self.env["crm.care.contract"]) as form:
            form.partner_id = self.customer
            form.date_start = date(2026, 5, 1)
            form.contract_template_id = self.template
            self.assertEqual(form.name, "Bảo trì năm")
        # A negative duration or notice (it made contracts that end before they
        # start) is refused, on the template and on the contract.
        for values in ({"duration_months": -1}, {"notice_period_days": -1}):
            with self.assertRaisesRegex(ValidationError, "cannot be negative"):
                self.template.write(values)
        with self.assertRaisesRegex(ValidationError, "notice period cannot be"):
            contract.notice_period_days = -30

    def test_partial_periods_are_billed_whole_when_the_company_does_not_prorate(self):
        # The contract ends on 14 February: February's period is cut.
        prorated = self._contract([{}], end=date(2026, 2, 14))
        invoices = prorated.recurring_create_invoice(date(2026, 2, 1))
        self.assertEqual(invoices.mapped("amount_untaxed"), [1_000_000, 500_000])
        self.company.contract_prorate = False
        whole = self._contract([{}], end=date(2026, 2, 14))
        invoices = whole.recurring_create_invoice(date(2026, 2, 1))
        self.assertEqual(invoices.mapped("amount_untaxed"), [1_000_000, 1_000_000])

    def test_line_stopped_from_a_date_invoices_up_to_the_day_before(self):
        contract = self._contract([{}], end=date(2026, 6, 30))
        line = contract.line_ids
        contract.recurring_create_invoice(date(2026, 1, 1))
        # Stopping from a day already invoiced is refused, nothing changes.
        with self.assertRaisesRegex(UserError, "invoiced up to 01/31/2026"):
            self._stop(line, "stop", date(2026, 1, 20))
        self.assertFalse(line.date_end)
        self._stop(line, "stop", date(2026, 3, 17))
        self.assertEqual(line.date_end, date(2026, 3, 16))
        invoices = contract.recurring_create_invoice(date(2026, 6, 30))
        # February whole, March 1-16: 16 of 31 days of 1,000,000.
        self.assertEqual(
            invoices.mapped("amount_untaxed"), [1_000_000, round(16_000_000 / 31, 2)]
        )
        self.assertIn("stopped from 03/17/2026", contract.message_ids[0].body)

    def test_line_suspended_between_two_dates_resumes_the_day_after(self):
        contract = self._contract([{}], end=date(2026, 6, 30))
        line = contract.line_ids
        self._stop(line, "suspend", date(2026, 3, 1), date(2026, 4, 15))
        resumed = contract.line_ids - line
        self.assertEqual(line.date_end, date(2026, 2, 28))
        self.assertEqual(resumed.date_start, date(2026, 4, 16))
        invoices = contract.recurring_create_invoice(date(2026, 6, 30))
        # January, February; then 16 April - 15 May, 16 May - 15 June, and
        # 16 - 30 June (15 of the 30 days of 16 June - 15 July).
        self.assertEqual(
            [(m.invoice_date, m.amount_untaxed) for m in invoices],
            [
                (date(2026, 1, 1), 1_000_000),
                (date(2026, 2, 1), 1_000_000),
                (date(2026, 4, 16), 1_000_000),
                (date(2026, 5, 16), 1_000_000),
                (date(2026, 6, 16), 500_000),
            ],
        )
        with self.assertRaisesRegex(UserError, "ends on or after"):
            self._stop(resumed, "suspend", date(2026, 9, 1), date(2026, 8, 1))

    def test_vnd_company_invoices_without_decimals_and_with_tax(self):
        vnd = self.env.ref("base.VND")
        vnd.active = True
        company = self.setup_other_company(name="Công ty Việt", currency_id=vnd.id)[
            "company"
        ]
        self.env.user.company_ids |= company
        tax = self.env["account.tax"].create(
            {
                "name": "VAT 10%",
                "amount": 10,
                "type_tax_use": "sale",
                "company_id": company.id,
            }
        )
        contract = (
            self.env["crm.care.contract"]
            .with_company(company)
            .create(
                {
                    "name": "Bảo trì VND",
                    "partner_id": self.customer.id,
                    "company_id": company.id,
                    "currency_id": vnd.id,
                    "date_start": date(2026, 1, 1),
                    "date_end": date(2026, 1, 15),
                    "invoice_posting": "post",
                    "line_ids": [
                        Command.create(
                            {
                                "product_id": self.service.id,
                                "name": "Bảo trì",
                                "price_unit": 1_000_000,
                                "tax_ids": [Command.set(tax.ids)],
                            }
                        )
                    ],
                }
            )
        )
        contract.state = "running"
        [invoice] = contract.recurring_create_invoice(date(2026, 1, 1))
        # 15 of January's 31 days: 483,870.97 -> 483,871 VND; tax 48,387.
        self.assertEqual(invoice.currency_id, vnd)
        self.assertEqual(invoice.amount_untaxed, 483_871)
        self.assertEqual(invoice.amount_tax, 48_387)
        self.assertEqual(invoice.amount_total, 532_258)
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.company_id, company)

    def _stop(self, line, action, date_from, date_to=None):
        wizard = (
            self.env["crm.care.contract.line.stop"]
            .with_context(**line.action_stop()["context"])
            .create({"action": action, "date_from": date_from, "date_to": date_to})
        )
        wizard.action_apply()

    def test_contract_user_invoices_without_accounting_rights(self):
        clerk = new_test_user(
            self.env,
            login="contract_clerk_only",
            groups="crm_care.group_contract_user",
            company_id=self.company.id,
        )
        self.assertFalse(clerk.has_group("account.group_account_invoice"))
        contract = self._contract([{}], invoice_posting="post")
        [invoice] = contract.with_user(clerk).recurring_create_invoice(date(2026, 1, 1))
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.amount_untaxed, 1_000_000)
        # The accountant reads the contract and its invoices.
        accountant = new_test_user(
            self.env,
            login="contract_accountant",
            groups="account.group_account_invoice",
            company_id=self.company.id,
        )
        self.assertEqual(contract.with_user(accountant).invoice_ids, invoice)
        self.assertEqual(contract.with_user(accountant).amount_invoiced, 1_000_000)
        # ... and its milestones, as its form shows them (it failed on them).
        contract.milestone_ids = [
            Command.create({"name": "Lắp đặt", "done_date": date(2026, 1, 5)}),
            Command.create({"name": "Nghiệm thu"}),
        ]
        self.env.invalidate_all()
        as_accountant = contract.with_user(accountant)
        self.assertEqual(as_accountant.current_milestone_id.name, "Nghiệm thu")
        self.assertEqual(as_accountant.progress, 50)
        self.assertEqual(
            as_accountant.milestone_ids.mapped("name"), ["Lắp đặt", "Nghiệm thu"]
        )

    def test_line_given_a_product_and_price_takes_its_description_unit_and_taxes(self):
        """As a contract made through JSON-RPC or an import sends it: the
        product and a price, nothing else. The line gets the product's
        description, unit and VAT 10 %; a customer with the export fiscal
        position gets the 0 % tax it maps to, as on a sales order."""
        vat10 = self.env["account.tax"].create(
            {"name": "VAT 10% (contract)", "amount": 10, "type_tax_use": "sale"}
        )
        export = self.env["account.fiscal.position"].create({"name": "Xuất khẩu"})
        vat0 = self.env["account.tax"].create(
            {
                "name": "VAT 0% export (contract)",
                "amount": 0,
                "type_tax_use": "sale",
                "fiscal_position_ids": [Command.set(export.ids)],
                "original_tax_ids": [Command.set(vat10.ids)],
            }
        )
        product = self.env["product.product"].create(
            {
                "name": "Kiểm định định kỳ",
                "type": "service",
                "list_price": 500_000,
                "description_sale": "Kiểm định chất lượng nước mỗi tháng",
                "taxes_id": [Command.set(vat10.ids)],
            }
        )
        exporter = self.env["res.partner"].create(
            {"name": "Công ty Xuất khẩu", "property_account_position_id": export.id}
        )
        contracts = self.env["crm.care.contract"].create(
            [
                {
                    "name": name,
                    "partner_id": partner.id,
                    "user_id": self.seller.id,
                    "date_start": date(2026, 1, 1),
                    "line_ids": [
                        Command.create(
                            {"product_id": product.id, "price_unit": 2_000_000}
                        ),
                        # Only the product: its list price.
                        Command.create({"product_id": product.id}),
                    ],
                }
                for name, partner in (("Trong nước", self.customer), ("XK", exporter))
            ]
        )
        domestic, domestic_listed, exported, exported_listed = contracts.line_ids
        self.assertEqual(
            domestic.name, "Kiểm định định kỳ\nKiểm định chất lượng nước mỗi tháng"
        )
        self.assertEqual(domestic.uom_id, product.uom_id)
        self.assertEqual(domestic.price_unit, 2_000_000)
        self.assertEqual(domestic_listed.price_unit, 500_000)
        self.assertEqual((domestic | domestic_listed).tax_ids, vat10)
        self.assertEqual(exported.tax_ids, vat0)
        self.assertEqual(exported_listed.tax_ids, vat0)
        contracts.write({"state": "running"})
        invoices = contracts.recurring_create_invoice(date(2026, 1, 1))
        # 2,000,000 + 500,000 a month: 250,000 of VAT at home, none for the
        # exporter.
        self.assertEqual(
            [(move.amount_untaxed, move.amount_tax) for move in invoices],
            [(2_500_000, 250_000), (2_500_000, 0)],
        )
