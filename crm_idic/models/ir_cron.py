from odoo import api, models

from ..tools.cron import schedule_daily_at

# The local hour (the suite's time zone) of the suite's daily scheduled actions:
# the greetings, reminders, invoices and digests of the day go out in the
# morning, not at the hour the addon happened to be installed.
MORNING_HOUR = 8


class IrCron(models.Model):
    _inherit = "ir.cron"

    @api.model
    def _crm_schedule_mornings(self, modules):
        """Run the daily scheduled actions of the addons ``modules`` (names) next
        at the morning hour (:data:`MORNING_HOUR`) of the suite's time zone; called
        by each addon's data at install, and by crm_idic's migration for the
        addons of an existing database."""
        cron_ids = (
            self.env["ir.model.data"]
            .sudo()
            .search([("model", "=", "ir.cron"), ("module", "in", modules)])
            .mapped("res_id")
        )
        return schedule_daily_at(self.browse(cron_ids).exists(), MORNING_HOUR)
