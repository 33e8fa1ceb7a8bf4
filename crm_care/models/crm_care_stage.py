from odoo import fields, models


class CrmCareStage(models.Model):
    _name = "crm.care.stage"
    _inherit = "crm.idic.list.entry"
    _description = "Care ticket stage"
    _order = "sequence, id"

    fold = fields.Boolean("Folded in kanban")
    is_closed = fields.Boolean(
        "Closes the ticket", help="Solved or cancelled: the SLA clock ends here."
    )
    pauses_sla = fields.Boolean(
        "Pauses the SLA",
        help="While a ticket waits here (for the customer), its SLA clock stops.",
    )
    cancelled = fields.Boolean(
        "Cancels the ticket",
        help="A closed stage for tickets given up: no rating request, no reopening "
        "by a customer's reply.",
    )
    mail_template_id = fields.Many2one(
        "mail.template",
        "Email to the customer",
        domain=[("model", "=", "crm.care.ticket")],
        help="Sent to the customer when a ticket enters this stage (acknowledgment, "
        "waiting for the customer, resolution with the rating links...).",
    )
