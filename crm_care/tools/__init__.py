from .cron import CONCURRENCY_ERRORS, commit_progress, each_isolated  # noqa: F401
