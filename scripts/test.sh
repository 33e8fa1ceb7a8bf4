#!/usr/bin/env bash
# `make test`: a fresh test database with the four addons, then pytest (pytest-odoo)
# over every addon's tests and the top-level tests/, browser tours included.
# Extra arguments go to pytest (make test ARGS="-k tour").
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib.sh
. "$ROOT/scripts/lib.sh"
: "${TEST_DB:=crm_test}"

fresh_suite_db "$TEST_DB" TEST_DB

cd "$ROOT"
export CRM_SUITE_ODOO_CONF="$ODOO_CONF" CRM_SUITE_VENV="$VENV"
exec "$VENV/bin/pytest" --odoo-config="$ODOO_CONF" --odoo-database="$TEST_DB" --odoo-http \
    crm_idic crm_care crm_qci crm_reports tests "$@"
