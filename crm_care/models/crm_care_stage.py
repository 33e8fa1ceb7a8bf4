from odoo import fields, models


class CrmCareStage(models.Model):
    _name = "crm.care.stage"
    _description = "Care ticket stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    fold = fields.Boolean("Folded in kanban")
    is_closed = fields.Boolean(
        "Closes the ticket", help="Solved or cancelled: the SLA clock ends here."
    )
    pauses_sla = fields.Boolean(
        "Pauses the SLA",
        help="While a ticket waits here (for the customer), its SLA clock stops.",
    )
    active = fields.Boolean(default=True)
