from .cron import CONCURRENCY_ERRORS, each_isolated  # noqa: F401
