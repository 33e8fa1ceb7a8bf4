from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import scoring


class SaleOrder(models.Model):
    _inherit = "sale.order"

    idic_profile_id = fields.Many2one(
        "crm.idic.profile", "IDIC profile", compute="_compute_idic_profile"
    )
    idic_score = fields.Float("IDIC score", compute="_compute_idic_profile")
    idic_value_tier = fields.Selection(
        scoring.VALUE_TIERS, "Value tier", compute="_compute_idic_profile"
    )
    idic_segment_id = fields.Many2one(
        "crm.idic.segment", "IDIC segment", compute="_compute_idic_profile"
    )
    idic_suggestion = fields.Text("Segment suggestion", compute="_compute_idic_profile")
    idic_segment_pricelist_id = fields.Many2one(
        "product.pricelist", "Segment pricelist", compute="_compute_idic_profile"
    )

    @api.depends("partner_id", "company_id")
    def _compute_idic_profile(self):
        profiles = self.env["crm.idic.profile"].search(
            [
                ("partner_id", "in", self.partner_id.commercial_partner_id.ids),
                ("company_id", "in", self.company_id.ids),
            ]
        )
        by_key = {(p.partner_id.id, p.company_id.id): p for p in profiles}
        for order in self:
            profile = by_key.get(
                (order.partner_id.commercial_partner_id.id, order.company_id.id),
                self.env["crm.idic.profile"],
            )
            order.idic_profile_id = profile
            order.idic_score = profile.idic_score
            order.idic_value_tier = profile.value_tier
            order.idic_segment_id = profile.segment_id
            order.idic_suggestion = profile.segment_id.suggestion
            order.idic_segment_pricelist_id = profile.segment_id.pricelist_id

    def action_idic_apply_segment(self):
        """Apply the customer's segment pricelist to this quotation."""
        for order in self:
            pricelist = order.idic_segment_pricelist_id
            if order.state not in ("draft", "sent"):
                raise UserError(
                    self.env._("Only a quotation can take the segment's pricelist.")
                )
            if not pricelist:
                raise UserError(
                    self.env._(
                        "The customer's segment proposes no pricelist: set one on the "
                        "segment first."
                    )
                )
            order.pricelist_id = pricelist
            order._recompute_prices()
        return True

    def _action_confirm(self):
        result = super()._action_confirm()
        self._idic_mark_dirty()
        return result

    def _action_cancel(self):
        result = super()._action_cancel()
        self._idic_mark_dirty()
        return result

    def _idic_mark_dirty(self):
        Profile = self.env["crm.idic.profile"].sudo()
        for company in self.company_id:
            orders = self.filtered(
                lambda order, company=company: order.company_id == company
            )
            Profile._idic_mark_dirty(orders.partner_id, company)
