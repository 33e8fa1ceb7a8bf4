"""Every day and period is a Vietnamese company's local one (UTC+7): events between
00:00 and 07:00 local time, which are the day before in UTC, count on their local
day in the KPIs, the IDIC recency, the dashboard, the sales analysis, the
purchase anniversaries and a team's target."""

from datetime import date, datetime

import pytz
from freezegun import freeze_time

from odoo.tests import TransactionCase, tagged

from odoo.addons.crm_idic.tests.common import VietnamTimeMixin
from odoo.addons.crm_idic.tools.cron import suite_tz
from odoo.addons.crm_reports.tests.common import ReportsCommon


@tagged("post_install", "-at_install")
class TestLocalDays(VietnamTimeMixin, ReportsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls._customer("Khách Hà Nội", user_id=cls.seller.id)
        cls.won_stage = cls.env["crm.stage"].search([("is_won", "=", True)], limit=1)

    def _lead(self, name, closed_local, won=True):
        lead = self.env["crm.lead"].create(
            {
                "name": name,
                "type": "opportunity",
                "user_id": self.seller.id,
                "expected_revenue": 100,
            }
        )
        if won:
            lead.write({"stage_id": self.won_stage.id, "probability": 100})
        else:
            lead.action_set_lost()
        lead.date_closed = self._utc(closed_local)
        return lead

    def _kpis(self, date_from, date_to):
        return self.env["crm.qci.kpi"].compute_kpis(
            date_from, date_to, user_ids=self.seller.ids
        )["users"][str(self.seller.id)]

    def test_kpis_count_deals_on_their_local_day(self):
        # Won at 01:30 on 1 October (18:30 UTC on 30 September): October's.
        self._lead("Won early", datetime(2026, 10, 1, 1, 30))
        # Lost at 00:30 on 1 November (17:30 UTC on 31 October): November's.
        self._lead("Lost early", datetime(2026, 11, 1, 0, 30), won=False)
        september = self._kpis(date(2026, 9, 1), date(2026, 9, 30))
        october = self._kpis(date(2026, 10, 1), date(2026, 10, 31))
        november = self._kpis(date(2026, 11, 1), date(2026, 11, 30))
        self.assertEqual((september["won_count"], september["lost_count"]), (0, 0))
        self.assertEqual((october["won_count"], october["lost_count"]), (1, 0))
        self.assertEqual((november["won_count"], november["lost_count"]), (0, 1))

    def test_activities_count_in_the_company_of_their_record(self):
        # The seller marked a call done on a lead of this company and one on a
        # lead of another company, at 02:00 on 5 November in Hanoi.
        other = self.env["res.company"].create({"name": "Công ty B"})
        call = self.env.ref("mail.mail_activity_data_call")
        Lead = self.env["crm.lead"].sudo()
        for company in (self.company, other):
            lead = Lead.create(
                {"name": f"Lead {company.name}", "company_id": company.id}
            )
            self.env["mail.message"].sudo().create(
                {
                    "model": "crm.lead",
                    "res_id": lead.id,
                    "author_id": self.seller.partner_id.id,
                    "mail_activity_type_id": call.id,
                    "message_type": "notification",
                    "date": self._utc(datetime(2026, 11, 5, 2, 0)),
                }
            )
        kpis = self._kpis(date(2026, 11, 1), date(2026, 11, 30))
        self.assertEqual((kpis["activities_done"], kpis["calls"]), (1, 1))

    def test_idic_recency_counts_local_days(self):
        # Today is 20 November in Hanoi (09:00); the order was confirmed at 06:00
        # local time today, which is 23:00 UTC yesterday: recency 0 days, last
        # order today.
        with freeze_time("2026-11-20 02:00"):
            order = self._order(self.customer, 500, 0)
            order.date_order = self._utc(datetime(2026, 11, 20, 6, 0))
            self._recompute()
            profile = self._profile(self.customer)
            self.assertEqual(profile.last_order_date, date(2026, 11, 20))
            self.assertEqual(profile.rfm_recency_days, 0)

    def test_dashboard_counts_orders_of_the_local_month(self):
        # Confirmed at 01:00 on 1 November in Hanoi (18:00 UTC on 31 October).
        order = self._order(self.customer, 700, 0)
        order.date_order = self._utc(datetime(2026, 11, 1, 1, 0))
        with freeze_time("2026-11-15 03:00"):
            data = self.env["crm.reports.dashboard"].get_dashboard_data("month")
        tile = next(tile for tile in data["tiles"] if tile["key"] == "orders")
        self.assertEqual(data["date_from"], "2026-11-01")
        self.assertEqual(tile["value"], 1)
        self.assertEqual(tile["amount"], 700)

    def test_dashboard_adds_orders_in_the_company_currency(self):
        # 1 company currency = 2 EUR (the test rate since 2017): 200 EUR count 100.
        eur = self.setup_other_currency("EUR")
        pricelist = self.env["product.pricelist"].create(
            {"name": "EUR", "currency_id": eur.id}
        )
        orders = self._order(self.customer, 200, 0, pricelist_id=pricelist.id)
        orders |= self._order(self.customer, 50, 0)
        orders.date_order = self._utc(datetime(2026, 11, 10, 9, 0))
        self.assertEqual(orders[0].currency_id, eur)
        with freeze_time("2026-11-15 03:00"):
            data = self.env["crm.reports.dashboard"].get_dashboard_data("month")
        tile = next(tile for tile in data["tiles"] if tile["key"] == "orders")
        self.assertEqual(tile["value"], 2)
        self.assertEqual(tile["amount"], 150)

    def test_sales_analysis_dates_orders_on_the_company_local_day(self):
        order = self._order(self.customer, 300, 0)
        order.date_order = self._utc(datetime(2026, 10, 1, 3, 0))
        self.env.flush_all()
        line = self.env["crm.reports.sales.analysis"].search(
            [("partner_id", "=", self.customer.id), ("source", "=", "order")]
        )
        self.assertEqual(line.date, date(2026, 10, 1))

    def test_overdue_days_on_the_company_day_for_a_reader_without_time_zone(self):
        """A reader without a time zone (Odoo's public user on a quotation's
        link, a scheduled action's user) counts the days overdue on the
        company's day: at 01:00 on 21 November in Hà Nội (18:00 UTC on the 20th)
        an invoice due on the 19th is 2 days overdue, not UTC's 1."""
        self._invoice(self.customer, 300, date(2026, 10, 20), due=date(2026, 11, 19))
        reader = self._salesperson("no.tz")
        reader.tz = False
        with freeze_time("2026-11-20 18:00:00"):
            partner = self.customer.with_user(reader).with_context(tz=False)
            self.assertEqual(partner.credit_oldest_overdue_days, 2)
            # The Vietnamese user reads the same.
            self.assertEqual(self.customer.credit_oldest_overdue_days, 2)

    def test_purchase_anniversary_on_the_local_day(self):
        self.customer.write({"email": "kh@example.com", "care_greeting_opt_in": True})
        # First order at 02:00 on 1 December 2025 in Hanoi: 19:00 UTC on 30
        # November. Thanked on 1 December 2026 (local), not on 30 November.
        order = self._order(self.customer, 900, 0)
        order.date_order = self._utc(datetime(2025, 12, 1, 2, 0))
        Greeting = self.env["crm.care.greeting"].sudo()

        def thanked():
            return self.customer.message_ids.filtered(
                lambda m: m.subtype_id == self.env.ref("mail.mt_comment")
            )

        with freeze_time("2026-11-30 10:00"):  # 17:00 on 30 November in Hanoi
            Greeting._cron_care_reminders()
        self.assertFalse(thanked())
        with freeze_time("2026-11-30 18:00"):  # 01:00 on 1 December in Hanoi
            Greeting._cron_care_reminders()
        self.assertEqual(len(thanked()), 1)

    def test_team_target_sums_its_members(self):
        # A target for the team alone: its actuals are its member's invoices.
        self._invoice(
            self.customer, 1200, date(2026, 11, 3), invoice_user_id=self.seller.id
        )
        target = self.env["crm.qci.target"].create(
            {
                "team_id": self.sales_team.id,
                "date_from": date(2026, 11, 1),
                "revenue_target": 2400,
            }
        )
        self.assertEqual(target.revenue_actual, 1200)
        self.assertEqual(target.revenue_attainment, 50)


@tagged("post_install", "-at_install")
class TestMorningActions(TransactionCase):
    def test_daily_mails_to_customers_and_staff_go_out_in_the_morning(self):
        """Installed, each addon's daily actions (those that write to customers
        or staff among them) run next at 08:00 in the suite's time zone, whatever
        the hour of the install."""
        tz = pytz.timezone(suite_tz(self.env))
        xmlids = [
            "crm_care.ir_cron_care_reminders",
            "crm_care.ir_cron_care_contract_renewals",
            "crm_care.ir_cron_contract_invoicing",
            "crm_care.ir_cron_contract_milestones",
            "crm_qci.ir_cron_qci_monthly_snapshot",
            "crm_qci.ir_cron_qci_target_notifications",
            "crm_qci.ir_cron_qci_missing_daily_reports",
            "crm_reports.ir_cron_overdue_alerts",
            "crm_reports.ir_cron_management_reports",
        ]
        for xmlid in xmlids:
            nextcall = pytz.utc.localize(self.env.ref(xmlid).nextcall)
            local = nextcall.astimezone(tz)
            self.assertEqual((local.hour, local.minute), (8, 0), xmlid)
