"""A contract's company: its number runs per company, and only a draft moves to
another company, with that company's next number and without the old
company's settings (crm.care.contract inherits it)."""

from odoo import api, models
from odoo.exceptions import UserError

from odoo.addons.crm_idic.tools.sequences import next_company_number

from .res_company import CARE_SEQUENCES

# A contract's settings that belong to its company.
COMPANY_SETTINGS = (
    "contract_template_id",
    "journal_id",
    "pricelist_id",
    "payment_term_id",
    "sla_id",
)


class CrmCareContractCompany(models.AbstractModel):
    _name = "crm.care.contract.company"
    _description = "Care contract: company"

    def write(self, vals):
        if vals.get("company_id"):
            # Numbers run per company (its own may be taken there): a contract
            # moved takes its new company's next number.
            company = self.env["res.company"].browse(vals["company_id"])
            for contract in self._moving_to(company):
                super(CrmCareContractCompany, contract).write(
                    contract._settings_foreign_to(company)
                    | vals
                    | {"number": self._next_number(company)}
                )
        return super().write(vals)

    @api.onchange("company_id")
    def _onchange_company_id(self):
        if self.company_id:
            self.update(self._settings_foreign_to(self.company_id))

    def _settings_foreign_to(self, company):
        """The contract's template, journal, pricelist, payment terms and SLA
        that ``company`` may not use (another company's), emptied: a draft
        moved there takes that company's own (the empty journal is its first
        sales journal)."""
        return {
            name: False
            for name in COMPANY_SETTINGS
            if self[name]
            and not self[name].filtered_domain(self._company_may_use(name, company))
        }

    def _company_may_use(self, name, company):
        """Odoo's domain of the records of field ``name`` ``company`` may use."""
        return self.env[self._fields[name].comodel_name]._check_company_domain(company)

    def _moving_to(self, company):
        """The contracts that move to ``company``: drafts only; a sent, signed
        or running contract is its company's document."""
        moving = self.filtered(lambda contract: contract.company_id != company)
        started = moving.filtered(lambda contract: contract.state != "draft")[:1]
        if started:
            states = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "Contract %(contract)s is %(state)s in %(company)s: only a "
                    "draft moves to another company. Cancel it and make it again "
                    "there.",
                    contract=started.number,
                    state=states[started.state],
                    company=started.company_id.name,
                )
            )
        return moving

    @api.model
    def _next_number(self, company):
        return next_company_number(
            self.env, CARE_SEQUENCES, "crm.care.contract", company
        )
