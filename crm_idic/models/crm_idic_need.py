from odoo import fields, models


class CrmIdicNeed(models.Model):
    _name = "crm.idic.need"
    _description = "Customer need"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    color = fields.Integer()
    active = fields.Boolean(default=True)
    partner_ids = fields.Many2many("res.partner", string="Customers")

    _name_uniq = models.Constraint("UNIQUE (name)", "This need exists already.")
