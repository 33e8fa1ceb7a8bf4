from odoo import fields, models


class CrmCareContractLineStop(models.TransientModel):
    """Stop a contract line from a date, or suspend it between two dates (OCA
    ``contract``'s stop and "stop and plan successor")."""

    _name = "crm.care.contract.line.stop"
    _description = "Stop or suspend a contract line"

    line_id = fields.Many2one("crm.care.contract.line", required=True, readonly=True)
    action = fields.Selection(
        [("stop", "Stop"), ("suspend", "Suspend")], required=True, default="stop"
    )
    date_from = fields.Date(
        "From", required=True, help="The first day that is no longer invoiced."
    )
    date_to = fields.Date(
        "Until", help="Suspension: the last day not invoiced; invoicing resumes after."
    )

    def action_apply(self):
        self.ensure_one()
        if self.action == "suspend":
            self.line_id._suspend(self.date_from, self.date_to)
        else:
            self.line_id._stop_from(self.date_from)
        return {"type": "ir.actions.act_window_close"}
