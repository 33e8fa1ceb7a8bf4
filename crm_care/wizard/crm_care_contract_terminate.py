from odoo import api, fields, models


class CrmCareContractTerminate(models.TransientModel):
    """Terminate a running contract before its end: a reason, and an end date
    no sooner than the notice period allows."""

    _name = "crm.care.contract.terminate"
    _description = "Terminate a contract"

    contract_id = fields.Many2one("crm.care.contract", required=True, readonly=True)
    notice_period_days = fields.Integer(related="contract_id.notice_period_days")
    terminate_reason_id = fields.Many2one(
        "crm.care.contract.terminate.reason", "Reason", required=True
    )
    terminate_comment = fields.Text("Comment")
    date_end = fields.Date(
        "Ends on",
        required=True,
        compute="_compute_date_end",
        store=True,
        readonly=False,
        precompute=True,
        help="The last day of the contract: the notice period from today at the "
        "earliest.",
    )

    @api.depends("contract_id")
    def _compute_date_end(self):
        for wizard in self:
            wizard.date_end = wizard.contract_id._earliest_termination()

    def action_terminate(self):
        self.ensure_one()
        self.contract_id._terminate(
            self.terminate_reason_id, self.terminate_comment, self.date_end
        )
        return {"type": "ir.actions.act_window_close"}
