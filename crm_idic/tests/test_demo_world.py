from datetime import timedelta

from odoo import fields
from odoo.tests import TransactionCase, tagged

from odoo.addons.crm_idic.demo.world import DemoWorld, demo_company
from odoo.addons.crm_idic.demo.world_data import DEMO_EMAIL_DOMAIN, DEMO_SEED


@tagged("post_install", "-at_install")
class TestDemoWorld(TransactionCase):
    """The demo world gives the web client something real to show at first login."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The world's company: a Vietnamese one in VND, whatever the database's
        # country (Odoo's own test runner on a new database: the United States).
        company = demo_company(cls.env, vietnamese=True)
        cls.env = cls.env(
            context=dict(
                cls.env.context, tracking_disable=True, allowed_company_ids=company.ids
            )
        )
        # A fifth of the orders keeps the test quick; customers and teams are whole.
        cls.world = DemoWorld(cls.env).load(scale=0.2)
        cls.today = fields.Date.context_today(cls.env["res.partner"])

    def test_customers_companies_and_individuals_with_birthdays(self):
        customers = self.env["res.partner"].browse(
            [partner.id for partner, _archetype in self.world["customers"]]
        )
        self.assertGreaterEqual(len(customers), 40)
        self.assertTrue(customers.filtered("is_company"))
        individuals = customers.filtered(lambda partner: not partner.is_company)
        self.assertTrue(individuals)
        born_this_month = individuals.filtered(
            lambda partner: partner.birthday
            and partner.birthday.month == self.today.month
        )
        self.assertTrue(
            born_this_month, "some customers have their birthday this month"
        )
        self.assertTrue(
            all(partner.email.endswith(DEMO_EMAIL_DOMAIN) for partner in customers)
        )

    def test_vietnamese_company_in_vnd(self):
        orders = self.world["orders"]
        self.assertEqual(orders.company_id.currency_id.name, "VND")
        self.assertEqual(orders.company_id.country_id.code, "VN")
        # Its address is one place: street, city and province of Hồ Chí Minh City.
        self.assertEqual(orders.company_id.city, "TP. Hồ Chí Minh")
        self.assertEqual(orders.company_id.state_id.code, "VN-SG")

    def test_company_and_staff_on_vietnams_time(self):
        """Its SLA hours and local days are Vietnam's, not those of the calendar
        Odoo's demo gives it (Brussels)."""
        company = self.world["orders"].company_id
        self.assertEqual(company.resource_calendar_id.tz, "Asia/Ho_Chi_Minh")
        self.assertEqual(company.partner_id.tz, "Asia/Ho_Chi_Minh")
        users = self.world["users"].values()
        self.assertEqual({user.tz for user in users}, {"Asia/Ho_Chi_Minh"})

    def test_two_years_of_orders_and_quotations(self):
        orders = self.world["orders"]
        confirmed = orders.filtered(lambda order: order.state == "sale")
        self.assertTrue(orders.filtered(lambda order: order.state in ("draft", "sent")))
        oldest = min(confirmed.mapped("date_order")).date()
        newest = max(confirmed.mapped("date_order")).date()
        # Confirmation stamps today's date; the generator puts orders back on their day.
        self.assertGreater((self.today - oldest).days, 540)
        self.assertLessEqual(newest, self.today)

    def test_invoices_partly_paid_and_overdue(self):
        invoices = self.world["invoices"].filtered(
            lambda move: move.move_type == "out_invoice"
        )
        self.assertTrue(all(move.state == "posted" for move in invoices))
        self.assertTrue(invoices.filtered(lambda move: move.payment_state == "partial"))
        self.assertTrue(invoices.filtered(lambda move: move.payment_state == "paid"))
        overdue = invoices.filtered(
            lambda move: move.amount_residual > 0 and move.invoice_date_due < self.today
        )
        self.assertTrue(overdue, "some invoices are overdue")
        refunds = self.world["invoices"].filtered(
            lambda move: move.move_type == "out_refund"
        )
        self.assertTrue(refunds, "some goods were returned")

    def test_leads_at_every_stage_and_two_teams(self):
        leads = self.world["leads"].with_context(active_test=False)
        team_ids = [team.id for team in self.world["teams"].values()]
        stages = self.env["crm.stage"].search(
            ["|", ("team_ids", "=", False), ("team_ids", "in", team_ids)]
        )
        self.assertEqual(set(leads.mapped("stage_id").ids), set(stages.ids))
        self.assertTrue(
            leads.filtered(lambda lead: not lead.active and lead.probability == 0)
        )
        # The open deals' follow-ups are written in Vietnamese, as the rest of
        # the demo (they read "Follow up: …").
        summaries = leads.activity_ids.mapped("summary")
        self.assertTrue(summaries)
        self.assertTrue(all(summary.startswith("Theo dõi: ") for summary in summaries))
        teams = self.world["teams"]
        self.assertEqual(len(teams), 2)
        self.assertTrue(all(len(team.member_ids) >= 2 for team in teams.values()))

    def test_same_seed_same_world(self):
        Demo = DemoWorld(self.env)
        import random

        first = Demo._demo_order_dates("vip", random.Random(DEMO_SEED), self.today, 1.0)
        second = Demo._demo_order_dates(
            "vip", random.Random(DEMO_SEED), self.today, 1.0
        )
        self.assertEqual(first, second)
        self.assertGreaterEqual(len(first), 16)
        self.assertTrue(
            all(self.today - timedelta(days=731) <= day <= self.today for day in first)
        )

    def test_each_demo_user_has_only_the_groups_of_their_role(self):
        """Odoo's own demo data makes every new user a sales administrator and
        an accounting manager (its default user template): the demo's
        salespeople see only their own documents, its accountant is no sales
        administrator."""
        admin = self.env.ref("sales_team.group_sale_manager") | self.env.ref(
            "account.group_account_manager"
        )
        self.env.ref("base.default_user_group").implied_ids |= admin
        users = self.env["res.users"].search(
            [("login", "in", ["thanh.le", "an.nguyen", "binh.tran", "mai.bui"])]
        )
        # As that template gives them.
        users.write({"group_ids": [(4, group.id) for group in admin]})
        DemoWorld(self.env)._demo_users(self.env.company)
        rights = {
            user.login: (
                user.has_group("sales_team.group_sale_manager"),
                user.has_group("sales_team.group_sale_salesman_all_leads"),
                user.has_group("account.group_account_invoice"),
            )
            for user in users
        }
        self.assertEqual(
            rights,
            {
                "thanh.le": (True, True, True),
                "an.nguyen": (False, True, False),
                "binh.tran": (False, False, False),
                "mai.bui": (False, False, True),
            },
        )

    def test_salespeople_did_calls_meetings_and_emails_in_the_past(self):
        customers = self.env["res.partner"].union(
            *(partner for partner, _archetype in self.world["customers"])
        )
        done = self.env["mail.message"].search(
            [
                ("model", "=", "res.partner"),
                ("res_id", "in", customers.ids),
                ("mail_activity_type_id", "!=", False),
            ]
        )
        self.assertGreaterEqual(len(done), 10)
        self.assertEqual(
            done.mail_activity_type_id,
            self.env.ref("mail.mail_activity_data_call")
            | self.env.ref("mail.mail_activity_data_meeting")
            | self.env.ref("mail.mail_activity_data_email"),
        )
        sellers = self.env["res.users"].search(
            [("login", "in", ("an.nguyen", "binh.tran"))]
        )
        self.assertTrue(set(done.author_id.ids) & set(sellers.partner_id.ids))
        # By each customer's salesperson, on days of the last sixty, in office hours
        # (09:00 to 16:00 in Vietnam: 02:00 to 09:00 UTC).
        for message in done:
            customer = customers.browse(message.res_id)
            self.assertEqual(message.author_id, customer.user_id.partner_id)
            self.assertLessEqual(message.date.date(), self.today - timedelta(days=1))
            self.assertGreaterEqual(
                message.date.date(), self.today - timedelta(days=60)
            )
            self.assertTrue(2 <= message.date.hour <= 9)
        self.assertGreater(len({message.date.date() for message in done}), 5)

    def test_running_again_adds_nothing(self):
        counts = (
            self.env["sale.order"].search_count([]),
            self.env["res.partner"].search_count([]),
            self.env["crm.lead"].with_context(active_test=False).search_count([]),
            self.env["mail.message"].search_count(
                [("mail_activity_type_id", "!=", False)]
            ),
        )
        DemoWorld(self.env).load(scale=0.2)
        self.assertEqual(
            counts,
            (
                self.env["sale.order"].search_count([]),
                self.env["res.partner"].search_count([]),
                self.env["crm.lead"].with_context(active_test=False).search_count([]),
                self.env["mail.message"].search_count(
                    [("mail_activity_type_id", "!=", False)]
                ),
            ),
        )

    def test_profiles_scored_and_segments_filled(self):
        company = self.world["orders"].company_id
        profiles = self.env["crm.idic.profile"].search(
            [("company_id", "=", company.id)]
        )
        customers = {partner.id for partner, _archetype in self.world["customers"]}
        self.assertTrue(customers <= set(profiles.partner_id.ids))
        self.assertIn("mvc", profiles.mapped("value_tier"))
        self.assertIn("no_purchase", profiles.mapped("rfm_segment"))
        self.assertTrue(any(segment.member_count for segment in self.world["segments"]))
