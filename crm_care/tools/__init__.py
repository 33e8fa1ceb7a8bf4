from .cron import (  # noqa: F401
    BATCH_SIZE,
    CONCURRENCY_ERRORS,
    commit_progress,
    each_isolated,
)
