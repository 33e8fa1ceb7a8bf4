from odoo import api, fields, models

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

    contract_prorate = fields.Boolean(
        "Prorate partial periods",
        default=True,
        help="A contract period cut by a start or an end is invoiced by its days; "
        "else it is invoiced whole.",
    )
    contract_template_id = fields.Many2one(
        "crm.care.contract.template",
        "Default contract template",
        help="Its terms and conditions start every new contract of the company.",
    )
    contract_milestone_invoicing = fields.Selection(
        [
            ("own", "An invoice of its own"),
            ("next", "A line on the contract's next invoice"),
        ],
        "A milestone done bills",
        default="own",
        required=True,
    )

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        ensure_company_sequences(self.env, CARE_SEQUENCES, companies)
        self.env["crm.care.occasion"].sudo()._crm_care_default_occasions(companies)
        return companies

    @api.model
    def _crm_care_ensure_sequences(self):
        """At install and upgrade: a ticket and a contract sequence per company."""
        ensure_company_sequences(self.env, CARE_SEQUENCES)
