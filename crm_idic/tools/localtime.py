"""Local days of the suite. A day, a month or a period is a range of local days:
the user's (interactive screens) or the company's (scheduled actions and the mails
they send). Date columns (``invoice_date``, ``date_maturity``, ``date_deadline``)
are already local days; Datetime columns are stored in UTC and are compared with
the UTC bounds of the local days (:func:`utc_bounds`)."""

from datetime import datetime, time, timedelta

import pytz

from odoo import fields
from odoo.tools import SQL


def company_tz(company):
    """The company's time zone: its working calendar's, else its partner's, else
    UTC."""
    return (
        company.sudo().resource_calendar_id.tz or company.sudo().partner_id.tz or "UTC"
    )


def reader_tz(env, company):
    """The time zone a portal page gives its times in: the signed-in user's,
    else the visitor's where Odoo knows it (the website's geolocation), else
    the company's, as its mails do. A customer following a mail's link is
    Odoo's public user, who has none: UTC would show a Vietnamese customer the
    times seven hours early. Odoo's portal reads the document as its superuser
    (OdooBot), who is no reader either: its time zone (Odoo's demo data gives it
    Brussels') is not the visitor's."""
    user = env.user
    own_tz = not (user._is_public() or user._is_superuser()) and user.tz
    return own_tz or env.context.get("tz") or company_tz(company)


def user_tz(env):
    """The time zone of the current user, as Odoo's own screens take it (the
    context's, else the user's, else UTC): the suite's figures agree with Odoo's
    pivots on the same screen."""
    return env.context.get("tz") or env.user.tz or "UTC"


def local_now(tz_name, now=None):
    """The (aware) local time in ``tz_name`` (``now``: a naive UTC datetime,
    default now)."""
    now = now or fields.Datetime.now()
    return pytz.utc.localize(now).astimezone(pytz.timezone(tz_name))


def local_today(tz_name, now=None):
    """Today in ``tz_name`` (``now``: a naive UTC datetime, default now)."""
    return local_now(tz_name, now).date()


def utc_start(tz_name, day):
    """The naive UTC datetime at which the local ``day`` begins in ``tz_name``."""
    local = pytz.timezone(tz_name).localize(datetime.combine(day, time.min))
    return local.astimezone(pytz.utc).replace(tzinfo=None)


def utc_bounds(tz_name, date_from, date_to):
    """``[start, end)`` in naive UTC of the local days ``date_from`` to
    ``date_to`` (both included) in ``tz_name``."""
    return utc_start(tz_name, date_from), utc_start(
        tz_name, date_to + timedelta(days=1)
    )


def local_date_sql(expression, tz_name):
    """SQL of the local day (in ``tz_name``) of a UTC timestamp ``expression``
    (an ``SQL`` of a column or an aggregate of one)."""
    return SQL("((%s AT TIME ZONE 'UTC') AT TIME ZONE %s)::date", expression, tz_name)
