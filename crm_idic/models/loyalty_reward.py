from odoo import fields, models

from ..tools import scoring


class LoyaltyReward(models.Model):
    _inherit = "loyalty.reward"

    idic_value_tier = fields.Selection(
        scoring.VALUE_TIERS,
        "Only for tier",
        help="An exclusive reward: only customers of this IDIC value tier (in the "
        "order's company) can claim it; empty: every customer.",
    )
