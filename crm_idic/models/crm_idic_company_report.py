from odoo import api, fields, models

from ..tools.access import check_company_member


class CrmIdicCompanyReport(models.AbstractModel):
    """A report or wizard of one company's figures: only a company the user works
    in (a remote call naming another company is refused), the current one by
    default."""

    _name = "crm.idic.company.report"
    _description = "Report of one company"

    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        domain="[('id', 'in', allowed_company_ids)]",
    )

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._check_company_allowed()
        return records

    def write(self, vals):
        result = super().write(vals)
        if "company_id" in vals:
            self._check_company_allowed()
        return result

    def _check_company_allowed(self):
        """Refuse a company the caller does not work in. Checked here as the
        caller (Odoo runs constraints as the superuser)."""
        check_company_member(self.env, self.company_id)
