import re
from datetime import date

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from odoo.addons.crm_care.tests.common import CareCommon
from odoo.addons.crm_idic.tests.common import SuiteHttpCase


@tagged("post_install", "-at_install")
class TestContracts(CareCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.customer = cls.env["res.partner"].create(
            {"name": "Công ty Hợp đồng", "email": "hopdong@example.com"}
        )
        cls.clerk = new_test_user(
            cls.env,
            login="contract_clerk",
            groups="crm_care.group_contract_user",
            company_id=cls.env.company.id,
        )
        cls.service = cls.env["product.product"].create(
            {
                "name": "Bảo trì",
                "type": "service",
                "invoice_policy": "order",
                "taxes_id": [Command.clear()],
            }
        )

    def _contract(self, **values):
        return self.env["crm.care.contract"].create(
            {
                "name": "Bảo trì máy lọc nước",
                "partner_id": self.customer.id,
                "date_start": date(2026, 1, 1),
                "date_end": date(2026, 12, 31),
                "value": 12000000,
                **values,
            }
        )

    def _invoiced_order(self, amount, invoice_date):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.service.id,
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        order.action_confirm()
        invoice = order._create_invoices()
        invoice.invoice_date = invoice_date
        invoice.invoice_date_due = invoice_date
        invoice.action_post()
        return order, invoice

    def test_numbers_are_unique_per_company_and_dates_in_order(self):
        first, second = self._contract(), self._contract()
        self.assertTrue(first.number.startswith("HD/"))
        self.assertNotEqual(first.number, second.number)
        # Dates as the user reads them (English: month/day/year).
        with self.assertRaisesRegex(
            ValidationError,
            r"cannot end \(12/31/2025\) before it starts \(01/01/2026\)",
        ):
            self._contract(date_end=date(2025, 12, 31))
        with self.assertRaises(ValidationError):
            self._contract(value=-1)
        # Renewed automatically without a term, the switch written alone.
        with self.assertRaisesRegex(ValidationError, "needs a term"):
            self._contract(renewal_term_months=0).auto_renew = True

    def test_another_companys_journal_or_sla_is_refused(self):
        """A contract invoices a customer of its company in its company's
        journal and follows its company's SLA: another company's is refused at
        once (Odoo's company check), not when the scheduled invoicing runs."""
        branch = self.env["res.company"].create({"name": "Chi nhánh Vũng Tàu"})
        journal = self.env["account.journal"].create(
            {
                "name": "Bán hàng VT",
                "code": "BHVT",
                "type": "sale",
                "company_id": branch.id,
            }
        )
        desk = self.env["crm.care.team"].create(
            {"name": "CSKH Vũng Tàu", "company_id": branch.id}
        )
        sla = self.env["crm.care.sla"].create({"name": "Nhanh VT", "team_id": desk.id})
        count = self.env["crm.care.contract"].search_count([])
        with self.assertRaises(UserError):
            self._contract(journal_id=journal.id)
        kept = self.env["res.partner"].create(
            {"name": "Khách của Vũng Tàu", "company_id": branch.id}
        )
        with self.assertRaises(UserError):
            self._contract(partner_id=kept.id)
        contract = self._contract()
        with self.assertRaises(UserError):
            contract.sla_id = sla
        self.assertFalse(contract.sla_id)
        self.assertEqual(self.env["crm.care.contract"].search_count([]), count + 1)

    def test_only_a_draft_moves_to_another_company_with_its_number(self):
        """A draft contract moved to another company takes that company's next
        number (its own is taken there); a running one stays its company's
        document, refused in words, nothing changed."""
        branch = self.env["res.company"].create({"name": "Chi nhánh Nha Trang"})
        with freeze_time(date(2026, 12, 7)):
            draft = self._contract(number="HD/2026/0777")
            self._contract(company_id=branch.id, number="HD/2026/0777")
            draft.company_id = branch
            self.env.flush_all()  # the (company, number) key holds
        self.assertEqual(draft.company_id, branch)
        # The branch's sequence is new: its first number.
        self.assertEqual(draft.number, "HD/2026/0001")
        running = self._contract(state="running")
        number = running.number
        with self.assertRaises(UserError) as refused:
            running.company_id = branch
        self.assertIn(f"Contract {number} is Running", str(refused.exception))
        self.assertEqual(running.company_id, self.env.company)
        self.assertEqual(running.number, number)

    def test_a_draft_moved_leaves_its_old_companys_settings(self):
        """A draft moved to another company (the form, the API) leaves behind
        its old company's journal, pricelist and SLA, which that company may not
        use (Odoo refused the move as "incompatible companies"); payment terms
        shared by every company stay."""
        branch = self.env["res.company"].create({"name": "Chi nhánh Cần Thơ"})
        journal = self.env["account.journal"].create(
            {"name": "Bán hàng HCM", "code": "BHHCM", "type": "sale"}
        )
        pricelist = self.env["product.pricelist"].create(
            {"name": "Giá HCM", "company_id": self.env.company.id}
        )
        desk = self.env["crm.care.team"].create({"name": "CSKH HCM"})
        sla = self.env["crm.care.sla"].create({"name": "Nhanh HCM", "team_id": desk.id})
        shared_terms = self.env["account.payment.term"].create(
            {"name": "30 ngày", "company_id": False}
        )
        settings = {
            "journal_id": journal.id,
            "pricelist_id": pricelist.id,
            "sla_id": sla.id,
            "payment_term_id": shared_terms.id,
        }
        moved = self._contract(**settings)
        moved.company_id = branch
        self.assertEqual(moved.company_id, branch)
        self.assertFalse(moved.journal_id)
        self.assertFalse(moved.sla_id)
        self.assertFalse(moved.pricelist_id)
        self.assertEqual(moved.payment_term_id, shared_terms)
        with Form(self._contract(**settings)) as form:
            form.company_id = branch
            self.assertFalse(form.journal_id)
            self.assertFalse(form.sla_id)
            self.assertFalse(form.pricelist_id)
            self.assertEqual(form.payment_term_id, shared_terms)
        self.assertEqual(form.record.company_id, branch)

    def test_only_a_contract_manager_approves(self):
        contract = self._contract()
        contract.with_user(self.clerk).action_submit()
        self.assertEqual(contract.state, "waiting")
        with self.assertRaisesRegex(UserError, "Only a contract manager can approve"):
            contract.with_user(self.clerk).action_approve()
        contract.action_approve()
        self.assertEqual(
            (contract.state, contract.approved_by_id), ("running", self.env.user)
        )

    def test_a_contract_clerk_without_sales_rights_opens_the_form(self):
        # Every field of the contract form, as the web client reads it (each
        # relation's name): the form failed on the sales orders.
        self.assertFalse(self.clerk.has_group("sales_team.group_sale_salesman"))
        contract = self._contract()
        contract.sale_order_ids = self.env["sale.order"].search([], limit=1)
        self.env.invalidate_all()
        Contract = self.env["crm.care.contract"].with_user(self.clerk)  # noqa: N806
        views = Contract.get_views([[False, "form"]])
        fields = views["models"]["crm.care.contract"]["fields"]
        names = set(
            re.findall(r'<field name="([^"]+)"', views["views"]["form"]["arch"])
        )
        self.assertNotIn("sale_order_ids", names)
        relational = ("many2one", "one2many", "many2many")
        spec = {
            name: {"fields": {"display_name": {}}}
            if fields[name]["type"] in relational
            else {}
            for name in names & set(fields)
        }
        [values] = Contract.browse(contract.id).web_read(spec)
        self.assertEqual(values["number"], contract.number)

    @freeze_time("2026-03-15")
    def test_receivable_status_from_its_own_invoices_and_credit_notes(self):
        contract = self._contract(
            invoice_posting="post",
            payment_term_id=self.env.ref("account.account_payment_term_immediate").id,
            line_ids=[
                Command.create(
                    {
                        "product_id": self.service.id,
                        "name": "Bảo trì",
                        "price_unit": 1000.0,
                        "tax_ids": [Command.clear()],
                    }
                )
            ],
        )
        contract.state = "running"
        january, february = contract.recurring_create_invoice(date(2026, 2, 1))
        # An invoice of the customer outside the contract does not count.
        self._invoiced_order(700.0, date(2026, 1, 10))
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=january.ids
        ).create({"amount": 400.0})._create_payments()
        # February is credited in full: the credit note nets it.
        [credit] = february._reverse_moves(cancel=True)
        self.assertEqual(credit.crm_care_contract_id, contract)
        # Invoiced 1000 + 1000 - 1000; January is due on 1 January with 600
        # left, overdue on 15 March.
        self.assertEqual(
            (
                contract.amount_invoiced,
                contract.amount_paid,
                contract.amount_due,
                contract.amount_overdue,
            ),
            (1000.0, 400.0, 600.0, 600.0),
        )

    def test_used_contract_cannot_be_deleted_draft_can(self):
        contract = self._contract()
        contract.action_submit()
        contract.action_approve()
        with self.assertRaisesRegex(UserError, "archive it"):
            contract.unlink()
        draft = self._contract()
        draft.unlink()
        self.assertFalse(draft.exists())

    def test_renewal_reminders_fire_once_per_offset(self):
        contract = self._contract(remind_customer=True)
        contract.action_submit()
        contract.action_approve()
        Contract = self.env["crm.care.contract"]
        todo = self.env.ref("mail.mail_activity_data_todo")

        def reminders():
            return contract.activity_ids.filtered(lambda a: a.activity_type_id == todo)

        with freeze_time("2026-09-01"):  # 121 days left: nothing yet
            Contract._cron_contract_renewals()
        self.assertFalse(reminders())
        for day, expected in (
            ("2026-10-02", 1),  # 90 days left
            ("2026-10-02", 1),  # the same day again
            ("2026-11-15", 1),  # 46 days left
            ("2026-12-01", 2),  # 30 days left
            ("2026-12-01", 2),
            ("2026-12-24", 3),  # 7 days left
            ("2026-12-30", 3),
        ):
            with freeze_time(day):
                Contract._cron_contract_renewals()
            self.assertEqual(len(reminders()), expected, day)
        self.assertEqual(
            reminders().sorted("id")[0].summary,
            f"Contract {contract.display_name} ends in 90 days (12/31/2026)",
        )
        self.assertEqual(
            sorted(contract.reminder_ids.mapped("offset_days")), [7, 30, 90]
        )
        self.assertEqual(contract.state, "to_renew")
        customer_mails = contract.message_ids.filtered(
            lambda m: "ends on" in (m.subject or "")
        )
        self.assertEqual(len(customer_mails), 3)
        # The end date as the customer writes dates (English here: 12/31/2026).
        self.assertEqual(
            customer_mails[0].subject,
            f"Your contract {contract.number} ends on 12/31/2026",
        )
        self.assertIn("12/31/2026.", customer_mails[0].body)
        with freeze_time("2027-01-01"):
            Contract._cron_contract_renewals()
        self.assertEqual(contract.state, "expired")

    def test_a_contract_ends_on_its_companys_day(self):
        """The scheduled action runs as a user of another company (in UTC): a
        contract of a company in Hà Nội ending on 31 December expires at the
        company's midnight, 17:00 UTC, not seven hours later."""
        self.company.resource_calendar_id.tz = "Asia/Ho_Chi_Minh"
        other = self.env["res.company"].create({"name": "Công ty giờ UTC"})
        other.resource_calendar_id.tz = "UTC"
        self.env.user.company_ids |= other
        contract = self._contract()
        contract.action_submit()
        contract.action_approve()
        Contract = self.env["crm.care.contract"].with_context(
            allowed_company_ids=[other.id, self.company.id]
        )
        self.assertEqual(Contract.env.company, other)
        with freeze_time("2026-12-31 16:30"):  # 23:30 on 31 December in Hà Nội
            Contract._cron_contract_renewals()
        self.assertEqual(contract.state, "to_renew")
        with freeze_time("2026-12-31 17:30"):  # 00:30 on 1 January in Hà Nội
            Contract._cron_contract_renewals()
        self.assertEqual(contract.state, "expired")

    def test_scheduler_run_commits_progress_and_never_reminds_twice(self):
        """Run by Odoo's scheduler: the batch is locked and committed through the
        cron progress API; the next run reminds nobody twice."""
        self.registry_enter_test_mode()  # the scheduler's cursor sees this test
        contract = self._contract(remind_customer=True)
        contract.action_submit()
        contract.action_approve()
        cron = self.env.ref("crm_care.ir_cron_care_contract_renewals").sudo()
        Progress = self.env["ir.cron.progress"].sudo()
        todo = self.env.ref("mail.mail_activity_data_todo")
        with freeze_time("2026-10-02"):  # 90 days left
            due = (
                self.env["crm.care.contract"]
                .sudo()
                .search_count(
                    [
                        ("state", "in", ["running", "to_renew"]),
                        ("date_end", "!=", False),
                    ]
                )
            )
            self.assertIs(cron.method_direct_trigger(), True)
            progress = Progress.search([("cron_id", "=", cron.id)], order="id desc")
            self.assertEqual((progress[0].done, progress[0].remaining), (due, 0))
            self.assertIs(cron.method_direct_trigger(), True)
        contract.invalidate_recordset()
        reminders = contract.activity_ids.filtered(lambda a: a.activity_type_id == todo)
        self.assertEqual(len(reminders), 1)
        self.assertEqual(contract.reminder_ids.mapped("offset_days"), [90])

    def test_auto_renew_creates_one_linked_successor(self):
        contract = self._contract(auto_renew=True, renewal_term_months=12)
        contract.action_submit()
        contract.action_approve()
        Contract = self.env["crm.care.contract"]
        with freeze_time("2027-01-01"):
            Contract._cron_contract_renewals()
            Contract._cron_contract_renewals()
        successor = contract.successor_id
        self.assertTrue(successor)
        self.assertEqual(contract.state, "closed")
        self.assertEqual(
            (successor.date_start, successor.date_end, successor.state),
            (date(2027, 1, 1), date(2027, 12, 31), "running"),
        )
        self.assertEqual(successor.predecessor_id, contract)
        self.assertEqual(
            Contract.search_count([("predecessor_id", "=", contract.id)]), 1
        )

    def test_contract_from_a_confirmed_order(self):
        order, _invoice = self._invoiced_order(
            800.0, fields.Date.context_today(self.customer)
        )
        action = order.action_new_care_contract()
        contract = self.env["crm.care.contract"].browse(action["res_id"])
        self.assertEqual(contract.partner_id, self.customer)
        self.assertEqual(contract.sale_order_ids, order)
        self.assertEqual(contract.value, 800.0)
        # The order invoiced itself: the contract counts only its own invoices.
        self.assertEqual(contract.amount_invoiced, 0.0)

    def test_milestones_show_the_step_reached(self):
        contract = self._contract(
            milestone_ids=[
                Command.create(
                    {"name": "Khảo sát", "sequence": 1, "done_date": date(2026, 1, 5)}
                ),
                Command.create({"name": "Lắp đặt", "sequence": 2}),
                Command.create({"name": "Nghiệm thu", "sequence": 3}),
            ]
        )
        self.assertEqual(contract.current_milestone_id.name, "Lắp đặt")
        self.assertAlmostEqual(contract.progress, 100.0 / 3, places=2)


