from odoo import fields, models
from odoo.tools import SQL


class CrmQciWorkload(models.Model):
    """Open opportunities and open care tickets of each salesperson."""

    _name = "crm.qci.workload"
    _description = "Salesperson workload"
    _auto = False
    _order = "total desc"

    user_id = fields.Many2one("res.users", "Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", "Sales team", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    open_opportunities = fields.Integer(readonly=True)
    open_tickets = fields.Integer(readonly=True)
    total = fields.Integer("Open work", readonly=True)

    def init(self):
        self.env.cr.execute(SQL("DROP VIEW IF EXISTS crm_qci_workload"))
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW crm_qci_workload AS (
                    SELECT u.id AS id, u.id AS user_id, m.crm_team_id AS team_id,
                           u.company_id,
                           COALESCE(l.n, 0) AS open_opportunities,
                           COALESCE(t.n, 0) AS open_tickets,
                           COALESCE(l.n, 0) + COALESCE(t.n, 0) AS total
                      FROM res_users u
                      JOIN (SELECT DISTINCT ON (user_id) user_id, crm_team_id
                              FROM crm_team_member WHERE active
                             ORDER BY user_id, id) m ON m.user_id = u.id
                      LEFT JOIN (SELECT user_id, count(*) AS n FROM crm_lead
                                  WHERE active AND type = 'opportunity'
                                    AND won_status = 'pending'
                                  GROUP BY user_id) l ON l.user_id = u.id
                      LEFT JOIN (SELECT user_id, count(*) AS n FROM crm_care_ticket
                                  WHERE active AND NOT COALESCE(is_closed, false)
                                  GROUP BY user_id) t ON t.user_id = u.id
                     WHERE u.active AND NOT u.share
                )
                """
            )
        )
