from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..tools import scoring
from ..tools.access import profile_figure


class SaleOrder(models.Model):
    _inherit = "sale.order"

    idic_profile_id = profile_figure(
        fields.Many2one, "crm.idic.profile", "IDIC profile"
    )
    idic_score = profile_figure(fields.Float, "IDIC score")
    idic_value_tier = profile_figure(
        fields.Selection, scoring.VALUE_TIERS, "Value tier"
    )
    idic_segment_id = profile_figure(
        fields.Many2one, "crm.idic.segment", "IDIC segment"
    )
    idic_suggestion = profile_figure(fields.Text, "Segment suggestion")
    idic_segment_pricelist_id = profile_figure(
        fields.Many2one, "product.pricelist", "Segment pricelist"
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

    # -- loyalty driven by the value tiers ---------------------------------------------

    def _program_check_compute_points(self, programs):
        """Odoo's points of each programme, multiplied by the multiplier of the
        customer's value tier (one override: the points stay Odoo's)."""
        result = super()._program_check_compute_points(programs)
        tier = self.sudo().idic_value_tier
        for program, status in result.items():
            if program.program_type != "loyalty":
                continue  # points that buy a reward now, or money: not multiplied
            factor = program._idic_multiplier(tier)
            if "points" in status and factor != 1.0:
                status["points"] = [points * factor for points in status["points"]]
        return result

    def _get_claimable_rewards(self, forced_coupons=None):
        """Odoo's claimable rewards, without the rewards exclusive to another
        value tier."""
        result = super()._get_claimable_rewards(forced_coupons=forced_coupons)
        tier = self.sudo().idic_value_tier
        for coupon in list(result):
            rewards = result[coupon].filtered(
                lambda reward: not reward.idic_value_tier
                or reward.idic_value_tier == tier
            )
            if rewards:
                result[coupon] = rewards
            else:
                del result[coupon]
        return result

    # -- B2B: the customer company's card for the orders of all its contacts -----------
    #
    # Odoo's sale_loyalty finds, fills and checks loyalty cards by the order's exact
    # customer (the contact who orders). A card belongs to the customer company:
    # while Odoo applies its programmes, the order is seen as the company's.

    def _idic_loyalty_holder(self):
        """The customer company when it holds a card of a loyalty or eWallet
        programme and the order is one of its contacts'; else the customer."""
        self.ensure_one()
        company = self.partner_id.commercial_partner_id
        if company == self.partner_id or not isinstance(self.id, int):
            return self.partner_id
        has_card = (
            self.env["loyalty.card"]
            .sudo()
            .search_count(
                [
                    ("partner_id", "=", company.id),
                    ("program_id.program_type", "in", ("loyalty", "ewallet")),
                ],
                limit=1,
            )
        )
        return company if has_card else self.partner_id

    def _idic_as_holder(self, apply):
        """Run ``apply()`` with the order's customer read as the card holder (in
        the cache only: nothing of the order is written or recomputed), then
        give the reward lines made meanwhile their customer back."""
        contact = self.partner_id
        holder = self._idic_loyalty_holder()
        if holder == contact:
            return apply()
        self.flush_recordset(["partner_id"])
        field = self._fields["partner_id"]
        field._update_cache(self, holder.id)
        try:
            return apply()
        finally:
            field._update_cache(self, contact.id)
            self._idic_restore_line_customer(contact)

    def _idic_restore_line_customer(self, contact):
        lines = self.order_line.filtered(lambda line: line.order_partner_id != contact)
        if not lines:
            return
        lines.flush_recordset(["order_partner_id"])
        self.env.cr.execute(
            SQL(
                "UPDATE sale_order_line SET order_partner_id = %s WHERE id = ANY(%s)",
                contact.id,
                lines.ids,
            )
        )
        lines.invalidate_recordset(["order_partner_id"])

    def _update_programs_and_rewards(self):
        return self._idic_as_holder(super()._update_programs_and_rewards)

    def _try_apply_program(self, program, coupon=None):
        return self._idic_as_holder(
            lambda: super(SaleOrder, self)._try_apply_program(program, coupon=coupon)
        )
