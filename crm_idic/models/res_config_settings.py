from odoo import api, fields, models

from .res_company import IDENTIFY_FIELDS

IDIC_SETTINGS = [
    "idic_weight_identify",
    "idic_weight_differentiate",
    "idic_weight_interact",
    "idic_weight_customize",
    "idic_rfm_months",
    "idic_interaction_days",
] + [f"idic_fw_{name}" for name, _weight in IDENTIFY_FIELDS]


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # Not related fields: the weights are checked together (they sum to 100), so
    # they are written to the company in one write, not one field at a time.
    idic_weight_identify = fields.Integer("Identify weight")
    idic_weight_differentiate = fields.Integer("Differentiate weight")
    idic_weight_interact = fields.Integer("Interact weight")
    idic_weight_customize = fields.Integer("Customize weight")
    idic_rfm_months = fields.Integer("RFM window (months)")
    idic_interaction_days = fields.Integer("Interaction window (days)")
    idic_fw_email = fields.Integer("Email weight")
    idic_fw_phone = fields.Integer("Phone weight")
    idic_fw_address = fields.Integer("Street and city weight")
    idic_fw_country = fields.Integer("Country weight")
    idic_fw_vat = fields.Integer("Tax ID weight (companies)")
    idic_fw_birthday = fields.Integer(
        "Birthday weight (individuals)",
    )
    idic_fw_tags = fields.Integer("Tags weight")
    idic_fw_salesperson = fields.Integer("Salesperson weight")
    idic_fw_industry = fields.Integer("Industry weight")

    @api.model
    def get_values(self):
        values = super().get_values()
        company = self.env.company
        values.update({name: company[name] for name in IDIC_SETTINGS})
        return values

    def set_values(self):
        result = super().set_values()
        for settings in self:
            changed = {
                name: settings[name]
                for name in IDIC_SETTINGS
                if settings[name] != settings.company_id[name]
            }
            if changed:
                settings.company_id.write(changed)
        return result
