from odoo import fields, models

from odoo.addons.crm_idic.tools.relations import owner


class CrmQciQuestion(models.Model):
    _name = "crm.qci.question"
    _description = "QCI questionnaire question"
    _order = "component_id, sequence, id"

    component_id = owner("crm.qci.component")
    sequence = fields.Integer(default=10)
    name = fields.Text("Question", required=True, translate=True)
    active = fields.Boolean(default=True)
