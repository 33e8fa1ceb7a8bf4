"""Invoicing periods of contract lines (OCA ``contract``'s rules and names).

A line invoices consecutive periods from its start: each period is ``interval``
units of its rule long (``monthlylastday``: ends on a month's last day), cut at
the line's end. Pre-paid, a period is invoiced on its first day; post-paid, on
the day after its last."""

from datetime import timedelta

from dateutil.relativedelta import relativedelta

RULE_TYPES = [
    ("daily", "Day(s)"),
    ("weekly", "Week(s)"),
    ("monthly", "Month(s)"),
    ("monthlylastday", "Month(s), last day"),
    ("quarterly", "Quarter(s)"),
    ("semesterly", "Semester(s)"),
    ("yearly", "Year(s)"),
]
INVOICING_TYPES = [("pre-paid", "Pre-paid"), ("post-paid", "Post-paid")]

# Months in one unit of each rule (a week: 52 in 12 months; a day: 365.25 / 12).
MONTHS = {
    "daily": 12 / 365.25,
    "weekly": 12 / 52,
    "monthly": 1,
    "monthlylastday": 1,
    "quarterly": 3,
    "semesterly": 6,
    "yearly": 12,
}

STEPS = {
    "daily": relativedelta(days=1),
    "weekly": relativedelta(weeks=1),
    "monthly": relativedelta(months=1),
    "monthlylastday": relativedelta(months=1),
    "quarterly": relativedelta(months=3),
    "semesterly": relativedelta(months=6),
    "yearly": relativedelta(years=1),
}


def period_end(start, rule, interval, end=None):
    """The last day of the period starting on ``start``, cut at ``end``."""
    if rule == "monthlylastday":
        last = start + relativedelta(months=interval - 1, day=31)
    else:
        last = start + STEPS[rule] * interval - timedelta(days=1)
    return min(last, end) if end else last


def next_period(date_start, last_invoiced, rule, interval, end=None):
    """(start, end) of the next period to invoice, or None when none is left."""
    start = last_invoiced + timedelta(days=1) if last_invoiced else date_start
    if end and start > end:
        return None
    return start, period_end(start, rule, interval, end)


def invoice_date(period, invoicing_type):
    """The day a period is invoiced: its first day (pre-paid) or the day after
    its last (post-paid)."""
    start, end = period
    return start if invoicing_type == "pre-paid" else end + timedelta(days=1)


def full_period_days(start, rule, interval):
    """Days of the whole period starting on ``start`` (not cut)."""
    return (period_end(start, rule, interval) - start).days + 1


def prorata(period, rule, interval):
    """The share of a whole period that ``period`` covers, by days: 1 for a whole
    period; less for one cut by an end or (``monthlylastday``) one starting after
    the first of the month."""
    start, end = period
    first = start.replace(day=1) if rule == "monthlylastday" else start
    return min(1.0, ((end - start).days + 1) / full_period_days(first, rule, interval))


def monthly_amount(amount, rule, interval):
    """The amount of one period brought to a month (MRR)."""
    return amount / (MONTHS[rule] * interval)
