"""The Vietnamese lunar calendar at UTC+7: dates as published in Vietnam."""

from datetime import date

from odoo.tests import BaseCase, tagged

from ..tools.lunar import lunar_to_solar


@tagged("post_install", "-at_install")
class TestLunarCalendar(BaseCase):
    def test_tet_in_vietnam_is_not_the_chinese_new_year(self):
        # 1985: Vietnam kept the calendar at UTC+7 and its New Year came a
        # month before China's; 2007: a day before.
        self.assertEqual(lunar_to_solar(1985, 1, 1), date(1985, 1, 21))
        self.assertEqual(lunar_to_solar(1985, 1, 1, offset=8), date(1985, 2, 20))
        self.assertEqual(lunar_to_solar(2007, 1, 1), date(2007, 2, 17))
        self.assertEqual(lunar_to_solar(2007, 1, 1, offset=8), date(2007, 2, 18))

    def test_tet_of_the_next_years(self):
        self.assertEqual(
            [lunar_to_solar(year, 1, 1) for year in (2026, 2027, 2028, 2029)],
            [date(2026, 2, 17), date(2027, 2, 6), date(2028, 1, 26), date(2029, 2, 13)],
        )

    def test_hung_kings_and_mid_autumn(self):
        # Giỗ Tổ Hùng Vương 10/3, Tết Trung Thu 15/8 (official calendar).
        self.assertEqual(lunar_to_solar(2025, 3, 10), date(2025, 4, 7))
        self.assertEqual(lunar_to_solar(2026, 3, 10), date(2026, 4, 26))
        self.assertEqual(lunar_to_solar(2025, 8, 15), date(2025, 10, 6))
        self.assertEqual(lunar_to_solar(2026, 8, 15), date(2026, 9, 25))

    def test_leap_months(self):
        # 2025 repeats the sixth month, 2023 the second; 2026 repeats none.
        self.assertEqual(lunar_to_solar(2025, 6, 1), date(2025, 6, 25))
        self.assertEqual(lunar_to_solar(2025, 6, 1, leap=True), date(2025, 7, 25))
        self.assertEqual(lunar_to_solar(2025, 7, 1), date(2025, 8, 23))
        self.assertEqual(lunar_to_solar(2023, 2, 1, leap=True), date(2023, 3, 22))
        self.assertIsNone(lunar_to_solar(2026, 6, 1, leap=True))

    def test_day_30_of_a_short_month_is_its_last_day(self):
        # The twelfth month before Tết 2007 (17 Feb) began on 19 Jan 2007 and had
        # 29 days: New Year's eve was its 29th. The one before Tết 2008 (7 Feb)
        # had 30.
        self.assertEqual(lunar_to_solar(2006, 12, 1), date(2007, 1, 19))
        self.assertEqual(lunar_to_solar(2006, 12, 29), date(2007, 2, 16))
        self.assertEqual(lunar_to_solar(2006, 12, 30), date(2007, 2, 16))
        self.assertEqual(lunar_to_solar(2007, 12, 30), date(2008, 2, 6))
        self.assertEqual(lunar_to_solar(2008, 1, 1), date(2008, 2, 7))
        with self.assertRaises(ValueError):
            lunar_to_solar(2026, 13, 1)
