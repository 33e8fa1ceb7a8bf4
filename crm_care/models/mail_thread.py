from odoo import api, models

from ..tools import AUTOMATIC_MAIL, is_automatic_mail


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    @api.model
    def message_route(
        self, message, message_dict, model=None, thread_id=None, custom_values=None
    ):
        """A customer's mail to a care ticket closed too long ago opens a
        follow-up ticket (see ``crm.care.ticket._care_reroute``); an automatic
        reply stays on the closed ticket."""
        routes = super().message_route(
            message,
            message_dict,
            model=model,
            thread_id=thread_id,
            custom_values=custom_values,
        )
        if is_automatic_mail(message):
            return routes
        if any(route[0] == "crm.care.ticket" and route[1] for route in routes):
            routes = self.env["crm.care.ticket"]._care_reroute(routes, message_dict)
        return routes

    @api.model
    def _message_route_process(self, message, message_dict, routes):
        """An automatic reply is kept where it goes, marked as such for the
        care desk: it acknowledges nothing and reopens nothing (RFC 3834)."""
        thread = self
        if is_automatic_mail(message):
            thread = self.with_context(**{AUTOMATIC_MAIL: True})
        return super(MailThread, thread)._message_route_process(
            message, message_dict, routes
        )
