#!/usr/bin/env bash
# crm-suite set-up: everything `make demo` and `make test` need on a Debian 12 /
# Ubuntu machine, installed only when missing, so that running it again is cheap.
#
#   scripts/setup.sh            system packages, PostgreSQL + role, venv, Odoo 19, odoo.conf
#
# Settings (environment): VENV, ODOO_SRC, PYTHON, DB_HOST, DB_PORT, DB_USER,
# DB_PASSWORD, HTTP_PORT. See README.md, "Configuration".
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib.sh
. "$ROOT/scripts/lib.sh"

install_system_packages() {
    local wanted=(postgresql postgresql-client wkhtmltopdf chromium python3-venv
        python3-dev build-essential git curl libpq-dev libldap2-dev libsasl2-dev
        libxml2-dev libxslt1-dev libjpeg-dev zlib1g-dev fontconfig fonts-dejavu-core
        fonts-lato fonts-tlwg-loma-ttf)
    local missing=() pkg
    command -v dpkg-query >/dev/null 2>&1 \
        || die "This set-up needs a Debian or Ubuntu machine (apt and dpkg); install PostgreSQL, wkhtmltopdf and Chromium yourself, then run again."
    for pkg in "${wanted[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
            || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    say "Installing system packages: ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null \
        || die "apt-get update failed: check the machine's package sources and network, then run again."
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null \
        || die "apt-get could not install ${missing[*]}: install them by hand, then run again."
}

# The fonts reports print in, under the name of fontconfig/60-crm-suite-print.conf
# ("Lato Print"): without it wkhtmltopdf prints Odoo's web fonts as shapes.
install_print_fonts() {
    local conf=/etc/fonts/conf.d/60-crm-suite-print.conf
    cmp -s "$ROOT/scripts/fontconfig/60-crm-suite-print.conf" "$conf" && return 0
    say "Naming the fonts reports print in ($conf)"
    as_root install -m 644 "$ROOT/scripts/fontconfig/60-crm-suite-print.conf" "$conf" \
        || die "$conf could not be written: copy scripts/fontconfig/60-crm-suite-print.conf there as root, then run again."
    as_root fc-cache -f >/dev/null 2>&1 \
        || die "fc-cache -f failed: run it as root and read its message, then run again."
}

start_postgresql() {
    command -v pg_lsclusters >/dev/null 2>&1 \
        || die "PostgreSQL's cluster tools are missing: install the 'postgresql' package, then run again."
    if [ -z "$(pg_lsclusters -h 2>/dev/null)" ]; then
        local version
        version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
        say "Creating a PostgreSQL $version cluster"
        as_root pg_createcluster "$version" main >/dev/null \
            || die "PostgreSQL cluster could not be created: run 'pg_createcluster $version main' by hand and read its message."
    fi
    local version name status
    while read -r version name _ status _; do
        if [ "$status" != "online" ]; then
            say "Starting PostgreSQL $version/$name"
            as_root pg_ctlcluster "$version" "$name" start \
                || die "PostgreSQL $version/$name could not start: read /var/log/postgresql/postgresql-$version-$name.log, fix it, then run again."
        fi
    done < <(pg_lsclusters -h)
    local i
    for i in $(seq 1 30); do
        pg_isready -q -h "$DB_HOST" -p "$DB_PORT" && break
        sleep 1
    done
    pg_isready -q -h "$DB_HOST" -p "$DB_PORT" \
        || die "PostgreSQL does not answer on $DB_HOST:$DB_PORT: check 'pg_lsclusters' and its log, or set DB_HOST/DB_PORT."
}

create_role() {
    [ "$DB_USER" = "postgres" ] \
        && die "Odoo refuses to connect as 'postgres': set DB_USER to another role name."
    if [ "$(pg_admin_sql "SELECT 1 FROM pg_roles WHERE rolname = '$DB_USER'")" != "1" ]; then
        say "Creating the PostgreSQL role $DB_USER"
        pg_admin_sql "CREATE ROLE \"$DB_USER\" LOGIN CREATEDB PASSWORD '$DB_PASSWORD'" >/dev/null \
            || die "The PostgreSQL role $DB_USER could not be created: create it by hand (LOGIN CREATEDB) and set DB_USER/DB_PASSWORD."
    fi
}

