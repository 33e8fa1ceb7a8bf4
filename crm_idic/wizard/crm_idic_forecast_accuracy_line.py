from odoo import fields, models

from ..tools.relations import owner


class CrmIdicForecastAccuracyLine(models.TransientModel):
    _name = "crm.idic.forecast.accuracy.line"
    _description = "Forecast accuracy of a ranking"
    _order = "id"

    accuracy_id = owner("crm.idic.forecast.accuracy", index=False)
    ranking = fields.Selection(
        [
            ("forecast", "Forecast revenue"),
            (
                "plain_spend",
                "Forecast revenue, spend not weighed by the first purchase",
            ),
            ("bgnbd", "BG/NBD forecast revenue (for comparison)"),
            ("last_period", "Revenue of the horizon before"),
            ("rfm", "RFM score (R + F + M)"),
        ],
        "Customers ranked by",
        required=True,
    )
    top_capture = fields.Float(
        "Top 20 % capture (%)",
        help="The share of the revenue made after the cutoff brought by the fifth "
        "of the customers ranked first.",
    )
    rank_correlation = fields.Float(
        "Rank correlation",
        digits=(16, 3),
        help="Spearman's rank correlation of the ranking with the revenue each "
        "customer made after the cutoff (1: the same order).",
    )
