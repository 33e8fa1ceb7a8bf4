from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    birthday = fields.Date(
        help="Date of birth of an individual customer: it completes the customer's "
        "profile and is an occasion to care for the customer.",
    )
