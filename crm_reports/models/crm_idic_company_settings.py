from odoo import api, fields, models

AGING_SETTINGS = ["aging_days_1", "aging_days_2", "aging_days_3", "aging_days_4"]


class CrmIdicCompanySettings(models.AbstractModel):
    _inherit = "crm.idic.company.settings"

    aging_days_1 = fields.Integer(related="company_id.aging_days_1", readonly=False)
    aging_days_2 = fields.Integer(related="company_id.aging_days_2", readonly=False)
    aging_days_3 = fields.Integer(related="company_id.aging_days_3", readonly=False)
    aging_days_4 = fields.Integer(related="company_id.aging_days_4", readonly=False)

    @api.model
    def _company_settings_together(self):
        # The aging buckets increase: written together, in one write.
        return super()._company_settings_together() + AGING_SETTINGS
