from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import IdicCommon


@tagged("post_install", "-at_install")
class TestBacktest(IdicCommon):
    def test_revenue_share_by_tier_at_period_start_and_win_rate_by_band(self):
        start = self.today.replace(day=1) - relativedelta(months=1)
        before = (self.today - start).days + 30  # 30 days before the period
        during = (self.today - start).days - 5  # 5 days into the period
        gold = self._customer("Gold")
        small = self._customer("Small")
        newcomer = self._customer("Newcomer")
        self._order(gold, 1000, before)
        self._order(small, 100, before)
        # As of the start, among Gold and Small: M Small 3, Gold 5 -> Gold most
        # valuable; F both 5 (a tie) -> Small most growable. Newcomer: standard.
        self._order(gold, 300, during)
        self._order(small, 100, during)
        self._order(newcomer, 100, during)
        self._order(gold, 5000, 0)  # today: after the period, not counted
        closed = datetime.combine(start + timedelta(days=3), time(10))
        won_stage = self.env["crm.stage"].search([("is_won", "=", True)], limit=1)
        complete = self.env["crm.lead"].create(
            {
                "name": "Complete lead",
                "type": "opportunity",
                "email_from": "a@example.com",
                "phone": "0901",
                "contact_name": "An",
                "partner_name": "An Co",
                "street": "1 Lê Lợi",
                "city": "Huế",
            }
        )
        complete.write({"stage_id": won_stage.id, "probability": 100})
        bare = self.env["crm.lead"].create({"name": "Bare lead", "type": "opportunity"})
        bare.action_set_lost()
        (complete | bare).write({"date_closed": closed})
        self.assertEqual((complete.idic_score, bare.idic_score), (60.0, 0.0))

        backtest = self.env["crm.idic.backtest"].create(
            {"period": "month", "period_count": 1}
        )
        backtest.action_compute()
        tiers = {
            line.value_tier: (line.revenue, round(line.revenue_share, 2))
            for line in backtest.line_ids.filtered(lambda line: line.kind == "tier")
        }
        self.assertEqual(
            tiers,
            {
                "mvc": (300.0, 60.0),
                "mgc": (100.0, 20.0),
                "standard": (100.0, 20.0),
                "bz": (0.0, 0.0),
            },
        )
        bands = {
            line.score_band: (line.leads_won, line.leads_lost, line.win_rate)
            for line in backtest.line_ids.filtered(lambda line: line.kind == "band")
        }
        self.assertEqual(bands["mid"], (1, 0, 100.0))
        self.assertEqual(bands["low"], (0, 1, 0.0))
        self.assertEqual(bands["high"], (0, 0, 0.0))

    def test_leads_banded_by_the_score_known_at_the_period_start(self):
        start = self.today.replace(day=1) - relativedelta(months=1)
        customer = self._customer("Known before")
        Snapshot = self.env["crm.idic.score.snapshot"].sudo()
        # Known before the period: 80 (high). Scored 20 during the period (known
        # only after its start), and today the customer has no orders (low).
        for month, score in ((start - relativedelta(months=2), 80.0), (start, 20.0)):
            Snapshot.create(
                {
                    "month": month,
                    "partner_id": customer.id,
                    "company_id": self.company.id,
                    "idic_score": score,
                }
            )
        won_stage = self.env["crm.stage"].search([("is_won", "=", True)], limit=1)
        lead = self.env["crm.lead"].create(
            {"name": "Known lead", "type": "opportunity", "partner_id": customer.id}
        )
        lead.write({"stage_id": won_stage.id, "probability": 100})
        lead.date_closed = datetime.combine(start + timedelta(days=3), time(10))
        self.assertLess(lead.idic_score, 40)
        backtest = self.env["crm.idic.backtest"].create(
            {"period": "month", "period_count": 1}
        )
        backtest.action_compute()
        bands = {
            line.score_band: (line.leads_won, line.leads_lost)
            for line in backtest.line_ids.filtered(lambda line: line.kind == "band")
        }
        self.assertEqual(bands, {"high": (1, 0), "mid": (0, 0), "low": (0, 0)})

    def test_each_scoring_keeps_the_month_score(self):
        customer = self._customer("Kept month")
        self._order(customer, 500, 3)
        self._recompute()
        profile = self._profile(customer)
        snapshot = self.env["crm.idic.score.snapshot"].search(
            [("partner_id", "=", customer.id), ("company_id", "=", self.company.id)]
        )
        self.assertEqual(len(snapshot), 1)
        self.assertEqual(snapshot.idic_score, profile.idic_score)
        self.assertEqual(snapshot.value_tier, profile.value_tier)
        self.assertEqual(snapshot.month.day, 1)

    def test_period_count_bounded(self):
        with self.assertRaises(ValidationError):
            self.env["crm.idic.backtest"].create({"period_count": 25})
