from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import formatLang

from odoo.addons.crm_idic.tools.access import STAFF
from odoo.addons.crm_idic.tools.records import dialog_action


class SaleOrder(models.Model):
    """The customer's credit on the quotation: one banner (Odoo's), and with the
    company's ``credit_limit_action`` at ``block`` a hold on confirmation that a
    sales manager or an accountant releases for the order's current total."""

    _inherit = "sale.order"

    credit_risk_warning = fields.Char(compute="_compute_credit_risk_warning")
    company_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Company currency"
    )
    credit_hold = fields.Char(
        compute="_compute_credit_hold",
        help="Why a salesperson cannot confirm this quotation (empty: nothing "
        "holds it).",
    )
    # Who released the hold, for how much and why: the staff's, not the
    # customer's (who reads its own orders on the portal).
    credit_release_amount = fields.Monetary(
        "Released for",
        readonly=True,
        copy=False,
        currency_field="company_currency_id",
        groups=STAFF,
        help="A sales manager or an accountant released the credit hold for this "
        "total (company currency); a larger total is held again.",
    )
    credit_release_user_id = fields.Many2one(
        "res.users", "Released by", readonly=True, copy=False, groups=STAFF
    )
    credit_release_reason = fields.Text(
        "Why released", readonly=True, copy=False, groups=STAFF
    )

    @api.depends("partner_id", "company_id")
    @api.depends_context("lang")
    def _compute_credit_risk_warning(self):
        for order in self:
            partner = order.partner_id.commercial_partner_id.with_company(
                order.company_id
            )
            if order.state in ("draft", "sent") and partner and partner.credit_risk:
                order.credit_risk_warning = self.env._(
                    "Credit risk: %(customer)s owes %(amount)s overdue, the oldest "
                    "invoice %(days)s days past due.",
                    customer=partner.display_name,
                    amount=partner.credit_currency_id.format(
                        partner.credit_overdue_amount
                    ),
                    days=partner.credit_oldest_overdue_days,
                )
            else:
                order.credit_risk_warning = False

    def _compute_partner_credit_warning(self):
        """Odoo's one banner says the suite's overdue risk and the hold too."""
        result = super()._compute_partner_credit_warning()
        for order in self:
            lines = [order.partner_credit_warning, order.credit_risk_warning]
            lines.append(order.credit_hold)
            order.partner_credit_warning = "\n".join(line for line in lines if line)
        return result

    @api.depends(
        "partner_id",
        "company_id",
        "amount_total",
        "currency_rate",
        "credit_release_amount",
        "state",
    )
    @api.depends_context("lang")
    def _compute_credit_hold(self):
        for order in self:
            order.credit_hold = order._credit_hold_reason() or ""

    # -- the hold --------------------------------------------------------------------

    def _credit_amount(self):
        """This order's total in the company's currency."""
        self.ensure_one()
        return self.company_id.currency_id.round(
            self.amount_total / (self.currency_rate or 1.0)
        )

    def _credit_hold_reason(self):
        """Why this quotation cannot be confirmed by a salesperson, or None: the
        customer would go over its credit limit (Odoo's exposure: its receivable,
        plus what its orders have left to invoice, plus this order), or has an
        item overdue by more than the company's days. Read with sudo under the
        order's company: salespeople cannot read accounting fields."""
        self.ensure_one()
        company = self.company_id
        if (
            self.state not in ("draft", "sent")
            or not company.account_use_credit_limit
            or company.credit_limit_action != "block"
            or not self.partner_id
        ):
            return None
        amount = self._credit_amount()
        if self.credit_release_amount and amount <= self.credit_release_amount:
            return None
        partner = self.partner_id.commercial_partner_id.with_company(company).sudo()
        # Read afresh: orders confirmed earlier in this transaction count.
        partner.invalidate_recordset(["credit", "credit_to_invoice"])
        exposure = partner.credit + partner.credit_to_invoice + amount
        if partner.credit_limit and exposure > partner.credit_limit:
            return self.env._(
                "Held: with this order %(customer)s would owe %(exposure)s, over its "
                "credit limit of %(limit)s.",
                customer=partner.name,
                exposure=formatLang(
                    self.env, exposure, currency_obj=company.currency_id
                ),
                limit=formatLang(
                    self.env, partner.credit_limit, currency_obj=company.currency_id
                ),
            )
        days = company.credit_block_overdue_days
        if days and partner.credit_oldest_overdue_days > days:
            return self.env._(
                "Held: %(customer)s has an item overdue by %(late)s days (more than "
                "%(days)s).",
                customer=partner.name,
                late=partner.credit_oldest_overdue_days,
                days=days,
            )
        return None

    def action_confirm(self):
        """A held quotation is not confirmed by the back office (checked before
        Odoo confirms anything); the customer confirming on the portal (signature
        or payment, in sudo) is never held: the accountant is told instead."""
        held = {order: order._credit_hold_reason() for order in self}
        held = {order: reason for order, reason in held.items() if reason}
        if held and not self.env.su:
            raise UserError("\n".join(held.values()))
        for order in held:
            order._tell_accountant_of_hold()
        return super().action_confirm()

    def _tell_accountant_of_hold(self):
        """An activity for an accountant of the company (else the salesperson):
        the customer confirmed an order the hold would have stopped. In the
        accountant's language (the customer's portal session runs in theirs)."""
        self.ensure_one()
        user = self.company_id._crm_accountant() or self.user_id or self.env.user
        in_lang = self.with_context(lang=user.lang)
        self.sudo().activity_schedule(
            "mail.mail_activity_data_todo",
            user_id=user.id,
            summary=in_lang.env._("Confirmed by the customer over its credit"),
            note=Markup("<p>%s</p>") % in_lang._credit_hold_reason(),
        )

    def action_release_credit_hold(self):
        self.ensure_one()
        self._check_can_release()
        return dialog_action(
            "crm.reports.credit.release",
            {"default_order_id": self.id},
            name=self.env._("Release the credit hold"),
        )

    def _check_can_release(self):
        user = self.env.user
        if not (
            user.has_group("sales_team.group_sale_manager")
            or user.has_group("account.group_account_invoice")
        ):
            raise UserError(
                self.env._(
                    "Only a sales manager or an accountant can release a credit hold."
                )
            )

    def _release_credit_hold(self, reason):
        """Release this order for its current total (logged: who and why)."""
        self.ensure_one()
        self._check_can_release()
        if not (reason or "").strip():
            raise UserError(self.env._("Say why the credit hold is released."))
        amount = self._credit_amount()
        self.sudo().write(
            {
                "credit_release_amount": amount,
                "credit_release_user_id": self.env.uid,
                "credit_release_reason": reason.strip(),
            }
        )
        self.message_post(
            body=self.env._(
                "Credit hold released by %(user)s for %(amount)s: %(reason)s",
                user=self.env.user.name,
                amount=formatLang(
                    self.env, amount, currency_obj=self.company_id.currency_id
                ),
                reason=reason.strip(),
            )
        )
