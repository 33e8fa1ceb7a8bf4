"""What the cross-addon tests know of the suite; how they drive Odoo from outside."""

import os
import socket
import subprocess
import sys
from pathlib import Path

import psycopg2
from psycopg2 import sql

from odoo.tools import config

ROOT = Path(__file__).resolve().parent.parent
SUITE_ADDONS = ("crm_idic", "crm_care", "crm_qci", "crm_reports")
DB_MARK = "created by crm-suite"
# The roles of the suite's users (Odoo's groups): the staff, then the outside.
ROLES = {
    "Salesperson": "sales_team.group_sale_salesman",
    "Team leader": "sales_team.group_sale_salesman_all_leads",
    "Sales manager": "sales_team.group_sale_manager",
    "Care agent": "crm_care.group_care_agent",
    "Care manager": "crm_care.group_care_manager",
    "Contract user": "crm_care.group_contract_user",
    "Contract manager": "crm_care.group_contract_manager",
    "Accountant": "account.group_account_invoice",
    "Portal": "base.group_portal",
    "Public": "base.group_public",
}
PORTAL_ROLES = ("Portal", "Public")


def odoo_conf():
    return os.environ.get("CRM_SUITE_ODOO_CONF") or str(ROOT / ".run" / "odoo.conf")


def odoo_python():
    venv = os.environ.get("CRM_SUITE_VENV")
    return str(Path(venv) / "bin" / "python") if venv else sys.executable


def run(command, timeout=1800, stdin=None, env=None):
    """Run ``command`` (a list) from the repository's root, as an administrator
    would; its completed process, output captured as text. ``env``: variables
    to set (None: to remove) in the environment it inherits."""
    environment = dict(os.environ)
    for name, value in (env or {}).items():
        if value is None:
            environment.pop(name, None)
        else:
            environment[name] = value
    return subprocess.run(
        command,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        cwd=ROOT,
        env=environment,
    )


def shell(command, timeout=1800, **env):
    """Run a shell command line (the README's ``make`` commands, the scripts)."""
    return run(["bash", "-c", command], timeout=timeout, env=env)


def run_odoo(*args, timeout=1800, stdin=None):
    """Run the Odoo command line in its own process; return (exit code, log text).

    ``stdin``: text given to the command (the Python code of ``odoo shell``)."""
    done = run([odoo_python(), "-m", "odoo", *args], timeout=timeout, stdin=stdin)
    return done.returncode, done.stdout + done.stderr


def free_port():
    """A TCP port of this machine that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def connect(dbname="postgres"):
    """An autocommit connection to ``dbname``, as the test run's role."""
    connection = psycopg2.connect(
        dbname=dbname,
        host=config["db_host"] or None,
        port=config["db_port"] or None,
        user=config["db_user"] or None,
        password=config["db_password"] or None,
    )
    connection.autocommit = True
    return connection


def query(dbname, statement, params=()):
    """Run ``statement`` on ``dbname`` in its own connection; return its rows."""
    connection = connect(dbname)
    try:
        with connection.cursor() as cr:
            cr.execute(statement, params)
            return cr.fetchall()
    finally:
        connection.close()


def log_problems(log):
    """The WARNING, ERROR and CRITICAL lines of an Odoo log."""
    return [
        line
        for line in log.splitlines()
        if any(f" {level} " in line for level in ("WARNING", "ERROR", "CRITICAL"))
    ]


def drop_own_database(dbname, query):
    """Drop ``dbname`` if it exists; refuse when crm-suite did not create it.

    ``query(dbname, sql, params)`` runs a statement and returns its rows."""
    rows = query(
        "postgres",
        "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
        "WHERE datname = %s",
        [dbname],
    )
    if not rows:
        return
    assert rows[0][0] == DB_MARK, f"{dbname} was not created by crm-suite"
    code, log = run_odoo("db", "-c", odoo_conf(), "drop", dbname)
    assert code == 0, log[-2000:]


def create_own_database(dbname, *country):
    """Create ``dbname`` with Odoo's ``db init`` (``country``: e.g. ``"VN"``;
    none: Odoo's default) and mark it as crm-suite's, so that
    ``drop_own_database`` may drop it."""
    country_args = ("--country", *country) if country else ()
    code, log = run_odoo("db", "-c", odoo_conf(), "init", dbname, *country_args)
    assert code == 0, log[-3000:]
    with connect() as connection, connection.cursor() as cr:
        cr.execute(
            sql.SQL("COMMENT ON DATABASE {} IS %s").format(sql.Identifier(dbname)),
            [DB_MARK],
        )
