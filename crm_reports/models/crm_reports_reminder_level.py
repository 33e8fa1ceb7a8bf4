from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmReportsReminderLevel(models.Model):
    _name = "crm.reports.reminder.level"
    _description = "Overdue reminder level"
    _order = "company_id, days_overdue"

    name = fields.Char(required=True, translate=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    days_overdue = fields.Integer(
        "Days overdue",
        required=True,
        help="Days after the due date; negative: days before it (a friendly notice "
        "of an invoice coming due).",
    )
    mail_template_id = fields.Many2one(
        "mail.template", "Email", domain=[("model", "=", "account.move")], required=True
    )

    _company_days_uniq = models.Constraint(
        "UNIQUE (company_id, days_overdue)", "One reminder level per number of days."
    )

    @api.constrains("days_overdue")
    def _check_days(self):
        for level in self:
            if not -60 <= level.days_overdue <= 3650:
                raise ValidationError(
                    self.env._(
                        "A reminder level acts from 60 days before the due date "
                        "(negative days) to 3,650 days after it."
                    )
                )
