from odoo import fields, models
from odoo.tools import SQL

# Odoo's rating labels (rating.rating.rating_text).
RATING_TEXTS = [
    ("top", "Happy"),
    ("ok", "Neutral"),
    ("ko", "Unhappy"),
]


class CrmCareRatingReport(models.Model):
    """The customers' ratings of solved tickets, by team, agent, type and month
    (Care > Reporting > Ratings)."""

    _name = "crm.care.rating.report"
    _description = "Care ratings analysis"
    _auto = False
    _order = "date desc"
    _rec_name = "ticket_id"
    _depends = {
        "rating.rating": ["res_model", "res_id", "consumed", "rating", "feedback"],
        "crm.care.ticket": [
            "company_id",
            "team_id",
            "user_id",
            "ticket_type_id",
            "commercial_partner_id",
        ],
    }

    ticket_id = fields.Many2one("crm.care.ticket", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    team_id = fields.Many2one("crm.care.team", readonly=True)
    user_id = fields.Many2one("res.users", "Agent", readonly=True)
    ticket_type_id = fields.Many2one("crm.care.ticket.type", "Type", readonly=True)
    partner_id = fields.Many2one("res.partner", "Customer", readonly=True)
    date = fields.Datetime("Rated on", readonly=True)
    rating = fields.Float("Rating value", aggregator="avg", readonly=True)
    rating_text = fields.Selection(RATING_TEXTS, "Rating", readonly=True)
    feedback = fields.Text("Comment", readonly=True)
    is_latest = fields.Boolean(
        "Latest of the ticket",
        readonly=True,
        help="A ticket reopened and rated again counts with its latest rating.",
    )

    def init(self):
        self.env.cr.execute(SQL("DROP VIEW IF EXISTS crm_care_rating_report"))
        self.env.cr.execute(
            SQL(
                """
            CREATE VIEW crm_care_rating_report AS (
                SELECT r.id, t.id AS ticket_id, t.company_id, t.team_id, t.user_id,
                       t.ticket_type_id, t.commercial_partner_id AS partner_id,
                       r.write_date AS date, r.rating,
                       CASE WHEN r.rating >= 4 THEN 'top'
                            WHEN r.rating >= 2 THEN 'ok'
                            ELSE 'ko' END AS rating_text,
                       r.feedback,
                       row_number() OVER (
                           PARTITION BY r.res_id ORDER BY r.write_date DESC, r.id DESC
                       ) = 1 AS is_latest
                  FROM rating_rating r
                  JOIN crm_care_ticket t ON t.id = r.res_id
                 WHERE r.res_model = 'crm.care.ticket' AND r.consumed
                   AND r.rating > 0
            )
            """
            )
        )
