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


def tax_id_key(column):
    """A customer's tax ID as compared for possible duplicates: its letters and
    digits, in capitals (``0101 234 567``, ``0101.234.567`` and ``0101234567``
    are one; a branch's ``0101234567-001`` is not its head office's), NULL when
    empty. ``column``: ``vat`` or ``alias.vat``."""
    return SQL(
        "NULLIF(upper(regexp_replace(COALESCE(%s, ''), '[^0-9A-Za-z]', '', 'g')), '')",
        SQL.identifier(*column.split(".")),
    )
