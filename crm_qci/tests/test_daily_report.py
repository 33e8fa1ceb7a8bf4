from datetime import date, timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, TransactionCase, new_test_user, tagged

from odoo.addons.crm_idic.tests.common import SuiteHttpCase
from odoo.addons.crm_idic.tools import company_tz, utc_start


@tagged("post_install", "-at_install")
class TestDailyReport(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.seller = new_test_user(
            cls.env, login="daily_seller", groups="sales_team.group_sale_salesman"
        )
        cls.leader = new_test_user(
            cls.env,
            login="daily_leader",
            groups="sales_team.group_sale_salesman_all_leads",
        )
        cls.team = cls.env["crm.team"].create(
            {
                "name": "Daily team",
                "user_id": cls.leader.id,
                "member_ids": [(6, 0, (cls.seller | cls.leader).ids)],
            }
        )
        cls.customer = cls.env["res.partner"].create({"name": "Khách Daily"})

    def test_prefilled_with_the_day_and_plan_becomes_activities(self):
        product = self.env["product.product"].create({"name": "Máy"})
        quote = (
            self.env["sale.order"]
            .with_user(self.seller)
            .create(
                {
                    "partner_id": self.customer.id,
                    "order_line": [Command.create({"product_id": product.id})],
                }
            )
        )
        activity = self.customer.activity_schedule(
            "mail.mail_activity_data_call", user_id=self.seller.id
        )
        activity.with_user(self.seller).action_feedback(feedback="Called")
        report = self.env["crm.qci.daily.report"].with_user(self.seller).create({})
        self.assertEqual(report.done_activity_count, 1)
        self.assertEqual(report.quotation_ids, quote)
        report.write(
            {
                "plan_line_ids": [
                    Command.create({"name": "Gọi lại", "partner_id": self.customer.id})
                ]
            }
        )
        report.action_submit()
        line = report.plan_line_ids
        self.assertEqual(report.state, "submitted")
        self.assertTrue(line.activity_id)
        self.assertEqual(line.activity_id.user_id, self.seller)
        self.assertEqual(line.activity_id.res_id, self.customer.id)
        with self.assertRaisesRegex(UserError, "Only a team leader or manager"):
            report.with_user(self.seller).action_review()
        report.with_user(self.leader).action_review()
        with self.assertRaises(UserError):
            report.with_user(self.seller).notes = "<p>changed</p>"

    def test_a_report_is_submitted_from_its_own_day_on(self):
        """At 03:00 on 7 December in Vietnam (20:00 on the 6th, UTC) the
        salesperson submits the report of the 7th; the one of the 8th waits for
        its day (refused in words, still a draft, no activity planned)."""
        self.seller.tz = "Asia/Ho_Chi_Minh"
        Report = self.env["crm.qci.daily.report"].with_user(self.seller)  # noqa: N806
        with freeze_time("2026-12-06 20:00:00"):
            today = Report.create({"date": date(2026, 12, 7)})
            today.action_submit()
            ahead = Report.create(
                {
                    "date": date(2026, 12, 8),
                    "plan_line_ids": [Command.create({"name": "Gọi lại"})],
                }
            )
            with self.assertRaises(UserError) as refused:
                ahead.action_submit()
        self.assertEqual(today.state, "submitted")
        self.assertIn("submit it from that day on", str(refused.exception))
        self.assertEqual(ahead.state, "draft")
        self.assertFalse(ahead.plan_line_ids.activity_id)

    def test_list_counts_each_salesperson_local_day_in_one_query(self):
        """Each report counts what its salesperson did on their own local day
        (Asia/Ho_Chi_Minh, UTC+7), and a list of reports costs the same queries
        as one report."""
        self.seller.tz = "Asia/Ho_Chi_Minh"
        self.leader.tz = "Asia/Ho_Chi_Minh"
        product = self.env["product.product"].create({"name": "Máy lọc"})

        def order(user, when, confirmed=False):
            sale = self.env["sale.order"].create(
                {
                    "partner_id": self.customer.id,
                    "user_id": user.id,
                    "order_line": [Command.create({"product_id": product.id})],
                }
            )
            if confirmed:
                sale.action_confirm()
            sale.date_order = when

        # 3 Dec 01:00 and 2 Dec 23:00 local time.
        order(self.seller, "2026-12-02 18:00:00")
        order(self.seller, "2026-12-02 16:00:00")
        order(self.seller, "2026-12-03 10:00:00", confirmed=True)
        order(self.leader, "2026-12-03 04:00:00")
        # Calls done at 23:30 on 3 Dec and 00:30 on 4 Dec local time; one more on
        # 3 Dec, on a lead of another company: not this company's work (as KPIs).
        other = self.env["res.company"].create({"name": "Chi nhánh Daily"})
        self.seller.company_ids |= other
        other_lead = self.env["crm.lead"].create(
            {"name": "Cơ hội khác", "company_id": other.id, "user_id": self.seller.id}
        )
        for record, when in (
            (self.customer, "2026-12-03 16:30:00"),
            (self.customer, "2026-12-03 17:30:00"),
            (other_lead, "2026-12-03 09:00:00"),
        ):
            with freeze_time(when):
                record.activity_schedule(
                    "mail.mail_activity_data_call", user_id=self.seller.id
                ).with_user(self.seller).action_feedback(feedback="Called")
        Report = self.env["crm.qci.daily.report"]
        reports = Report.create(
            [
                {"user_id": self.seller.id, "date": date(2026, 12, 3)},
                {"user_id": self.seller.id, "date": date(2026, 12, 2)},
                {"user_id": self.seller.id, "date": date(2026, 12, 4)},
                {"user_id": self.leader.id, "date": date(2026, 12, 3)},
            ]
        )
        figures = ["done_activity_count", "quotation_count", "order_count"]
        self.assertEqual(
            [tuple(report[name] for name in figures) for report in reports],
            [(1, 1, 1), (0, 1, 0), (1, 0, 0), (0, 1, 0)],
        )
        self.assertEqual(
            reports[0].quotation_ids.date_order,
            fields.Datetime.to_datetime("2026-12-02 18:00:00"),
        )
        self.assertEqual(reports[0].done_activity_ids.model, "res.partner")

        def queries_to_read(records):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            records.read(figures)
            return self.env.cr.sql_log_count - before

        self.assertEqual(queries_to_read(reports), queries_to_read(reports[0]))

    def test_care_tickets_closed_on_the_local_day_are_on_the_report(self):
        """A care agent's report lists the tickets they closed on their own
        local day (UTC+7), in the report's company; a salesperson without care
        rights reads their report without the tickets."""
        agent = new_test_user(
            self.env,
            login="daily_care_agent",
            groups="sales_team.group_sale_salesman,crm_care.group_care_agent",
            tz="Asia/Ho_Chi_Minh",
        )
        care_team = self.env["crm.care.team"].create(
            {"name": "Daily care", "member_ids": [Command.set(agent.ids)]}
        )
        solved = self.env.ref("crm_care.stage_solved")
        other = self.env["res.company"].create({"name": "Chi nhánh Daily care"})

        def closed(when, subject, **values):
            ticket = self.env["crm.care.ticket"].create(
                {
                    "subject": subject,
                    "partner_id": self.customer.id,
                    "team_id": care_team.id,
                    "user_id": agent.id,
                    **values,
                }
            )
            with freeze_time(when):
                ticket.stage_id = solved
            return ticket

        # 23:30 on 3 Dec, 00:30 on 4 Dec and 07:30 on 3 Dec local time.
        late = closed("2026-12-03 16:30:00", "Rò nước")
        closed("2026-12-03 17:30:00", "Đổi màu")
        early = closed("2026-12-03 00:30:00", "Hỏi giá")
        # Closed on 3 Dec by the agent for another company: not this report's.
        closed(
            "2026-12-03 03:00:00",
            "Chi nhánh",
            company_id=other.id,
            team_id=False,
        )
        # Still open: not closed on any day.
        self.env["crm.care.ticket"].create(
            {
                "subject": "Đang xử lý",
                "partner_id": self.customer.id,
                "user_id": agent.id,
            }
        )
        reports = self.env["crm.qci.daily.report"].create(
            [
                {"user_id": agent.id, "date": date(2026, 12, 3)},
                {"user_id": agent.id, "date": date(2026, 12, 2)},
            ]
        )
        self.assertEqual(reports[0].ticket_ids, late | early)
        self.assertEqual([report.ticket_count for report in reports], [2, 0])
        # The seller has no care rights: the report reads without the tickets.
        mine = (
            self.env["crm.qci.daily.report"]
            .with_user(self.seller)
            .create({"user_id": self.seller.id, "date": date(2026, 12, 3)})
        )
        self.assertEqual(mine.read(["order_count"])[0]["order_count"], 0)
        with self.assertRaises(AccessError):
            mine.read(["ticket_count"])

    def test_report_and_target_named_by_their_day_as_the_reader_writes_it(self):
        self.seller.name = "Trần Thị Bình"
        report = self.env["crm.qci.daily.report"].create(
            {"user_id": self.seller.id, "date": date(2026, 12, 3)}
        )
        target = self.env["crm.qci.target"].create(
            {"user_id": self.seller.id, "date_from": date(2026, 12, 1)}
        )
        self.env["res.lang"]._activate_lang("vi_VN")
        for lang, day, first in (
            ("en_US", "12/03/2026", "12/01/2026"),
            ("vi_VN", "03/12/2026", "01/12/2026"),
        ):
            self.assertEqual(
                report.with_context(lang=lang).display_name,
                f"Trần Thị Bình – {day}",
            )
            self.assertEqual(
                target.with_context(lang=lang).display_name,
                f"Trần Thị Bình – {first}",
            )
        # The report's form is titled so (not by the stored ISO date).
        form = Form(report.with_context(lang="vi_VN"))
        self.assertEqual(form.display_name, "Trần Thị Bình – 03/12/2026")

    def test_missing_reports_flagged_to_the_leader_once(self):
        Report = self.env["crm.qci.daily.report"]
        today = fields.Date.context_today(Report)
        # A Tuesday: yesterday was a working day.
        tuesday = today + timedelta(days=(1 - today.weekday()) % 7 or 7)
        with freeze_time(f"{tuesday} 05:00"):
            Report._cron_flag_missing()
            Report._cron_flag_missing()
        missing = Report.search(
            [
                ("user_id", "=", self.seller.id),
                ("date", "=", tuesday - timedelta(days=1)),
            ]
        )
        self.assertEqual(missing.state, "missing")
        self.assertEqual(len(missing.activity_ids), 1)
        self.assertEqual(missing.activity_ids.user_id, self.leader)
        self.assertFalse(
            Report.search(
                [
                    ("user_id", "=", self.leader.id),
                    ("date", "=", tuesday - timedelta(days=1)),
                ]
            )
        )


@tagged("post_install", "-at_install")
class TestDailyReportHolidays(TransactionCase):
    def _team_with_a_seller(self, prefix):
        """A sales team led by a team leader, with one salesperson (returned)."""
        seller = new_test_user(
            self.env, login=f"{prefix}_seller", groups="sales_team.group_sale_salesman"
        )
        leader = new_test_user(
            self.env,
            login=f"{prefix}_leader",
            groups="sales_team.group_sale_salesman_all_leads",
        )
        self.env["crm.team"].create(
            {
                "name": f"{prefix} team",
                "user_id": leader.id,
                "member_ids": [(6, 0, (seller | leader).ids)],
            }
        )
        return seller

    def test_no_report_is_missing_on_a_public_holiday(self):
        seller = self._team_with_a_seller("holiday")
        Report = self.env["crm.qci.daily.report"]
        company = self.env.company
        tz = company_tz(company)
        today = fields.Date.context_today(Report)
        tuesday = today + timedelta(days=(1 - today.weekday()) % 7 or 7)
        monday = tuesday - timedelta(days=1)
        # Monday is a public holiday of the company's calendar (a global leave).
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Giỗ Tổ Hùng Vương",
                "calendar_id": company.resource_calendar_id.id,
                "date_from": utc_start(tz, monday),
                "date_to": utc_start(tz, tuesday) - timedelta(seconds=1),
                "time_type": "leave",
            }
        )
        with freeze_time(f"{tuesday} 05:00"):
            Report._cron_flag_missing()
        self.assertFalse(
            Report.search([("user_id", "=", seller.id), ("date", "=", monday)])
        )
        # The day after the holiday is a working day again: Tuesday's report is
        # missing on Wednesday.
        with freeze_time(f"{tuesday + timedelta(days=1)} 05:00"):
            Report._cron_flag_missing()
        self.assertEqual(
            Report.search([("user_id", "=", seller.id), ("date", "=", tuesday)]).state,
            "missing",
        )

    def test_no_report_is_missing_on_tet_loaded_from_public_data(self):
        """Vietnam's public holidays loaded into the company's calendar: Tết
        2026 (Tuesday 17 February and the days around it) needs no report."""
        seller = self._team_with_a_seller("tet")
        company = self.env.company
        company.country_id = self.env.ref("base.vn")
        company.resource_calendar_id.tz = "Asia/Ho_Chi_Minh"
        company.resource_calendar_id._load_public_holidays([2026])
        Report = self.env["crm.qci.daily.report"]
        # Thursday 19 February, 08:00 in Hà Nội: Wednesday 18 (Tết) is a holiday.
        with freeze_time("2026-02-19 01:00"):
            Report._cron_flag_missing()
        # Wednesday 25 February: Tuesday 24 is a working day.
        with freeze_time("2026-02-25 01:00"):
            Report._cron_flag_missing()
        flagged = Report.search([("user_id", "=", seller.id)]).mapped("date")
        self.assertEqual(flagged, [date(2026, 2, 24)])


@tagged("post_install", "-at_install")
class TestDailyReportTour(SuiteHttpCase):
    def test_salesperson_fills_and_submits_a_daily_report(self):
        seller = new_test_user(
            self.env, login="daily_tour", groups="sales_team.group_sale_salesman"
        )
        self.start_tour(
            "/odoo/action-crm_qci.crm_qci_daily_report_action",
            "crm_qci_daily_report",
            login="daily_tour",
        )
        report = self.env["crm.qci.daily.report"].search([("user_id", "=", seller.id)])
        self.assertEqual(report.state, "submitted")
        self.assertIn("Gặp 3 khách hàng", report.notes)
        self.assertEqual(report.plan_line_ids.name, "Gọi lại Công ty Sao Việt")
        self.assertTrue(report.plan_line_ids.activity_id)
