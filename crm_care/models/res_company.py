from odoo import api, models

from odoo.addons.crm_idic.tools.sequences import ensure_company_sequences

# Numbering of tickets and contracts, one sequence per company.
CARE_SEQUENCES = [
    {
        "code": "crm.care.ticket",
        "name": "Care tickets",
        "prefix": "TK/%(year)s/",
        "padding": 5,
    },
    {
        "code": "crm.care.contract",
        "name": "Care contracts",
        "prefix": "HD/%(year)s/",
        "padding": 4,
    },
]


class ResCompany(models.Model):
    _inherit = "res.company"

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        ensure_company_sequences(self.env, CARE_SEQUENCES, companies)
        return companies

    @api.model
    def _crm_care_ensure_sequences(self):
        """At install and upgrade: a ticket and a contract sequence per company."""
        ensure_company_sequences(self.env, CARE_SEQUENCES)
