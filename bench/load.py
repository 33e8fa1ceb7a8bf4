"""`make bench-load`: a bounded load run against Odoo in multi-worker mode.

Starts Odoo on the benchmark database (``--workers``, loopback, a free port),
then simulated users, each with its own session, open in turn the dashboard data,
a customer's form (the 360° view) and the open tickets' list, as the web client
does (JSON-RPC ``call_kw``). Prints p50 / p95 latency and the error count per
kind of request; exits 1 when a request failed.

Usage: python bench/load.py --config .run/odoo.conf --database crm_bench
       [--users 20] [--seconds 60] [--workers 4]
"""

import argparse
import itertools
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def odoo(config, database, *args, **kwargs):
    command = [sys.executable, "-m", "odoo", *args, "-c", config, "-d", database]
    return subprocess.Popen(command, cwd=ROOT, **kwargs)  # noqa: S603


def prepare(config, database):
    """A password for the sales manager of the run (admin), and the records the
    users open: the busiest customers."""
    password = secrets.token_urlsafe(16)
    code = f"""
import json
env.ref("base.user_admin").password = {password!r}
env.cr.execute(
    "SELECT p.id FROM sale_order so JOIN res_partner p ON p.id = so.partner_id"
    " WHERE so.state = 'sale' GROUP BY p.id ORDER BY count(*) DESC LIMIT 50"
)
print("PARTNERS=" + json.dumps([row[0] for row in env.cr.fetchall()]))
env.cr.commit()
"""
    shell = odoo(
        config,
        database,
        "shell",
        "--no-http",
        "--log-level=warn",
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    output, _ = shell.communicate(code, timeout=600)
    line = next(line for line in output.splitlines() if line.startswith("PARTNERS="))
    return password, json.loads(line.split("=", 1)[1])


class User:
    def __init__(self, url, database, password):
        self.url = url
        self.session = requests.Session()
        self.call(
            "/web/session/authenticate", db=database, login="admin", password=password
        )

    def call(self, path, **params):
        response = self.session.post(
            self.url + path,
            json={"jsonrpc": "2.0", "method": "call", "params": params},
            timeout=120,
        )
        response.raise_for_status()
        body = response.json()
        if "error" in body:
            raise RuntimeError(body["error"].get("data", {}).get("message"))
        return body["result"]

    def call_kw(self, model, method, args, kwargs=None):
        return self.call(
            f"/web/dataset/call_kw/{model}/{method}",
            model=model,
            method=method,
            args=args,
            kwargs=kwargs or {},
        )


def requests_of(user, partners):
    """The three screens, as the web client asks for them."""
    return {
        "dashboard": lambda: user.call_kw(
            "crm.reports.dashboard", "get_dashboard_data", ["month"]
        ),
        "partner form": lambda: user.call_kw(
            "res.partner",
            "web_read",
            [[secrets.choice(partners)]],
            {
                "specification": {
                    "display_name": {},
                    "email": {},
                    "phone": {},
                    "idic_score": {},
                    "idic_value_tier": {},
                    "sale_order_count": {},
                    "total_invoiced": {},
                }
            },
        ),
        "ticket list": lambda: user.call_kw(
            "crm.care.ticket",
            "web_search_read",
            [[["is_closed", "=", False]]],
            {
                "specification": {
                    "name": {},
                    "partner_id": {"fields": {"display_name": {}}},
                    "stage_id": {"fields": {"display_name": {}}},
                    "sla_status": {},
                    "sla_resolution_deadline": {},
                },
                "limit": 80,
            },
        ),
    }


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    args.config = str(Path(args.config).resolve())

    password, partners = prepare(args.config, args.database)
    port = free_port()
    log = Path(args.config).with_name(f"bench-load-{port}.log")
    server = odoo(
        args.config,
        args.database,
        f"--workers={args.workers}",
        "--max-cron-threads=0",
        f"--http-port={port}",
        "--http-interface=127.0.0.1",
        f"--logfile={log}",
        "--limit-time-real=600",
        "--limit-memory-soft=4294967296",
        "--limit-memory-hard=6442450944",
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=dict(os.environ),
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _attempt in range(300):
            try:
                requests.get(url + "/web/health", timeout=2).raise_for_status()
                break
            except requests.RequestException:
                time.sleep(0.5)
        else:
            print(f"Odoo did not answer on {url}; see {log}")
            return 1
        times = {name: [] for name in ("dashboard", "partner form", "ticket list")}
        errors = {name: [] for name in times}
        lock = threading.Lock()
        end = time.monotonic() + args.seconds

        def simulate():
            user = User(url, args.database, password)
            screens = requests_of(user, partners)
            for name in itertools.cycle(screens):
                if time.monotonic() >= end:
                    return
                started = time.perf_counter()
                try:
                    screens[name]()
                    with lock:
                        times[name].append(time.perf_counter() - started)
                except Exception as error:  # noqa: BLE001 — counted and shown
                    with lock:
                        errors[name].append(str(error)[:200])

        threads = [threading.Thread(target=simulate) for _user in range(args.users)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=60)

    print(
        f"Database {args.database}: {args.users} users for {args.seconds} s, "
        f"Odoo with {args.workers} workers on loopback ({elapsed:.0f} s in all)"
    )
    print("| Request | Count | p50 (s) | p95 (s) | Errors |")
    print("|---|--:|--:|--:|--:|")
    for name, values in times.items():
        p50 = f"{statistics.median(values):.3f}" if values else "—"
        p95 = f"{percentile(values, 0.95):.3f}" if values else "—"
        print(f"| {name} | {len(values)} | {p50} | {p95} | {len(errors[name])} |")
    failed = [message for messages in errors.values() for message in messages]
    for message in sorted(set(failed))[:10]:
        print(f"error: {message}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
