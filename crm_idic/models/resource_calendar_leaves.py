from odoo import fields, models


class ResourceCalendarLeaves(models.Model):
    _inherit = "resource.calendar.leaves"

    public_holiday_country_id = fields.Many2one(
        "res.country",
        "Public holiday of",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Loaded as a public holiday of this country (see the working "
        "calendar's Load public holidays): removed from the days to come when the "
        "company moves to another country.",
    )
