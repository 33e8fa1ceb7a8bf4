from odoo import api, models

from ..tools import AUTOMATIC_MAIL, is_automatic_mail


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    @api.model
    def message_route(
        self, message, message_dict, model=None, thread_id=None, custom_values=None
    ):
        """A customer's reply without threading headers finds its care ticket
        by the reference in its subject; a customer's mail to a ticket closed
        too long ago opens a follow-up ticket (an automatic reply stays on the
        closed ticket). See ``crm.care.ticket.conversation``."""
        routes = super().message_route(
            message,
            message_dict,
            model=model,
            thread_id=thread_id,
            custom_values=custom_values,
        )
        Ticket = self.env["crm.care.ticket"]
        if any(route[0] == Ticket._name and not route[1] for route in routes):
            routes = Ticket._care_route_by_reference(routes, message_dict)
        if is_automatic_mail(message):
            return routes
        if any(route[0] == Ticket._name and route[1] for route in routes):
            routes = Ticket._care_reroute(routes, message_dict)
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
