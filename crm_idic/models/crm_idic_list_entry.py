from odoo import fields, models


class CrmIdicListEntry(models.AbstractModel):
    """An entry of a list staff configure and pick from (ticket stages and
    types, service levels, festive occasions, contract templates, termination
    reasons): its name in each language, its place in the list, and whether it
    is still offered (archived entries keep the records that use them)."""

    _name = "crm.idic.list.entry"
    _description = "Entry of a configurable list"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