@tagged("post_install", "-at_install")
class TestContractPortal(SuiteHttpCase):
    def test_customer_sees_and_signs_only_own_contracts(self):
        alice = new_test_user(
            self.env, login="contract_alice", groups="base.group_portal"
        )
        bob = new_test_user(self.env, login="contract_bob", groups="base.group_portal")
        Contract = self.env["crm.care.contract"]
        values = {"date_start": date(2026, 1, 1), "state": "waiting"}
        mine = Contract.create(
            {"name": "Alice maintenance", "partner_id": alice.partner_id.id, **values}
        )
        other = Contract.create(
            {"name": "Bob maintenance", "partner_id": bob.partner_id.id, **values}
        )
        self.authenticate("contract_alice", "contract_alice")
        listing = self.url_open("/my/contracts")
        self.assertIn(mine.number, listing.text)
        self.assertNotIn(other.number, listing.text)
        refused = self.url_open(f"/my/contracts/{other.id}")
        self.assertNotIn("Bob maintenance", refused.text)
        answer = self.make_jsonrpc_request(
            f"/my/contracts/{other.id}/accept", {"name": "Alice", "signature": False}
        )
        self.assertIn("error", answer)
        self.assertFalse(other.customer_accepted_date)
        answer = self.make_jsonrpc_request(
            f"/my/contracts/{mine.id}/accept",
            {"name": "Alice Nguyễn", "signature": False},
        )
        self.assertNotIn("error", answer)
        self.assertEqual(mine.customer_accepted_by, "Alice Nguyễn")
        self.assertTrue(mine.customer_accepted_date)
        # Over JSON-RPC the customer reads its contract, not the company's
        # grouping of it nor the desk's words on an ending.
        readable = self._readable_fields("crm.care.contract")
        self.assertIn("terminate_reason_id", readable)
        self.assertNotIn("customer_group_id", readable)
        self.assertNotIn("terminate_comment", readable)
