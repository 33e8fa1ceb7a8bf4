from odoo import fields, models

from odoo.addons.crm_idic.tools.relations import owner


class CrmQciLeaderboardLine(models.TransientModel):
    _name = "crm.qci.leaderboard.line"
    _description = "Leaderboard line"
    _order = "rank"

    leaderboard_id = owner("crm.qci.leaderboard", index=False)
    rank = fields.Integer()
    user_id = fields.Many2one("res.users", "Salesperson")
    score = fields.Float(digits=(16, 2))
    currency_id = fields.Many2one(related="leaderboard_id.currency_id")
    invoiced_revenue = fields.Monetary()
    new_customers = fields.Integer()
    win_rate = fields.Float("Win rate (%)", digits=(16, 1))
    activities_done = fields.Integer()
