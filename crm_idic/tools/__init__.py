"""Shared tools of the suite (crm_idic is its foundation): the addons above import
them from here, never from each other.

- ``cron``: committed batches and isolation of scheduled actions;
- ``sql``: SQL helpers;
- ``periods``: months, quarters, years and growth;
- ``localtime``: local days (the user's or the company's) and their UTC bounds;
- ``scoring``: the IDIC arithmetic (RFM, tiers, components);
- ``lunar``: the Vietnamese lunar calendar (Tết, Mid-Autumn, Hùng Kings' day).
- ``relations``: a record that belongs to another (its owner, the owner's company);
- ``display``: weighted-score table rows, the notification a button answers with,
  a dated name;
- ``records``: smart buttons' counts (one query) and the lists they open;
- ``access``: who may read a report's figures (company, staff, own or all), and
  answers keyed by id that XML-RPC can send.
"""

from . import scoring
from . import sql
from .cron import (  # noqa: F401
    CONCURRENCY_ERRORS,
    batch_isolated,
    batch_size_param,
    commit_progress,
    each_isolated,
    locked_batches,
    run_isolated,
)
from .localtime import (  # noqa: F401
    company_tz,
    local_date_sql,
    local_now,
    local_today,
    reader_tz,
    user_tz,
    utc_bounds,
    utc_start,
)
from .periods import (  # noqa: F401
    PERIOD_MONTHS,
    growth,
    period_bounds,
    same_days_before,
)
