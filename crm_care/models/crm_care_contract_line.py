from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.misc import format_date

from ..tools import recurrence


class CrmCareContractLine(models.Model):
    """A recurring line of a service contract (OCA ``contract``'s field names)."""

    _name = "crm.care.contract.line"
    _description = "Care contract line"
    _order = "contract_id, sequence, id"

    contract_id = fields.Many2one(
        "crm.care.contract", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(related="contract_id.company_id", store=True)
    currency_id = fields.Many2one(related="contract_id.currency_id")
    product_id = fields.Many2one(
        "product.product", required=True, domain=[("sale_ok", "=", True)]
    )
    name = fields.Text(
        "Description",
        required=True,
        help="#START# and #END# stand for the first and last day of the period "
        "invoiced; without them, the period is added after the description.",
    )
    quantity = fields.Float(default=1.0, digits="Product Unit")
    uom_id = fields.Many2one(
        "uom.uom",
        "Unit",
        compute="_compute_from_product",
        store=True,
        readonly=False,
    )
    price_unit = fields.Float(
        "Unit price",
        digits="Product Price",
        compute="_compute_from_product",
        store=True,
        readonly=False,
    )
    automatic_price = fields.Boolean(
        help="Renewed at the price of the contract's pricelist (else the price is "
        "kept)."
    )
    discount = fields.Float("Discount (%)", digits="Discount")
    tax_ids = fields.Many2many(
        "account.tax",
        string="Taxes",
        compute="_compute_from_product",
        store=True,
        readonly=False,
        domain=[("type_tax_use", "=", "sale")],
    )
    price_subtotal = fields.Monetary(
        "Amount a period", compute="_compute_price_subtotal", store=True
    )
    recurring_monthly = fields.Monetary(
        "Monthly value (MRR)",
        compute="_compute_recurring_monthly",
        store=True,
        aggregator="sum",
        help="The line's amount a period brought to a month.",
    )
    contract_state = fields.Selection(
        related="contract_id.state", store=True, string="Contract status"
    )
    partner_id = fields.Many2one(
        related="contract_id.commercial_partner_id", store=True, string="Customer"
    )
    user_id = fields.Many2one(
        related="contract_id.user_id", store=True, string="Responsible"
    )
    recurring_rule_type = fields.Selection(
        recurrence.RULE_TYPES, "Every", default="monthly", required=True
    )
    recurring_interval = fields.Integer("Repeat every", default=1, required=True)
    recurring_invoicing_type = fields.Selection(
        recurrence.INVOICING_TYPES, "Invoicing", default="pre-paid", required=True
    )
    date_start = fields.Date(
        "Start", required=True, help="Empty: the contract's start."
    )
    date_end = fields.Date("End", help="Stopped from the day after; empty: open.")
    last_date_invoiced = fields.Date(readonly=True, copy=False)
    recurring_next_date = fields.Date(
        "Next invoice",
        compute="_compute_recurring_next_date",
        store=True,
        index=True,
    )
    is_canceled = fields.Boolean("Stopped", help="A stopped line invoices no more.")

    @api.depends("product_id")
    def _compute_from_product(self):
        for line in self:
            product = line.product_id
            if not product:
                continue
            line.uom_id = product.uom_id
            line.price_unit = product.lst_price
            line.tax_ids = product.taxes_id.filtered(
                lambda tax, line=line: tax.company_id == line.contract_id.company_id
            )
            if not line.name:
                line.name = product.get_product_multiline_description_sale()

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("date_start") and vals.get("contract_id"):
                contract = self.env["crm.care.contract"].browse(vals["contract_id"])
                vals["date_start"] = contract.date_start
            product = self.env["product.product"].browse(vals.get("product_id"))
            if product and "price_unit" not in vals:
                # The product's price, known before the line is checked.
                vals["price_unit"] = product.lst_price
        return super().create(vals_list)

    @api.depends("quantity", "price_unit", "discount")
    def _compute_price_subtotal(self):
        for line in self:
            line.price_subtotal = (
                line.currency_id.round(
                    line.quantity
                    * line.price_unit
                    * (1 - (line.discount or 0.0) / 100.0)
                )
                if line.currency_id
                else 0.0
            )

    @api.depends(
        "price_subtotal", "recurring_rule_type", "recurring_interval", "is_canceled"
    )
    def _compute_recurring_monthly(self):
        for line in self:
            line.recurring_monthly = (
                0.0
                if line.is_canceled or line.recurring_interval < 1
                else recurrence.monthly_amount(
                    line.price_subtotal,
                    line.recurring_rule_type,
                    line.recurring_interval,
                )
            )

    @api.depends(
        "date_start",
        "date_end",
        "contract_id.date_end",
        "last_date_invoiced",
        "recurring_rule_type",
        "recurring_interval",
        "recurring_invoicing_type",
        "is_canceled",
    )
    def _compute_recurring_next_date(self):
        for line in self:
            period = line._next_period()
            line.recurring_next_date = (
                recurrence.invoice_date(period, line.recurring_invoicing_type)
                if period and not line.is_canceled
                else False
            )

    @api.constrains("recurring_interval", "date_start", "date_end", "price_unit")
    def _check_recurrence(self):
        for line in self:
            if line.recurring_interval < 1:
                raise ValidationError(
                    self.env._(
                        "A contract line repeats every 1 or more periods (%(line)s).",
                        line=line.name,
                    )
                )
            if line.date_end and line.date_end < line.date_start:
                raise ValidationError(
                    self.env._(
                        "The line %(line)s cannot end before it starts.", line=line.name
                    )
                )
            if line.price_unit <= 0:
                raise ValidationError(
                    self.env._("The line %(line)s needs a price.", line=line.name)
                )

    def _line_end(self):
        """The last day the line may invoice: its own end or the contract's."""
        ends = [d for d in (self.date_end, self.contract_id.date_end) if d]
        return min(ends) if ends else None

    def _next_period(self):
        """(start, end) of the next period to invoice, or None."""
        self.ensure_one()
        if not self.date_start:
            return None
        return recurrence.next_period(
            self.date_start,
            self.last_date_invoiced,
            self.recurring_rule_type,
            self.recurring_interval,
            self._line_end(),
        )

    def _invoice_line_values(self, period, lang):
        """The invoice line of one period, its name in the customer's language."""
        self.ensure_one()
        start, end = period
        in_lang = self.with_context(lang=lang)
        start_text = format_date(in_lang.env, start, lang_code=lang)
        end_text = format_date(in_lang.env, end, lang_code=lang)
        if "#START#" in self.name or "#END#" in self.name:
            name = self.name.replace("#START#", start_text).replace("#END#", end_text)
        else:
            name = in_lang.env._(
                "%(name)s from %(start)s to %(end)s",
                name=self.name,
                start=start_text,
                end=end_text,
            )
        return {
            "product_id": self.product_id.id,
            "name": name,
            "quantity": self.quantity,
            "product_uom_id": self.uom_id.id,
            # A partial period (cut by an end) is prorated by days.
            "price_unit": self.price_unit
            * recurrence.prorata(
                period, self.recurring_rule_type, self.recurring_interval
            ),
            "discount": self.discount,
            "tax_ids": [(6, 0, self.tax_ids.ids)],
        }

    def _renewal_values(self, start):
        """This line in the successor starting on ``start``: the pricelist's
        price when the line's price is automatic, else the same price."""
        self.ensure_one()
        values = self.copy_data(
            {"date_start": start, "date_end": False, "last_date_invoiced": False}
        )[0]
        values.pop("contract_id", None)
        pricelist = self.contract_id.pricelist_id
        if self.automatic_price and pricelist:
            values["price_unit"] = pricelist._get_product_price(
                self.product_id, self.quantity, date=start
            )
        return values
