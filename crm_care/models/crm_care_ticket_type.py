from odoo import fields, models


class CrmCareTicketType(models.Model):
    _name = "crm.care.ticket.type"
    _description = "Care ticket type"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    is_warranty = fields.Boolean(
        "Warranty claim",
        help="Claims of this type are checked against the product's warranty.",
    )
    active = fields.Boolean(default=True)
