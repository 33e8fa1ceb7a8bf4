from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import recurrence


class ProductTemplate(models.Model):
    _inherit = "product.template"

    warranty_months = fields.Integer(
        string="Warranty (months)",
        default=0,
        help="Warranty period from delivery, in months; 0 means no warranty.",
    )

    # A contract product (OCA product_contract's names): ordered, it starts a
    # contract that invoices it with this recurrence.
    is_contract = fields.Boolean(
        "Is a contract",
        help="Confirming an order of this product makes a draft contract that "
        "invoices it, period after period (the order does not invoice it).",
    )
    contract_template_id = fields.Many2one(
        "crm.care.contract.template",
        "Contract template",
        help="The terms of the contracts this product starts.",
    )
    recurring_rule_type = fields.Selection(
        recurrence.RULE_TYPES, "Invoiced every", default="monthly"
    )
    recurring_interval = fields.Integer("Repeat every", default=1)
    recurring_invoicing_type = fields.Selection(
        recurrence.INVOICING_TYPES, "Invoicing", default="pre-paid"
    )

    @api.constrains("is_contract", "recurring_interval")
    def _check_recurrence(self):
        for template in self:
            if template.is_contract and template.recurring_interval < 1:
                raise ValidationError(
                    self.env._(
                        "%(product)s repeats every 1 or more periods.",
                        product=template.display_name,
                    )
                )

    @api.constrains("warranty_months")
    def _check_warranty_months(self):
        for template in self:
            if not 0 <= template.warranty_months <= 240:
                raise ValidationError(
                    self.env._(
                        "The warranty of %(product)s must be between 0 and 240 months "
                        "(0 means no warranty).",
                        product=template.display_name,
                    )
                )
