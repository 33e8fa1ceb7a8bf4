"""Reminder runs: per customer the next level of its policy by its oldest open
installment (its own due date), reviewed (level changed, excluded, a note) and
validated — one mail per customer listing its items, letters as one PDF, calls as
activities, fees as draft invoices — and each item's history; amounts by hand."""

from datetime import date, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from odoo.addons.crm_idic.tests.common import assert_pdf, report_html
from odoo.addons.crm_reports.tests.common import ReportsCommon


class DunningCommon(ReportsCommon):
    """A policy of four levels and four customers: Anh (three invoices
    overdue, one partly paid), Binh (in installments), Chi (due in 2 days),
    Dung (5 days overdue, no level yet)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.policy = cls._policy(
            (-3, "email", "upcoming"),
            (7, "email", "gentle"),
            (30, "email", "firm"),
            (60, "letter", "final"),
        )
        cls.gentle, cls.firm, cls.final = cls.policy.level_ids.filtered(
            lambda level: level.days_overdue > 0
        ).sorted("days_overdue")
        cls.upcoming = cls.policy.level_ids - cls.gentle - cls.firm - cls.final
        cls.anh = cls._customer("Công ty Anh", email="anh@example.com")
        cls.anh_billing = cls._billing_contact(
            cls.anh, "Kế toán Anh", "ketoan.anh@example.com"
        )
        # Anh: 300 due 10 days ago, 200 due 3 days ago, 150 paid down from 400
        # due 8 days ago; oldest 10 days: gentle, 300 + 200 + 150 = 650.
        cls.anh_old = cls._due(cls.anh, 300, 10)
        cls.anh_new = cls._due(cls.anh, 200, 3)
        cls.anh_part = cls._due(cls.anh, 400, 8)
        cls._pay(cls.anh_part, 250, cls.today)
        # Binh: in installments, 500 due 15 days ago and 500 due in 15 days;
        # never reminded: the first level after the due date, gentle, for 500.
        cls.binh = cls._customer("Công ty Bình", email="binh@example.com")
        split = cls._payment_term("Half at 30, half at 60", (50, 30), (50, 60))
        cls.binh_invoice = cls._invoice(
            cls.binh, 1000, 45, invoice_payment_term_id=split.id
        )
        # Chi: due in 2 days: the friendly notice (3 days before), 700.
        cls.chi = cls._customer("Công ty Chi", email="chi@example.com")
        cls.chi_invoice = cls._due(cls.chi, 700, -2)
        # Dung: 5 days overdue: no level yet.
        cls.dung = cls._customer("Công ty Dũng", email="dung@example.com")
        cls._due(cls.dung, 100, 5)

    @classmethod
    def _due(cls, partner, amount, days_ago):
        due = cls.today - timedelta(days=days_ago)
        return cls._invoice(partner, amount, max(days_ago, 0) + 30, due=due)

    def _line(self, run, partner):
        return run.line_ids.filtered(lambda line: line.partner_id == partner)

    def _mails(self, partner, subject):
        return partner.message_ids.filtered(lambda m: subject in (m.subject or ""))


@tagged("post_install", "-at_install")
class TestDunningRuns(DunningCommon):
    def test_a_run_proposes_the_next_level_by_the_oldest_installment(self):
        run = self._run()
        self.assertEqual(
            run.line_ids.partner_id, self.anh | self.binh | self.chi, "not Dung"
        )
        anh = self._line(run, self.anh)
        self.assertEqual((anh.level_id, anh.days_overdue), (self.gentle, 10))
        self.assertEqual(anh.amount_due, 650)
        self.assertEqual(
            anh.item_ids.move_id, self.anh_old | self.anh_new | self.anh_part
        )
        binh = self._line(run, self.binh)
        self.assertEqual((binh.level_id, binh.days_overdue), (self.gentle, 15))
        self.assertEqual(binh.amount_due, 500)
        self.assertEqual(len(binh.item_ids), 1, "the installment due, not the next")
        chi = self._line(run, self.chi)
        self.assertEqual((chi.level_id, chi.days_overdue), (self.upcoming, -2))
        self.assertEqual(chi.amount_due, 700)
        self.assertEqual(run.amount_due, 1850)
        # The Reminders analysis by level: the amounts added, the days overdue
        # of the oldest (15 for Anh's 10 and Binh's 15), not their sum.
        groups = {
            group["level_id"][0]: (group["amount_due"], group["days_overdue"])
            for group in run.line_ids.read_group(
                [("run_id", "=", run.id)],
                ["amount_due", "days_overdue"],
                ["level_id"],
            )
        }
        self.assertEqual(
            groups, {self.gentle.id: (1150, 15), self.upcoming.id: (700, -2)}
        )
        # The same customers are not proposed twice while this run is to review;
        # the empty run says where they wait.
        again = self.env["crm.reports.dunning.run"].create({"date": self.today})
        answer = again.action_compute()
        self.assertFalse(again.line_ids)
        self.assertEqual(
            answer["params"]["message"],
            "No other customer is due a new reminder: 3 wait in "
            f"Reminders of {self.today:%m/%d/%Y}, to review.",
        )
        # A month ago nobody was due anything yet.
        run.unlink()
        month_ago = self.env["crm.reports.dunning.run"].create(
            {"date": self.today - timedelta(days=30)}
        )
        self.assertEqual(
            month_ago.action_compute()["params"]["message"],
            "No customer is due a new reminder.",
        )
        # Validating it would record a run that sent nothing: refused, with why.
        with self.assertRaisesRegex(
            UserError,
            r"^No customer is due a new reminder\. This run has nothing to send",
        ):
            month_ago.action_validate()
        self.assertEqual(month_ago.state, "draft")

    def test_a_run_is_named_by_its_date_in_the_readers_format(self):
        run = self.env["crm.reports.dunning.run"].create({"date": date(2026, 3, 5)})
        self.assertEqual(run.display_name, "Reminders of 03/05/2026")
        self._speaks_vietnamese(self.env.user.partner_id, "crm_reports")
        self.assertEqual(
            run.with_context(lang="vi_VN").display_name, "Nhắc nợ ngày 05/03/2026"
        )

    def test_validating_sends_one_mail_per_customer_and_keeps_the_history(self):
        run = self._run()
        self.assertTrue(run.action_validate())
        self.assertEqual(run.state, "done")
        mail = self._mails(self.anh, "reminder of invoices past due")
        self.assertEqual(len(mail), 1, "one mail for the three invoices")
        self.assertEqual(mail.partner_ids, self.anh_billing, "to the invoicing contact")
        for invoice in (self.anh_old, self.anh_new, self.anh_part):
            self.assertIn(invoice.name, mail.body)
            # Each links to the invoice's portal page, with its access token:
            # the customer reads and pays it without an account.
            self.assertIn(
                f'href="{invoice.get_base_url()}/my/invoices/{invoice.id}'
                f'?access_token={invoice.access_token}"',
                mail.body,
            )
        self.assertIn("650", mail.body)
        self.assertEqual(len(self._mails(self.chi, "coming due")), 1)
        # Each item records the level it was sent at; the invoice shows it.
        self.assertEqual(self.anh_old.crm_reminder_log_ids.level_id, self.gentle)
        self.assertEqual(self.chi_invoice.crm_reminder_log_ids.level_id, self.upcoming)
        with self.assertRaises(UserError):
            run.line_ids[0].excluded = True
        # Nothing new the same day; 21 days on Anh's oldest is 31 days late: firm,
        # and Chi's invoice 19 days late: gentle (never the notice again).
        self.assertFalse(self._run().line_ids)
        later = self.today + timedelta(days=21)
        with freeze_time(later):
            run2 = self._run(later)
        self.assertEqual(self._line(run2, self.anh).level_id, self.firm)
        self.assertEqual(self._line(run2, self.chi).level_id, self.gentle)
        history = self.anh.action_open_reminder_history()
        self.assertEqual(
            self.env["crm.reports.dunning.line"].search(history["domain"]),
            self._line(run, self.anh),
        )

    def test_the_accountant_reviews_level_exclusion_and_note(self):
        run = self._run()
        self._line(run, self.binh).excluded = True
        anh = self._line(run, self.anh)
        anh.write({"level_id": self.firm.id, "note": "Gọi trước thứ Sáu"})
        run.action_validate()
        self.assertFalse(self._mails(self.binh, "reminder"))
        self.assertEqual(len(self._mails(self.anh, "second reminder")), 1)
        self.assertIn("Gọi trước thứ Sáu", self._mails(self.anh, "second").body)
        # Binh, excluded from that run, is proposed again by the next.
        self.assertEqual(self._run().line_ids.partner_id, self.binh)

    def test_an_accountant_who_may_not_edit_contacts_runs_the_collections(self):
        """Odoo gives the editing of contacts (and so posting on them) to the
        Contact Creation group, not to accountants: the reminders, the call,
        the statement and the promise still go through, signed by the
        accountant."""
        accountant = self._salesperson(
            "ke.toan.thu.no", groups="base.group_user,account.group_account_invoice"
        )
        with self.assertRaises(AccessError):
            self.anh.with_user(accountant).check_access("write")
        calls = self._policy((7, "phone", "gentle"), default=False)
        self.anh.write({"credit_policy_id": calls.id, "user_id": self.seller.id})
        run = (
            self.env["crm.reports.dunning.run"]
            .with_user(accountant)
            .create({"date": self.today})
        )
        run.action_compute()
        self.assertTrue(run.action_validate())
        self.assertEqual(run.state, "done")
        [mail] = self._mails(self.binh, "reminder")
        self.assertEqual(mail.author_id, accountant.partner_id)
        [call] = self.anh.activity_ids
        self.assertEqual((call.user_id, call.create_uid), (self.seller, accountant))
        statement = (
            self.env["crm.reports.statement"]
            .with_user(accountant)
            .with_context(active_model="res.partner", active_ids=self.chi.ids)
            .create({"date_to": self.today})
        )
        statement.action_send()
        [sent] = self.chi.message_ids.filtered(
            lambda message: "your statement" in (message.subject or "")
        )
        self.assertEqual(sent.author_id, accountant.partner_id)
        self.assertEqual(len(sent.attachment_ids), 1)
        promise = (
            self.env["crm.reports.promise"]
            .with_user(accountant)
            .create(
                {
                    "partner_id": self.dung.id,
                    "amount": 100,
                    "date": self.today + timedelta(days=5),
                }
            )
        )
        promise.action_confirm()
        self.assertEqual(self.dung.credit_promise_amount, 100)
        self.assertEqual(self.dung.message_ids[0].author_id, accountant.partner_id)
        self.assertIn("Promised to pay", str(self.dung.message_ids[0].body))

    def test_a_customer_policy_with_calls_fees_and_letters(self):
        fee = (
            self.env["product.product"]
            .sudo()
            .create(
                {
                    "name": "Phí nhắc nợ",
                    "list_price": 50000,
                    "taxes_id": [Command.clear()],
                }
            )
        )
        calls = self._policy(
            (7, "phone", "gentle"), (30, "letter", "final"), default=False
        )
        calls.level_ids[0].fee_product_id = fee
        self.anh.write({"credit_policy_id": calls.id, "user_id": self.seller.id})
        # The salesperson who calls reads Vietnamese; the run is validated by
        # an accountant working in English.
        self._speaks_vietnamese(self.seller.partner_id, "crm_reports")
        run = self._run()
        anh = self._line(run, self.anh)
        self.assertEqual((anh.policy_id, anh.level_id), (calls, calls.level_ids[0]))
        self.assertEqual(self._line(run, self.binh).policy_id, self.policy)
        anh.note = "Hẹn gọi lại"
        run.action_validate()
        call = self.anh.activity_ids
        self.assertEqual(len(call), 1)
        self.assertEqual(
            call.activity_type_id, self.env.ref("mail.mail_activity_data_call")
        )
        self.assertEqual(call.user_id, self.seller)
        # In the caller's language: 300 + 200 + 150 open, the date as read in
        # Vietnam.
        # (US dollars here, written the Vietnamese way: a decimal comma).
        self.assertEqual(call.summary, "Nhắc nợ Gentle (7): còn nợ $\xa0650,00")
        due = (self.today - timedelta(days=10)).strftime("%d/%m/%Y")
        self.assertIn(f"{self.anh_old.name} — {due}", call.note)
        self.assertIn("Hẹn gọi lại", call.note)
        self.assertFalse(self._mails(self.anh, "reminder"), "a call, not a mail")
        self.assertEqual(anh.fee_move_id.state, "draft")
        self.assertEqual(anh.fee_move_id.partner_id, self.anh)
        self.assertEqual(anh.fee_move_id.amount_total, 50000)
        # 21 days on: 31 days late, the letter; validated, it prints as one PDF.
        self.company.external_report_layout_id = self.env.ref(
            "web.external_layout_standard"
        )
        later = self.today + timedelta(days=21)
        with freeze_time(later):
            run2 = self._run(later)
            letters = run2.line_ids.filtered(lambda line: line.channel == "letter")
            self.assertEqual(letters.partner_id, self.anh)
            action = run2.action_validate()
        self.assertEqual(action["report_name"], "crm_reports.report_dunning_letter")
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("crm_reports.action_report_dunning_letter", letters.ids)[
                0
            ]
            .decode()
        )
        self.assertIn("Kế toán Anh", html, "to the invoicing address")
        self.assertIn(self.anh_old.name, html)
        assert_pdf(self, "crm_reports.action_report_dunning_letter", letters.ids)

    def test_a_letter_is_in_the_customers_language_throughout(self):
        """Printed by an accountant working in English for a customer who reads
        Vietnamese: the words, the address and the amounts are the customer's
        (Odoo's invoices print the same way), not half of each."""
        self._speaks_vietnamese(self.anh, "crm_reports")
        (self.anh | self.anh_billing).country_id = self.env.ref("base.vn")
        self.env.ref("base.module_base")._update_translations(["vi_VN"])
        letters = self._policy((7, "letter", "gentle"), default=False)
        self.anh.credit_policy_id = letters
        line = self._line(self._run(), self.anh)
        html = report_html(
            self.env, "crm_reports.action_report_dunning_letter", line.ids, "en_US"
        )
        # 300 + 200 + 150 written the Vietnamese way (a decimal comma).
        self.assertIn("650,00", html)
        self.assertNotIn("650.00", html)
        self.assertIn("Việt Nam", html)
        self.assertNotIn(">Vietnam<", html)

    def test_disputes_promises_and_exclusions_leave_the_run(self):
        self.anh_old._mark_disputed("Giao thiếu hàng")
        self.binh.with_company(self.company)._record_promise(
            500, self.today + timedelta(days=3)
        )
        self.chi.with_company(self.company).credit_exclude_reminders = True
        run = self._run()
        anh = self._line(run, self.anh)
        # The disputed invoice is out: the oldest is the 8-day one, 150 + 200.
        self.assertEqual((anh.days_overdue, anh.amount_due), (8, 350))
        self.assertEqual(run.line_ids.partner_id, self.anh)
        run.unlink()
        # On the promised day still held; the day after, back in the run.
        day = self.today + timedelta(days=3)
        with freeze_time(day):
            self.assertNotIn(self.binh, self._run(day).line_ids.partner_id)
            self.env["crm.reports.dunning.run"].search([]).unlink()
        day += timedelta(days=1)
        with freeze_time(day):
            self.assertIn(self.binh, self._run(day).line_ids.partner_id)

    def test_bad_input_is_refused_and_nothing_saved(self):
        Run = self.env["crm.reports.dunning.run"]
        with (
            self.assertRaisesRegex(ValidationError, "in the future"),
            self.cr.savepoint(),
        ):
            Run.create({"date": self.today + timedelta(days=2)})
        self.assertFalse(Run.search([]))
        with (
            self.assertRaisesRegex(ValidationError, "increasing numbers of days"),
            self.cr.savepoint(),
        ):
            self.policy.write(
                {
                    "level_ids": [
                        Command.create(
                            {
                                "name": "Again",
                                "days_overdue": 30,
                                "channel": "phone",
                            }
                        )
                    ]
                }
            )
        self.assertEqual(len(self.policy.level_ids), 4)
        with (
            self.assertRaisesRegex(ValidationError, "choose its template"),
            self.cr.savepoint(),
        ):
            self.policy.level_ids[0].mail_template_id = False
        self.assertTrue(self.policy.level_ids[0].mail_template_id)

    def test_automatic_runs_are_an_option_of_the_policy(self):
        Move = self.env["account.move"].sudo()
        Move._cron_overdue_alerts()
        self.assertFalse(self.env["crm.reports.dunning.run"].search([]))
        self.assertFalse(self._mails(self.anh, "reminder"))
        self.policy.automatic = True
        # Sent in the name of the company's accountant (its administrator too
        # is one, and signs only when no one else is): the customer replies to
        # a person, not to OdooBot.
        accountant = self._salesperson(
            "ke.toan.tu.dong", groups="base.group_user,account.group_account_invoice"
        )
        Move.with_user(self.env.ref("base.user_root"))._cron_overdue_alerts()
        Move._cron_overdue_alerts()
        run = self.env["crm.reports.dunning.run"].search([])
        self.assertEqual((len(run), run.state, run.automatic), (1, "done", True))
        [mail] = self._mails(self.anh, "reminder of invoices past due")
        self.assertEqual(mail.author_id, accountant.partner_id)

    def test_the_accountant_who_signs_is_a_clerk_before_a_manager_or_an_admin(self):
        # Created by OdooBot, which Odoo links to it (and is no accountant).
        branch = (
            self.env["res.company"]
            .with_user(self.env.ref("base.user_root"))
            .create(
                {"name": "Chi nhánh Huế", "currency_id": self.company.currency_id.id}
            )
        )

        def user(login, groups):
            return new_test_user(
                self.env,
                login=login,
                groups=groups,
                company_id=branch.id,
                company_ids=[Command.set(branch.ids)],
            )

        self.assertFalse(branch._crm_accountant())
        admin = user("hue.admin", "base.group_system,account.group_account_manager")
        self.assertEqual(branch._crm_accountant(), admin)
        manager = user("hue.ke.toan.truong", "account.group_account_manager")
        self.assertEqual(branch._crm_accountant(), manager)
        clerk = user("hue.ke.toan", "account.group_account_invoice")
        self.assertEqual(branch._crm_accountant(), clerk)
        # A portal user or a salesperson is no accountant.
        user("hue.sales", "sales_team.group_sale_salesman")
        self.assertEqual(branch._crm_accountant(), clerk)

    def test_salespeople_see_the_status_not_the_run(self):
        run = self._run()
        with self.assertRaises(AccessError):
            run.with_user(self.seller).check_access("read")
        self.anh_old._mark_disputed("Sai giá")
        status = self.anh.with_user(self.seller).with_company(self.company)
        self.assertIn("1 disputed invoice", status.customer_360)


@tagged("post_install", "-at_install")
class TestEveryCompanyHasAPolicy(ReportsCommon):
    """A company made after the install (a branch, the Vietnamese company of a
    database with Odoo's demo data) reminds its customers as the main company
    does: it gets a copy of the standard policy and its levels."""

    def test_a_new_company_gets_the_standard_levels_and_its_runs_propose(self):
        standard = self.env.ref("crm_reports.credit_policy_default").sudo()
        # The main company charges a fee of its own product at the last level:
        # the branch's copy has no fee (the product is not the branch's).
        fee = (
            self.env["product.product"]
            .sudo()
            .create({"name": "Phí nhắc nợ", "company_id": standard.company_id.id})
        )
        standard.level_ids.filtered(lambda level: level.days_overdue == 60).write(
            {"fee_product_id": fee.id}
        )
        # Vietnamese is installed: the copy is named in it too (the standard
        # policy gets the addon's translations first if it has none yet).
        self.env["res.lang"]._activate_lang("vi_VN")
        branch = self.env["res.company"].create(
            {"name": "Chi nhánh Đà Nẵng", "currency_id": self.company.currency_id.id}
        )
        policy = branch.credit_policy_id
        self.assertNotEqual(policy, standard)
        self.assertEqual(policy.company_id, branch)
        self.assertEqual(policy.name, "Standard reminders")
        self.assertEqual(policy.with_context(lang="vi_VN").name, "Nhắc nợ tiêu chuẩn")
        self.assertEqual(
            policy.level_ids.sorted("days_overdue")[0].with_context(lang="vi_VN").name,
            "Nhẹ nhàng (7 ngày)",
        )
        self.assertEqual(
            [
                (level.days_overdue, level.channel, level.mail_template_id.id)
                for level in policy.level_ids.sorted("days_overdue")
            ],
            [
                (
                    7,
                    "email",
                    self.env.ref("crm_reports.mail_template_dunning_gentle").id,
                ),
                (
                    30,
                    "email",
                    self.env.ref("crm_reports.mail_template_dunning_firm").id,
                ),
                (
                    60,
                    "email",
                    self.env.ref("crm_reports.mail_template_dunning_final").id,
                ),
            ],
        )
        self.assertEqual(policy.level_ids.company_id, branch)
        self.assertFalse(policy.level_ids.fee_product_id)
        # At the next upgrade: nothing more for a company that has one; a
        # company left without one (as before this change) gets it.
        self.env.company.credit_policy_id = False
        self.env["crm.reports.credit.policy"]._crm_reports_default_policies()
        self.assertEqual(branch.credit_policy_id, policy)
        self.assertEqual(
            self.env["crm.reports.credit.policy"].search_count(
                [("company_id", "=", branch.id)]
            ),
            1,
        )
        own = self.env.company.credit_policy_id
        self.assertEqual(own.company_id, self.env.company)
        self.assertEqual(sorted(own.level_ids.mapped("days_overdue")), [7, 30, 60])
        # The company's runs propose with it: 300 due 10 days ago, gentle.
        customer = self._customer("Công ty Giang", email="giang@example.com")
        self._invoice(customer, 300, 40, due=self.today - timedelta(days=10))
        [line] = self._run().line_ids.filtered(lambda line: line.partner_id == customer)
        self.assertEqual((line.level_id.days_overdue, line.amount_due), (7, 300))

    def test_a_language_installed_later_names_the_companies_levels_too(self):
        """A company's copy of the standard levels made while Thai was not
        installed: installing Thai names them in Thai, as the standard ones;
        a level the company renamed keeps its own name."""
        branch = self.env["res.company"].create(
            {"name": "Chi nhánh Huế", "currency_id": self.company.currency_id.id}
        )
        levels = branch.credit_policy_id.level_ids.sorted("days_overdue")
        levels[1].name = "Nhắc lần hai"
        # Made before Thai: no Thai in the copies' names.
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE crm_reports_reminder_level SET name = name - 'th_TH' "
            "WHERE id = ANY(%s)",
            [levels.ids],
        )
        self.env.invalidate_all()
        self.env["res.lang"]._activate_lang("th_TH")
        # What Odoo's *Add a language* does for each installed addon.
        self.env["ir.module.module"]._load_module_terms(["crm_reports"], ["th_TH"])
        self.assertEqual(
            levels.with_context(lang="th_TH").mapped("name"),
            ["สุภาพ (7 วัน)", "Nhắc lần hai", "ขั้นสุดท้าย (60 วัน)"],
        )
