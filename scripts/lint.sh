#!/usr/bin/env bash
# `make lint`: ruff (lint and format check) and pylint-odoo; zero findings expected.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib.sh
. "$ROOT/scripts/lib.sh"
cd "$ROOT"
status=0
say "ruff check"
"$VENV/bin/ruff" check --no-fix . || status=1
say "ruff format --check"
"$VENV/bin/ruff" format --check . || status=1
say "pylint-odoo"
"$VENV/bin/pylint" --rcfile=.pylintrc crm_idic crm_care crm_qci crm_reports tests || status=1
say "oca-checks-odoo-module (XML, manifests, translations)"
"$VENV/bin/oca-checks-odoo-module" crm_idic crm_care crm_qci crm_reports || status=1
"$VENV/bin/oca-checks-po" crm_*/i18n/*.po crm_*/i18n/*.pot || status=1
say "addon READMEs"
"$VENV/bin/python" scripts/addon_readme.py --check || status=1
[ "$status" = 0 ] && say "lint: no findings"
exit "$status"
