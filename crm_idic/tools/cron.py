import logging
from datetime import datetime, time, timedelta

import pytz
from psycopg2 import errors

from odoo import fields
from odoo.tools import split_every

from .localtime import company_tz, local_today

_logger = logging.getLogger(__name__)

# Conflicts with another transaction: the whole run is rolled back and retried by
# Odoo's scheduler (the scheduled actions of the suite never do a thing twice).
CONCURRENCY_ERRORS = (errors.SerializationFailure, errors.LockNotAvailable)

# Records handled between two commits of a scheduled action.
BATCH_SIZE = 200


def system_param(env, key, default, parse):
    """The system parameter ``key`` (Settings > Technical > System Parameters)
    read by ``parse``; ``default`` read by it when the parameter is missing or
    ``parse`` refuses it (``ValueError`` or ``TypeError``)."""
    value = env["ir.config_parameter"].sudo().get_param(key, default)
    try:
        return parse(value)
    except (TypeError, ValueError):
        return parse(default)


def positive_int(value):
    """``value`` as a whole number above 0; ``ValueError`` otherwise."""
    number = int(value)
    if number <= 0:
        raise ValueError(value)
    return number


def batch_size_param(env, key, default):
    """The batch size of a scheduled action: the system parameter ``key`` when it
    is a positive whole number, else ``default``."""
    return system_param(env, key, default, positive_int)


def suite_tz(env):
    """The time zone the suite's daily scheduled actions keep: the
    administrator's (who sets the suite up), else the main company's
    (:func:`company_tz`), else UTC."""
    admin = env.ref("base.user_admin", raise_if_not_found=False)
    return (admin and admin.sudo().tz) or company_tz(env.ref("base.main_company"))


def next_local_hour(tz_name, hour, now=None):
    """The naive UTC datetime of the next ``hour`` o'clock in ``tz_name`` after
    ``now`` (a naive UTC datetime, default now)."""
    now = now or fields.Datetime.now()
    zone = pytz.timezone(tz_name)
    day = local_today(tz_name, now)
    for offset in (0, 1, 2):  # two days ahead at most (a skipped hour)
        local = zone.localize(datetime.combine(day + timedelta(offset), time(hour)))
        at = local.astimezone(pytz.utc).replace(tzinfo=None)
        if at > now:
            return at
    return at


def schedule_daily_at(crons, hour):
    """Move the daily ones of the scheduled actions ``crons`` to run next at
    ``hour`` o'clock in the suite's time zone (:func:`suite_tz`); Odoo keeps that
    time of day from then on. Those whose interval an administrator changed from
    once a day are left as they are.

    :return: the scheduled actions moved
    """
    daily = crons.sudo().filtered(
        lambda cron: cron.interval_type == "days" and cron.interval_number == 1
    )
    daily.write({"nextcall": next_local_hour(suite_tz(crons.env), hour)})
    return daily


def commit_progress(env, processed=0, remaining=None):
    """Commit the work done so far when running as a scheduled action, through
    Odoo's cron progress API (``ir.cron._commit_progress``).

    Outside a scheduled action (a button, a test) nothing is committed: the
    caller's transaction decides.

    :return: the seconds left to the scheduled action's run
    """
    if not env.context.get("ir_cron_progress_id"):
        return float("inf")
    return env["ir.cron"]._commit_progress(processed, remaining=remaining)


def run_isolated(env, step, job, subject, log=True):
    """Run ``step()`` in a savepoint: when it fails, its changes are rolled back
    and the failure is logged once with its traceback (``job``: what runs,
    ``subject``: on what; ``log=False``: not logged, the caller retries), and the
    caller goes on. Concurrency errors are raised again so that Odoo's scheduler
    retries the run.

    :return: whether the step succeeded
    """
    try:
        with env.cr.savepoint():
            step()
    except CONCURRENCY_ERRORS:
        raise
    except Exception:  # pylint: disable=broad-except
        if log:
            _logger.exception("%s: %s failed and was skipped", job, subject)
        return False
    return True


def locked_batches(records, commit, batch_size=BATCH_SIZE):
    """The records in batches, for a scheduled action that leaves its own mark.

    With ``commit`` in a scheduled action, each batch is locked first (``FOR NO
    KEY UPDATE SKIP LOCKED``: records another worker holds are left to it) and
    read afresh, and committed with the cron progress API once the caller is done
    with it, so a run killed half-way keeps the batches it committed and the next
    run goes on from there. Elsewhere (a button, a test): one batch, nothing
    committed."""
    in_cron = commit and bool(records.env.context.get("ir_cron_progress_id"))
    if not in_cron:
        yield records
        return
    left = len(records)
    for ids in split_every(batch_size, records.ids):
        batch = records.browse(ids).try_lock_for_update(allow_referencing=True)
        # What another worker committed before the lock is read afresh.
        batch.invalidate_recordset()
        yield batch
        left -= len(ids)
        commit_progress(records.env, len(batch), remaining=left)


def each_isolated(records, action, job, commit=False, batch_size=BATCH_SIZE):
    """Run ``action(record)`` for each record, each in its own savepoint.

    A scheduled action goes on when one record fails: that record's changes are
    rolled back, the failure is logged once with its traceback, and the other
    records are processed. Concurrency errors are raised again so that Odoo's
    scheduler retries the run. With ``commit``, the records are taken in
    committed, locked batches (``locked_batches``).

    :return: the records that failed
    """
    failed = records.browse()
    for batch in locked_batches(records, commit, batch_size):
        for record in batch:
            if not run_isolated(records.env, lambda r=record: action(r), job, record):
                failed |= record
    return failed


def batch_isolated(records, action, job, commit=False, batch_size=BATCH_SIZE):
    """Run ``action(batch)`` on whole batches (set-based work), each batch in a
    savepoint; when a batch fails, its records are run one by one so that only
    the faulty ones are skipped (and logged). Batches as ``locked_batches``.

    :return: the records that failed
    """
    failed = records.browse()
    env = records.env
    for batch in locked_batches(records, commit, batch_size):
        if not batch or run_isolated(env, lambda b=batch: action(b), job, "", False):
            continue
        for record in batch:
            if not run_isolated(env, lambda r=record: action(r), job, record):
                failed |= record
    return failed