make_venv() {
    if [ ! -x "$VENV/bin/python" ]; then
        say "Creating the Python virtual environment $VENV"
        "$PYTHON" -m venv "$VENV" \
            || die "'$PYTHON -m venv' failed: install python3-venv (or set PYTHON to a Python 3.10-3.12), then run again."
        "$VENV/bin/pip" install -q --upgrade pip wheel "setuptools<81" >/dev/null
    fi
}

venv_site() { "$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])'; }

is_odoo19_tree() { [ -f "$1/odoo/release.py" ] && grep -q "^version_info = (19, 0" "$1/odoo/release.py"; }

locate_odoo() {
    # Order: an odoo package installed in the venv; $ODOO_SRC; /opt/odoo; download.
    local pth site
    site=$(venv_site)
    pth="$site/crm_suite_odoo.pth"
    [ -f "$pth" ] && mv "$pth" "$pth.off"
    if "$VENV/bin/python" -c 'import odoo.release as r, sys; sys.exit(r.version_info[0] != 19)' 2>/dev/null; then
        rm -f "$pth.off"
        ODOO_TREE=""
        say "Using the Odoo 19 package installed in $VENV"
        return 0
    fi
    [ -f "$pth.off" ] && mv "$pth.off" "$pth"
    if [ -n "${ODOO_SRC:-}" ]; then
        is_odoo19_tree "$ODOO_SRC" \
            || die "ODOO_SRC=$ODOO_SRC is not an Odoo 19 source tree (no odoo/release.py of version 19): point it at the folder that holds odoo-bin."
        ODOO_TREE=$(cd "$ODOO_SRC" && pwd)
    elif is_odoo19_tree "$ODOO_OPT"; then
        ODOO_TREE=$ODOO_OPT
    else
        ODOO_TREE="$CACHE_DIR/odoo-19.0"
        if ! is_odoo19_tree "$ODOO_TREE"; then
            say "Odoo 19 not found: downloading the official 19.0 Community source to $ODOO_TREE"
            rm -rf "$ODOO_TREE.part"
            mkdir -p "$CACHE_DIR"
            git clone -q --depth 1 --branch 19.0 "$ODOO_GIT_URL" "$ODOO_TREE.part" 2>/dev/null \
                && mv "$ODOO_TREE.part" "$ODOO_TREE" \
                || die "Odoo 19 was not found and could not be downloaded: set ODOO_SRC to an Odoo 19.0 source tree (the folder that holds odoo-bin), or place one at $ODOO_OPT, then run again."
        fi
    fi
    say "Using Odoo 19 from $ODOO_TREE"
    echo "$ODOO_TREE" > "$pth"
}

install_python_requirements() {
    local stamp="$VENV/.crm_suite_requirements" want
    want=$( { [ -n "$ODOO_TREE" ] && cat "$ODOO_TREE/requirements.txt"; cat "$ROOT/requirements-dev.txt"; } | sha1sum | cut -c1-40)
    [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && return 0
    if [ -n "$ODOO_TREE" ]; then
        say "Installing Odoo 19's Python requirements"
        "$VENV/bin/pip" install -q -r "$ODOO_TREE/requirements.txt" \
            || die "Odoo's Python requirements did not install: read pip's message above (a missing -dev system package?), then run again."
    fi
    say "Installing the test and lint tools"
    "$VENV/bin/pip" install -q -r "$ROOT/requirements-dev.txt" \
        || die "The test and lint tools did not install: read pip's message above, then run again."
    echo "$want" > "$stamp"
}

write_config() {
    local addons="$ROOT"
    [ -n "$ODOO_TREE" ] && addons="$ODOO_TREE/addons,$ROOT"
    mkdir -p "$RUN_DIR/data"
    local admin_passwd
    admin_passwd=$(sed -n 's/^admin_passwd = //p' "$ODOO_CONF" 2>/dev/null || true)
    [ -n "$admin_passwd" ] || admin_passwd=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
    cat > "$ODOO_CONF" <<CONF
[options]
addons_path = $addons
data_dir = $RUN_DIR/data
db_host = $DB_HOST
db_port = $DB_PORT
db_user = $DB_USER
db_password = $DB_PASSWORD
admin_passwd = $admin_passwd
http_interface = 127.0.0.1
http_port = $HTTP_PORT
list_db = False
CONF
    chmod 600 "$ODOO_CONF"
}

install_system_packages
install_print_fonts
start_postgresql
create_role
make_venv
locate_odoo
install_python_requirements
write_config
say "Set-up ready: $ODOO_CONF"
