from odoo import fields, models

from odoo.addons.crm_idic.tools.records import count_by, window_action


class ResPartner(models.Model):
    _inherit = "res.partner"

    care_greeting_opt_in = fields.Boolean(
        "Agrees to greetings",
        help="The customer agreed to receive birthday and anniversary greetings.",
    )

    care_ticket_count = fields.Integer(
        "Care tickets", compute="_compute_care_ticket_count"
    )

    def _compute_care_ticket_count(self):
        counts = count_by(
            self.env["crm.care.ticket"],
            "commercial_partner_id",
            self.commercial_partner_id,
        )
        for partner in self:
            partner.care_ticket_count = counts.get(partner.commercial_partner_id, 0)

    def action_view_care_tickets(self):
        self.ensure_one()
        return window_action(
            self.env,
            "crm_care.crm_care_ticket_action",
            [("commercial_partner_id", "=", self.commercial_partner_id.id)],
            default_partner_id=self.id,
        )
