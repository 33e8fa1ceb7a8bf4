from odoo import api, fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    is_contract = fields.Boolean(related="product_id.is_contract")
    contract_id = fields.Many2one(
        "crm.care.contract",
        index="btree_not_null",
        copy=False,
        readonly=True,
        groups="crm_care.group_contract_user",
        help="The contract made from this line when the order was confirmed: the "
        "contract invoices it.",
    )

    @api.depends("product_id.is_contract")
    def _compute_qty_to_invoice(self):
        """A contract product's line has nothing to invoice on the order: its
        contract invoices it, period after period."""
        result = super()._compute_qty_to_invoice()
        for line in self:
            if line.product_id.is_contract:
                line.qty_to_invoice = 0.0
        return result

    def _contract_line_values(self):
        """This order line as a line of its contract: the order's price and
        quantity, the product's recurrence."""
        self.ensure_one()
        product = self.product_id
        return {
            "product_id": product.id,
            "name": self.name,
            "quantity": self.product_uom_qty,
            "uom_id": self.product_uom_id.id,
            "price_unit": self.price_unit,
            "discount": self.discount,
            "tax_ids": [fields.Command.set(self.tax_ids.ids)],
            "recurring_rule_type": product.recurring_rule_type,
            "recurring_interval": product.recurring_interval,
            "recurring_invoicing_type": product.recurring_invoicing_type,
            "sequence": self.sequence,
        }
