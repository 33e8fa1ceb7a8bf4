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

fresh_suite_db "$BENCH_DB" BENCH_DB
say "Generating the $SCALE dataset"
cd "$ROOT"
"$VENV/bin/python" bench/data.py --config "$ODOO_CONF" --database "$BENCH_DB" --scale "$SCALE"
