from odoo import fields, models

from odoo.addons.crm_idic.tools.relations import owner, owner_company


class CrmReportsAlertLog(models.Model):
    """What the overdue alerts and the reminder runs did, so that nothing is sent
    twice: a reminder is kept per open item (installment) and level."""

    _name = "crm.reports.alert.log"
    _description = "Overdue alert sent"
    _order = "id desc"

    move_id = owner("account.move")
    move_line_id = fields.Many2one(
        "account.move.line", "Item", ondelete="cascade", index="btree_not_null"
    )
    date_maturity = fields.Date(related="move_line_id.date_maturity", string="Due")
    company_id = owner_company("move_id")
    partner_id = fields.Many2one(related="move_id.commercial_partner_id", store=True)
    event = fields.Selection(
        [("due_soon", "Due soon"), ("overdue", "Overdue"), ("reminder", "Reminder")],
        required=True,
    )
    level_id = fields.Many2one("crm.reports.reminder.level", ondelete="set null")
    dunning_line_id = fields.Many2one(
        "crm.reports.dunning.line", "Run line", ondelete="set null", index=True
    )
    channel = fields.Selection(related="dunning_line_id.channel")
    sent = fields.Boolean(default=True, help="Unset: passed over by a higher level.")

    _once = models.UniqueIndex(
        "(move_id, COALESCE(move_line_id, 0), event, COALESCE(level_id, 0))",
        "An alert is sent once per item, event and level.",
    )
