from odoo import fields, models


class CrmCareTag(models.Model):
    _name = "crm.care.tag"
    _description = "Care ticket tag"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    color = fields.Integer()

    _name_uniq = models.Constraint("UNIQUE (name)", "This tag exists already.")
