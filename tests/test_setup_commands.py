"""The README's commands: clear sentences when Odoo is missing; `make demo` serves Odoo.

These run the project's own scripts in a shell, as an administrator would.
"""

import json
import tempfile
import unittest
import urllib.request
from datetime import UTC, datetime, timedelta

from odoo.tests import tagged

from .suite import (
    DB_MARK,
    SUITE_ADDONS,
    drop_own_database,
    free_port,
    query,
    shell,
)

DEMO_TEST_DB = "crm_test_demo"


def counts(*values):
    """One row of the demo database: the value of each of ``values``, each a
    SELECT of one value (a count, mostly)."""
    return query(DEMO_TEST_DB, "SELECT " + ", ".join(f"({v})" for v in values))[0]


@tagged("post_install", "-at_install", "crm_suite")
class TestSetupMessages(unittest.TestCase):
    def assertOneClearSentence(self, done, *fragments):
        self.assertEqual(done.returncode, 1, done.stderr[-2000:])
        self.assertNotIn("Traceback", done.stdout + done.stderr)
        errors = [
            line for line in done.stderr.splitlines() if "[crm-suite] ERROR:" in line
        ]
        self.assertEqual(len(errors), 1, done.stderr[-2000:])
        for fragment in fragments:
            self.assertIn(fragment, errors[0])

    def test_odoo_src_that_is_not_odoo_is_refused_with_what_to_do(self):
        with tempfile.TemporaryDirectory() as empty:
            done = shell("scripts/setup.sh", ODOO_SRC=empty)
        self.assertOneClearSentence(done, f"ODOO_SRC={empty}", "odoo-bin")

    def test_odoo_neither_found_nor_downloadable_says_set_odoo_src(self):
        with tempfile.TemporaryDirectory() as tmp:
            done = shell(
                "scripts/setup.sh",
                ODOO_SRC=None,
                ODOO_OPT=f"{tmp}/no-odoo-here",
                ODOO_GIT_URL=f"{tmp}/no-such-repository.git",
                CACHE_DIR=f"{tmp}/cache",
            )
        self.assertOneClearSentence(done, "could not be downloaded", "set ODOO_SRC")


