"""The suite's scheduled actions keep the company's day and hours: the daily
IDIC recompute counts the new day from the first hour after the company's
midnight; the daily actions that write to customers and staff run in the
morning of the suite's time zone."""

from datetime import date, datetime

from freezegun import freeze_time

from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from ..tools.cron import next_local_hour
from .common import IdicCommon, VietnamTimeMixin

VN = "Asia/Ho_Chi_Minh"


@tagged("post_install", "-at_install")
class TestMorningSchedule(TransactionCase):
    def test_next_local_hour(self):
        berlin = "Europe/Berlin"
        cases = [
            # 08:00 in Hà Nội is 01:00 UTC (UTC+7, no summer time).
            (VN, datetime(2026, 12, 5, 10, 0), datetime(2026, 12, 6, 1, 0)),
            (VN, datetime(2026, 12, 5, 0, 30), datetime(2026, 12, 5, 1, 0)),
            # Exactly at 08:00: the next one is tomorrow's.
            (VN, datetime(2026, 12, 5, 1, 0), datetime(2026, 12, 6, 1, 0)),
            # Berlin: 08:00 is 07:00 UTC in winter, 06:00 UTC from 29 March 2026.
            (berlin, datetime(2026, 3, 28, 6, 30), datetime(2026, 3, 28, 7, 0)),
            (berlin, datetime(2026, 3, 28, 12, 0), datetime(2026, 3, 29, 6, 0)),
        ]
        for tz, now, expected in cases:
            with self.subTest(tz=tz, now=now):
                self.assertEqual(next_local_hour(tz, 8, now), expected)

    def _cron(self, name, number, interval):
        cron = (
            self.env["ir.cron"]
            .sudo()
            .create(
                {
                    "name": name,
                    "model_id": self.env["ir.model"]._get_id("res.partner"),
                    "state": "code",
                    "code": "model",
                    "interval_number": number,
                    "interval_type": interval,
                    "nextcall": datetime(2026, 12, 5, 15, 37),
                }
            )
        )
        self.env["ir.model.data"].create(
            {
                "module": "crm_test_addon",
                "name": name,
                "model": "ir.cron",
                "res_id": cron.id,
            }
        )
        return cron

    def test_daily_actions_move_to_the_administrators_morning(self):
        admin = self.env.ref("base.user_admin")
        admin.tz = VN
        daily = self._cron("daily_cron", 1, "days")
        every_two_days = self._cron("two_days_cron", 2, "days")
        hourly = self._cron("hourly_cron", 1, "hours")
        with freeze_time("2026-12-05 10:00"):  # 17:00 in Hà Nội
            moved = self.env["ir.cron"]._crm_schedule_mornings(["crm_test_addon"])
        self.assertEqual(moved, daily)
        # 08:00 on 6 December in Hà Nội.
        self.assertEqual(daily.nextcall, datetime(2026, 12, 6, 1, 0))
        # An interval the administrator changed is theirs: left as it was.
        self.assertEqual(every_two_days.nextcall, datetime(2026, 12, 5, 15, 37))
        self.assertEqual(hourly.nextcall, datetime(2026, 12, 5, 15, 37))
        # The other addons' daily actions (Odoo's own among them) are not touched.
        others = (
            self.env["ir.cron"]
            .sudo()
            .search([("interval_type", "=", "days"), ("id", "!=", daily.id)])
        )
        self.assertTrue(others)
        before = others.mapped("nextcall")
        with freeze_time("2026-12-06 10:00"):
            self.env["ir.cron"]._crm_schedule_mornings(["crm_test_addon"])
        self.assertEqual(daily.nextcall, datetime(2026, 12, 7, 1, 0))
        self.assertEqual(others.mapped("nextcall"), before)
        # An administrator without a time zone: the main company's.
        admin.tz = False
        self.env.ref("base.main_company").resource_calendar_id.tz = "Europe/Berlin"
        with freeze_time("2026-12-05 10:00"):
            self.env["ir.cron"]._crm_schedule_mornings(["crm_test_addon"])
        self.assertEqual(daily.nextcall, datetime(2026, 12, 6, 7, 0))


@tagged("post_install", "-at_install")
class TestRecomputeAfterMidnight(VietnamTimeMixin, IdicCommon):
    def test_the_new_day_counts_from_the_first_hour_after_midnight(self):
        cron = self.env.ref("crm_idic.ir_cron_idic_recompute_all")
        self.assertEqual((cron.interval_number, cron.interval_type), (1, "hours"))
        customer = self._customer("Khách Hà")
        with freeze_time("2026-12-05 16:30"):  # 23:30 on 5 December in Hà Nội
            order = self._order(customer, 1000, 0)
            order.date_order = datetime(2026, 11, 25, 5, 0)  # noon, 25 November
            self.Profile._cron_recompute_all()
        profile = self._profile(customer)
        self.assertEqual(self.company.idic_full_recompute_date, date(2026, 12, 5))
        self.assertEqual(profile.rfm_recency_days, 10)
        with freeze_time("2026-12-05 17:30"):  # 00:30 on 6 December
            self.Profile._cron_recompute_all()
        self.assertEqual(self.company.idic_full_recompute_date, date(2026, 12, 6))
        self.assertEqual(profile.rfm_recency_days, 11)
        # The day's later runs mark no one again: a figure changed behind the
        # recompute's back stays until the next day.
        self.env.cr.execute(
            SQL(
                "UPDATE crm_idic_profile SET rfm_recency_days = 99 WHERE id = %s",
                profile.id,
            )
        )
        profile.invalidate_recordset()
        with freeze_time("2026-12-05 18:30"):  # 01:30 on 6 December
            self.Profile._cron_recompute_all()
        profile.invalidate_recordset()
        self.assertEqual(profile.rfm_recency_days, 99)
        with freeze_time("2026-12-06 17:10"):  # 00:10 on 7 December
            self.Profile._cron_recompute_all()
        profile.invalidate_recordset()
        self.assertEqual(profile.rfm_recency_days, 12)
