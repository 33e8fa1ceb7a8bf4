"""What the suite shows staff, built once: the rows of a weighted-score table (the
IDIC explanation, the customer 360° health), how long ago and how long in words,
the notification a button answers with, the name of a record of a person's day
or period, and the language of the notes no person of the company writes."""

from markupsafe import Markup, escape

from odoo.tools.misc import format_date, formatLang

WEIGHTED_ROW = Markup(
    "<tr><td>%s</td><td class='text-end'>%s</td>"
    "<td class='text-end'>%s%%</td><td>%s</td></tr>"
)

# What the web client does once the notification is shown.
CLOSE = {"type": "ir.actions.act_window_close"}
RELOAD = {"type": "ir.actions.client", "tag": "soft_reload"}


def number(env, value, digits):
    """``value`` with ``digits`` decimals as the reader writes numbers (6,5 in
    Vietnamese, 6.5 in English)."""
    return formatLang(env, value, digits=digits)


def days_ago(env, days):
    """When something happened, ``days`` local days before today: "today",
    "yesterday" or "20 days ago" in the reader's language."""
    if days <= 0:
        return env._("today")
    if days == 1:
        return env._("yesterday")
    return env._("%(days)s days ago", days=days)


def time_span(env, days):
    """How long a stretch of ``days`` days is, in the unit a reader would use:
    days up to two weeks, weeks up to two months, months beyond ("1 day",
    "9 days", "5 weeks", "14 months")."""
    if days == 1:
        return env._("1 day")
    if days < 14:
        return env._("%(days)s days", days=days)
    if days < 61:
        return env._("%(weeks)s weeks", weeks=days // 7)
    return env._("%(months)s months", months=days // 30)


def orders_count(env, count):
    """How many orders in words: "1 order", "3 orders"."""
    if count == 1:
        return env._("1 order")
    return env._("%(count)s orders", count=count)


def interactions_count(env, count):
    """How many interactions in words: "1 interaction", "5 interactions"."""
    if count == 1:
        return env._("1 interaction")
    return env._("%(count)s interactions", count=count)


def weighted_rows(env, lines, digits):
    """Table rows of ``(name, score, weight %, made of)`` lines, the score with
    ``digits`` decimals in the reader's way."""
    return Markup("").join(
        WEIGHTED_ROW
        % (escape(name), number(env, score, digits), weight, escape(detail))
        for name, score, weight, detail in lines
    )


def notification(message, kind="success", then=None):
    """The client action that shows ``message`` (``kind``: success, warning,
    danger, info), then runs ``then`` (``CLOSE``, ``RELOAD``) when given."""
    params = {"type": kind, "message": message}
    if then:
        params["next"] = then
    return {
        "type": "ir.actions.client",
        "tag": "display_notification",
        "params": params,
    }


def dated_name(env, who, day):
    """``who – day``, the day as the reader writes dates (03/12/2026 in
    Vietnamese, 12/03/2026 in English): the name of a daily report or a target."""
    return " – ".join(part for part in (who, format_date(env, day)) if part)


def company_language(record):
    """``record`` in its company's language (its partner's): a note the mail
    gateway, the portal or a scheduled action writes in the chatter is read by
    the company's staff, whatever the language of who or what triggered it."""
    company = record.env.company
    if "company_id" in record._fields and record[:1].company_id:
        company = record[:1].company_id
    lang = company.partner_id.lang
    return record.with_context(lang=lang) if lang else record
