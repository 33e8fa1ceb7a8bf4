from contextlib import contextmanager

from odoo.tools import SQL


@contextmanager
def local_settings(cr, **settings):
    """Run the statements inside with these PostgreSQL settings (local to the
    transaction), then set the previous values back. On an error the
    transaction (or the caller's savepoint) is rolled back, which undoes the
    settings as well."""
    before = {}
    for name, value in settings.items():
        cr.execute(
            SQL(
                "SELECT current_setting(%s), set_config(%s, %s, true)",
                name,
                name,
                value,
            )
        )
        before[name] = cr.fetchone()[0]
    yield
    for name, value in before.items():
        cr.execute(SQL("SELECT set_config(%s, %s, true)", name, value))


# No JIT compilation for the IDIC engine's wide statements: PostgreSQL compiles
# the plan of a dozen grouped CTEs for longer than it runs it (measured on the
# large benchmark: a batch of 1,000 customers gathered in 0.42 s without JIT,
# 0.66-1.03 s with; all 100,000 in 11-13 s without, 15-16 s with).
NO_JIT = {"jit": "off"}


def without_jit(cr):
    """The statements inside run without JIT compilation (see ``NO_JIT``)."""
    return local_settings(cr, **NO_JIT)


def tax_id_key(column):
    """A customer's tax ID as compared for possible duplicates: its letters and
    digits, in capitals (``0101 234 567``, ``0101.234.567`` and ``0101234567``
    are one; a branch's ``0101234567-001`` is not its head office's), NULL when
    empty. ``column``: ``vat`` or ``alias.vat``."""
    return SQL(
        "NULLIF(upper(regexp_replace(COALESCE(%s, ''), '[^0-9A-Za-z]', '', 'g')), '')",
        SQL.identifier(*column.split(".")),
    )
