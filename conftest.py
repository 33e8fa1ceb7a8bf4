"""pytest hooks of crm-suite: a browser test that cannot start the browser fails.

Odoo's HttpCase skips a test (unittest.SkipTest) when Chromium is missing or its
devtools connection fails; pytest would count it as skipped and exit 0, so a CI
without a browser would look green. Here such a skip is a failure that says what
to do.
"""

import pytest

# Words of Odoo's skip messages when the browser cannot be used (odoo/tests/common.py).
BROWSER_SKIPS = (
    "chrome",
    "chromium",
    "devtools",
    "dev tools",
    "websocket-client",
    "browser",
)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if not report.skipped or call.excinfo is None:
        return
    reason = str(call.excinfo.value)
    if any(word in reason.lower() for word in BROWSER_SKIPS):
        report.outcome = "failed"
        report.longrepr = (
            f"The browser test could not start the browser ({reason}). Browser tests "
            "must run: install Chromium (make test does it on Debian; see README, "
            "Troubleshooting)."
        )
