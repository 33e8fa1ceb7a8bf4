#!/usr/bin/env bash
# `make bench-forecast`: crm_idic's future-value models on the real CDNOW purchase
# history. First the models alone beside the reference implementation, lifetimes
# (bench/forecast_validation.py, in a virtualenv of its own, never the one make test
# uses); then end to end through Odoo on CDNOW's 1/10 sample, as customers and
# confirmed orders of a company in its own database (bench/forecast_in_odoo.py).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib.sh
. "$ROOT/scripts/lib.sh"
: "${FORECAST_VENV:=$RUN_DIR/forecast-venv}"
: "${BENCH_CDNOW_DB:=crm_bench_cdnow}"
cd "$ROOT"

test -x "$FORECAST_VENV/bin/python" || "$VENV/bin/python" -m venv "$FORECAST_VENV"
# shellcheck disable=SC2046
"$FORECAST_VENV/bin/pip" install -q lifetimes==0.11.3 $(grep -E '^(numpy|scipy)==' requirements-dev.txt)
"$FORECAST_VENV/bin/python" bench/forecast_validation.py

sample=$("$FORECAST_VENV/bin/python" -c \
    'import os, lifetimes.datasets as d; print(os.path.join(os.path.dirname(d.__file__), "CDNOW_sample.txt"))')
fresh_suite_db "$BENCH_CDNOW_DB" BENCH_CDNOW_DB
say "CDNOW's 1/10 sample through Odoo, in $BENCH_CDNOW_DB"
"$VENV/bin/python" bench/forecast_in_odoo.py --config "$ODOO_CONF" \
    --database "$BENCH_CDNOW_DB" --data "$sample"
