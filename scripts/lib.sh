# Shared settings and helpers of the crm-suite scripts (sourced, not run).
# shellcheck shell=bash

: "${ROOT:?}"
: "${PYTHON:=python3}"
: "${VENV:=$ROOT/.venv}"
: "${RUN_DIR:=$ROOT/.run}"
: "${ODOO_CONF:=$RUN_DIR/odoo.conf}"
: "${CACHE_DIR:=${XDG_CACHE_HOME:-$HOME/.cache}/crm-suite}"
: "${ODOO_GIT_URL:=https://github.com/odoo/odoo.git}"
: "${ODOO_OPT:=/opt/odoo}"
: "${DB_HOST:=127.0.0.1}"
: "${DB_PORT:=5432}"
: "${DB_USER:=crm_suite}"
: "${DB_PASSWORD:=crm_suite}"
: "${HTTP_PORT:=8069}"
SUITE_ADDONS="crm_idic,crm_care,crm_qci,crm_reports"
# Databases this project creates carry this comment; only those are ever dropped.
DB_MARK="created by crm-suite"
export PGPASSWORD="$DB_PASSWORD"

say() { printf '[crm-suite] %s\n' "$*" >&2; }
die() { printf '[crm-suite] ERROR: %s\n' "$*" >&2; exit 1; }

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"
    elif command -v sudo >/dev/null 2>&1; then sudo "$@"
    else die "This step needs root: run the command as root or install sudo."
    fi
}

# SQL as the PostgreSQL superuser (through the local socket), for role creation only.
pg_admin_sql() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- psql -XtAq -p "$DB_PORT" -c "$1"
    else sudo -u postgres psql -XtAq -p "$DB_PORT" -c "$1"
    fi
}

# SQL as the project's role.
pg_sql() {
    psql -XtAq -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d "${2:-postgres}" -c "$1"
}

db_exists() { [ "$(pg_sql "SELECT 1 FROM pg_database WHERE datname = '$1'")" = "1" ]; }

db_is_ours() {
    [ "$(pg_sql "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = '$1'")" = "$DB_MARK" ]
}

mark_db() { pg_sql "COMMENT ON DATABASE \"$1\" IS '$DB_MARK'" >/dev/null; }

odoo_bin() { "$VENV/bin/python" -m odoo "$@"; }
