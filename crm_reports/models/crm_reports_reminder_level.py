from odoo import api, fields, models
from odoo.exceptions import ValidationError

CHANNELS = [
    ("email", "Email"),
    ("letter", "Letter"),
    ("phone", "Phone call"),
    ("activity", "To-do activity"),
]


class CrmReportsReminderLevel(models.Model):
    """A level of a reminder policy: what is done with a customer whose oldest
    open installment is this many days overdue (negative: before its due date)."""

    _name = "crm.reports.reminder.level"
    _description = "Reminder level"
    _order = "policy_id, days_overdue"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    policy_id = fields.Many2one(
        "crm.reports.credit.policy",
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company",
        compute="_compute_company_id",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        default=lambda self: self.env.company,
    )
    days_overdue = fields.Integer(
        "Days overdue",
        required=True,
        help="Days after the due date; negative: days before it (a friendly notice "
        "of an invoice coming due).",
    )
    channel = fields.Selection(
        CHANNELS,
        default="email",
        required=True,
        help="Email: one mail per customer listing its open items. Letter: printed "
        "with the run, to the invoicing address. Phone call, to-do: an activity "
        "for the customer's salesperson (else the accountant who validates).",
    )
    mail_template_id = fields.Many2one(
        "mail.template",
        "Email",
        domain=[("model", "=", "crm.reports.dunning.line")],
        help="The mail of the email channel (and the text of the letter).",
    )
    join_invoices = fields.Boolean(
        "Attach the invoices",
        help="The PDF of each invoice listed goes with the mail, and follows the "
        "letter when printed (the one sent to the customer if there is one, else "
        "printed as it would be now).",
    )
    fee_product_id = fields.Many2one(
        "product.product",
        "Fee",
        check_company=True,
        help="Charged at this level: a separate draft invoice of this product, at "
        "its sales price, for the accountant to post.",
    )

    @api.depends("policy_id")
    def _compute_company_id(self):
        for level in self.filtered("policy_id"):
            level.company_id = level.policy_id.company_id

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

    @api.constrains("policy_id", "channel", "mail_template_id")
    def _check_policy_and_mail(self):
        for level in self:
            if not level.policy_id:
                raise ValidationError(
                    self.env._("The level %(level)s has no policy.", level=level.name)
                )
            if level.channel == "email" and not level.mail_template_id:
                raise ValidationError(
                    self.env._(
                        "The level %(level)s sends an email: choose its template.",
                        level=level.name,
                    )
                )
            # Increasing days, checked on the policy (one message for both sides).
            level.policy_id._check_level_days()
