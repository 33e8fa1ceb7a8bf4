from contextlib import contextmanager

from odoo.tools import SQL


@contextmanager
def local_work_mem(cr, size):
    """Give the statements run inside more memory to sort and hash in
    (PostgreSQL ``work_mem``, local to the transaction), then set it back.

    For the few statements that rank a whole company's customers: with the
    default 4 MB their sorts spill to disk. On an error the transaction (or the
    caller's savepoint) is rolled back, which undoes the setting as well.
    """
    cr.execute(SQL("SELECT current_setting('work_mem')"))
    before = cr.fetchone()[0]
    cr.execute(SQL("SELECT set_config('work_mem', %s, true)", size))
    yield
    cr.execute(SQL("SELECT set_config('work_mem', %s, true)", before))
