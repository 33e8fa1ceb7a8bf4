#!/usr/bin/env bash
# `make stop`: stops the Odoo servers that `make demo` started.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib.sh
. "$ROOT/scripts/lib.sh"
shopt -s nullglob
# DEMO_DB names one server; without it, every server `make demo` started is stopped.
for pid_file in "$RUN_DIR"/odoo-${DEMO_DB:-*}.pid; do
    pid=$(cat "$pid_file")
    if kill -0 "$pid" 2>/dev/null; then
        say "Stopping Odoo (pid $pid)"
        kill "$pid"
        for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    fi
    rm -f "$pid_file"
done
