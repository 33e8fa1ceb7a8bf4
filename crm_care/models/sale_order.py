from odoo import fields, models
from odoo.exceptions import UserError


class SaleOrder(models.Model):
    _inherit = "sale.order"

    care_ticket_ids = fields.One2many(
        "crm.care.ticket", "sale_order_id", "Care tickets"
    )
    care_ticket_count = fields.Integer(compute="_compute_care_ticket_count")
    crm_care_ticket_id = fields.Many2one(
        "crm.care.ticket",
        "From care ticket",
        index="btree_not_null",
        copy=False,
        help="The care ticket this replacement or repair quotation was made for.",
    )

    def _compute_care_ticket_count(self):
        counts = dict(
            self.env["crm.care.ticket"]._read_group(
                [("sale_order_id", "in", self.ids)], ["sale_order_id"], ["__count"]
            )
        )
        for order in self:
            order.care_ticket_count = counts.get(order, 0)

    def action_view_care_tickets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_care.crm_care_ticket_action"
        )
        action["domain"] = [("sale_order_id", "=", self.id)]
        action["context"] = {
            "default_partner_id": self.partner_id.id,
            "default_sale_order_id": self.id,
        }
        return action

    def action_new_care_contract(self):
        """A draft contract for this confirmed order's customer, linked to it."""
        self.ensure_one()
        if self.state != "sale":
            raise UserError(self.env._("Only a confirmed order can become a contract."))
        contract = self.env["crm.care.contract"].create(
            {
                "name": self.env._("Contract of %(order)s", order=self.name),
                "partner_id": self.partner_id.id,
                "company_id": self.company_id.id,
                "currency_id": self.currency_id.id,
                "user_id": self.user_id.id or self.env.uid,
                "value": self.amount_untaxed,
                "date_start": fields.Date.context_today(self),
                "sale_order_ids": [(6, 0, self.ids)],
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.care.contract",
            "res_id": contract.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_new_care_ticket(self):
        """Open a new ticket for this order's customer, linked to the order."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "crm.care.ticket",
            "view_mode": "form",
            "target": "current",
            "context": {
                "default_partner_id": self.partner_id.id,
                "default_sale_order_id": self.id,
                "default_company_id": self.company_id.id,
                "default_subject": self.env._("About %(order)s", order=self.name),
            },
        }
