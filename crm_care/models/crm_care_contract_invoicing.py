"""How a service contract invoices its lines (crm.care.contract inherits it)."""

from odoo import Command, api, models
from odoo.exceptions import UserError
from odoo.fields import Domain

from odoo.addons.crm_idic.tools import (
    batch_isolated,
    batch_size_param,
    company_tz,
    local_today,
)
from odoo.addons.crm_idic.tools.access import public_date

# States whose due periods are invoiced: a post-paid last period is invoiced
# after the end, also for a closed or renewed contract.
INVOICING_STATES = ("running", "to_renew", "expired", "closed")
# At most this many invoices a contract and run (a contract far behind catches
# up over several runs rather than in one long transaction).
MAX_INVOICES_A_RUN = 120
# The invoices are created without a creation note, tracking or following by the
# action's user (their origin is the contract, on the invoice).
QUIET_CREATE = {
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
}
# Contracts invoiced together between two commits of the scheduled action (the
# system parameter crm_care.contract_invoice_batch_size).
BATCH_SIZE = 100


class CrmCareContractInvoicing(models.AbstractModel):
    _name = "crm.care.contract.invoicing"
    _description = "Care contract: recurring invoicing"

    def recurring_create_invoice(self, date=None):
        """Invoice what is due on ``date`` (each company's today) for these
        contracts: one invoice per contract and invoicing date, a line per
        contract line naming its period. Returns the invoices. ``date``: a date
        or its text (``YYYY-MM-DD``, as JSON-RPC and XML-RPC give it)."""
        if date:
            date = public_date(self.env, date)
        for contract in self:
            contract._check_invoiceable()
        if not self:
            return self.env["account.move"]
        self.env.cr.execute(
            "SELECT id FROM crm_care_contract WHERE id = ANY(%s) FOR UPDATE",
            [self.ids],
        )
        # Past the contract's own checks, the invoicing needs no accounting
        # right of the contract user (journals, taxes, posting).
        return self.sudo()._invoice_due(date).with_env(self.env)

    @api.model
    def _cron_recurring_create_invoice(self):
        """Every contract with periods due in its company's today, invoiced in
        committed, locked batches (two workers never invoice a period twice; a
        run killed half-way goes on from the last committed batch)."""
        companies = self.env["res.company"].search([("id", "!=", False)])
        contracts = self.search(
            Domain("state", "in", INVOICING_STATES)
            & Domain.OR(
                Domain("company_id", "=", company.id)
                & Domain("recurring_next_date", "<=", local_today(company_tz(company)))
                for company in companies
            ),
            order="id",
        )
        batch_isolated(
            contracts,
            lambda batch: batch._invoice_due(),
            "Contract invoicing",
            commit=True,
            batch_size=self._invoice_batch_size(),
        )
        return True

    def _invoice_batch_size(self):
        return batch_size_param(
            self.env, "crm_care.contract_invoice_batch_size", BATCH_SIZE
        )

    def _check_invoiceable(self):
        self._check_state(
            INVOICING_STATES,
            self.env._(
                "Contract %(contract)s is %(state)s: only a running (or ended) "
                "contract invoices."
            ),
        )

    def _invoice_due(self, date=None):
        """The invoices of every date up to ``date`` (each company's today) on
        which lines of these contracts are due, a round of dates at a time: each
        round invoices every contract's earliest due date, all its invoices
        created at once."""
        today = {
            company: date or local_today(company_tz(company))
            for company in self.company_id
        }
        self.line_ids.invalidate_recordset(["last_date_invoiced"])
        invoices = self.env["account.move"]
        for _round in range(MAX_INVOICES_A_RUN):
            plan = self._due_round(today)
            if not plan:
                break
            invoices |= self._create_invoices(plan)
        return invoices

    def _due_round(self, today):
        """[(contract, date, lines, milestones)]: each contract's lines due on
        its earliest due date not after its company's today, with the milestones
        done that wait for the contract's next invoice."""
        plan = []
        for contract in self:
            day = today[contract.company_id]
            due = contract.line_ids.filtered(
                lambda line, day=day: line.recurring_next_date
                and line.recurring_next_date <= day
            )
            if due:
                first = min(due.mapped("recurring_next_date"))
                lines = due.filtered(
                    lambda line, d=first: line.recurring_next_date == d
                )
                milestones = contract.milestone_ids.filtered(
                    lambda m: m.to_bill and not m.invoice_id
                )
                plan.append((contract, first, lines, milestones))
        return plan

    def _create_invoices(self, plan):
        """One invoice per (contract, date, lines, milestones) of ``plan``,
        created together per company; the lines' invoiced periods move on, the
        milestones are billed; posted and queued for sending as each contract
        says."""
        invoices = self.env["account.move"]
        periods = {}
        for company in self.company_id:
            items = [item for item in plan if item[0].company_id == company]
            values = []
            default_journal = None
            for contract, date, lines, milestones in items:
                lang = contract.partner_id.lang or self.env.lang
                periods.update((line, line._next_period()) for line in lines)
                if not (contract.journal_id or default_journal):
                    default_journal = contract._invoice_journal()
                line_values = [
                    line._invoice_line_values(periods[line], lang) for line in lines
                ]
                for milestone in milestones:
                    line_values += milestone._invoice_line_values()
                values.append(
                    contract._invoice_values(
                        date, line_values, contract.journal_id or default_journal
                    )
                )
            created = (
                self.env["account.move"]
                .sudo()
                .with_company(company)
                .with_context(**QUIET_CREATE)
                .create(values)
            )
            for (_contract, _date, _lines, milestones), invoice in zip(
                items, created, strict=True
            ):
                milestones.write({"invoice_id": invoice.id, "to_bill": False})
            invoices |= created
        for line, (_start, end) in periods.items():
            line.last_date_invoiced = end
        self._post_and_send(invoices)
        return invoices

    def _invoice_values(self, date, line_values, journal):
        self.ensure_one()
        partner = self.invoice_partner_id or self.partner_id
        return {
            "move_type": "out_invoice",
            "partner_id": partner.id,
            "company_id": self.company_id.id,
            "currency_id": self.currency_id.id,
            "journal_id": journal.id,
            "invoice_date": date,
            **self._invoice_due_values(partner, date),
            "invoice_user_id": self.user_id.id or False,
            "team_id": self.user_id.sale_team_id.id or False,
            "invoice_origin": self.number,
            "crm_care_contract_id": self.id,
            "invoice_line_ids": [Command.create(vals) for vals in line_values],
        }

    def _invoice_due_values(self, partner, date):
        """When the invoice of ``date`` falls due: by the contract's payment
        terms, else the customer's, counted from the invoice's date; without
        terms, on that date — not on the day the invoice was made (Odoo's
        default), which an invoice made later for a past period, or in the
        evening before a Vietnamese midnight, would get."""
        term = (
            self.payment_term_id
            or partner.with_company(self.company_id).property_payment_term_id
        )
        if term:
            return {"invoice_payment_term_id": term.id}
        return {"invoice_payment_term_id": False, "invoice_date_due": date}

    def _post_and_send(self, invoices):
        """Post the invoices and queue them for Odoo's background sending, as
        their contracts say; nothing is rendered or mailed here."""
        to_post = invoices.filtered(
            lambda move: move.crm_care_contract_id.invoice_posting != "draft"
        )
        if not to_post:
            return
        to_post.action_post()
        to_send = to_post.filtered(
            lambda move: move.crm_care_contract_id.invoice_posting == "send"
        )
        if to_send:
            to_send.sending_data = {
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
