from datetime import timedelta

from odoo import api, fields, models

from odoo.addons.crm_idic.tools import user_tz, utc_start
from odoo.addons.crm_idic.tools.display import dated_name
from odoo.addons.crm_idic.tools.records import form_action


class CrmCareDay(models.TransientModel):
    """My care day: what an employee should look after today."""

    _name = "crm.care.day"
    _description = "My care day"

    user_id = fields.Many2one("res.users", default=lambda self: self.env.user)
    ticket_ids = fields.Many2many(
        "crm.care.ticket", compute="_compute_day", string="Tickets due today"
    )
    contract_ids = fields.Many2many(
        "crm.care.contract",
        compute="_compute_contract_ids",
        string="Contracts to renew",
        groups="crm_care.group_contract_user",
    )
    birthday_partner_ids = fields.Many2many(
        "res.partner", compute="_compute_day", string="Birthdays this week"
    )
    activity_ids = fields.Many2many(
        "mail.activity", compute="_compute_day", string="Overdue activities"
    )

    @api.depends_context("tz", "lang")
    def _compute_display_name(self):
        """The breadcrumb: "My care day – 01/12/2026", the reader's today."""
        today = fields.Date.context_today(self)
        for day in self:
            day.display_name = dated_name(self.env, self.env._("My care day"), today)

    @api.depends("user_id")
    def _compute_day(self):
        today = fields.Date.context_today(self)
        # Today ends at the user's midnight, not at UTC's.
        end_of_day = utc_start(user_tz(self.env), today + timedelta(days=1))
        for day in self:
            user = day.user_id
            Ticket = self.env["crm.care.ticket"]
            day.ticket_ids = Ticket.has_access("read") and Ticket.search(
                [
                    ("user_id", "=", user.id),
                    ("is_closed", "=", False),
                    "|",
                    ("sla_resolution_deadline", "<", end_of_day),
                    ("sla_status", "in", ["at_risk", "failed"]),
                ]
            )
            # Today's birthdays first, then the week's, day by day.
            day.birthday_partner_ids = (
                self.env["res.partner"]
                .search([("user_id", "=", user.id), ("birthday_within_days", "<=", 7)])
                .sorted(lambda partner: (partner.birthday_within_days, partner.name))
            )
            day.activity_ids = self.env["mail.activity"].search(
                [("user_id", "=", user.id), ("date_deadline", "<", today)]
            )

    @api.depends("user_id")
    def _compute_contract_ids(self):
        for day in self:
            day.contract_ids = self.env["crm.care.contract"].search(
                [("user_id", "=", day.user_id.id), ("state", "=", "to_renew")]
            )

    @api.model
    def action_open_my_day(self):
        day = self.create({})
        return form_action(day, target="current", name=self.env._("My care day"))
