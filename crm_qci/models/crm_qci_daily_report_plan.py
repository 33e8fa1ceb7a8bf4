from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.crm_idic.tools.relations import owner, owner_company


class CrmQciDailyReportPlan(models.Model):
    _name = "crm.qci.daily.report.plan"
    _description = "Daily report plan line"
    _order = "report_id, id"

    report_id = owner("crm.qci.daily.report")
    company_id = owner_company("report_id")
    name = fields.Char("What", required=True)
    partner_id = fields.Many2one("res.partner", "Customer")
    activity_type_id = fields.Many2one(
        "mail.activity.type",
        default=lambda self: self.env.ref(
            "mail.mail_activity_data_call", raise_if_not_found=False
        ),
    )
    date = fields.Date(
        "When",
        default=lambda self: fields.Date.context_today(self) + timedelta(days=1),
    )
    activity_id = fields.Many2one("mail.activity", readonly=True)

    @api.constrains("date")
    def _check_date(self):
        for line in self:
            if line.date and line.report_id.date and line.date < line.report_id.date:
                raise ValidationError(
                    self.env._("A plan line is for the report's day or later.")
                )

    def _schedule(self, report):
        for line in self.filtered(lambda line: not line.activity_id):
            target = line.partner_id or report
            activity = target.activity_schedule(
                activity_type_id=line.activity_type_id.id,
                user_id=report.user_id.id,
                date_deadline=line.date or report.date + timedelta(days=1),
                summary=line.name,
            )
            line.activity_id = activity
