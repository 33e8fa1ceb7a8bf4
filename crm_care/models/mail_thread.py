from odoo import api, models


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    @api.model
    def message_route(
        self, message, message_dict, model=None, thread_id=None, custom_values=None
    ):
        """A customer's mail to a care ticket closed too long ago opens a
        follow-up ticket (see ``crm.care.ticket._care_reroute``)."""
        routes = super().message_route(
            message,
            message_dict,
            model=model,
            thread_id=thread_id,
            custom_values=custom_values,
        )
        if any(route[0] == "crm.care.ticket" and route[1] for route in routes):
            routes = self.env["crm.care.ticket"]._care_reroute(routes, message_dict)
        return routes
