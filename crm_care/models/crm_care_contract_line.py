from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import format_date

from odoo.addons.crm_idic.tools.records import dialog_action
from odoo.addons.crm_idic.tools.relations import owner, owner_company

from ..tools import recurrence


class CrmCareContractLine(models.Model):
    """A recurring line of a service contract (OCA ``contract``'s field names)."""

    _name = "crm.care.contract.line"
    _inherit = "crm.care.contract.line.base"
    _description = "Care contract line"
    _order = "contract_id, sequence, id"

    contract_id = owner("crm.care.contract")
    company_id = owner_company("contract_id")
    currency_id = fields.Many2one(related="contract_id.currency_id")
    price_subtotal = fields.Monetary(
        "Amount a period", compute="_compute_price_subtotal", store=True
    )
    company_currency_id = fields.Many2one(
        related="contract_id.company_id.currency_id", string="Company currency"
    )
    recurring_monthly = fields.Monetary(
        "Monthly value (MRR)",
        compute="_compute_recurring_monthly",
        store=True,
        aggregator="sum",
        currency_field="company_currency_id",
        help="The line's amount a period brought to a month, in the company's "
        "currency (converted at the line's start).",
    )
    recurring_yearly = fields.Monetary(
        "Yearly value (ARR)",
        compute="_compute_recurring_monthly",
        store=True,
        aggregator="sum",
        currency_field="company_currency_id",
        help="Twelve times the monthly value.",
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
    date_start = fields.Date(
        "Start",
        required=True,
        compute="_compute_date_start",
        store=True,
        readonly=False,
        precompute=True,
        help="The contract's start unless the line starts later.",
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

    @api.depends("contract_id.date_start")
    def _compute_date_start(self):
        for line in self:
            if not line.date_start:
                line.date_start = line.contract_id.date_start

    _line_owner_field = "contract_id"

    def _line_company(self):
        return self.contract_id.company_id

    def _line_fiscal_position(self):
        """The fiscal position of the customer invoiced (an exporter's 0 % VAT
        replaces the product's 10 %, as on a sales order)."""
        contract = self.contract_id
        return (
            self.env["account.fiscal.position"]
            .with_company(contract.company_id)
            .sudo()
            ._get_fiscal_position(contract.invoice_partner_id or contract.partner_id)
        )

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
        "price_subtotal",
        "recurring_rule_type",
        "recurring_interval",
        "is_canceled",
        "is_one_off",
        "date_start",
        "contract_id.currency_id",
    )
    def _compute_recurring_monthly(self):
        for line in self:
            monthly = (
                0.0
                if line.is_canceled or line.is_one_off or line.recurring_interval < 1
                else recurrence.monthly_amount(
                    line.price_subtotal,
                    line.recurring_rule_type,
                    line.recurring_interval,
                )
            )
            company = line.contract_id.company_id
            if monthly and line.currency_id != company.currency_id:
                monthly = line.currency_id._convert(
                    monthly,
                    company.currency_id,
                    company,
                    line.date_start or fields.Date.context_today(line),
                )
            line.recurring_monthly = monthly
            line.recurring_yearly = 12 * monthly

    @api.depends(
        "date_start",
        "date_end",
        "contract_id.date_end",
        "last_date_invoiced",
        "recurring_rule_type",
        "recurring_interval",
        "recurring_invoicing_type",
        "is_canceled",
        "is_one_off",
    )
    def _compute_recurring_next_date(self):
        for line in self:
            period = not (line.is_canceled or line.is_one_off) and line._next_period()
            line.recurring_next_date = (
                recurrence.invoice_date(period, line.recurring_invoicing_type)
                if period
                else False
            )

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for line in self:
            if line.date_end and line.date_end < line.date_start:
                raise ValidationError(
                    self.env._(
                        "The line %(line)s cannot end before it starts.", line=line.name
                    )
                )

    # -- stop and suspend ----------------------------------------------------------

    def action_stop(self):
        """The stop / suspend dialog of this line."""
        self.ensure_one()
        return dialog_action(
            "crm.care.contract.line.stop",
            {
                "default_line_id": self.id,
                "default_date_from": fields.Date.context_today(self),
            },
            name=self.env._("Stop or suspend"),
        )

    def _stop_from(self, date):
        """Invoiced no more from ``date`` (its last day is the day before)."""
        self.ensure_one()
        self._check_not_invoiced_from(date)
        if date <= self.date_start:
            self.is_canceled = True
        else:
            self.date_end = date - timedelta(days=1)
        self.contract_id.message_post(
            body=self.env._(
                "%(line)s: stopped from %(date)s.",
                line=self.name,
                date=format_date(self.env, date),
            )
        )

    def _suspend(self, date_from, date_to):
        """Not invoiced from ``date_from`` to ``date_to``; a line like this one
        resumes the day after (until the line's end)."""
        self.ensure_one()
        if not date_to or date_to < date_from:
            raise UserError(
                self.env._("A suspension ends on or after the day it starts.")
            )
        self._check_not_invoiced_from(date_from)
        end = self._line_end()
        resume = date_to + timedelta(days=1)
        if not end or resume <= end:
            self.copy(
                {
                    "contract_id": self.contract_id.id,
                    "date_start": resume,
                    "date_end": self.date_end,
                    "last_date_invoiced": False,
                }
            )
        self._stop_from(date_from)
        self.contract_id.message_post(
            body=self.env._(
                "%(line)s: suspended from %(start)s to %(end)s.",
                line=self.name,
                start=format_date(self.env, date_from),
                end=format_date(self.env, date_to),
            )
        )

    def _check_not_invoiced_from(self, date):
        if self.last_date_invoiced and self.last_date_invoiced >= date:
            raise UserError(
                self.env._(
                    "%(line)s is invoiced up to %(invoiced)s: stop it from "
                    "%(first)s or later (or credit the invoice first).",
                    line=self.name,
                    invoiced=format_date(self.env, self.last_date_invoiced),
                    first=format_date(
                        self.env, self.last_date_invoiced + timedelta(days=1)
                    ),
                )
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
            "price_unit": self.price_unit * self._prorata(period),
            "discount": self.discount,
            "tax_ids": [(6, 0, self.tax_ids.ids)],
        }

    def _prorata(self, period):
        """A partial period (cut by an end, or a month started after its first
        day) is prorated by days when the company says so; else billed whole."""
        if not self.contract_id.company_id.contract_prorate:
            return 1.0
        return recurrence.prorata(
            period, self.recurring_rule_type, self.recurring_interval, self.date_start
        )

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
