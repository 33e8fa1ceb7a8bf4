from odoo import fields, models

from ..tools import scoring
from ..tools.relations import owner
from .crm_idic_backtest import SCORE_BANDS


class CrmIdicBacktestLine(models.TransientModel):
    _name = "crm.idic.backtest.line"
    _description = "IDIC backtest line"
    _order = "period_start, kind, id"

    backtest_id = owner("crm.idic.backtest", index=False)
    period = fields.Char(required=True)
    period_start = fields.Date(required=True)
    kind = fields.Selection(
        [("tier", "Revenue by tier"), ("band", "Win rate by score band")], required=True
    )
    value_tier = fields.Selection(scoring.VALUE_TIERS, "Tier at the period's start")
    score_band = fields.Selection(SCORE_BANDS, "IDIC score band")
    revenue = fields.Float("Revenue in the period")
    revenue_share = fields.Float("Share of revenue (%)", aggregator="sum")
    leads_won = fields.Integer()
    leads_lost = fields.Integer()
    win_rate = fields.Float("Win rate (%)", aggregator="avg")
