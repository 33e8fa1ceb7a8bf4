#!/usr/bin/env bash
# `make wheels`: one wheel per addon (odoo-addon-<addon>) into dist/, built by whool.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib.sh
. "$ROOT/scripts/lib.sh"
cd "$ROOT"
mkdir -p dist
for addon in ${SUITE_ADDONS//,/ }; do
    say "Building the wheel of $addon"
    "$VENV/bin/python" -m build --wheel --no-isolation --outdir dist "$addon" >/dev/null \
        || die "The wheel of $addon did not build: run '$VENV/bin/python -m build --wheel --no-isolation $addon' to see why."
done
ls -1 dist/*.whl
