"""Shared tools of the suite (crm_idic is its foundation): the addons above import
them from here, never from each other.

- ``cron``: committed batches and isolation of scheduled actions;
- ``sql``: SQL helpers;
- ``periods``: months, quarters, years and growth;
- ``scoring``: the IDIC arithmetic (RFM, tiers, components).
"""

from . import scoring
from . import sql
from .cron import (  # noqa: F401
    CONCURRENCY_ERRORS,
    commit_progress,
    each_isolated,
    run_isolated,
)
from .periods import PERIOD_MONTHS, growth, period_bounds  # noqa: F401