@tagged("post_install", "-at_install", "crm_suite_demo")
class TestMakeDemo(unittest.TestCase):
    """`make demo` builds a demo database with the suite and serves /web/login."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.port = free_port()
        cls.env_vars = {"DEMO_DB": DEMO_TEST_DB, "HTTP_PORT": str(cls.port)}
        cls._drop()

    @classmethod
    def tearDownClass(cls):
        shell("scripts/stop.sh", **cls.env_vars)
        cls._drop()
        super().tearDownClass()

    @classmethod
    def _drop(cls):
        drop_own_database(DEMO_TEST_DB, query)

    def assertCountsAtLeast(self, minimums):
        """Each SELECT of ``minimums`` (SQL: the least it may count) counts at
        least that many in the demo database; a failure names the SELECT."""
        for (select, least), found in zip(
            minimums.items(), counts(*minimums), strict=True
        ):
            self.assertGreaterEqual(found, least, select)

    def test_make_demo_serves_the_login_page_with_the_suite_and_its_world(self):
        done = shell("make demo", **self.env_vars)
        self.assertEqual(done.returncode, 0, done.stdout[-2000:] + done.stderr[-3000:])
        self.assertIn(f"http://127.0.0.1:{self.port}", done.stdout)
        self.assertIn("admin / admin", done.stdout)
        with urllib.request.urlopen(
            f"http://127.0.0.1:{self.port}/web/login", timeout=30
        ) as response:
            self.assertEqual(response.status, 200)
            self.assertIn(b"login", response.read())
        installed = query(
            DEMO_TEST_DB,
            "SELECT name FROM ir_module_module WHERE state = 'installed' "
            "AND name = ANY(%s)",
            [list(SUITE_ADDONS)],
        )
        self.assertEqual(sorted(name for (name,) in installed), sorted(SUITE_ADDONS))
        mark = query(
            "postgres",
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
            "WHERE datname = %s",
            [DEMO_TEST_DB],
        )
        self.assertEqual(mark, [(DB_MARK,)])
        # The demo world is there, in a Vietnamese company that counts in VND.
        (customers,) = query(
            DEMO_TEST_DB,
            "SELECT count(*) FROM res_partner WHERE email LIKE %s AND parent_id IS NULL"
            " AND customer_rank > 0",
            ["%@phuongnam-demo.vn"],
        )[0]
        self.assertGreaterEqual(customers, 40)
        currencies = query(
            DEMO_TEST_DB,
            "SELECT DISTINCT cur.name FROM sale_order so "
            "JOIN res_company c ON c.id = so.company_id "
            "JOIN res_currency cur ON cur.id = c.currency_id "
            "JOIN res_partner p ON p.id = so.partner_id WHERE p.email LIKE %s",
            ["%@phuongnam-demo.vn"],
        )
        self.assertEqual(currencies, [("VND",)])
        warranties = query(
            DEMO_TEST_DB,
            "SELECT count(*) FROM product_template WHERE default_code LIKE 'PN-%%' "
            "AND warranty_months > 0",
        )
        self.assertGreaterEqual(warranties[0][0], 8)
        # Care: tickets on the demo orders and contracts at several steps.
        self.assertCountsAtLeast(
            {
                "SELECT count(*) FROM crm_care_ticket": 6,
                "SELECT count(*) FROM crm_care_contract": 3,
                "SELECT count(DISTINCT state) FROM crm_care_contract": 3,
            }
        )
        self._assert_demo_contracts()
        self._assert_demo_portal_customer()
        # IDIC: every demo customer scored, segments filled.
        (profiles, members) = query(
            DEMO_TEST_DB,
            "SELECT count(*), count(segment_id) FROM crm_idic_profile",
        )[0]
        self.assertGreaterEqual(profiles, 40)
        self.assertGreater(members, 0)
        # IDIC future value: the demo's customers differ in how often they buy,
        # and the company's model tells them apart. Of those likely still active,
        # the most frequent buyer is expected to order at least twice as often
        # as the least frequent (the demo until 2026-12-08 drew its buyers' order
        # counts in narrow ranges: 6.2 and 5.4 orders, every active customer
        # alike).
        (most, least) = query(
            DEMO_TEST_DB,
            "SELECT max(predicted_orders), min(predicted_orders) FROM crm_idic_profile"
            " WHERE purchase_count > 0 AND probability_alive > 0.9",
        )[0]
        self.assertGreater(most, 2 * least)
        # The tickets say what the customer asked, as a mail or the portal would.
        (undescribed,) = query(
            DEMO_TEST_DB,
            "SELECT count(*) FROM crm_care_ticket WHERE description IS NULL",
        )[0]
        self.assertEqual(undescribed, 0)
        # Loyalty: the top segments' members hold the company's card; last Tết
        # greeted them, each with a coupon code, and three codes were used.
        (cards, greeted, with_code, used) = counts(
            "SELECT count(*) FROM loyalty_card WHERE idic_segment_id IS NOT NULL",
            "SELECT count(*) FROM crm_care_occasion_greeting",
            "SELECT count(card_id) FROM crm_care_occasion_greeting",
            "SELECT count(DISTINCT l.coupon_id) FROM sale_order_line l JOIN sale_order "
            "so ON so.id = l.order_id JOIN crm_care_occasion_greeting g ON g.card_id = "
            "l.coupon_id WHERE so.state = 'sale'",
        )
        self.assertGreater(cards, 0)
        self.assertGreater(greeted, 0)
        self.assertEqual(with_code, greeted)
        self.assertEqual(used, 3)
        # The calls that greeting asked for were made on Tết (done, dated then):
        # none is still open, due today, ten months later.
        (open_calls, done_calls, done_on_tet) = counts(
            "SELECT count(*) FROM mail_activity WHERE active AND summary LIKE 'Tết%%'",
            "SELECT count(*) FROM mail_activity WHERE NOT active AND summary LIKE "
            "'Tết%%'",
            "SELECT count(*) FROM mail_message m JOIN crm_care_occasion_greeting g ON "
            "g.partner_id = m.res_id AND m.model = 'res.partner' "
            "JOIN res_company c ON c.id = g.company_id "
            "JOIN res_partner cp ON cp.id = c.partner_id "
            "LEFT JOIN resource_calendar rc ON rc.id = c.resource_calendar_id "
            "WHERE (m.date AT TIME ZONE 'UTC' AT TIME ZONE "
            "COALESCE(rc.tz, cp.tz, 'UTC'))::date = g.date "
            "AND m.mail_activity_type_id IS NOT NULL",
        )
        self.assertEqual(open_calls, 0)
        self.assertGreater(done_calls, 0)
        self.assertEqual(done_on_tet, done_calls)
        # Collections: today's run proposed for review, with lines; one invoice
        # disputed (so in no line), one customer's promise to pay.
        (runs, lines, disputed, promises) = counts(
            "SELECT count(*) FROM crm_reports_dunning_run WHERE state = 'draft'",
            "SELECT count(*) FROM crm_reports_dunning_line",
            "SELECT count(*) FROM account_move WHERE credit_dispute_reason IS NOT NULL",
            "SELECT count(*) FROM res_partner WHERE credit_promise_amount IS NOT NULL",
        )
        self.assertEqual((runs, disputed, promises), (1, 1, 1))
        self.assertGreater(lines, 0)
        # Neither the disputed invoice nor the customer who promised is reminded.
        (on_disputed, on_promised) = counts(
            "SELECT count(*) FROM crm_reports_dunning_line_item_rel r JOIN "
            "account_move_line aml ON aml.id = r.move_line_id JOIN account_move m ON "
            "m.id = aml.move_id WHERE m.credit_dispute_reason IS NOT NULL",
            "SELECT count(*) FROM crm_reports_dunning_line l JOIN res_partner p ON "
            "p.id = l.partner_id WHERE p.credit_promise_amount IS NOT NULL",
        )
        self.assertEqual((on_disputed, on_promised), (0, 0))
        # QCI: the month's targets, daily reports, last quarter's assessment done.
        (targets, reports, assessed) = counts(
            "SELECT count(*) FROM crm_qci_target",
            "SELECT count(*) FROM crm_qci_daily_report",
            "SELECT count(*) FROM crm_qci_assessment WHERE state = 'done'",
        )
        self.assertGreaterEqual(targets, 3)
        self.assertGreaterEqual(reports, 5)
        self.assertEqual(assessed, 1)
        # The assessment measures every component from the demo's two years of
        # orders, deals, tickets, ratings, notes and targets: none is left at 0.
        unmeasured = query(
            DEMO_TEST_DB,
            "SELECT c.measure FROM crm_qci_assessment_line l "
            "JOIN crm_qci_component c ON c.id = l.component_id "
            "WHERE l.measured_value = 0",
        )
        self.assertEqual(unmeasured, [])
        # The care desk's history: solved tickets rated by their customers.
        (rated,) = query(
            DEMO_TEST_DB,
            "SELECT count(*) FROM rating_rating "
            "WHERE res_model = 'crm.care.ticket' AND consumed AND rating > 0",
        )[0]
        self.assertGreaterEqual(rated, 10)
        # The calls and meetings the Vietnamese salespeople logged as done read
        # in Vietnamese ("Gọi hoàn thành", "Phản hồi:"), not "Call done".
        (done_vi, done_en) = counts(
            "SELECT count(*) FROM mail_message WHERE body LIKE '%%Phản hồi:%%'",
            "SELECT count(*) FROM mail_message WHERE body LIKE '%%Feedback:%%'",
        )
        self.assertGreater(done_vi, 0)
        self.assertEqual(done_en, 0)
        # Dated in the past as a whole: opened before solved, the hours to close
        # on the team's calendar, and one in six late on its SLA.
        (backwards, timed, late, solved) = query(
            DEMO_TEST_DB,
            "SELECT count(*) FILTER (WHERE closed_date < sla_start),"
            " count(*) FILTER (WHERE close_hours > 0),"
            " count(*) FILTER (WHERE sla_status = 'failed'), count(*) "
            "FROM crm_care_ticket WHERE closed_date < %s",
            (datetime.now(UTC).replace(tzinfo=None) - timedelta(days=4),),
        )[0]
        self.assertEqual(backwards, 0)
        self.assertGreaterEqual(timed, solved // 2)
        self.assertGreaterEqual(late, 1)
        # Each user has the rights of their role (Odoo's demo data would make
        # them all sales administrators); the accountant answers no ticket.
        (managers, accountant_tickets) = query(
            DEMO_TEST_DB,
            "SELECT ARRAY(SELECT u.login FROM res_users u JOIN res_groups_users_rel r"
            "   ON r.uid = u.id JOIN ir_model_data d ON d.model = 'res.groups'"
            "   AND d.res_id = r.gid AND d.module = 'sales_team'"
            "   AND d.name = 'group_sale_manager'"
            "   WHERE u.login NOT IN ('admin', '__system__') ORDER BY u.login),"
            " (SELECT count(*) FROM crm_care_ticket t JOIN res_users u"
            "   ON u.id = t.user_id WHERE u.login = 'mai.bui')",
        )[0]
        self.assertEqual(managers, ["thanh.le"])
        self.assertEqual(accountant_tickets, 0)
        # Each demo ticket asks what its type says (a delivery short of a box is
        # a quantity question, not a price one).
        subjects = dict(
            query(
                DEMO_TEST_DB,
                "SELECT d.name, array_agg(DISTINCT t.subject ORDER BY t.subject) "
                "FROM crm_care_ticket t JOIN ir_model_data d ON d.module = "
                "'crm_care' AND d.model = 'crm.care.ticket.type' "
                "AND d.res_id = t.ticket_type_id GROUP BY d.name",
            )
        )
        self.assertEqual(
            subjects,
            {
                "ticket_type_warranty": ["Máy không hoạt động sau khi lắp đặt"],
                "ticket_type_quality": ["Sản phẩm giao bị trầy xước"],
                "ticket_type_price": ["Hỏi giá khi mua thêm số lượng lớn"],
                "ticket_type_quantity": ["Giao thiếu một thùng hàng"],
                "ticket_type_discount": [
                    "Chương trình khuyến mãi cuối năm áp dụng thế nào?"
                ],
                "ticket_type_other": ["Đổi lịch bảo dưỡng định kỳ"],
            },
        )
        # A living care desk: the customers' mails and the agents' answers on the
        # tickets, handled by the care team's agents (not the administrator), some
        # waiting, one reopened by the customer's reply (its note); the team's
        # alias on the company's mail domain, so that replies reach the tickets.
        self.assertCountsAtLeast(
            {
                "SELECT count(*) FROM mail_message m WHERE m.model = 'crm.care.ticket' "
                "AND m.message_type = 'email'": 12,
                "SELECT count(*) FROM mail_message m JOIN res_users u ON "
                "u.partner_id = m.author_id WHERE m.model = 'crm.care.ticket' AND "
                "m.message_type = 'comment' AND NOT u.share": 6,
                "SELECT count(*) FROM crm_care_ticket t JOIN crm_care_stage s ON "
                "s.id = t.stage_id WHERE s.pauses_sla": 1,
                "SELECT count(*) FROM mail_message m JOIN ir_model_data d ON d.model = "
                "'mail.message.subtype' AND d.res_id = m.subtype_id AND d.module = "
                "'mail' AND d.name = 'mt_note' WHERE m.model = 'crm.care.ticket'": 1,
                "SELECT count(*) FROM mail_alias a JOIN res_company c ON "
                "c.alias_domain_id = a.alias_domain_id WHERE a.alias_name = 'cskh'": 1,
            }
        )
        (by_admin,) = counts(
            "SELECT count(*) FROM crm_care_ticket WHERE user_id IN (1, 2)"
        )
        self.assertEqual(by_admin, 0)
        # Vietnam's public holidays of this year and next in the company calendar.
        (holidays,) = query(
            DEMO_TEST_DB,
            "SELECT count(*) FROM resource_calendar_leaves l "
            "JOIN res_company c ON c.resource_calendar_id = l.calendar_id "
            "WHERE l.resource_id IS NULL AND c.idic_public_holidays",
        )[0]
        self.assertGreaterEqual(holidays, 2 * 10)
        # The occasions and reminder levels copied for the Vietnamese company at
        # install time are named in Vietnamese too.
        (occasions, levels) = counts(
            "SELECT count(*) FROM crm_care_occasion o JOIN res_company c ON c.id = "
            "o.company_id WHERE c.currency_id = (SELECT id FROM res_currency WHERE "
            "name = 'VND') AND o.name ? 'vi_VN'",
            "SELECT count(*) FROM crm_reports_reminder_level l JOIN res_company c ON "
            "c.id = l.company_id WHERE c.currency_id = (SELECT id FROM res_currency "
            "WHERE name = 'VND') AND l.name ? 'vi_VN'",
        )
        self.assertEqual((occasions, levels), (10, 3))
        # Running it again reuses the database and the running server.
        again = shell("make demo", **self.env_vars)
        self.assertEqual(again.returncode, 0, again.stderr[-2000:])
        self.assertIn(f"Reusing the demo database {DEMO_TEST_DB}", again.stderr)
        self.assertIn("already running", again.stderr)

    def _assert_demo_portal_customer(self):
        """The demo customer's contact signs in to the portal and finds its
        company's latest tickets and running contracts on /my."""
        (tickets, contracts, lang) = query(
            DEMO_TEST_DB,
            "SELECT ARRAY(SELECT t.name FROM crm_care_ticket t"
            "   WHERE t.commercial_partner_id = p.parent_id"
            "   ORDER BY t.create_date DESC, t.id DESC LIMIT 20),"
            " ARRAY(SELECT c.number FROM crm_care_contract c"
            "   WHERE c.commercial_partner_id = p.parent_id AND c.state = 'running'),"
            " p.lang"
            " FROM res_users u JOIN res_partner p ON p.id = u.partner_id"
            " JOIN res_company co ON co.id = u.company_id"
            " WHERE u.login = 'khoa.do' AND u.share AND co.currency_id ="
            "   (SELECT id FROM res_currency WHERE name = 'VND')",
        )[0]
        self.assertTrue(tickets)
        self.assertTrue(contracts)
        self.assertEqual(lang, "vi_VN")
        cookies = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        url = f"http://127.0.0.1:{self.port}"
        login = json.dumps(
            {
                "jsonrpc": "2.0",
                "params": {
                    "db": DEMO_TEST_DB,
                    "login": "khoa.do",
                    "password": "demo1234",
                },
            }
        ).encode()
        request = urllib.request.Request(
            f"{url}/web/session/authenticate",
            login,
            {"Content-Type": "application/json"},
        )
        with cookies.open(request, timeout=60) as response:
            self.assertNotIn("error", json.loads(response.read()))
        for path, numbers in (("/my/tickets", tickets), ("/my/contracts", contracts)):
            with cookies.open(url + path, timeout=60) as response:
                page = response.read().decode()
            for number in numbers:
                self.assertIn(number, page, path)

    def _assert_demo_contracts(self):
        """Contracts in every state, with consistent dates, their invoices, a
        signed PDF and renewals."""
        states = {
            state
            for (state,) in query(DEMO_TEST_DB, "SELECT state FROM crm_care_contract")
        }
        self.assertLessEqual(
            {"draft", "sent", "signed", "waiting", "running", "to_renew", "expired"},
            states,
        )
        self.assertIn("closed", states)
        self.assertIn("cancel", states)
        # A running contract was signed and approved before it started, in the past.
        inconsistent = query(
            DEMO_TEST_DB,
            "SELECT number FROM crm_care_contract WHERE state = 'running'"
            " AND predecessor_id IS NULL AND (date_signed IS NULL"
            " OR date_signed >= date_start OR approved_date::date >= date_start"
            " OR date_signed > CURRENT_DATE)",
        )
        self.assertEqual(inconsistent, [])
        # Approved by the company's sales manager (a contract manager), not by
        # OdooBot, the user the demo data load as: the printed contract names him.
        approvers = query(
            DEMO_TEST_DB,
            "SELECT DISTINCT u.login FROM crm_care_contract c"
            " JOIN res_users u ON u.id = c.approved_by_id",
        )
        self.assertEqual(approvers, [("thanh.le",)])
        self.assertCountsAtLeast(
            {
                "SELECT count(*) FROM crm_care_contract_line": 10,
                "SELECT count(*) FROM account_move WHERE crm_care_contract_id IS NOT "
                "NULL AND state = 'posted'": 20,
                "SELECT count(*) FROM account_move WHERE crm_care_contract_id IS NOT "
                "NULL AND payment_state IN ('paid', 'in_payment')": 1,
                "SELECT count(*) FROM crm_care_contract c JOIN ir_attachment a ON a.id "
                "= c.signed_attachment_id WHERE a.mimetype = 'application/pdf'": 5,
                "SELECT count(*) FROM crm_care_contract WHERE predecessor_id IS NOT "
                "NULL": 2,
                "SELECT count(*) FROM crm_care_contract_milestone WHERE invoice_id IS "
                "NOT NULL": 1,
            }
        )
