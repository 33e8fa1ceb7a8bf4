"""Scheduled actions survive one failing record: logged, skipped, the others done.

The fault is real: a PostgreSQL trigger raises an error when the action writes for
the chosen record (created inside the test's transaction, gone with it). Once the
fault is removed, the next run processes the skipped record, and nothing twice.
"""

from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.tests import new_test_user, tagged
from odoo.tools import SQL

from odoo.addons.crm_care.tests.common import CareCommon
from odoo.addons.crm_reports.tests.common import ReportsCommon

CRON_LOGGER = "odoo.addons.crm_idic.tools.cron"


class FaultMixin:
    def _fail_on_insert(self, table, **where):
        """Make every insert into ``table`` matching ``where`` fail in the database."""
        condition = SQL(" AND ").join(
            SQL("NEW.%s = %s", SQL.identifier(column), value)
            for column, value in where.items()
        )
        self.env.cr.execute(
            SQL(
                """
                CREATE FUNCTION crm_suite_fault() RETURNS trigger AS $$
                BEGIN
                    IF %s THEN RAISE EXCEPTION 'injected fault'; END IF;
                    RETURN NEW;
                END $$ LANGUAGE plpgsql;
                CREATE TRIGGER crm_suite_fault BEFORE INSERT ON %s
                    FOR EACH ROW EXECUTE FUNCTION crm_suite_fault();
                """,
                condition,
                SQL.identifier(table),
            )
        )
        self.addCleanup(self._heal, table)

    def _heal(self, table):
        self.env.cr.execute(
            SQL(
                "DROP TRIGGER IF EXISTS crm_suite_fault ON %s; "
                "DROP FUNCTION IF EXISTS crm_suite_fault()",
                SQL.identifier(table),
            )
        )


@tagged("post_install", "-at_install", "crm_suite")
class TestCareCronFaults(FaultMixin, CareCommon):
    def test_contract_renewals_skip_a_failing_contract(self):
        today = fields.Date.context_today(self.env.user)
        good, bad = self.env["crm.care.contract"].create(
            [
                {
                    "name": name,
                    "partner_id": self.customer.id,
                    "date_start": today - timedelta(days=300),
                    "date_end": today + timedelta(days=20),
                }
                for name in ("Good contract", "Bad contract")
            ]
        )
        (good | bad).write({"state": "running"})
        self._fail_on_insert("crm_care_contract_reminder", contract_id=bad.id)
        with self.assertLogs(CRON_LOGGER, level="ERROR") as logs:
            self.env["crm.care.contract"]._cron_contract_renewals()
        self.assertIn("Contract renewals", logs.output[0])
        # 20 days left: the 90- and 30-day reminders are due, counted as sent.
        self.assertEqual(sorted(good.reminder_ids.mapped("offset_days")), [30, 90])
        self.assertEqual(good.state, "to_renew")
        self.assertFalse(bad.reminder_ids)
        self.assertEqual(bad.state, "running")
        self._heal("crm_care_contract_reminder")
        self.env["crm.care.contract"]._cron_contract_renewals()
        self.assertEqual(sorted(bad.reminder_ids.mapped("offset_days")), [30, 90])
        self.assertEqual(len(good.reminder_ids), 2)

    def test_birthday_greetings_skip_a_failing_customer(self):
        good, bad = self.env["res.partner"].create(
            [
                {
                    "name": name,
                    "birthday": date(1990, 12, 5),
                    "email": f"{name.lower()}@example.com",
                    "care_greeting_opt_in": True,
                }
                for name in ("Goodbirth", "Badbirth")
            ]
        )
        self._fail_on_insert("mail_message", model="res.partner", res_id=bad.id)

        def greetings(partner):
            return partner.message_ids.filtered(
                lambda m: "Happy birthday" in (m.subject or "")
            )

        # Scheduled actions run as the superuser.
        Greeting = self.env["crm.care.greeting"].sudo()
        with freeze_time("2026-12-05 08:00"):
            with self.assertLogs(CRON_LOGGER, level="ERROR") as logs:
                Greeting._cron_care_reminders()
            self.assertIn("Birthday greetings", logs.output[0])
            self.assertEqual(len(greetings(good)), 1)
            self.assertFalse(greetings(bad))
            self._heal("mail_message")
            Greeting._cron_care_reminders()
        self.assertEqual(len(greetings(bad)), 1)
        self.assertEqual(len(greetings(good)), 1)

    def test_sla_alerts_skip_a_failing_ticket(self):
        with freeze_time(datetime(2026, 11, 20, 15, 0)):
            good, bad = self._ticket(), self._ticket(subject="Bad ticket")
        with freeze_time(datetime(2026, 11, 20, 16, 0)):
            for ticket in (good, bad):
                ticket.with_user(self.agent).message_post(
                    body="We are on it",
                    message_type="comment",
                    subtype_xmlid="mail.mt_comment",
                )
        self._fail_on_insert(
            "mail_activity", res_model="crm.care.ticket", res_id=bad.id
        )
        Ticket = self.env["crm.care.ticket"]
        with freeze_time(datetime(2026, 11, 25, 13, 0)):
            with self.assertLogs(CRON_LOGGER, level="ERROR") as logs:
                Ticket._cron_check_sla()
            self.assertIn("SLA alerts", logs.output[0])
            # Friday 15:00 + 16 working hours (8-17, lunch off): Tuesday 14:00.
            self.assertEqual((good.sla_status, bad.sla_status), ("failed", "failed"))
            self.assertEqual(good.sla_notified, "failed")
            self.assertFalse(bad.sla_notified)
            self.assertEqual(len(good.activity_ids), 1)
            self._heal("mail_activity")
            Ticket._cron_check_sla()
        self.assertEqual(bad.sla_notified, "failed")
        self.assertEqual((len(good.activity_ids), len(bad.activity_ids)), (1, 1))


