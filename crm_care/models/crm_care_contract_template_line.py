from odoo import fields, models

from odoo.addons.crm_idic.tools.relations import owner, owner_company


class CrmCareContractTemplateLine(models.Model):
    _name = "crm.care.contract.template.line"
    _inherit = "crm.care.contract.line.base"
    _description = "Contract template line"
    _order = "template_id, sequence, id"

    template_id = owner("crm.care.contract.template")
    company_id = owner_company("template_id")
    currency_id = fields.Many2one(related="template_id.currency_id")

    _line_owner_field = "template_id"

    def _line_company(self):
        return self.template_id.company_id or self.env.company
