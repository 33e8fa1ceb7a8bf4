from odoo import fields, models


class CrmCareTicketType(models.Model):
    _name = "crm.care.ticket.type"
    _inherit = "crm.idic.list.entry"
    _description = "Care ticket type"
    _order = "sequence, id"

    is_warranty = fields.Boolean(
        "Warranty claim",
        help="Claims of this type are checked against the product's warranty.",
    )
