from statistics import mean, pstdev

from odoo import api, fields, models


class CrmTeam(models.Model):
    _inherit = "crm.team"

    qci_workload_cv = fields.Float(
        "Workload spread (CV)",
        compute="_compute_qci_workload_cv",
        digits=(16, 2),
        help="Coefficient of variation of the members' open work: 0 when evenly "
        "shared; the higher, the more uneven.",
    )

    @api.depends("member_ids")
    def _compute_qci_workload_cv(self):
        # The spread of the current company's work.
        rows = self.env["crm.qci.workload"].search_read(
            [("team_id", "in", self.ids), ("company_id", "=", self.env.company.id)],
            ["team_id", "total"],
        )
        loads = {}
        for row in rows:
            loads.setdefault(row["team_id"][0], []).append(row["total"])
        for team in self:
            values = loads.get(team.id, [])
            average = mean(values) if values else 0.0
            team.qci_workload_cv = pstdev(values) / average if average else 0.0
