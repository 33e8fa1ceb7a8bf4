from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ProductTemplate(models.Model):
    _inherit = "product.template"

    warranty_months = fields.Integer(
        string="Warranty (months)",
        default=0,
        help="Warranty period from delivery, in months; 0 means no warranty.",
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
