from odoo import fields, models

from odoo.addons.crm_idic.tools.relations import owner


class CrmCareFestiveReportLine(models.TransientModel):
    _name = "crm.care.festive.report.line"
    _description = "Festive greetings and loyalty: result line"
    _order = "day, id"

    report_id = owner("crm.care.festive.report", index=False)
    currency_id = fields.Many2one(related="report_id.company_id.currency_id")
    kind = fields.Selection(
        [("occasion", "Festive greeting"), ("loyalty", "Loyalty programme")],
        required=True,
    )
    name = fields.Char(required=True)
    day = fields.Date(help="The occasion's day; the first enrolment.")
    customers = fields.Integer(help="Customers greeted, or enrolled by a segment.")
    used_count = fields.Integer(
        "Codes or cards used", help="Used for a reward on a confirmed order."
    )
    revenue = fields.Monetary(
        help="Untaxed amount of the confirmed orders that used them, in company "
        "currency."
    )
    repeat_rate = fields.Float(
        "Bought again (%)",
        help="Share of the customers who placed a confirmed order within 90 days "
        "after their day.",
    )
    comparable_count = fields.Integer(
        "Comparable customers",
        help="Customers of the same value tier and RFM segment the month before, "
        "not greeted or enrolled.",
    )
    comparable_rate = fields.Float(
        "Comparable bought again (%)",
        help="Their repeat-purchase rate, weighted like the customers above.",
    )
    uplift = fields.Float("Difference (points)")
    complete = fields.Boolean(
        "90 days passed", help="Unticked: the 90 days are not over, figures so far."
    )
