from odoo import api, models


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    @api.model
    def _merge(self, partner_ids, dst_partner=None, extra_checks=True):
        """Merged customers are one customer. Odoo's merge moves their orders and
        invoices in SQL and drops the merged-away customers' profiles: the
        profiles of the customers kept are marked, in every company where one
        of them had a profile, and the next recompute counts what they share."""
        Profile = self.env["crm.idic.profile"].sudo()  # noqa: N806
        merged = self.env["res.partner"].browse(partner_ids).commercial_partner_id
        companies = Profile.search([("partner_id", "in", merged.ids)]).company_id
        result = super()._merge(
            partner_ids, dst_partner=dst_partner, extra_checks=extra_checks
        )
        for company in companies:
            Profile._idic_mark_dirty(merged.exists(), company)
        return result
