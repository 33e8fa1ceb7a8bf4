from odoo import fields, models


class CrmIdicCustomerHistory(models.AbstractModel):
    """A line of a customer's IDIC history in one company, written by the
    recompute and read by staff (the monthly scores, the tier movements)."""

    _name = "crm.idic.customer.history"
    _description = "IDIC history of a customer"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner",
        "Customer",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True, ondelete="cascade"
    )
