from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import IdicCommon, VietnamTimeMixin


@tagged("post_install", "-at_install")
class TestPublicHolidays(VietnamTimeMixin, IdicCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.country_id = cls.env.ref("base.vn")
        cls.calendar = cls.company.resource_calendar_id

    def _holidays(self):
        return self.env["resource.calendar.leaves"].search(
            [("calendar_id", "=", self.calendar.id), ("resource_id", "=", False)]
        )

    def test_vietnam_holidays_of_a_year_as_local_days(self):
        leaves = self.calendar._load_public_holidays([2026])
        starts = set(leaves.mapped("date_from"))
        # Tết 2026: the lunar new year falls on Tuesday 17 February; its local
        # midnight in Hà Nội (UTC+7) is 17:00 UTC the day before.
        self.assertIn(datetime(2026, 2, 16, 17, 0), starts)
        tet = leaves.filtered(lambda leaf: leaf.date_from == datetime(2026, 2, 16, 17))
        self.assertEqual(tet.date_to, datetime(2026, 2, 17, 16, 59, 59))
        # The fixed days of the Labour Code: 1 January, 30 April, 1 May, 2 September.
        for day in (
            date(2026, 1, 1),
            date(2026, 4, 30),
            date(2026, 5, 1),
            date(2026, 9, 2),
        ):
            self.assertIn(
                datetime(day.year, day.month, day.day) - self._offset(), starts
            )
        # Tết is at least five days off; Hùng Kings' day (10th of the third lunar
        # month) is Sunday 26 April 2026.
        february = [start for start in starts if start.month == 2]
        self.assertGreaterEqual(len(february), 5)
        self.assertIn(datetime(2026, 4, 25, 17, 0), starts)
        # No working hours on Tết's Tuesday; a full day (the company's standard
        # 40-hour week: 8 hours) the Tuesday after.
        self.assertEqual(self._work_hours(date(2026, 2, 17)), 0)
        self.assertEqual(self._work_hours(date(2026, 2, 24)), 8)

    def test_loaded_once_a_deleted_holiday_stays_deleted(self):
        self.company.idic_public_holidays = True
        with freeze_time("2026-03-01 02:00:00"):
            self.env["resource.calendar"]._cron_load_public_holidays()
        self.assertEqual(self.calendar.public_holiday_years, "2026,2027")
        loaded = self._holidays()
        self.assertTrue(loaded.filtered(lambda leaf: leaf.date_from.year == 2027))
        loaded[0].unlink()
        with freeze_time("2026-04-01 02:00:00"):
            self.env["resource.calendar"]._cron_load_public_holidays()
        self.assertEqual(len(self._holidays()), len(loaded) - 1)
        # Loading by hand adds what is missing, never a day twice.
        with freeze_time("2026-04-01 02:00:00"):
            self.calendar.action_load_public_holidays()
        self.assertEqual(len(self._holidays()), len(loaded))

    def test_named_in_the_companys_language_by_the_scheduled_action(self):
        """The action runs in English; a Vietnamese company's calendar shows
        its staff the holidays in Vietnamese."""
        self.env["res.lang"]._activate_lang("vi_VN")
        self.company.partner_id.lang = "vi_VN"
        self.company.idic_public_holidays = True
        with freeze_time("2026-03-01 02:00:00"):
            self.env["resource.calendar"].with_context(
                lang="en_US"
            )._cron_load_public_holidays()
        tet = self._holidays().filtered(
            lambda leaf: leaf.date_from == datetime(2026, 2, 16, 17)
        )
        self.assertEqual(tet.name, "Tết Nguyên Đán")

    def test_company_without_country_is_told(self):
        self.company.country_id = False
        with self.assertRaises(UserError):
            self.calendar._load_public_holidays([2026])
        self.assertFalse(self._holidays())

    def _offset(self):
        return datetime(2026, 1, 1, 7) - datetime(2026, 1, 1)

    def _work_hours(self, day):
        start = datetime(day.year, day.month, day.day) - self._offset()
        return self.calendar.get_work_hours_count(
            start,
            start + (datetime(2026, 1, 2) - datetime(2026, 1, 1)),
            compute_leaves=True,
        )

    def test_scheduled_action_skips_a_company_it_cannot_serve(self):
        # A company without country is skipped (logged); the others get theirs.
        self.company.idic_public_holidays = True
        other = self.env["res.company"].create(
            {"name": "Chi nhánh không quốc gia", "idic_public_holidays": True}
        )
        other.country_id = False
        with freeze_time("2026-03-01 02:00:00"):
            self.env["resource.calendar"]._cron_load_public_holidays()
        self.assertEqual(self.calendar.public_holiday_years, "2026,2027")
        self.assertFalse(other.resource_calendar_id.public_holiday_years)