@tagged("post_install", "-at_install", "crm_suite")
class TestSalesCronFaults(FaultMixin, ReportsCommon):
    def _overdue_invoice(self, partner, days):
        due = fields.Date.context_today(self.env.user) - timedelta(days=days)
        return self._invoice(partner, 500, due, due=due)

    def test_overdue_reminders_skip_a_failing_invoice(self):
        self._policy((7, "email", "gentle"), automatic=True)
        Partner = self.env["res.partner"]
        good = self._overdue_invoice(Partner.create({"name": "Good payer?"}), 10)
        bad = self._overdue_invoice(Partner.create({"name": "Bad data"}), 10)
        self._fail_on_insert("crm_reports_alert_log", move_id=bad.id, event="reminder")
        Log = self.env["crm.reports.alert.log"]

        def reminders(move):
            return Log.search([("move_id", "=", move.id), ("event", "=", "reminder")])

        with self.assertLogs(CRON_LOGGER, level="ERROR") as logs:
            self.env["account.move"].sudo()._cron_overdue_alerts()
        self.assertIn("Reminder run", logs.output[0])
        self.assertEqual(len(reminders(good)), 1)
        self.assertFalse(reminders(bad))
        run = self.env["crm.reports.dunning.run"].search([])
        self.assertEqual(run.state, "draft", "the failed customer is left to retry")
        self._heal("crm_reports_alert_log")
        self.env["account.move"].sudo()._cron_overdue_alerts()
        self.assertEqual((len(reminders(good)), len(reminders(bad))), (1, 1))
        self.assertEqual(run.state, "done")

    def test_missing_daily_reports_skip_a_failing_team(self):
        company = self.env.company
        common = {"company_id": company.id, "company_ids": company.ids}
        leader = new_test_user(
            self.env, "fault.leader", groups="sales_team.group_sale_salesman", **common
        )
        good_member, bad_member = (
            new_test_user(
                self.env, login, groups="sales_team.group_sale_salesman", **common
            )
            for login in ("fault.good", "fault.bad")
        )
        self.env["crm.team"].create(
            [
                {
                    "name": name,
                    "user_id": leader.id,
                    "member_ids": [Command.link(member.id)],
                    "company_id": company.id,
                }
                for name, member in (("Good", good_member), ("Bad", bad_member))
            ]
        )
        self._fail_on_insert("crm_qci_daily_report", user_id=bad_member.id)
        Report = self.env["crm.qci.daily.report"]

        def missing(user):
            return Report.sudo().search(
                [("user_id", "=", user.id), ("state", "=", "missing")]
            )

        with freeze_time("2026-11-24 07:00"):  # a Tuesday: Monday's reports
            with self.assertLogs(CRON_LOGGER, level="ERROR") as logs:
                Report.sudo()._cron_flag_missing()
            self.assertIn("Missing daily reports", logs.output[0])
            self.assertEqual(len(missing(good_member)), 1)
            self.assertFalse(missing(bad_member))
            self._heal("crm_qci_daily_report")
            Report.sudo()._cron_flag_missing()
        self.assertEqual((len(missing(good_member)), len(missing(bad_member))), (1, 1))

    def test_idic_recompute_skips_a_failing_company(self):
        bad_company = self.env["res.company"].create({"name": "Fault company"})
        customer = self.env["res.partner"].create(
            {"name": "Fault customer", "customer_rank": 1}
        )
        self._fail_on_insert("crm_idic_profile", company_id=bad_company.id)
        Profile = self.env["crm.idic.profile"]
        with self.assertLogs(CRON_LOGGER, level="ERROR") as logs:
            Profile.sudo()._cron_recompute_all()
        self.assertIn("Fault company", logs.output[0])
        self.assertTrue(
            Profile.search(
                [
                    ("partner_id", "=", customer.id),
                    ("company_id", "=", self.env.company.id),
                ]
            )
        )
        self.assertFalse(Profile.sudo().search([("company_id", "=", bad_company.id)]))
        self._heal("crm_idic_profile")
        Profile.sudo()._cron_recompute_all()
        self.assertEqual(
            Profile.sudo().search_count(
                [("partner_id", "=", customer.id), ("company_id", "=", bad_company.id)]
            ),
            1,
        )

    def _salesperson_invoice(self, login, amount, day):
        user = self._salesperson(login)
        customer = self.env["res.partner"].create({"name": f"{login} customer"})
        self._invoice(customer, amount, day, invoice_user_id=user.id)
        return user

    def test_target_notifications_skip_a_failing_target(self):
        today = fields.Date.context_today(self.env.user)
        Target = self.env["crm.qci.target"]
        good, bad = (
            Target.create(
                {
                    "user_id": self._salesperson_invoice(login, 500, today).id,
                    "date_from": today.replace(day=1),
                    "revenue_target": 400,
                }
            )
            for login in ("target.good", "target.bad")
        )
        self._fail_on_insert("mail_message", model="crm.qci.target", res_id=bad.id)
        with self.assertLogs(CRON_LOGGER, level="ERROR") as logs:
            Target.sudo()._cron_target_notifications()
        self.assertIn("Target notifications", logs.output[0])
        # 500 of 400: the 100% level, told once.
        self.assertEqual((good.revenue_notified, bad.revenue_notified), (100, 0))
        self._heal("mail_message")
        Target.sudo()._cron_target_notifications()
        self.assertEqual((good.revenue_notified, bad.revenue_notified), (100, 100))

    def test_monthly_snapshot_survives_a_failing_company(self):
        last_month = fields.Date.context_today(self.env.user).replace(
            day=1
        ) - timedelta(days=1)
        user = self._salesperson_invoice("snapshot.seller", 900, last_month)
        Snapshot = self.env["crm.qci.kpi.snapshot"].sudo()
        self._fail_on_insert("crm_qci_kpi_snapshot", company_id=self.env.company.id)
        with self.assertLogs(CRON_LOGGER, level="ERROR") as logs:
            self.assertTrue(Snapshot._cron_monthly_snapshot())
        self.assertIn("Monthly KPI snapshot", logs.output[0])
        self.assertFalse(Snapshot.search([("user_id", "=", user.id)]))
        self._heal("crm_qci_kpi_snapshot")
        Snapshot._cron_monthly_snapshot()
        snapshot = Snapshot.search([("user_id", "=", user.id)])
        self.assertEqual(snapshot.invoiced_revenue, 900)

    def test_incremental_idic_skips_a_failing_company(self):
        bad_company = self.env["res.company"].create({"name": "Dirty fault company"})
        customer = self.env["res.partner"].create(
            {"name": "Dirty customer", "customer_rank": 1}
        )
        Profile = self.env["crm.idic.profile"].sudo()
        for company in (self.env.company, bad_company):
            Profile._idic_mark_dirty(customer, company)
        self.env.cr.execute(
            "UPDATE crm_idic_profile SET rfm_segment = 'champions' "
            "WHERE partner_id = %s",
            [customer.id],
        )
        self._fail_on_insert("crm_idic_tier_move", company_id=bad_company.id)
        with self.assertLogs(CRON_LOGGER, level="ERROR") as logs:
            Profile._cron_recompute_dirty()
        self.assertIn("Dirty fault company", logs.output[0])
        Profile.invalidate_model()

        def segment(company):
            return Profile.search(
                [("partner_id", "=", customer.id), ("company_id", "=", company.id)]
            ).rfm_segment

        # Recomputed (no purchase) in the good company; left as it was in the bad one.
        self.assertEqual(segment(self.env.company), "no_purchase")
        self.assertEqual(segment(bad_company), "champions")
        self._heal("crm_idic_tier_move")
        Profile._cron_recompute_dirty()
        Profile.invalidate_model()
        self.assertEqual(segment(bad_company), "no_purchase")
