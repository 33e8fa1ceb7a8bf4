from odoo import api, models
from odoo.tools import SQL


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

    @api.model
    def _crm_merge_unique_keys(self):
        """The suite's tables that hold one row per customer and key: table ->
        the key's columns besides ``partner_id``."""
        return {
            "crm_idic_profile": ("company_id",),
            "crm_idic_score_snapshot": ("company_id", "month"),
        }

    def _update_foreign_keys(self, src_partners, dst_partner):
        """Odoo drops all the merged-away customer's rows of a table where one of
        them collides with a row of the customer kept; the suite keeps what does
        not collide (a month's score, a greeting of another year): only the
        colliding rows go, the kept customer's stay, the others move."""
        self._crm_drop_colliding_rows(src_partners, dst_partner)
        return super()._update_foreign_keys(src_partners, dst_partner)

    def _crm_drop_colliding_rows(self, src_partners, dst_partner):
        for table, keys in self._crm_merge_unique_keys().items():
            same_key = SQL(" AND ").join(
                SQL("src.%(key)s = dst.%(key)s", key=SQL.identifier(key))
                for key in keys
            )
            self.env.cr.execute(
                SQL(
                    """
                    DELETE FROM %(table)s src USING %(table)s dst
                     WHERE src.partner_id = ANY(%(src)s) AND dst.partner_id = %(dst)s
                       AND %(same_key)s
                    """,
                    table=SQL.identifier(table),
                    src=src_partners.ids,
                    dst=dst_partner.id,
                    same_key=same_key,
                )
            )
