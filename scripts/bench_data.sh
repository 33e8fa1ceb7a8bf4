#!/usr/bin/env bash
# `make bench-data SCALE=small|large`: a reproducible dataset in its own database
# (crm_bench by default): a fresh Odoo with the four addons, then bench/data.py.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib.sh
. "$ROOT/scripts/lib.sh"
: "${BENCH_DB:=crm_bench}"
: "${SCALE:=small}"
case "$SCALE" in small|large) ;; *) die "SCALE is small or large, not '$SCALE'." ;; esac

if db_exists "$BENCH_DB"; then
    db_is_ours "$BENCH_DB" \
        || die "A database named $BENCH_DB exists and was not created by crm-suite: it is left alone. Set BENCH_DB to another name."
    say "Dropping the previous benchmark database $BENCH_DB"
    odoo_bin db -c "$ODOO_CONF" drop "$BENCH_DB" >/dev/null 2>&1 \
        || die "$BENCH_DB could not be dropped: stop the programs using it (make stop), then run again."
fi
say "Creating $BENCH_DB"
odoo_bin db -c "$ODOO_CONF" init "$BENCH_DB" --country VN >"$RUN_DIR/$BENCH_DB-init.log" 2>&1 \
    || die "Odoo could not create $BENCH_DB: read $RUN_DIR/$BENCH_DB-init.log."
mark_db "$BENCH_DB"
say "Installing $SUITE_ADDONS into $BENCH_DB"
odoo_bin -c "$ODOO_CONF" -d "$BENCH_DB" -i "$SUITE_ADDONS" --stop-after-init --no-http \
    >"$RUN_DIR/$BENCH_DB-install.log" 2>&1 \
    || die "The suite did not install into $BENCH_DB: read $RUN_DIR/$BENCH_DB-install.log."
say "Generating the $SCALE dataset"
cd "$ROOT"
"$VENV/bin/python" bench/data.py --config "$ODOO_CONF" --database "$BENCH_DB" --scale "$SCALE"
