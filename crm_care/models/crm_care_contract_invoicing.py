"""How a service contract invoices its lines and is renewed (crm.care.contract
inherits it)."""

from dateutil.relativedelta import relativedelta

from odoo import Command, api, models
from odoo.exceptions import UserError

from odoo.addons.crm_idic.tools import company_tz, each_isolated, local_today

# States whose due periods are invoiced: a post-paid last period is invoiced
# after the end, also for a closed or renewed contract.
INVOICING_STATES = ("running", "to_renew", "expired", "closed")
# At most this many invoices a contract and run (a contract far behind catches
# up over several runs rather than in one long transaction).
MAX_INVOICES_A_RUN = 120


class CrmCareContractInvoicing(models.AbstractModel):
    _name = "crm.care.contract.invoicing"
    _description = "Care contract: recurring invoicing and renewal"

    def recurring_create_invoice(self, date=None):
        """Invoice what is due on ``date`` (the company's today) for these
        contracts: one invoice per contract and invoicing date, a line per
        contract line naming its period. Returns the invoices."""
        invoices = self.env["account.move"]
        for contract in self:
            contract._check_invoiceable()
            day = date or local_today(company_tz(contract.company_id))
            invoices |= contract._invoice_due(day)
        return invoices

    @api.model
    def _cron_recurring_create_invoice(self):
        """Every running contract with periods due: invoiced in committed batches
        (a contract at a time, locked: two workers never invoice a period twice)."""
        contracts = self.search(
            [
                ("state", "in", INVOICING_STATES),
                ("recurring_next_date", "!=", False),
            ],
            order="id",
        )

        def invoice(contract):
            day = local_today(company_tz(contract.company_id))
            if contract.recurring_next_date and contract.recurring_next_date <= day:
                contract._invoice_due(day)

        each_isolated(contracts, invoice, "Contract invoicing", commit=True)
        return True

    def _check_invoiceable(self):
        self.ensure_one()
        if self.state not in INVOICING_STATES:
            states = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "Contract %(contract)s is %(state)s: only a running (or ended) "
                    "contract invoices.",
                    contract=self.display_name,
                    state=states[self.state],
                )
            )

    def _invoice_due(self, day):
        """The invoices of every date up to ``day`` on which lines are due."""
        self.ensure_one()
        self.env.cr.execute(
            "SELECT id FROM crm_care_contract WHERE id = %s FOR UPDATE", [self.id]
        )
        self.line_ids.invalidate_recordset(["last_date_invoiced"])
        invoices = self.env["account.move"]
        for _run in range(MAX_INVOICES_A_RUN):
            lines = self.line_ids.filtered(
                lambda line: line.recurring_next_date
                and line.recurring_next_date <= day
            )
            if not lines:
                break
            date = min(lines.mapped("recurring_next_date"))
            invoices |= self._invoice_lines(
                lines.filtered(
                    lambda line, date=date: line.recurring_next_date == date
                ),
                date,
            )
        return invoices

    def _invoice_lines(self, lines, date):
        """One invoice dated ``date`` of the next period of each of ``lines``."""
        lang = self.partner_id.lang or self.env.lang
        periods = {line: line._next_period() for line in lines}
        Move = self.env["account.move"].sudo().with_company(self.company_id)
        invoice = Move.create(
            {
                "move_type": "out_invoice",
                "partner_id": (self.invoice_partner_id or self.partner_id).id,
                "company_id": self.company_id.id,
                "currency_id": self.currency_id.id,
                "journal_id": self._invoice_journal().id,
                "invoice_date": date,
                "invoice_payment_term_id": self.payment_term_id.id or False,
                "invoice_user_id": self.user_id.id or False,
                "team_id": self.user_id.sale_team_id.id or False,
                "invoice_origin": self.number,
                "crm_care_contract_id": self.id,
                "invoice_line_ids": [
                    Command.create(line._invoice_line_values(period, lang))
                    for line, period in periods.items()
                ],
            }
        )
        for line, (_start, end) in periods.items():
            line.last_date_invoiced = end
        self._post_and_send(invoice)
        return invoice

    def _post_and_send(self, invoice):
        """Post the invoice and queue it for Odoo's background sending, as the
        contract says; nothing is rendered or mailed here."""
        if self.invoice_posting == "draft":
            return
        invoice.action_post()
        if self.invoice_posting == "send":
            invoice.sending_data = {
                "author_user_id": self.env.user.id,
                "author_partner_id": self.env.user.partner_id.id,
            }
            self.env.ref("account.ir_cron_account_move_send")._trigger()

    def _invoice_journal(self):
        journal = self.journal_id or self.env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", self.company_id.id)], limit=1
        )
        if not journal:
            raise UserError(
                self.env._(
                    "%(company)s has no sales journal to invoice contract "
                    "%(contract)s.",
                    company=self.company_id.name,
                    contract=self.display_name,
                )
            )
        return journal

    # -- renewal -----------------------------------------------------------------------

    def action_renew(self):
        """A draft successor starting the day after the end: the same lines,
        automatic prices from the pricelist; this contract runs until its end."""
        self.ensure_one()
        if self.state not in ("running", "to_renew", "expired"):
            raise UserError(
                self.env._("Only a running, to-renew or expired contract renews.")
            )
        if self.successor_id:
            raise UserError(
                self.env._(
                    "Contract %(contract)s was already renewed: %(successor)s.",
                    contract=self.display_name,
                    successor=self.successor_id.display_name,
                )
            )
        successor = self._make_successor("draft")
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": successor.id,
            "view_mode": "form",
        }

    def _make_successor(self, state):
        """The next term's contract (linked both ways); its invoices are its own
        (no sales order of the predecessor is copied)."""
        self.ensure_one()
        if not self.date_end:
            raise UserError(
                self.env._(
                    "Contract %(contract)s has no end to renew from.",
                    contract=self.display_name,
                )
            )
        start = self.date_end + relativedelta(days=1)
        months = self.renewal_term_months or 12
        successor = self.copy(
            {
                "date_start": start,
                "date_end": start + relativedelta(months=months, days=-1),
                "date_signed": False,
                "state": state,
                "predecessor_id": self.id,
                "name": self.name,
                "sale_order_ids": [Command.clear()],
                "line_ids": [
                    Command.create(line._renewal_values(start))
                    for line in self.line_ids.filtered(
                        lambda line: not line.is_canceled
                    )
                ],
            }
        )
        self.successor_id = successor
        return successor
