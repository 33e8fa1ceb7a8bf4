from odoo import fields, models
from odoo.tools import SQL


class CrmReportsSalesAnalysis(models.Model):
    """Confirmed order lines and posted invoice lines, side by side."""

    _name = "crm.reports.sales.analysis"
    _description = "Sales analysis"
    _auto = False
    _order = "date desc"
    _rec_name = "date"

    source = fields.Selection(
        [("order", "Confirmed orders"), ("invoice", "Posted invoices")], readonly=True
    )
    date = fields.Date(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    partner_id = fields.Many2one("res.partner", "Customer", readonly=True)
    customer_group_id = fields.Many2one(
        "res.partner.category", "Customer group", readonly=True
    )
    value_tier = fields.Selection(
        [
            ("mvc", "Most valuable"),
            ("mgc", "Most growable"),
            ("standard", "Standard"),
            ("bz", "Below zero"),
        ],
        "IDIC tier",
        readonly=True,
    )
    user_id = fields.Many2one("res.users", "Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", "Sales team", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    categ_id = fields.Many2one("product.category", "Product category", readonly=True)
    quantity = fields.Float(readonly=True)
    amount = fields.Monetary("Untaxed amount", readonly=True)

    def _select_orders(self):
        return SQL(
            """
            SELECT sol.id * 2 AS id, 'order' AS source,
                   -- The company's local day of the order (a view cannot know
                   -- the user): its working calendar's time zone, else its
                   -- partner's, else UTC.
                   ((so.date_order AT TIME ZONE 'UTC') AT TIME ZONE COALESCE(
                        NULLIF(cal.tz, ''), NULLIF(cp.tz, ''), 'UTC'))::date AS date,
                   so.company_id, c.currency_id, p.commercial_partner_id AS partner_id,
                   so.user_id, so.team_id, sol.product_id, pt.categ_id,
                   sol.product_uom_qty AS quantity,
                   sol.price_subtotal / NULLIF(so.currency_rate, 0) AS amount
              FROM sale_order_line sol
              JOIN sale_order so ON so.id = sol.order_id
              JOIN res_company c ON c.id = so.company_id
              JOIN res_partner cp ON cp.id = c.partner_id
              LEFT JOIN resource_calendar cal ON cal.id = c.resource_calendar_id
              JOIN res_partner p ON p.id = so.partner_id
              LEFT JOIN product_product pp ON pp.id = sol.product_id
              LEFT JOIN product_template pt ON pt.id = pp.product_tmpl_id
             WHERE so.state = 'sale' AND sol.display_type IS NULL
            """
        )

    def _select_invoices(self):
        return SQL(
            """
            SELECT aml.id * 2 + 1, 'invoice', am.invoice_date, am.company_id,
                   c.currency_id, am.commercial_partner_id, am.invoice_user_id,
                   am.team_id, aml.product_id, pt.categ_id,
                   CASE WHEN am.move_type = 'out_refund' THEN -aml.quantity
                        ELSE aml.quantity END,
                   -aml.balance
              FROM account_move_line aml
              JOIN account_move am ON am.id = aml.move_id
              JOIN res_company c ON c.id = am.company_id
              LEFT JOIN product_product pp ON pp.id = aml.product_id
              LEFT JOIN product_template pt ON pt.id = pp.product_tmpl_id
             WHERE am.state = 'posted' AND am.move_type IN ('out_invoice', 'out_refund')
               AND aml.display_type = 'product'
            """
        )

    def init(self):
        self.env.cr.execute(SQL("DROP VIEW IF EXISTS crm_reports_sales_analysis"))
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW crm_reports_sales_analysis AS (
                    SELECT l.*,
                           (SELECT rel.category_id
                              FROM res_partner_res_partner_category_rel rel
                             WHERE rel.partner_id = l.partner_id
                             ORDER BY rel.category_id LIMIT 1) AS customer_group_id,
                           pr.value_tier
                      FROM (%s UNION ALL %s) l (id, source, date, company_id,
                            currency_id, partner_id, user_id, team_id, product_id,
                            categ_id, quantity, amount)
                      LEFT JOIN crm_idic_profile pr
                        ON pr.partner_id = l.partner_id AND pr.company_id = l.company_id
                )
                """,
                self._select_orders(),
                self._select_invoices(),
            )
        )
