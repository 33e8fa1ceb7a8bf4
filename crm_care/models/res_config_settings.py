from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    contract_prorate = fields.Boolean(
        related="company_id.contract_prorate", readonly=False
    )
    contract_template_id = fields.Many2one(
        related="company_id.contract_template_id", readonly=False
    )
    contract_milestone_invoicing = fields.Selection(
        related="company_id.contract_milestone_invoicing", readonly=False
    )
