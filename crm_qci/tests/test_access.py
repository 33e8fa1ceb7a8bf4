from datetime import date

from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestQciAccess(TransactionCase):
    def test_salesperson_own_leader_team_manager_all(self):
        env = self.env
        seller = new_test_user(
            env, login="acc_seller", groups="sales_team.group_sale_salesman"
        )
        other = new_test_user(
            env, login="acc_other", groups="sales_team.group_sale_salesman"
        )
        leader = new_test_user(
            env, login="acc_leader", groups="sales_team.group_sale_salesman_all_leads"
        )
        outsider = new_test_user(
            env, login="acc_outsider", groups="sales_team.group_sale_salesman"
        )
        manager = new_test_user(
            env, login="acc_manager", groups="sales_team.group_sale_manager"
        )
        env["crm.team"].create(
            {
                "name": "Access team",
                "user_id": leader.id,
                "member_ids": [(6, 0, (seller | other).ids)],
            }
        )
        env["crm.team"].create(
            {"name": "Other team", "member_ids": [(6, 0, outsider.ids)]}
        )
        Snapshot = env["crm.qci.kpi.snapshot"]
        snaps = Snapshot.create(
            [
                {
                    "month": date(2026, 10, 1),
                    "user_id": user.id,
                    "team_id": user.sale_team_id.id,
                    "company_id": env.company.id,
                }
                for user in (seller, other, outsider)
            ]
        )
        Report = env["crm.qci.daily.report"]
        reports = Report.create(
            [
                {"user_id": user.id, "date": date(2026, 10, 2)}
                for user in (seller, other, outsider)
            ]
        )

        def visible(model, user, records):
            return (
                model.with_user(user)
                .search([("id", "in", records.ids)])
                .mapped("user_id")
            )

        self.assertEqual(visible(Snapshot, seller, snaps), seller)
        self.assertEqual(visible(Report, seller, reports), seller)
        self.assertEqual(visible(Snapshot, leader, snaps), seller | other)
        self.assertEqual(visible(Report, leader, reports), seller | other)
        self.assertEqual(visible(Snapshot, manager, snaps), seller | other | outsider)
        self.assertEqual(visible(Report, manager, reports), seller | other | outsider)
