from .calendar import work_hours_between  # noqa: F401
from .cron import CONCURRENCY_ERRORS, commit_progress, each_isolated  # noqa: F401
