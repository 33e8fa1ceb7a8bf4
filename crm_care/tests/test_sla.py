from datetime import datetime

from freezegun import freeze_time

from odoo.tests import tagged

from ..tools import work_hours_between
from .common import CareCommon

FRIDAY_15H = datetime(2026, 11, 20, 15, 0)


@tagged("post_install", "-at_install")
class TestSla(CareCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Monday 23 November 2026 is a public holiday.
        cls.env["resource.calendar.leaves"].create(
            {
                "name": "Public holiday",
                "calendar_id": cls.calendar.id,
                "date_from": datetime(2026, 11, 23, 0, 0),
                "date_to": datetime(2026, 11, 23, 23, 59, 59),
            }
        )

    def _answered_ticket(self):
        with freeze_time(FRIDAY_15H):
            ticket = self._ticket()
        with freeze_time(datetime(2026, 11, 20, 16, 0)):
            ticket.with_user(self.agent).message_post(
                body="We are on it",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        return ticket

    def test_deadlines_count_working_hours_skip_weekend_and_holiday(self):
        with freeze_time(FRIDAY_15H):
            ticket = self._ticket()
        # First response: 2 h from Friday 15:00 -> Friday 17:00.
        self.assertEqual(
            ticket.sla_first_response_deadline, datetime(2026, 11, 20, 17, 0)
        )
        # Resolution: 16 h = Fri 15-17 (2) + Tue 8-12, 13-17 (8) + Wed 8-12 (4) + 13-15
        # (2); the weekend and Monday's holiday do not count -> Wednesday 15:00.
        self.assertEqual(ticket.sla_resolution_deadline, datetime(2026, 11, 25, 15, 0))
        # The next deadline, on the kanban card: the first response's while the
        # customer waits for it, then the resolution's.
        self.assertEqual(ticket.sla_deadline, datetime(2026, 11, 20, 17, 0))
        with freeze_time(datetime(2026, 11, 20, 16, 0)):
            ticket.with_user(self.agent).message_post(
                body="We are on it",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        self.assertEqual(ticket.sla_deadline, datetime(2026, 11, 25, 15, 0))

    def test_first_response_recorded_from_the_agents_reply(self):
        ticket = self._answered_ticket()
        self.assertEqual(ticket.first_response_date, datetime(2026, 11, 20, 16, 0))

    def test_status_on_track_at_risk_failed_and_failed_stays_failed(self):
        ticket = self._answered_ticket()
        # Tuesday 9:00: 13 working hours left of 16 -> on track.
        self.assertEqual(
            ticket._sla_status_at(datetime(2026, 11, 24, 9, 0)), "on_track"
        )
        # Wednesday 13:00: 2 h left < 20% of 16 h -> at risk.
        self.assertEqual(
            ticket._sla_status_at(datetime(2026, 11, 25, 13, 0)), "at_risk"
        )
        with freeze_time(datetime(2026, 11, 25, 15, 30)):
            ticket._refresh_sla_status()
            self.assertEqual(ticket.sla_status, "failed")
            ticket.stage_id = self.stage_waiting
            ticket.stage_id = self.stage_solved
        self.assertEqual(ticket.sla_status, "failed")

    def test_hours_of_many_spans_equal_the_calendars_own_count(self):
        # Starts in the morning, at lunch, at night, on the weekend and on the
        # holiday; ends from the same day to the week after.
        starts = [
            datetime(2026, 11, 20, 7, 30),
            datetime(2026, 11, 20, 12, 30),
            datetime(2026, 11, 20, 15, 10),
            datetime(2026, 11, 21, 10, 0),
            datetime(2026, 11, 23, 9, 0),
            datetime(2026, 11, 24, 16, 45),
        ]
        ends = [
            datetime(2026, 11, 20, 17, 0),
            datetime(2026, 11, 24, 10, 20),
            datetime(2026, 11, 25, 15, 0),
            datetime(2026, 12, 1, 12, 30),
        ]
        spans = [(start, end) for start in starts for end in ends if start <= end]
        expected = [self.calendar.get_work_hours_count(*span) for span in spans]
        got = work_hours_between(self.calendar, spans)
        self.assertEqual(
            [round(hours, 6) for hours in got], [round(h, 6) for h in expected]
        )
        self.assertGreater(sum(expected), 100)

    def test_refresh_of_several_tickets_at_once(self):
        early = self._answered_ticket()  # resolution deadline Wednesday 15:00
        with freeze_time(datetime(2026, 11, 24, 9, 0)):
            late = self._ticket()
            late.with_user(self.agent).message_post(
                body="Looking", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        with freeze_time(datetime(2026, 11, 25, 13, 0)):
            (early | late)._refresh_sla_status()
        # 2 h left of 16 for the first (at risk); 5 h for the second (due
        # Thursday 9:00): on track.
        self.assertEqual((early.sla_status, late.sla_status), ("at_risk", "on_track"))

    def test_unanswered_ticket_fails_after_the_first_response_deadline(self):
        with freeze_time(FRIDAY_15H):
            ticket = self._ticket()
        self.assertEqual(
            ticket._sla_status_at(datetime(2026, 11, 20, 16, 59)), "on_track"
        )
        self.assertEqual(ticket._sla_status_at(datetime(2026, 11, 20, 17, 1)), "failed")

    def test_pause_keeps_used_time_and_moves_the_deadline(self):
        ticket = self._answered_ticket()
        with freeze_time(datetime(2026, 11, 24, 10, 0)):
            ticket.stage_id = self.stage_waiting
        self.assertEqual(ticket.sla_pause_start, datetime(2026, 11, 24, 10, 0))
        # Paused at Tuesday 10:00 the clock stops: the status is frozen there.
        self.assertEqual(
            ticket._sla_status_at(datetime(2026, 11, 30, 9, 0)), "on_track"
        )
        with freeze_time(datetime(2026, 11, 25, 10, 0)):
            ticket.stage_id = self.stage_progress
        # Paused Tue 10-12, 13-17 and Wed 8-10: 8 working hours. 24 h from Friday 15:00
        # -> Fri 2 + Tue 8 + Wed 8 + Thu 8-12, 13-15 -> Thursday 15:00.
        self.assertEqual(ticket.sla_paused_hours, 8.0)
        self.assertEqual(ticket.sla_resolution_deadline, datetime(2026, 11, 26, 15, 0))
        with freeze_time(datetime(2026, 11, 26, 14, 0)):
            ticket.stage_id = self.stage_solved
        self.assertEqual(ticket.sla_status, "met")
        self.assertEqual(ticket.closed_date, datetime(2026, 11, 26, 14, 0))

    def test_working_hours_to_first_response_and_to_close(self):
        ticket = self._answered_ticket()
        self.assertEqual((ticket.first_response_hours, ticket.close_hours), (1.0, 0.0))
        with freeze_time(datetime(2026, 11, 24, 10, 0)):
            ticket.stage_id = self.stage_waiting
        with freeze_time(datetime(2026, 11, 25, 10, 0)):
            ticket.stage_id = self.stage_progress
        with freeze_time(datetime(2026, 11, 26, 14, 0)):
            ticket.stage_id = self.stage_solved
        # Friday 15:00 to Thursday 14:00: Fri 2 + Tue 8 + Wed 8 + Thu 4 + 1 = 23
        # working hours (the weekend and Monday's holiday do not count), less the
        # 8 waiting for the customer (Tue 10:00 to Wed 10:00) = 15.
        self.assertEqual((ticket.first_response_hours, ticket.close_hours), (1.0, 15.0))
        # Closed unanswered on Tuesday 9:00: Fri 2 + Tue 1 = 3 to both.
        with freeze_time(FRIDAY_15H):
            silent = self._ticket()
        with freeze_time(datetime(2026, 11, 24, 9, 0)):
            silent.stage_id = self.stage_solved
        self.assertEqual((silent.first_response_hours, silent.close_hours), (3.0, 3.0))
        # The analysis averages them per team: (15 + 3) / 2 and (1 + 3) / 2.
        with freeze_time(FRIDAY_15H):
            self._ticket()
        [[close, first]] = self.env["crm.care.ticket"]._read_group(
            [("team_id", "=", self.team.id), ("is_closed", "=", True)],
            aggregates=["close_hours:avg", "first_response_hours:avg"],
        )
        self.assertEqual((close, first), (9.0, 2.0))
        # Without the "Closed" filter the open ticket (neither answered nor
        # closed) is left out of both averages; the answered open one counts to
        # the first response only: (15 + 3) / 2 and (1 + 3 + 1) / 3.
        self._answered_ticket()
        [[close, first, count]] = self.env["crm.care.ticket"]._read_group(
            [("team_id", "=", self.team.id)],
            aggregates=["close_hours:avg", "first_response_hours:avg", "__count"],
        )
        self.assertEqual((close, round(first, 4), count), (9.0, round(5 / 3, 4), 4))
        self.assertEqual(
            self.env.ref("crm_care.crm_care_ticket_action_analysis").context,
            "{'search_default_closed': 1}",
        )

    def test_the_scheduled_actions_changes_are_logged_in_the_companys_language(self):
        """The SLA check runs as OdooBot, in English; the company's staff read
        Vietnamese: its "On track → Failed" is logged in Vietnamese. A change
        an agent makes stays in the agent's language."""
        ticket = self._answered_ticket()
        self._speaks_vietnamese(ticket.company_id.partner_id)
        tracked = {"tracking_disable": False, "mail_notrack": False, "lang": "en_US"}
        odoobot = self.env.ref("base.user_root")
        with freeze_time(datetime(2026, 11, 25, 16, 0)):
            Ticket = self.env["crm.care.ticket"].with_user(odoobot)
            Ticket.with_context(**tracked)._cron_check_sla()
        self.env.flush_all()
        self.env.cr.precommit.run()
        ticket.with_user(self.agent).with_context(**tracked).priority = "2"
        self.env.flush_all()
        self.env.cr.precommit.run()
        ticket.invalidate_recordset(["message_ids"])

        def logged(field):
            values = ticket.message_ids.tracking_value_ids.filtered(
                lambda value: value.field_id.name == field
            )
            return [(value.old_value_char, value.new_value_char) for value in values]

        self.assertEqual(logged("sla_status"), [("Đúng tiến độ", "Trễ hạn")])
        self.assertEqual(logged("priority"), [("Low", "High")])

    def test_leader_told_once_per_ticket_and_level(self):
        ticket = self._answered_ticket()
        Ticket = self.env["crm.care.ticket"]
        todo = self.env.ref("mail.mail_activity_data_todo")

        def leader_activities():
            return ticket.activity_ids.filtered(
                lambda a: a.user_id == self.leader and a.activity_type_id == todo
            )

        with freeze_time(datetime(2026, 11, 25, 13, 0)):
            Ticket._cron_check_sla()
            Ticket._cron_check_sla()
        self.assertEqual(ticket.sla_status, "at_risk")
        self.assertEqual(len(leader_activities()), 1)
        with freeze_time(datetime(2026, 11, 25, 16, 0)):
            Ticket._cron_check_sla()
            Ticket._cron_check_sla()
        self.assertEqual(ticket.sla_status, "failed")
        self.assertEqual(len(leader_activities()), 2)
