"""Screenshots of the main screens of the demo database, for README.md and for each
addon's Apps page.

Run by `make screenshots` while `make demo` serves Odoo: headless Chromium (Debian's
package) logs in as the demo sales manager and saves PNG files in docs/screenshots/
(in Vietnamese, the manager's language) and in <addon>/static/description/ (the Apps
page's screens, once in English and once in Vietnamese).
"""

import os
import sys
from pathlib import Path

from addon_readme import SCREENSHOTS
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
BASE = f"http://127.0.0.1:{os.environ.get('HTTP_PORT', '8069')}"
LOGIN = os.environ.get("SHOT_LOGIN", "thanh.le")
PASSWORD = os.environ.get("SHOT_PASSWORD", "demo1234")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def shoot(page, name, path, ready):
    page.goto(BASE + path)
    page.wait_for_selector(ready, timeout=30000)
    save(page, name)


def open_contact(page, name):
    """Search the contacts list for a name and open the first match's form."""
    page.goto(BASE + "/odoo/contacts?view_type=list")
    page.wait_for_selector(".o_list_view .o_data_row")
    search = page.locator(".o_searchview_input")
    search.fill(name)
    search.press("Enter")
    page.wait_for_timeout(1000)
    page.locator(".o_data_row .o_data_cell[name='complete_name']").first.click()


def save(page, name, full_page=False, path=None):
    page.wait_for_timeout(1500)
    path = path or OUT / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    print(path.relative_to(ROOT))


def set_language(page, lang):
    """Switch the logged-in user's language (a user may change their own)."""
    session = page.request.post(
        f"{BASE}/web/session/get_session_info",
        data={"jsonrpc": "2.0", "method": "call", "params": {}},
    ).json()["result"]
    page.request.post(
        f"{BASE}/web/dataset/call_kw/res.users/write",
        data={
            "jsonrpc": "2.0",
            "method": "call",
            "params": {
                "model": "res.users",
                "method": "write",
                "args": [[session["uid"]], {"lang": lang}],
                "kwargs": {},
            },
        },
    )


# The Apps page screens: how to reach each one and what shows it is ready.
APP_SCREENS = {
    "idic_profiles": (
        "/odoo/action-crm_idic.crm_idic_profile_action",
        ".o_list_view .o_data_row",
    ),
    "care_tickets": (
        "/odoo/action-crm_care.crm_care_ticket_action",
        ".o_kanban_view .o_kanban_record",
    ),
    "contracts": (
        "/odoo/action-crm_care.crm_care_contract_action",
        ".o_list_view .o_data_row",
    ),
    "qci_targets": (
        "/odoo/action-crm_qci.crm_qci_target_action",
        ".o_list_view .o_data_row",
    ),
    "qci_daily_reports": (
        "/odoo/action-crm_qci.crm_qci_daily_report_action",
        ".o_view_controller",
    ),
    "dashboard": (
        "/odoo/action-crm_reports.crm_reports_dashboard_action",
        ".o_crm_dashboard_chart canvas",
    ),
    "aging": (
        "/odoo/action-crm_reports.crm_reports_aging_wizard_action",
        ".o_form_view",
    ),
}


def shoot_app_pages(page):
    for lang, code in (("en_US", "en"), ("vi_VN", "vi")):
        set_language(page, lang)
        for addon, screens in SCREENSHOTS.items():
            folder = ROOT / addon / "static" / "description"
            for name, _caption in screens:
                target = folder / f"{name}_{code}.png"
                if name == "idic_tab":
                    open_contact(page, "Điện máy Sao Việt")
                    page.wait_for_selector(".o_notebook .nav-link[name='idic']")
                    page.locator(".o_notebook .nav-link[name='idic']").click()
                    page.wait_for_selector(".o_idic_explanation")
                else:
                    path, ready = APP_SCREENS[name]
                    page.goto(BASE + path)
                    page.wait_for_selector(ready, timeout=30000)
                if name == "aging":
                    page.locator("button[name='action_compute']").click()
                    page.wait_for_selector(".o_data_row")
                save(page, name, path=target)
    set_language(page, "vi_VN")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        # The web client shows times in the browser's time zone: Vietnam's, as
        # the demo's staff see them (a headless browser's own is UTC).
        page = browser.new_page(
            viewport={"width": 1440, "height": 900}, timezone_id="Asia/Ho_Chi_Minh"
        )
        page.goto(f"{BASE}/web/login")
        page.fill("input[name=login]", LOGIN)
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_selector(".o_main_navbar", timeout=30000)
        shoot_app_pages(page)
        shoot(
            page,
            "dashboard",
            "/odoo/action-crm_reports.crm_reports_dashboard_action",
            ".o_crm_dashboard_chart canvas",
        )
        shoot(
            page,
            "customers",
            "/odoo/action-account.res_partner_action_customer?view_type=list",
            ".o_list_view .o_data_row",
        )
        # An individual customer born this month: the first one the list offers.
        open_contact(page, "Nguyễn Hoàng Anh")
        page.wait_for_selector(".o_form_view .o_field_widget[name=birthday]")
        save(page, "customer_form")
        # The sales manager sees every team's pipeline: drop the "My pipeline" filter.
        page.goto(BASE + "/odoo/crm")
        page.wait_for_selector(".o_searchview_facet")
        page.locator(".o_searchview_facet .o_facet_remove").first.click()
        page.wait_for_selector(".o_kanban_view .o_kanban_record:not(.o_kanban_ghost)")
        save(page, "pipeline")
        # The IDIC tab of a valued company customer.
        open_contact(page, "Điện máy Sao Việt")
        page.wait_for_selector(".o_notebook .nav-link[name='idic']")
        page.locator(".o_notebook .nav-link[name='idic']").click()
        page.wait_for_selector(".o_idic_explanation")
        save(page, "idic_tab", full_page=True)
        shoot(
            page,
            "idic_profiles",
            "/odoo/action-crm_idic.crm_idic_profile_action",
            ".o_list_view .o_data_row",
        )
        shoot(
            page,
            "care_tickets",
            "/odoo/action-crm_care.crm_care_ticket_action",
            ".o_kanban_view .o_kanban_record",
        )
        shoot(
            page,
            "contracts",
            "/odoo/action-crm_care.crm_care_contract_action",
            ".o_list_view .o_data_row",
        )
        shoot(
            page,
            "invoices",
            "/odoo/action-account.action_move_out_invoice_type?view_type=list",
            ".o_list_view .o_data_row",
        )
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
