import calendar
from datetime import date

from dateutil.relativedelta import relativedelta

PERIOD_MONTHS = {"month": 1, "quarter": 3, "year": 12}


def growth(current, previous):
    """Growth in percent from ``previous`` to ``current`` (0 without a base)."""
    return round(100.0 * (current - previous) / previous, 1) if previous else 0.0


def period_bounds(period, day):
    """First and last day of the month, quarter or year holding ``day``, and of
    the period before it: ``(date_from, date_to, previous_from, previous_to)``."""
    months = PERIOD_MONTHS[period]
    start_month = (day.month - 1) // months * months + 1
    date_from = day.replace(month=start_month, day=1)
    date_to = date_from + relativedelta(months=months, days=-1)
    previous_from = date_from - relativedelta(months=months)
    return date_from, date_to, previous_from, date_from - relativedelta(days=1)


def same_days_before(date_from, day, months):
    """The days ``months`` before those from ``date_from`` to ``day``: what a
    period still running compares with (1–4 November for 1–4 December,
    1–28 February for 1–31 March, 1 January to 4 December 2025 for the year
    2026 on 4 December)."""
    shift = relativedelta(months=months)
    return date_from - shift, day - shift


def birthday_in(year, birthday):
    """The birthday's date in a given year (29 February falls on the 28th)."""
    day = min(birthday.day, calendar.monthrange(year, birthday.month)[1])
    return date(year, birthday.month, day)
