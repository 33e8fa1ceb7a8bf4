from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    overdue_alert_days_ahead = fields.Integer(
        related="company_id.overdue_alert_days_ahead", readonly=False
    )
    credit_risk_amount = fields.Monetary(
        related="company_id.credit_risk_amount", readonly=False
    )
    credit_risk_days = fields.Integer(
        related="company_id.credit_risk_days", readonly=False
    )
    management_report_partner_ids = fields.Many2many(
        related="company_id.management_report_partner_ids", readonly=False
    )
    aging_days_1 = fields.Integer(related="company_id.aging_days_1", readonly=False)
    aging_days_2 = fields.Integer(related="company_id.aging_days_2", readonly=False)
    aging_days_3 = fields.Integer(related="company_id.aging_days_3", readonly=False)
    aging_days_4 = fields.Integer(related="company_id.aging_days_4", readonly=False)
