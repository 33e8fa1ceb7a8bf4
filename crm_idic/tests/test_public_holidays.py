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

    def _starts(self):
        """The local days (UTC starts) of the calendar's public holidays."""
        return set(self._holidays().mapped("date_from"))

    def test_a_company_that_changes_country_gets_the_new_countrys_holidays(self):
        """Loaded while the company was (wrongly) in the United States, then
        its country corrected to Vietnam: the next run loads Vietnam's years,
        removes the United States' days to come, keeps the past ones and the
        company's own days off."""
        us, vn = self.env.ref("base.us"), self.env.ref("base.vn")
        self.company.write({"country_id": us.id, "idic_public_holidays": True})
        with freeze_time("2026-03-01 02:00:00"):
            self.env["resource.calendar"]._cron_load_public_holidays()
        # Martin Luther King Jr. Day (19 January) and Independence Day
        # (4 July, observed Friday 3 July), local midnights (UTC+7).
        mlk, july_4 = datetime(2026, 1, 18, 17), datetime(2026, 7, 3, 17)
        tet_2027, hung_kings = datetime(2027, 2, 5, 17), datetime(2026, 4, 25, 17)
        self.assertTrue({mlk, july_4} <= self._starts())
        self.assertFalse({tet_2027, hung_kings} & self._starts())
        own_day_off = self.env["resource.calendar.leaves"].create(
            {
                "name": "Company trip",
                "calendar_id": self.calendar.id,
                "date_from": datetime(2026, 7, 9, 17),
                "date_to": datetime(2026, 7, 10, 16, 59, 59),
                "time_type": "leave",
            }
        )
        self.company.country_id = vn
        with freeze_time("2026-04-01 02:00:00"):
            self.env["resource.calendar"]._cron_load_public_holidays()
        starts = self._starts()
        self.assertTrue({tet_2027, hung_kings, mlk} <= starts)
        self.assertNotIn(july_4, starts)
        self.assertTrue(own_day_off.exists())
        self.assertEqual(self.calendar.public_holiday_country_id, vn)
        self.assertEqual(self.calendar.public_holiday_years, "2026,2027")
        # Vietnam's, once: a second run changes nothing.
        with freeze_time("2026-04-02 02:00:00"):
            self.env["resource.calendar"]._cron_load_public_holidays()
        self.assertEqual(self._starts(), starts)

    def test_a_calendar_shared_by_companies_of_two_countries(self):
        """A calendar of no company, worked with by a Vietnamese company and a
        branch in the United States: served once a run, for one of them, so
        the runs do not undo each other's holidays."""
        self.calendar.company_id = False
        self.company.idic_public_holidays = True
        branch = self.env["res.company"].create(
            {
                "name": "US branch",
                "country_id": self.env.ref("base.us").id,
                "idic_public_holidays": True,
            }
        )
        branch.resource_calendar_id = self.calendar
        Calendar = self.env["resource.calendar"].sudo()
        with freeze_time("2026-03-01 02:00:00"):
            Calendar._cron_load_public_holidays()
        first = self._holidays()
        with freeze_time("2026-03-02 02:00:00"):
            Calendar._cron_load_public_holidays()
        # The same leaves, none removed and loaded again; one country's.
        self.assertEqual(self._holidays(), first)
        self.assertEqual(
            first.public_holiday_country_id, self.calendar.public_holiday_country_id
        )

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
