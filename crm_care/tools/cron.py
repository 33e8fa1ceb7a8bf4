import logging

from psycopg2 import errors

_logger = logging.getLogger(__name__)

# Conflicts with another transaction: the whole run is rolled back and retried by
# Odoo's scheduler (the scheduled actions of the suite never do a thing twice).
CONCURRENCY_ERRORS = (errors.SerializationFailure, errors.LockNotAvailable)


def each_isolated(records, action, job):
    """Run ``action(record)`` for each record, each in its own savepoint.

    A scheduled action goes on when one record fails: that record's changes are
    rolled back, the failure is logged once with its traceback, and the other
    records are processed. Concurrency errors are raised again so that Odoo's
    scheduler retries the run.

    :return: the records that failed
    """
    failed = records.browse()
    for record in records:
        try:
            with records.env.cr.savepoint():
                action(record)
        except CONCURRENCY_ERRORS:
            raise
        except Exception:  # pylint: disable=broad-except
            _logger.exception("%s: %s failed and was skipped", job, record)
            failed |= record
    return failed
