from odoo import api, fields, models

from .res_company import IDENTIFY_FIELDS


class CrmIdicCompanySettings(models.AbstractModel):
    """Forms that edit the suite's company settings through related fields (the
    settings page, the set-up wizard): each setting is declared once, on
    ``res.company``, with its default; the forms relate to it.

    The settings that are checked together (the IDIC weights sum to 100, the
    aging buckets increase) are written to the company in one write, not one
    field at a time as Odoo's related fields would.
    """

    _name = "crm.idic.company.settings"
    _description = "Company settings of the CRM suite"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    idic_weight_identify = fields.Integer(
        related="company_id.idic_weight_identify", readonly=False
    )
    idic_weight_differentiate = fields.Integer(
        related="company_id.idic_weight_differentiate", readonly=False
    )
    idic_weight_interact = fields.Integer(
        related="company_id.idic_weight_interact", readonly=False
    )
    idic_weight_customize = fields.Integer(
        related="company_id.idic_weight_customize", readonly=False
    )
    idic_rfm_months = fields.Integer(
        related="company_id.idic_rfm_months", readonly=False
    )
    idic_interaction_days = fields.Integer(
        related="company_id.idic_interaction_days", readonly=False
    )
    idic_public_holidays = fields.Boolean(
        related="company_id.idic_public_holidays", readonly=False
    )
    idic_forecast_months = fields.Integer(
        related="company_id.idic_forecast_months", readonly=False
    )
    idic_clv_years = fields.Integer(related="company_id.idic_clv_years", readonly=False)
    idic_discount_rate = fields.Float(
        related="company_id.idic_discount_rate", readonly=False
    )
    idic_tier_method = fields.Selection(
        related="company_id.idic_tier_method", readonly=False
    )
    idic_mvc_share = fields.Float(related="company_id.idic_mvc_share", readonly=False)
    idic_winback_threshold = fields.Float(
        related="company_id.idic_winback_threshold", readonly=False
    )
    idic_fw_email = fields.Integer(related="company_id.idic_fw_email", readonly=False)
    idic_fw_phone = fields.Integer(related="company_id.idic_fw_phone", readonly=False)
    idic_fw_address = fields.Integer(
        related="company_id.idic_fw_address", readonly=False
    )
    idic_fw_country = fields.Integer(
        related="company_id.idic_fw_country", readonly=False
    )
    idic_fw_vat = fields.Integer(related="company_id.idic_fw_vat", readonly=False)
    idic_fw_birthday = fields.Integer(
        related="company_id.idic_fw_birthday", readonly=False
    )
    idic_fw_tags = fields.Integer(related="company_id.idic_fw_tags", readonly=False)
    idic_fw_salesperson = fields.Integer(
        related="company_id.idic_fw_salesperson", readonly=False
    )
    idic_fw_industry = fields.Integer(
        related="company_id.idic_fw_industry", readonly=False
    )

    @api.model
    def _company_settings_together(self):
        """Names of the related company settings written in one write."""
        return [
            "idic_weight_identify",
            "idic_weight_differentiate",
            "idic_weight_interact",
            "idic_weight_customize",
            "idic_rfm_months",
            "idic_interaction_days",
        ] + [f"idic_fw_{name}" for name, _weight in IDENTIFY_FIELDS]

    def _hold_company_settings(self, vals):
        """Take the settings written together out of ``vals``."""
        return {
            name: vals.pop(name)
            for name in self._company_settings_together()
            if name in vals and name in self._fields
        }

    def _write_company_settings(self, values):
        for record in self:
            company = record.company_id
            changed = {
                name: value for name, value in values.items() if company[name] != value
            }
            if changed:
                company.write(changed)

    @api.model_create_multi
    def create(self, vals_list):
        held = [self._hold_company_settings(vals) for vals in vals_list]
        records = super().create(vals_list)
        for record, values in zip(records, held, strict=True):
            record._write_company_settings(values)
        return records

    def write(self, vals):
        vals = dict(vals)
        held = self._hold_company_settings(vals)
        result = super().write(vals)
        self._write_company_settings(held)
        return result
