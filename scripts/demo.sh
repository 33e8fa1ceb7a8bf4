#!/usr/bin/env bash
# `make demo`: the demo database crm_demo with the four addons and their demo data,
# served by Odoo on http://127.0.0.1:$HTTP_PORT. Reuses what exists; never drops a database.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib.sh
. "$ROOT/scripts/lib.sh"
: "${DEMO_DB:=crm_demo}"
PID_FILE="$RUN_DIR/odoo-$DEMO_DB.pid"
LOG_FILE="$RUN_DIR/odoo-$DEMO_DB.log"

if db_exists "$DEMO_DB"; then
    db_is_ours "$DEMO_DB" \
        || die "A database named $DEMO_DB exists and was not created by crm-suite: it is left alone. Set DEMO_DB to another name and run again."
    say "Reusing the demo database $DEMO_DB"
else
    say "Creating the demo database $DEMO_DB (Vietnam, with demo data)"
    odoo_bin db -c "$ODOO_CONF" init "$DEMO_DB" --with-demo --country VN >"$RUN_DIR/$DEMO_DB-init.log" 2>&1 \
        || die "Odoo could not create $DEMO_DB: read $RUN_DIR/$DEMO_DB-init.log."
    mark_db "$DEMO_DB"
    odoo_bin -c "$ODOO_CONF" -d "$DEMO_DB" --load-language vi_VN --stop-after-init --no-http \
        >>"$RUN_DIR/$DEMO_DB-init.log" 2>&1 \
        || die "Odoo could not load Vietnamese into $DEMO_DB: read $RUN_DIR/$DEMO_DB-init.log."
fi

installed=$(pg_sql "SELECT count(*) FROM ir_module_module WHERE state = 'installed'
    AND name = ANY(string_to_array('$SUITE_ADDONS', ','))" "$DEMO_DB")
if [ "$installed" != "4" ]; then
    say "Installing $SUITE_ADDONS with their demo data (a few minutes)"
    odoo_bin -c "$ODOO_CONF" -d "$DEMO_DB" -i "$SUITE_ADDONS" --stop-after-init --no-http \
        >"$RUN_DIR/$DEMO_DB-install.log" 2>&1 \
        || die "The suite did not install into $DEMO_DB: read $RUN_DIR/$DEMO_DB-install.log."
    # Odoo installs a module without its demo data when that fails, and says so only in its log.
    if grep -q "demo data failed to install" "$RUN_DIR/$DEMO_DB-install.log"; then
        die "Demo data of the suite failed to load: read $RUN_DIR/$DEMO_DB-install.log (search 'demo data failed')."
    fi
fi

url="http://127.0.0.1:$HTTP_PORT/web/login"
if [ -f "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
    say "Odoo is already running for $DEMO_DB (pid $(cat "$PID_FILE"))"
else
    curl -s -o /dev/null "$url" \
        && die "Port $HTTP_PORT is taken by another program: stop it or set HTTP_PORT, then run again."
    say "Starting Odoo on http://127.0.0.1:$HTTP_PORT (log: $LOG_FILE)"
    nohup "$VENV/bin/python" -m odoo -c "$ODOO_CONF" -d "$DEMO_DB" --db-filter "^$DEMO_DB\$" --http-port "$HTTP_PORT" \
        >"$LOG_FILE" 2>&1 </dev/null &
    echo $! >"$PID_FILE"
fi
for _ in $(seq 1 120); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$url")" = "200" ] && break
    kill -0 "$(cat "$PID_FILE")" 2>/dev/null || die "Odoo stopped while starting: read $LOG_FILE."
    sleep 1
done
[ "$(curl -s -o /dev/null -w '%{http_code}' "$url")" = "200" ] \
    || die "Odoo does not answer on $url after two minutes: read $LOG_FILE."

cat <<MSG

  crm-suite demo is running: http://127.0.0.1:$HTTP_PORT   (database $DEMO_DB)
  Administrator:  admin / admin
  Sales manager:  thanh.le / $(printf '%s' demo1234)     Salespeople: an.nguyen, binh.tran, dung.hoang, ... / demo1234
  Accountant:     mai.bui / demo1234
  Portal customer: khoa.do / demo1234 (its tickets and contracts at /my)
  Stop it with:   make stop

MSG
