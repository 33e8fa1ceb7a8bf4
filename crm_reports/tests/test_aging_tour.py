from datetime import timedelta

from odoo import Command, fields
from odoo.tests import tagged

from odoo.addons.crm_idic.tests.common import SuiteHttpCase


@tagged("post_install", "-at_install")
class TestAgingTour(SuiteHttpCase):
    def test_accountant_opens_aging_drills_down_and_sends_a_reminder(self):
        admin = self.env.ref("base.user_admin")
        # The screen opens on the accountant's (admin's) company: work there.
        self.env = self.env(
            context=dict(self.env.context, allowed_company_ids=admin.company_id.ids)
        )
        today = fields.Date.context_today(self.env.user)
        customer = self.env["res.partner"].create(
            {"name": "Aging Tour Customer", "email": "tour.aging@example.com"}
        )
        policy = self.env["crm.reports.credit.policy"].create(
            {
                "name": "Tour policy",
                "company_id": admin.company_id.id,
                "level_ids": [
                    Command.create(
                        {
                            "name": "Tour gentle",
                            "days_overdue": 7,
                            "mail_template_id": self.env.ref(
                                "crm_reports.mail_template_dunning_gentle"
                            ).id,
                        }
                    )
                ],
            }
        )
        customer.with_company(admin.company_id).credit_policy_id = policy
        due = today - timedelta(days=12)
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": customer.id,
                "invoice_date": due,
                "invoice_date_due": due,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "x",
                            "quantity": 1,
                            "price_unit": 1000,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        invoice.action_post()
        invoice.invoice_date_due = due
        self.start_tour(
            "/odoo/action-crm_reports.crm_reports_aging_wizard_action",
            "crm_reports_aging",
            login="admin",
        )
        log = self.env["crm.reports.alert.log"].search(
            [("move_id", "=", invoice.id), ("event", "=", "reminder")]
        )
        self.assertEqual(len(log), 1)
        self.assertEqual(log.level_id, policy.level_ids)
        self.assertTrue(
            customer.message_ids.filtered(
                lambda m: "reminder of invoices past due" in (m.subject or "")
            )
        )
