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

# fresh_suite_db NAME VARIABLE: drop NAME (only if crm-suite created it), create it anew
# and install the four addons without demo data. VARIABLE names the setting to change
# when a foreign database holds the name.
fresh_suite_db() {
    local db=$1 variable=$2
    if db_exists "$db"; then
        db_is_ours "$db" \
            || die "A database named $db exists and was not created by crm-suite: it is left alone. Set $variable to another name and run again."
        say "Dropping the previous database $db"
        odoo_bin db -c "$ODOO_CONF" drop "$db" >/dev/null 2>&1 \
            || die "The old database $db could not be dropped: close the programs using it (make stop), then run again."
    fi
    say "Creating the database $db"
    odoo_bin db -c "$ODOO_CONF" init "$db" --country VN >"$RUN_DIR/$db-init.log" 2>&1 \
        || die "Odoo could not create $db: read $RUN_DIR/$db-init.log."
    mark_db "$db"
    say "Installing $SUITE_ADDONS into $db"
    odoo_bin -c "$ODOO_CONF" -d "$db" -i "$SUITE_ADDONS" --stop-after-init --no-http \
        >"$RUN_DIR/$db-install.log" 2>&1 \
        || die "The suite did not install into $db: read $RUN_DIR/$db-install.log."
}
