from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    # The aging buckets come with crm.idic.company.settings (extended here).
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
    credit_limit_action = fields.Selection(
        related="company_id.credit_limit_action", readonly=False
    )
    credit_block_overdue_days = fields.Integer(
        related="company_id.credit_block_overdue_days", readonly=False
    )
    management_report_partner_ids = fields.Many2many(
        related="company_id.management_report_partner_ids", readonly=False
    )
    credit_policy_id = fields.Many2one(
        related="company_id.credit_policy_id", readonly=False
    )
