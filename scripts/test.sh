#!/usr/bin/env bash
# `make test`: a fresh test database with the four addons, then pytest (pytest-odoo)
# over every addon's tests and the top-level tests/, browser tours included.
# Extra arguments go to pytest (make test ARGS="-k tour").
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib.sh
. "$ROOT/scripts/lib.sh"
: "${TEST_DB:=crm_test}"

if db_exists "$TEST_DB"; then
    db_is_ours "$TEST_DB" \
        || die "A database named $TEST_DB exists and was not created by crm-suite: it is left alone. Set TEST_DB to another name and run again."
    say "Dropping the previous test database $TEST_DB"
    odoo_bin db -c "$ODOO_CONF" drop "$TEST_DB" >/dev/null 2>&1 \
        || die "The old test database $TEST_DB could not be dropped: close the programs using it, then run again."
fi
say "Creating the test database $TEST_DB"
odoo_bin db -c "$ODOO_CONF" init "$TEST_DB" --country VN >"$RUN_DIR/$TEST_DB-init.log" 2>&1 \
    || die "Odoo could not create $TEST_DB: read $RUN_DIR/$TEST_DB-init.log."
mark_db "$TEST_DB"
say "Installing $SUITE_ADDONS into $TEST_DB"
odoo_bin -c "$ODOO_CONF" -d "$TEST_DB" -i "$SUITE_ADDONS" --stop-after-init --no-http \
    >"$RUN_DIR/$TEST_DB-install.log" 2>&1 \
    || die "The suite did not install into $TEST_DB: read $RUN_DIR/$TEST_DB-install.log."

cd "$ROOT"
export CRM_SUITE_ODOO_CONF="$ODOO_CONF" CRM_SUITE_VENV="$VENV"
exec "$VENV/bin/pytest" --odoo-config="$ODOO_CONF" --odoo-database="$TEST_DB" --odoo-http \
    crm_idic crm_care crm_qci crm_reports tests "$@"
