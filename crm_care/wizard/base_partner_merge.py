from odoo import api, models


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    @api.model
    def _crm_merge_unique_keys(self):
        return {
            **super()._crm_merge_unique_keys(),
            "crm_care_greeting": ("kind", "year", "company_id"),
            "crm_care_occasion_greeting": ("occasion_id", "year"),
        }
