from odoo import fields, models

from odoo.addons.crm_idic.tools.records import list_action

from ..models.crm_qci_kpi_snapshot import SNAPSHOT_KPIS

# The composite score: weights of KPIs, each KPI scaled to the best salesperson (100).
COMPOSITE_WEIGHTS = {
    "invoiced_revenue": 40,
    "new_customers": 20,
    "win_rate": 20,
    "activities_done": 10,
    "sla_compliance": 10,
}


class CrmQciLeaderboard(models.TransientModel):
    _name = "crm.qci.leaderboard"
    _description = "Sales leaderboard"

    date_from = fields.Date(
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1),
    )
    date_to = fields.Date(
        required=True, default=lambda self: fields.Date.context_today(self)
    )
    metric = fields.Selection(
        [("composite", "Composite score")]
        + [(name, label) for name, label, _kind in SNAPSHOT_KPIS],
        required=True,
        default="composite",
    )
    line_ids = fields.One2many("crm.qci.leaderboard.line", "leaderboard_id")
    # The KPIs' amounts: untaxed, in the current company's currency.
    currency_id = fields.Many2one(
        "res.currency",
        default=lambda self: self.env.company.currency_id,
        readonly=True,
    )

    def action_rank(self):
        """Rank every salesperson of the period by the metric (1 = best)."""
        self.ensure_one()
        result = self.env["crm.qci.kpi"]._compute_kpis(self.date_from, self.date_to)
        staff = self.env["crm.qci.kpi"]._kpi_staff(result)
        kpis = {user.id: result["users"][user.id] for user in staff}
        scores = rank_scores(kpis, self.metric)
        self.line_ids.unlink()
        ordered = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
        self.env["crm.qci.leaderboard.line"].create(
            [
                {
                    "leaderboard_id": self.id,
                    "rank": position,
                    "user_id": user_id,
                    "score": score,
                    "invoiced_revenue": kpis[user_id]["invoiced_revenue"],
                    "new_customers": kpis[user_id]["new_customers"],
                    "win_rate": 100.0 * kpis[user_id]["win_rate"],
                    "activities_done": kpis[user_id]["activities_done"],
                }
                for position, (user_id, score) in enumerate(ordered, start=1)
            ]
        )
        return list_action(
            "crm.qci.leaderboard.line",
            [("leaderboard_id", "=", self.id)],
            self.env._("Leaderboard"),
        )


def rank_scores(kpis, metric):
    """Score of each salesperson: one KPI's value, or the weighted composite of KPIs
    scaled so that the best salesperson of each KPI gets 100."""
    if metric != "composite":
        return {user_id: float(values[metric]) for user_id, values in kpis.items()}
    best = {
        key: max((values[key] for values in kpis.values()), default=0)
        for key in COMPOSITE_WEIGHTS
    }
    # A KPI on which nobody scored in the period (no opportunity won, no ticket
    # under an SLA) ranks no one: the composite is the others', so that the best
    # salesperson on all of them still scores 100.
    weights = {key: w for key, w in COMPOSITE_WEIGHTS.items() if best[key] > 0}
    total = sum(weights.values())
    return {
        user_id: sum(
            weight * 100.0 * values[key] / best[key] for key, weight in weights.items()
        )
        / total
        if total
        else 0.0
        for user_id, values in kpis.items()
    }
