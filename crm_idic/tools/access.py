"""Who may read a report's figures, checked once for every public method of a
report (they are callable over JSON-RPC and XML-RPC by any signed-in user,
portal customers included, and read with raw SQL past the record rules)."""

from odoo import fields
from odoo.exceptions import AccessError, UserError

# The sales staff: they read the IDIC profiles (an accountant, a care agent or
# any employee opens a contact or an order without the profile's figures).
SALES_STAFF = "sales_team.group_sale_salesman"
# Every internal user, not the customers (portal) nor the public: for what the
# company knows or thinks of a customer that any of its staff may read.
STAFF = "base.group_user"


def profile_figure(field, *args, **kwargs):
    """A field computed from the customer's IDIC profile (the model's
    ``_compute_idic_profile``), the sales staff's only: they read the profiles."""
    return field(*args, compute="_compute_idic_profile", groups=SALES_STAFF, **kwargs)


# Odoo's own rule: these users see every salesperson's documents.
SEE_ALL_SALES = ("sales_team.group_sale_salesman_all_leads",)


def require_group(env, group, message, error=UserError):
    """Refuse the user outside ``group`` (an xml id) with ``message``, already in
    the user's language."""
    if not env.user.has_group(group):
        raise error(message)


def check_company_member(env, companies):
    """Refuse a caller who does not work in every one of ``companies`` (the
    superuser, which scheduled actions run as, passes)."""
    if env.su or env.user._is_superuser():
        return
    if companies - env.user.company_ids:
        raise AccessError(
            env._("You may only see the figures of the companies you work in.")
        )


def check_figures_access(env, company, user_ids=None, see_all=SEE_ALL_SALES):
    """Refuse a caller who may not read these figures of ``company``: only its
    internal users; everybody's figures (``user_ids`` empty: the whole company)
    for the members of a ``see_all`` group, else only their own (``user_ids``
    the caller alone), as Odoo lets a salesperson see only their own documents."""
    if env.su or env.user._is_superuser():
        return
    user = env.user
    if not user._is_internal():
        raise AccessError(env._("These figures are for the company's staff."))
    check_company_member(env, company)
    if any(user.has_group(group) for group in see_all):
        return
    if not user_ids or set(user_ids) - {user.id}:
        raise AccessError(env._("You may only see your own figures."))


def string_keys(by_id):
    """``by_id`` keyed by the ids as strings, for a public method's answer:
    XML-RPC sends a dict only with string keys (JSON-RPC makes them strings)."""
    return {str(key): value for key, value in by_id.items()}


def public_date(env, value):
    """``value`` (a date, or a string ``YYYY-MM-DD``) as a date, for a public
    method's argument; a clear error in the caller's language otherwise (not
    Python's ``ValueError``, nor an empty answer for a missing date)."""
    try:
        day = fields.Date.to_date(value)
    except (TypeError, ValueError):
        day = None
    if not day:
        raise UserError(
            env._("“%(value)s” is not a date: write it as YYYY-MM-DD.", value=value)
        )
    return day
