from odoo import fields, models
from odoo.exceptions import UserError

from odoo.addons.crm_idic.tools import local_today, reader_tz
from odoo.addons.crm_idic.tools.records import (
    act_window,
    count_by,
    form_action,
    linked_action,
)


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
        counts = count_by(self.env["crm.care.ticket"], "sale_order_id", self)
        for order in self:
            order.care_ticket_count = counts.get(order, 0)

    def _action_confirm(self):
        result = super()._action_confirm()
        self._create_contracts()
        return result

    def _create_contracts(self):
        """A draft contract per order and contract template for the order's
        contract products not yet under contract, linked to the order (made
        whatever the confirming user's rights on contracts)."""
        Contract = self.env["crm.care.contract"].sudo()
        for order in self.sudo():
            lines = order.order_line.filtered(
                lambda line: line.product_id.is_contract and not line.contract_id
            )
            by_template = lines.grouped(
                lambda line: line.product_id.contract_template_id
            )
            for template, group in by_template.items():
                group.contract_id = Contract.create(
                    order._contract_values(template, group)
                )

    def _contract_values(self, template, lines):
        """The draft contract of ``lines`` of this order."""
        self.ensure_one()
        # The commitment's (else today's) local day: the user's, else the
        # company's (a customer signing online is Odoo's public user).
        start = local_today(
            reader_tz(self.env, self.company_id), self.commitment_date or None
        )
        values = {
            "name": self.env._("%(order)s: services", order=self.name),
            "partner_id": self.partner_id.id,
            "invoice_partner_id": self.partner_invoice_id.id,
            "company_id": self.company_id.id,
            "currency_id": self.currency_id.id,
            "user_id": self.user_id.id or self.env.uid,
            "pricelist_id": self.pricelist_id.id,
            "payment_term_id": self.payment_term_id.id,
            "date_start": start,
            "sale_order_ids": [fields.Command.set(self.ids)],
            "line_ids": [
                fields.Command.create(line._contract_line_values()) for line in lines
            ],
        }
        if template:
            values["contract_template_id"] = template.id
        return values

    def action_view_care_tickets(self):
        return linked_action(
            self,
            "crm_care.crm_care_ticket_action",
            "sale_order_id",
            default_partner_id=self.partner_id.id,
            default_sale_order_id=self.id,
        )

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
                "date_start": local_today(reader_tz(self.env, self.company_id)),
                "sale_order_ids": [(6, 0, self.ids)],
            }
        )
        return form_action(contract, target="current")

    def action_new_care_ticket(self):
        """Open a new ticket for this order's customer, linked to the order."""
        self.ensure_one()
        return act_window(
            "crm.care.ticket",
            "form",
            target="current",
            context={
                "default_partner_id": self.partner_id.id,
                "default_sale_order_id": self.id,
                "default_company_id": self.company_id.id,
                "default_subject": self.env._("About %(order)s", order=self.name),
            },
        )
