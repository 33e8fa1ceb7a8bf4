from odoo import fields, models


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
        counts = dict(
            self.env["crm.care.ticket"]._read_group(
                [("commercial_partner_id", "in", self.commercial_partner_id.ids)],
                ["commercial_partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.care_ticket_count = counts.get(partner.commercial_partner_id, 0)

    def action_view_care_tickets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_care.crm_care_ticket_action"
        )
        action["domain"] = [
            ("commercial_partner_id", "=", self.commercial_partner_id.id)
        ]
        action["context"] = {"default_partner_id": self.id}
        return action
