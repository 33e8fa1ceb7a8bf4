from odoo import fields, models


class CrmQciQuestion(models.Model):
    _name = "crm.qci.question"
    _description = "QCI questionnaire question"
    _order = "component_id, sequence, id"

    component_id = fields.Many2one(
        "crm.qci.component", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    name = fields.Text("Question", required=True, translate=True)
    active = fields.Boolean(default=True)
