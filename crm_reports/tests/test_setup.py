from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestSuiteSetup(TransactionCase):
    def test_defaults_in_place_and_saved_on_the_company(self):
        company = self.env.company
        setup = self.env["crm.reports.setup"].create({})
        # The current values (the defaults on a new company) are offered.
        self.assertEqual(setup.idic_weight_identify, company.idic_weight_identify)
        self.assertEqual(setup.aging_days_4, company.aging_days_4)
        self.assertTrue(setup.contract_reminder_offsets)
        setup.write(
            {
                "idic_weight_identify": 10,
                "idic_weight_differentiate": 40,
                "idic_weight_interact": 30,
                "idic_weight_customize": 20,
                "aging_days_1": 15,
                "contract_reminder_offsets": "60, 14",
            }
        )
        setup.action_save()
        self.assertEqual(company._idic_component_weights(), (10, 40, 30, 20))
        self.assertEqual(company.aging_days_1, 15)
        self.assertEqual(self.env["crm.care.contract"]._renewal_offsets(), [60, 14])

    def test_wrong_values_are_refused_and_nothing_saved(self):
        company = self.env.company
        before = company._idic_component_weights()
        # The form's values reach the company when the form is saved (create),
        # before the button runs: both are refused together.
        with self.assertRaises(ValidationError):
            setup = self.env["crm.reports.setup"].create({"idic_weight_identify": 90})
            setup.action_save()
        self.assertEqual(company._idic_component_weights(), before)
        with self.assertRaises(ValidationError):
            setup = self.env["crm.reports.setup"].create(
                {"aging_days_1": 200, "contract_reminder_offsets": "60"}
            )
            setup.action_save()
        self.assertEqual(company.aging_days_1, 30)
        setup = self.env["crm.reports.setup"].create(
            {"contract_reminder_offsets": "soon"}
        )
        with self.assertRaises(ValidationError):
            setup.action_save()

    def test_status_of_care_teams_and_opened_after_installation(self):
        team = self.env["crm.care.team"].create({"name": "Setup team"})
        setup = self.env["crm.reports.setup"].create({})
        self.assertGreaterEqual(setup.care_teams_without_sla, 1)
        before = setup.care_teams_without_sla
        self.env["crm.care.sla"].create({"name": "Setup SLA", "team_id": team.id})
        setup.invalidate_recordset()
        self.assertEqual(setup.care_teams_without_sla, before - 1)
        # Installing the suite queued the set-up for the administrator.
        todo = self.env.ref("crm_reports.crm_reports_setup_todo")
        self.assertEqual(
            todo.action_id.id, self.env.ref("crm_reports.crm_reports_setup_action").id
        )
