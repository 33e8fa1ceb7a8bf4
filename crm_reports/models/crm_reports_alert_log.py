from odoo import fields, models


class CrmReportsAlertLog(models.Model):
    """What the overdue alerts did, so that nothing is sent twice."""

    _name = "crm.reports.alert.log"
    _description = "Overdue alert sent"
    _order = "id desc"

    move_id = fields.Many2one(
        "account.move", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="move_id.company_id", store=True)
    partner_id = fields.Many2one(related="move_id.commercial_partner_id", store=True)
    event = fields.Selection(
        [("due_soon", "Due soon"), ("overdue", "Overdue"), ("reminder", "Reminder")],
        required=True,
    )
    level_id = fields.Many2one("crm.reports.reminder.level", ondelete="set null")
    sent = fields.Boolean(default=True, help="Unset: passed over by a higher level.")

    _once = models.UniqueIndex(
        "(move_id, event, COALESCE(level_id, 0))",
        "An alert is sent once per invoice, event and level.",
    )
