"""Invoicing periods of contract lines (OCA ``contract``'s rules and names).

A line invoices consecutive periods from its start: each period is ``interval``
units of its rule long (``monthlylastday``: ends on a month's last day), cut at
the line's end. Pre-paid, a period is invoiced on its first day; post-paid, on
the day after its last.

Periods counted in months are counted from the line's start, not from the end
of the one before: a line started on 31 January has periods from 28 February,
31 March, 30 April... (a month from 31 January is the last day of February).
Counted from one to the next, they drifted to the 28th for good, and a
12-month contract started on the 29th, 30th or 31st billed a 13th period."""

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

# Months in one unit of the rules counted in months from the line's start.
MONTH_STEPS = {"monthly": 1, "quarterly": 3, "semesterly": 6, "yearly": 12}

STEPS = {
    "daily": relativedelta(days=1),
    "weekly": relativedelta(weeks=1),
    "monthly": relativedelta(months=1),
    "monthlylastday": relativedelta(months=1),
    "quarterly": relativedelta(months=3),
    "semesterly": relativedelta(months=6),
    "yearly": relativedelta(years=1),
}


def period_end(start, rule, interval, end=None, anchor=None):
    """The last day of the period starting on ``start``, cut at ``end``; the
    periods counted in months are counted from ``anchor`` (the line's start;
    ``start`` itself when not given)."""
    if rule == "monthlylastday":
        last = start + relativedelta(months=interval - 1, day=31)
    elif rule in MONTH_STEPS:
        last = _next_boundary(anchor or start, start, MONTH_STEPS[rule] * interval)
        last -= timedelta(days=1)
    else:
        last = start + STEPS[rule] * interval - timedelta(days=1)
    return min(last, end) if end else last


def _next_boundary(anchor, day, months):
    """The first period start after ``day``, periods of ``months`` months from
    ``anchor``: ``anchor`` plus a multiple of ``months`` months."""
    count = max(1, ((day.year - anchor.year) * 12 + day.month - anchor.month) // months)
    while anchor + relativedelta(months=count * months) <= day:
        count += 1
    while count > 1 and anchor + relativedelta(months=(count - 1) * months) > day:
        count -= 1
    return anchor + relativedelta(months=count * months)


def next_period(date_start, last_invoiced, rule, interval, end=None):
    """(start, end) of the next period to invoice, or None when none is left."""
    start = last_invoiced + timedelta(days=1) if last_invoiced else date_start
    if end and start > end:
        return None
    return start, period_end(start, rule, interval, end, anchor=date_start)


def invoice_date(period, invoicing_type):
    """The day a period is invoiced: its first day (pre-paid) or the day after
    its last (post-paid)."""
    start, end = period
    return start if invoicing_type == "pre-paid" else end + timedelta(days=1)


def full_period_days(start, rule, interval, anchor=None):
    """Days of the whole period starting on ``start`` (not cut)."""
    return (period_end(start, rule, interval, anchor=anchor) - start).days + 1


def prorata(period, rule, interval, anchor=None):
    """The share of a whole period that ``period`` covers, by days: 1 for a whole
    period; less for one cut by an end or (``monthlylastday``) one starting after
    the first of the month. ``anchor``: the line's start (see :func:`period_end`)."""
    start, end = period
    first = start.replace(day=1) if rule == "monthlylastday" else start
    whole = full_period_days(first, rule, interval, anchor)
    return min(1.0, ((end - start).days + 1) / whole)


def monthly_amount(amount, rule, interval):
    """The amount of one period brought to a month (MRR)."""
    return amount / (MONTHS[rule] * interval)
