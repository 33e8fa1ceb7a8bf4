"""Loyalty's own portal pages (/my: cards, their history) for B2B customers: a
contact also sees the cards of its customer company, which serve its orders."""

from odoo.http import request, route

from odoo.addons.loyalty.controllers.portal import CustomerPortalLoyalty


class IdicCustomerPortalLoyalty(CustomerPortalLoyalty):
    def _with_company_cards(self):
        request.update_context(idic_company_loyalty_cards=True)

    def _prepare_home_portal_values(self, counters):
        self._with_company_cards()
        return super()._prepare_home_portal_values(counters)

    @route()
    def portal_my_loyalty_card_history(self, card_id, page=1, sortby="date", **kw):
        self._with_company_cards()
        return super().portal_my_loyalty_card_history(
            card_id, page=page, sortby=sortby, **kw
        )

    @route()
    def portal_get_card_history_values(self, card_id):
        self._with_company_cards()
        return super().portal_get_card_history_values(card_id)
