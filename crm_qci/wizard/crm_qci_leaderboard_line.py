from odoo import fields, models


class CrmQciLeaderboardLine(models.TransientModel):
    _name = "crm.qci.leaderboard.line"
    _description = "Leaderboard line"
    _order = "rank"

    leaderboard_id = fields.Many2one(
        "crm.qci.leaderboard", required=True, ondelete="cascade"
    )
    rank = fields.Integer()
    user_id = fields.Many2one("res.users", "Salesperson")
    score = fields.Float(digits=(16, 2))
    invoiced_revenue = fields.Float()
    new_customers = fields.Integer()
    win_rate = fields.Float("Win rate (%)", digits=(16, 1))
    activities_done = fields.Integer()
