"""Records that hold history are archived, not deleted; important fields are tracked."""

from datetime import date

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

# Fields whose every change is written in the record's chatter.
TRACKED = {
    "crm.care.ticket": [
        "subject",
        "partner_id",
        "stage_id",
        "user_id",
        "team_id",
        "priority",
        "sla_status",
    ],
    "crm.care.contract": [
        "name",
        "partner_id",
        "state",
        "date_start",
        "date_end",
        "value",
        "user_id",
    ],
    "crm.qci.assessment": ["state"],
    "crm.qci.target": ["revenue_target", "user_id", "team_id"],
    "crm.idic.segment": ["name", "rule_domain"],
}


@tagged("post_install", "-at_install", "crm_suite")
class TestNothingLost(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.customer = cls.env["res.partner"].create({"name": "Lost-not customer"})

    def test_important_fields_are_tracked(self):
        for model, names in TRACKED.items():
            for name in names:
                with self.subTest(model=model, field=name):
                    self.assertTrue(self.env[model]._fields[name].tracking)

    def test_answered_ticket_is_archived_not_deleted(self):
        Ticket = self.env["crm.care.ticket"]
        fresh = Ticket.create({"subject": "Typo", "partner_id": self.customer.id})
        fresh.unlink()
        self.assertFalse(fresh.exists())
        answered = Ticket.create({"subject": "Kettle", "partner_id": self.customer.id})
        answered.with_user(self.env.ref("base.user_admin")).message_post(
            body="We will replace it.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertTrue(answered.first_response_date)
        with self.assertRaises(UserError):
            answered.unlink()
        answered.action_archive()
        self.assertFalse(answered.active)
        self.assertTrue(answered.exists())

    def test_started_assessment_is_archived_not_deleted(self):
        Assessment = self.env["crm.qci.assessment"]
        values = {"date_from": date(2026, 7, 1), "date_to": date(2026, 9, 30)}
        draft = Assessment.create({"name": "Draft QCI", **values})
        draft.unlink()
        self.assertFalse(draft.exists())
        started = Assessment.create({"name": "Started QCI", **values})
        started.action_start()
        with self.assertRaises(UserError):
            started.unlink()
        started.action_archive()
        self.assertFalse(started.active)

    def test_running_contract_is_archived_not_deleted(self):
        contract = self.env["crm.care.contract"].create(
            {
                "name": "Maintenance",
                "partner_id": self.customer.id,
                "date_start": "2026-01-01",
            }
        )
        contract.state = "running"
        with self.assertRaises(UserError):
            contract.unlink()
        self.assertTrue(contract.exists())
