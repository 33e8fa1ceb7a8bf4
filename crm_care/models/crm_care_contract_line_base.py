from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import recurrence

# The fields a template line gives a contract line.
LINE_TERMS = (
    "sequence",
    "product_id",
    "name",
    "quantity",
    "uom_id",
    "price_unit",
    "automatic_price",
    "discount",
    "is_one_off",
    "tax_ids",
    "recurring_rule_type",
    "recurring_interval",
    "recurring_invoicing_type",
)


class CrmCareContractLineBase(models.AbstractModel):
    """What a contract line and a template line share: the product, its price
    and the recurrence (OCA ``contract``'s field names)."""

    _name = "crm.care.contract.line.base"
    _description = "Care contract line: product, price and recurrence"
    _order = "sequence, id"

    sequence = fields.Integer(default=10)
    product_id = fields.Many2one(
        "product.product", required=True, domain=[("sale_ok", "=", True)]
    )
    name = fields.Text(
        "Description",
        required=True,
        compute="_compute_name",
        store=True,
        readonly=False,
        precompute=True,
        help="#START# and #END# stand for the first and last day of the period "
        "invoiced; without them, the period is added after the description.",
    )
    quantity = fields.Float(default=1.0, digits="Product Unit")
    uom_id = fields.Many2one(
        "uom.uom",
        "Unit",
        compute="_compute_uom_id",
        store=True,
        readonly=False,
    )
    price_unit = fields.Float(
        "Unit price",
        digits="Product Price",
        compute="_compute_price_unit",
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
        compute="_compute_tax_ids",
        store=True,
        readonly=False,
        domain=[("type_tax_use", "=", "sale")],
    )
    is_one_off = fields.Boolean(
        "One-off",
        help="Billed once, by the contract's milestones (a share each), not by "
        "the recurrence; not part of the recurring value.",
    )
    recurring_rule_type = fields.Selection(
        recurrence.RULE_TYPES, "Every", default="monthly", required=True
    )
    recurring_interval = fields.Integer("Repeat every", default=1, required=True)
    recurring_invoicing_type = fields.Selection(
        recurrence.INVOICING_TYPES, "Invoicing", default="pre-paid", required=True
    )

    # The field of the contract (or template) the line belongs to.
    _line_owner_field = None

    def _line_company(self):
        raise NotImplementedError

    def _line_fiscal_position(self):
        """The fiscal position mapping the product's taxes (none by default)."""
        return self.env["account.fiscal.position"]

    # One compute per field: a line given its price (through JSON-RPC, an
    # import, a template) still gets the product's description, unit and taxes.

    @api.depends("product_id")
    def _compute_name(self):
        for line in self:
            line.name = line.name or (
                line.product_id.get_product_multiline_description_sale()
                if line.product_id
                else False
            )

    @api.depends("product_id")
    def _compute_uom_id(self):
        for line in self:
            line.uom_id = line.product_id.uom_id or line.uom_id

    @api.depends("product_id")
    def _compute_price_unit(self):
        for line in self:
            line.price_unit = (
                line.product_id.lst_price if line.product_id else line.price_unit
            )

    @api.depends("product_id")
    def _compute_tax_ids(self):
        """The product's sales taxes of the line's company (or its parent's),
        through the customer's fiscal position, looked up once per contract
        (or template)."""
        for lines in self.grouped(self._line_owner_field).values():
            company = lines[:1]._line_company()
            position = lines[:1]._line_fiscal_position()
            for line in lines:
                if not line.product_id:
                    line.tax_ids = line.tax_ids
                    continue
                taxes = line.product_id.sudo().taxes_id._filter_taxes_by_company(
                    company
                )
                line.tax_ids = position.map_tax(taxes)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("product_id"):
                raise ValidationError(
                    self.env._(
                        "Each contract line needs a product (%(line)s).",
                        line=vals.get("name") or "—",
                    )
                )
        return super().create(vals_list)

    @api.constrains("recurring_interval", "price_unit", "discount")
    def _check_price_and_interval(self):
        for line in self:
            if line.recurring_interval < 1:
                raise ValidationError(
                    self.env._(
                        "A contract line repeats every 1 or more periods (%(line)s).",
                        line=line.name,
                    )
                )
            if line.price_unit <= 0:
                raise ValidationError(
                    self.env._("The line %(line)s needs a price.", line=line.name)
                )
            if not 0 <= line.discount <= 100:
                raise ValidationError(
                    self.env._(
                        "A discount is between 0 and 100%% (%(line)s).",
                        line=line.name,
                    )
                )

    def _terms_values(self):
        """The product, price and recurrence of this line, for another line."""
        self.ensure_one()
        return self._convert_to_write({name: self[name] for name in LINE_TERMS})
