from datetime import datetime, timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from odoo.addons.crm_qci.tests.common import QciCommon
from odoo.addons.crm_qci.wizard.crm_qci_leaderboard import rank_scores


@tagged("post_install", "-at_install")
class TestKpis(QciCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team = cls.sales_team
        Lead = cls.env["crm.lead"]
        won_stage = cls.env["crm.stage"].search([("is_won", "=", True)], limit=1)

        def lead(name, revenue, probability=10):
            return Lead.create(
                {
                    "name": name,
                    "type": "opportunity",
                    "user_id": cls.seller.id,
                    "expected_revenue": revenue,
                    "probability": probability,
                }
            )

        # Won: 100 after 10 days, 300 after 30; one lost; open: 1000 at 50%, 400 at 25%.
        cls.won = lead("Won A", 100) | lead("Won B", 300)
        cls.won.write({"stage_id": won_stage.id, "probability": 100})
        lost = lead("Lost", 50)
        lost.action_set_lost()
        lead("Open A", 1000, 50)
        lead("Open B", 400, 25)
        closed = datetime.combine(cls.today - timedelta(days=5), datetime.min.time())
        (cls.won | lost).write({"date_closed": closed})
        cls.env.flush_all()
        for record, days in ((cls.won[0], 10), (cls.won[1], 30), (lost, 1)):
            cls.env.cr.execute(
                "UPDATE crm_lead SET create_date = %s WHERE id = %s",
                [closed - timedelta(days=days), record.id],
            )
        cls.env.invalidate_all()
        # Customers: A's first order is in the period; B ordered before the period.
        cls.customer_a = cls.env["res.partner"].create({"name": "Customer A"})
        cls.customer_b = cls.env["res.partner"].create({"name": "Customer B"})
        cls._order(cls.customer_b, 100, 90, "sale")
        cls._order(cls.customer_a, 200, 20, "sale")
        cls._order(cls.customer_b, 100, 15, "sale")
        cls._order(cls.customer_a, 50, 3, "sent")
        # Invoiced 1000, credit note 300.
        for move_type, amount in (("out_invoice", 1000), ("out_refund", 300)):
            cls._invoice(
                cls.customer_a, amount, 2, move_type, invoice_user_id=cls.seller.id
            )

    @classmethod
    def _order(cls, partner, amount, days_ago, state):
        return super()._order(partner, amount, days_ago, state, user_id=cls.seller.id)

    def test_exact_kpis_of_a_salesperson(self):
        result = self.env["crm.qci.kpi"].compute_kpis(
            self.today - timedelta(days=60),
            self.today,
            user_ids=self.seller.ids,
            team_ids=self.team.ids,
        )
        kpis = result["users"][str(self.seller.id)]
        self.assertEqual((kpis["won_count"], kpis["lost_count"]), (2, 1))
        self.assertAlmostEqual(kpis["win_rate"], 2 / 3)
        self.assertEqual(kpis["won_revenue"], 400)
        self.assertAlmostEqual(kpis["avg_cycle_days"], 20.0)
        self.assertEqual(kpis["open_opportunities"], 2)
        self.assertAlmostEqual(kpis["open_pipeline"], 600.0)
        # 2 open x average won deal 200 x win rate 2/3 / 20 days.
        self.assertAlmostEqual(kpis["sales_velocity"], 2 * 200 * (2 / 3) / 20)
        self.assertEqual(kpis["invoiced_revenue"], 700.0)
        self.assertEqual(kpis["new_customers"], 1)
        # In the period: 2 confirmed and 1 sent -> 3 sent, 2 confirmed.
        self.assertEqual((kpis["quotes_sent"], kpis["quotes_confirmed"]), (3, 2))
        self.assertAlmostEqual(kpis["quote_acceptance"], 2 / 3)
        self.assertEqual(kpis["leads_created"], 5)
        team = result["teams"][str(self.team.id)]
        self.assertEqual(team["won_count"], 2)
        self.assertAlmostEqual(team["win_rate"], 2 / 3)

    def test_kpis_over_rpc_only_for_staff_who_see_them(self):
        """compute_kpis answers JSON-RPC and XML-RPC: a customer on the portal
        reads nobody's figures, a salesperson only their own, a team leader
        (who sees every salesperson's documents) everyone's."""
        Kpi = self.env["crm.qci.kpi"]
        period = (self.today - timedelta(days=60), self.today)
        portal = new_test_user(self.env, "kpi_rpc_portal", groups="base.group_portal")
        leader = self._salesperson(
            "kpi_rpc_leader", groups="sales_team.group_sale_salesman_all_leads"
        )
        refused = [
            (portal, {"user_ids": portal.ids}),
            (self.seller, {}),
            (self.seller, {"user_ids": (self.seller | leader).ids}),
            (self.seller, {"user_ids": self.seller.ids, "team_ids": self.team.ids}),
        ]
        for user, kwargs in refused:
            with self.subTest(user=user.login, **kwargs):
                with self.assertRaises(AccessError):
                    Kpi.with_user(user).compute_kpis(*period, **kwargs)
        # Their own: the 2 deals won and 700 invoiced (1,000 less the 300 refund).
        own = Kpi.with_user(self.seller).compute_kpis(*period, user_ids=self.seller.ids)
        mine = own["users"][str(self.seller.id)]
        self.assertEqual((mine["won_count"], mine["invoiced_revenue"]), (2, 700))
        everyone = Kpi.with_user(leader).compute_kpis(*period)
        self.assertEqual(
            everyone["users"][str(self.seller.id)]["invoiced_revenue"], 700
        )

    def test_period_inverted_refused(self):
        with self.assertRaises(UserError):
            self.env["crm.qci.kpi"].compute_kpis(
                self.today, self.today - timedelta(days=1)
            )

    def test_snapshot_of_a_closed_month_is_not_rewritten(self):
        Snapshot = self.env["crm.qci.kpi.snapshot"]
        # The month of the invoices (dated two days ago).
        month = (self.today - timedelta(days=2)).replace(day=1)

        def seller_revenue(snapshots):
            return snapshots.filtered(
                lambda s: s.user_id == self.seller
            ).invoiced_revenue

        first = Snapshot._take(month, self.env.company)
        self.assertEqual(seller_revenue(first), 700.0)
        # A new invoice in that month: taking the month again changes nothing...
        self._invoice(self.customer_b, 300, 2, invoice_user_id=self.seller.id)
        self.assertEqual(Snapshot._take(month, self.env.company), first)
        self.assertEqual(seller_revenue(first), 700.0)
        # ...unless a sales manager asks for it; a salesperson cannot.
        with self.assertRaisesRegex(UserError, "Only a sales manager can take"):
            Snapshot.with_user(self.seller)._take(month, self.env.company, force=True)
        forced = Snapshot._take(month, self.env.company, force=True)
        self.assertEqual(seller_revenue(forced), 1000.0)

    def test_target_attainment_and_notifications_once_each(self):
        target = self.env["crm.qci.target"].create(
            {
                "user_id": self.seller.id,
                "date_from": (self.today - timedelta(days=2)).replace(day=1),
                "period": "quarter",
                "revenue_target": 1000.0,
            }
        )
        # Invoiced 700 of 1000 in the period: 70%, the 50% notice, once.
        self.assertAlmostEqual(target.revenue_actual, 700.0)
        self.assertAlmostEqual(target.revenue_attainment, 70.0)
        Target = self.env["crm.qci.target"]
        Target._cron_target_notifications()
        Target._cron_target_notifications()
        notices = target.message_ids.filtered(
            lambda m: "of the revenue target" in (m.body or "")
        )
        self.assertEqual(len(notices), 1)
        self.assertIn("50%", notices.body)
        # Amounts as money: 700 of 1,000 in the company's currency (USD here).
        self.assertIn("($&nbsp;700.00 of $&nbsp;1,000.00)", notices.body)
        self.assertEqual(target.revenue_notified, 50)
        # Raising the actual to 100%: one more notice, for 100% (90% is passed by),
        # in the company's language whoever runs the scheduled action.
        self.env["res.lang"]._activate_lang("vi_VN")
        self.env.company.partner_id.lang = "vi_VN"
        target.revenue_target = 700.0
        Target._cron_target_notifications()
        self.assertEqual(target.revenue_notified, 100)
        self.assertIn(
            "đã đạt 100% chỉ tiêu doanh thu ($&nbsp;700,00 trên $&nbsp;700,00)",
            target.message_ids[0].body,
        )

    def test_target_is_for_one_salesperson_or_one_team(self):
        with self.assertRaises(ValidationError):
            self.env["crm.qci.target"].create({"revenue_target": 10})
        with self.assertRaises(ValidationError):
            self.env["crm.qci.target"].create(
                {"user_id": self.seller.id, "team_id": self.team.id}
            )

    def test_the_snapshot_analysis_averages_rates_and_adds_amounts(self):
        other = new_test_user(self.env, login="qci_rates_other", name="Other seller")
        month = datetime(2020, 1, 1).date()
        snapshots = self.env["crm.qci.kpi.snapshot"].create(
            [
                {
                    "month": month,
                    "user_id": user.id,
                    "company_id": self.env.company.id,
                    "win_rate": win_rate,
                    "sla_compliance": sla,
                    "avg_cycle_days": cycle,
                    "invoiced_revenue": revenue,
                    "won_count": won,
                }
                for user, win_rate, sla, cycle, revenue, won in (
                    (self.seller, 0.5, 1.0, 10.0, 100.0, 1),
                    (other, 1.0, 0.5, 30.0, 50.0, 3),
                )
            ]
        )
        # The pivot of the month: rates and days averaged over the two
        # salespeople, (0.5 + 1) / 2, (1 + 0.5) / 2, (10 + 30) / 2; amounts
        # and counts added.
        (group,) = snapshots.read_group(
            [("id", "in", snapshots.ids)],
            ["win_rate", "sla_compliance", "avg_cycle_days", "invoiced_revenue"]
            + ["won_count"],
            ["month"],
        )
        self.assertAlmostEqual(group["win_rate"], 0.75)
        self.assertAlmostEqual(group["sla_compliance"], 0.75)
        self.assertAlmostEqual(group["avg_cycle_days"], 20.0)
        self.assertAlmostEqual(group["invoiced_revenue"], 150.0)
        self.assertEqual(group["won_count"], 4)

    def test_a_rate_with_nothing_to_measure_is_left_out_of_the_average(self):
        """The seller won 2 opportunities and lost 1 in the month (2/3); another
        salesperson only invoiced: their win rate is empty, not 0 %, and the
        month's average win rate is the seller's 2/3, not (2/3 + 0) / 2 = 1/3."""
        other = self._salesperson("qci_rates_none")
        self._invoice(self.customer_b, 500, 5, invoice_user_id=other.id)
        month = (self.today - timedelta(days=5)).replace(day=1)
        snapshots = self.env["crm.qci.kpi.snapshot"]._take(month, self.env.company)
        ours = snapshots.filtered(
            lambda snapshot: snapshot.user_id in self.seller | other
        )
        self.assertEqual(len(ours), 2)
        (group,) = ours.read_group([("id", "in", ours.ids)], ["win_rate"], ["month"])
        self.assertAlmostEqual(group["win_rate"], 2 / 3, places=4)
        # Kept: the seller's rate; empty: the other's, and everyone's SLA
        # compliance and satisfaction (neither had a ticket or a rating).
        self.env.cr.execute(
            "SELECT user_id, win_rate, sla_compliance, csat_avg"
            " FROM crm_qci_kpi_snapshot WHERE id = ANY(%s)",
            [ours.ids],
        )
        rows = {user_id: rest for user_id, *rest in self.env.cr.fetchall()}
        self.assertAlmostEqual(rows[self.seller.id][0], 2 / 3, places=4)
        self.assertEqual(rows[self.seller.id][1:], [None, None])
        self.assertEqual(rows[other.id], [None, None, None])

    def test_leaderboard_composite_ranks_the_best_first(self):
        kpis = {
            1: {
                "invoiced_revenue": 100,
                "new_customers": 2,
                "win_rate": 0.5,
                "activities_done": 10,
                "sla_compliance": 1.0,
            },
            2: {
                "invoiced_revenue": 50,
                "new_customers": 1,
                "win_rate": 1.0,
                "activities_done": 0,
                "sla_compliance": 0.0,
            },
        }
        scores = rank_scores(kpis, "composite")
        # 1: 40 + 20 + 20 x 0.5 + 10 + 10 = 90; 2: 40 x 0.5 + 20 x 0.5 + 20 = 50.
        self.assertAlmostEqual(scores[1], 90.0)
        self.assertAlmostEqual(scores[2], 50.0)
        self.assertEqual(rank_scores(kpis, "invoiced_revenue"), {1: 100.0, 2: 50.0})
        # A month when nobody won an opportunity nor had a ticket under an SLA:
        # the composite is over revenue, new customers and activities (70).
        # 1: (40 + 20 + 10) x 100 / 70 = 100; 2: (40 x 0.5 + 20 x 0.5) x 100 / 70.
        for values in kpis.values():
            values.update(win_rate=0.0, sla_compliance=0.0)
        scores = rank_scores(kpis, "composite")
        self.assertAlmostEqual(scores[1], 100.0)
        self.assertAlmostEqual(scores[2], 3000 / 70)
        self.assertEqual(
            rank_scores({1: dict.fromkeys(kpis[1], 0)}, "composite"), {1: 0.0}
        )
        board = self.env["crm.qci.leaderboard"].create(
            {
                "date_from": self.today - timedelta(days=60),
                "date_to": self.today,
                "metric": "invoiced_revenue",
            }
        )
        # An invoice the system made (OdooBot's): revenue, but no one to rank.
        self._invoice(
            self.customer_b, 50, 2, invoice_user_id=self.env.ref("base.user_root").id
        )
        board.action_rank()
        seller_line = board.line_ids.filtered(lambda line: line.user_id == self.seller)
        self.assertEqual(seller_line.invoiced_revenue, 700.0)
        self.assertEqual(seller_line.currency_id, self.env.company.currency_id)
        self.assertNotIn(self.env.ref("base.user_root"), board.line_ids.user_id)
        self.assertEqual(board.line_ids.sorted("rank").mapped("rank")[:1], [1])

    def test_posted_contract_invoices_count_in_the_salespersons_revenue(self):
        service = self.env["product.product"].create(
            {"name": "Bảo trì", "type": "service", "taxes_id": [Command.clear()]}
        )
        contract = self.env["crm.care.contract"].create(
            {
                "name": "Bảo trì tháng",
                "partner_id": self.customer_a.id,
                "user_id": self.seller.id,
                "date_start": self.today.replace(day=1),
                "invoice_posting": "post",
                "line_ids": [
                    Command.create(
                        {
                            "product_id": service.id,
                            "name": "Bảo trì",
                            "price_unit": 250.0,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        contract.state = "running"
        period = (self.today.replace(day=1), self.today)

        def revenue():
            kpis = self.env["crm.qci.kpi"].compute_kpis(
                *period, user_ids=self.seller.ids
            )
            return kpis["users"][str(self.seller.id)]["invoiced_revenue"]

        before = revenue()
        contract.recurring_create_invoice(self.today)
        self.assertEqual(revenue() - before, 250.0)
