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
                    -- One row per salesperson and company they work in: the open
                    -- opportunities and tickets of that company (a record
                    -- without company counts in the salesperson's own).
                    WITH work AS (
                        SELECT l.user_id,
                               COALESCE(l.company_id, lu.company_id) AS company_id,
                               count(*) AS opportunities, 0 AS tickets
                          FROM crm_lead l JOIN res_users lu ON lu.id = l.user_id
                         WHERE l.active AND l.type = 'opportunity'
                           AND l.won_status = 'pending'
                         GROUP BY 1, 2
                        UNION ALL
                        SELECT t.user_id,
                               COALESCE(t.company_id, tu.company_id), 0, count(*)
                          FROM crm_care_ticket t
                          JOIN res_users tu ON tu.id = t.user_id
                         WHERE t.active AND NOT COALESCE(t.is_closed, false)
                         GROUP BY 1, 2
                    ), per_company AS (
                        SELECT user_id, company_id, sum(opportunities) AS o,
                               sum(tickets) AS t
                          FROM work GROUP BY user_id, company_id
                    )
                    SELECT row_number() OVER (ORDER BY u.id, cu.cid) AS id,
                           u.id AS user_id, m.crm_team_id AS team_id,
                           cu.cid AS company_id,
                           COALESCE(pc.o, 0)::int AS open_opportunities,
                           COALESCE(pc.t, 0)::int AS open_tickets,
                           (COALESCE(pc.o, 0) + COALESCE(pc.t, 0))::int AS total
                      FROM res_users u
                      JOIN (SELECT DISTINCT ON (user_id) user_id, crm_team_id
                              FROM crm_team_member WHERE active
                             ORDER BY user_id, id) m ON m.user_id = u.id
                      JOIN res_company_users_rel cu ON cu.user_id = u.id
                      LEFT JOIN per_company pc
                        ON pc.user_id = u.id AND pc.company_id = cu.cid
                     WHERE u.active AND NOT u.share
                )
                """
            )
        )
