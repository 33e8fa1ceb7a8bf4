from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools.misc import format_date

from odoo.addons.crm_idic.tools import company_tz, each_isolated, local_today
from odoo.addons.crm_idic.tools.relations import owner, owner_company


class CrmCareContractMilestone(models.Model):
    """A step of a contract; it may bill a fixed amount or a percentage of the
    contract's one-off lines (never of the recurring value) when it is done."""

    _name = "crm.care.contract.milestone"
    _description = "Contract milestone"
    _order = "contract_id, sequence, id"

    contract_id = owner("crm.care.contract")
    company_id = owner_company("contract_id")
    currency_id = fields.Many2one(related="contract_id.currency_id")
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True)
    planned_date = fields.Date()
    done_date = fields.Date()
    user_id = fields.Many2one(
        "res.users", "Responsible", domain=[("share", "=", False)]
    )
    billing = fields.Selection(
        [
            ("none", "Nothing"),
            ("fixed", "A fixed amount"),
            ("percent", "A share of the one-off lines"),
        ],
        "Bills",
        default="none",
        required=True,
    )
    fixed_amount = fields.Monetary("Fixed amount")
    percentage = fields.Float("Share (%)")
    product_id = fields.Many2one(
        "product.product",
        "Product billed",
        domain=[("sale_ok", "=", True)],
        help="A fixed amount is invoiced as this product (its taxes apply).",
    )
    amount = fields.Monetary(
        compute="_compute_amount",
        help="What the milestone bills, before taxes.",
    )
    invoice_id = fields.Many2one("account.move", readonly=True, copy=False)
    to_bill = fields.Boolean(
        readonly=True,
        copy=False,
        help="Done, billed on the contract's next invoice.",
    )
    overdue_notified = fields.Boolean(readonly=True, copy=False)

    @api.depends(
        "billing",
        "fixed_amount",
        "percentage",
        "contract_id.line_ids.price_subtotal",
        "contract_id.line_ids.is_one_off",
    )
    def _compute_amount(self):
        for milestone in self:
            if milestone.billing == "fixed":
                milestone.amount = milestone.fixed_amount
            elif milestone.billing == "percent":
                one_off = milestone.contract_id.line_ids.filtered("is_one_off")
                milestone.amount = milestone.currency_id.round(
                    sum(one_off.mapped("price_subtotal")) * milestone.percentage / 100
                )
            else:
                milestone.amount = 0.0

    @api.constrains("billing", "fixed_amount", "percentage", "product_id")
    def _check_billing(self):
        for milestone in self:
            if milestone.billing == "fixed" and (
                milestone.fixed_amount <= 0 or not milestone.product_id
            ):
                raise ValidationError(
                    self.env._(
                        "Milestone %(name)s bills a fixed amount: give the amount and "
                        "the product billed.",
                        name=milestone.name,
                    )
                )
            if milestone.billing == "percent" and not 0 < milestone.percentage <= 100:
                raise ValidationError(
                    self.env._(
                        "Milestone %(name)s bills a share between 0 and 100%%.",
                        name=milestone.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        milestones = super().create(vals_list)
        milestones.filtered("done_date")._bill()
        return milestones

    def write(self, vals):
        newly_done = (
            self.filtered(lambda milestone: not milestone.done_date)
            if vals.get("done_date")
            else self.browse()
        )
        newly_done._check_billable()
        result = super().write(vals)
        newly_done._bill()
        return result

    def action_done(self):
        self.filtered(
            lambda milestone: not milestone.done_date
        ).done_date = fields.Date.context_today(self)
        return True

    # -- billing -------------------------------------------------------------------

    def _billing(self):
        """The milestones that bill and are not billed yet."""
        return self.filtered(
            lambda m: m.billing != "none" and not m.invoice_id and not m.to_bill
        )

    def _check_billable(self):
        """Before a milestone that bills is done: its contract invoices, and
        what it bills exists."""
        for milestone in self._billing():
            milestone.contract_id._check_invoiceable()
            if not milestone._invoice_line_values():
                raise UserError(
                    self.env._(
                        "Milestone %(name)s bills a share of the one-off lines, and "
                        "contract %(contract)s has none.",
                        name=milestone.name,
                        contract=milestone.contract_id.display_name,
                    )
                )

    def _bill(self):
        """Invoice the milestones done that bill: an invoice of their own, or a
        line on the contract's next invoice (the company's setting)."""
        self._check_billable()
        for milestone in self._billing():
            contract = milestone.contract_id
            if (
                contract.company_id.contract_milestone_invoicing == "next"
                and contract.recurring_next_date
            ):
                milestone.to_bill = True
            else:
                day = local_today(company_tz(contract.company_id))
                lines = contract.line_ids.browse()
                contract.sudo()._create_invoices(
                    [(contract.sudo(), day, lines.sudo(), milestone.sudo())]
                )

    def _invoice_line_values(self):
        """The invoice lines of this milestone (as a contract's ``lines`` are
        invoiced, see ``crm.care.contract.invoicing``)."""
        self.ensure_one()
        contract = self.contract_id
        lang = contract.partner_id.lang or self.env.lang
        label = self.with_context(lang=lang).env._(
            "Milestone: %(name)s", name=self.name
        )
        if self.billing == "fixed":
            product = self.product_id
            return [
                {
                    "product_id": product.id,
                    "name": label,
                    "quantity": 1,
                    "price_unit": self.fixed_amount,
                    "tax_ids": [
                        Command.set(
                            product.taxes_id.filtered(
                                lambda tax: tax.company_id == contract.company_id
                            ).ids
                        )
                    ],
                }
            ]
        return [
            {
                "product_id": line.product_id.id,
                "name": f"{label} — {self.percentage:g}% — {line.name}",
                "quantity": line.quantity,
                "product_uom_id": line.uom_id.id,
                "price_unit": line.price_unit * self.percentage / 100,
                "discount": line.discount,
                "tax_ids": [Command.set(line.tax_ids.ids)],
            }
            for line in contract.line_ids.filtered("is_one_off")
        ]

    # -- overdue -------------------------------------------------------------------

    @api.model
    def _cron_overdue_milestones(self):
        """Milestones whose planned date has passed (in their company's today),
        not done: their responsible (else the contract's) gets an activity,
        once."""
        companies = self.env["res.company"].search([("id", "!=", False)])
        milestones = self.search(
            Domain("done_date", "=", False)
            & Domain("overdue_notified", "=", False)
            & Domain("contract_id.state", "in", ["running", "to_renew"])
            & Domain.OR(
                Domain("company_id", "=", company.id)
                & Domain("planned_date", "<", local_today(company_tz(company)))
                for company in companies
            )
        )
        each_isolated(
            milestones,
            lambda milestone: milestone._notify_overdue(),
            "Overdue milestones",
            commit=True,
        )
        return True

    def _notify_overdue(self):
        self.ensure_one()
        user = self.user_id or self.contract_id.user_id or self.env.user
        self.contract_id.activity_schedule(
            "mail.mail_activity_data_todo",
            user_id=user.id,
            summary=self.with_context(lang=user.lang).env._(
                "Milestone %(name)s was planned for %(date)s",
                name=self.name,
                date=format_date(
                    self.with_context(lang=user.lang).env, self.planned_date
                ),
            ),
        )
        self.overdue_notified = True
