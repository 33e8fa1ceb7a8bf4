from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestWorkload(TransactionCase):
    def test_open_work_per_salesperson_and_spread_per_team(self):
        busy, calm = (
            new_test_user(
                self.env, login=login, groups="sales_team.group_sale_salesman"
            )
            for login in ("qci_busy", "qci_calm")
        )
        team = self.env["crm.team"].create(
            {"name": "Workload team", "member_ids": [(6, 0, (busy | calm).ids)]}
        )
        Lead = self.env["crm.lead"]
        for index in range(3):
            Lead.create(
                {"name": f"B{index}", "type": "opportunity", "user_id": busy.id}
            )
        Lead.create({"name": "C", "type": "opportunity", "user_id": calm.id})
        care_team = self.env["crm.care.team"].create({"name": "Care"})
        self.env["crm.care.ticket"].create(
            {"subject": "T", "team_id": care_team.id, "user_id": calm.id}
        )
        self.env.flush_all()
        # A lead of another company does not weigh on this company's workload.
        other = self.env["res.company"].create({"name": "Workload B"})
        busy.company_ids |= other
        Lead.create(
            {
                "name": "Elsewhere",
                "type": "opportunity",
                "user_id": busy.id,
                "company_id": other.id,
            }
        )
        self.env.flush_all()
        rows = {
            row.user_id: (row.open_opportunities, row.open_tickets, row.total)
            for row in self.env["crm.qci.workload"].search(
                [("team_id", "=", team.id), ("company_id", "=", self.env.company.id)]
            )
        }
        self.assertEqual(rows, {busy: (3, 0, 3), calm: (1, 1, 2)})
        # Loads 3 and 2: mean 2.5, population deviation 0.5 -> CV 0.2.
        self.assertAlmostEqual(team.qci_workload_cv, 0.2)
