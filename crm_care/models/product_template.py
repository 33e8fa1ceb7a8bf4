from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Warranty periods of the suite's demo products (by internal reference), in months.
DEMO_WARRANTY_MONTHS = {
    "PN-RO10": 24,
    "PN-AC12": 24,
    "PN-FR320": 24,
    "PN-WM9": 24,
    "PN-WH30": 36,
    "PN-RC18": 12,
    "PN-FAN": 12,
    "PN-VAC": 12,
    "PN-AP": 12,
    "PN-TV55": 24,
}


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

    @api.model
    def _care_demo_set_warranty(self):
        """Give the suite's demo products their warranty periods (demo data only).

        Called by the demo data of crm_care and again by crm_qci's, so that the
        periods are set whichever of crm_care and crm_idic loads its demo first.
        """
        templates = self.search([("default_code", "in", list(DEMO_WARRANTY_MONTHS))])
        for template in templates:
            template.warranty_months = DEMO_WARRANTY_MONTHS[template.default_code]
        return templates
