from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL
from odoo.tools.misc import format_date

from odoo.addons.crm_idic.tools import local_today, reader_tz
from odoo.addons.crm_idic.tools.access import STAFF, require_group
from odoo.addons.crm_idic.tools.display import number, orders_count, weighted_rows
from odoo.addons.crm_idic.tools.receivables import (
    open_credits_sql,
    overdue_installments_sql,
)
from odoo.addons.crm_idic.tools.records import dialog_action, list_action

# The accountant's activity checking a promised payment on its day.
PROMISE_ACTIVITY = "crm_reports.mail_activity_type_promise"
# What the customer health score is made of (weights sum to 100).
HEALTH_WEIGHTS = {"value": 40, "payment": 30, "care": 20, "contract": 10}


def health_parts(
    idic_score, overdue_days, failed_tickets, open_tickets, running_contracts
):
    """The four parts of the health score, each 0-100."""
    payment = max(0.0, 100.0 - 100.0 * overdue_days / 90.0) if overdue_days else 100.0
    care = max(0.0, 100.0 - 25.0 * failed_tickets - 5.0 * open_tickets)
    contract = 100.0 if running_contracts else 50.0
    return {
        "value": float(idic_score or 0.0),
        "payment": round(payment, 2),
        "care": care,
        "contract": contract,
    }


def figure_360(field, *args, **kwargs):
    """A figure of the customer 360° (one compute gives them all), the staff's
    only."""
    return field(*args, compute="_compute_customer_360", groups=STAFF, **kwargs)


def health_score(parts):
    return round(
        sum(parts[key] * weight for key, weight in HEALTH_WEIGHTS.items()) / 100, 1
    )


class ResPartner(models.Model):
    _inherit = "res.partner"

    # The company's view of the customer (its debts, its reminders, its
    # health): its staff's only, never the customer's own on the portal.
    credit_overdue_amount = figure_360(
        fields.Monetary, currency_field="credit_currency_id"
    )
    credit_oldest_overdue_days = figure_360(fields.Integer)
    credit_policy_id = fields.Many2one(
        "crm.reports.credit.policy",
        "Reminder policy",
        company_dependent=True,
        check_company=True,
        help="How this customer is reminded in this company (empty: the company's "
        "default policy).",
        groups=STAFF,
    )
    credit_exclude_reminders = fields.Boolean(
        "No reminders",
        company_dependent=True,
        help="The customer gets no overdue reminder in this company.",
        groups=STAFF,
    )
    credit_promise_amount = fields.Float(
        "Promised amount",
        company_dependent=True,
        digits="Account",
        help="What the customer promised to pay, in the company's currency.",
        groups=STAFF,
    )
    credit_promise_date = fields.Date(
        "Promised for",
        company_dependent=True,
        help="Until this day the customer gets no reminder; after it, reminders go on.",
        groups=STAFF,
    )
    credit_risk = figure_360(fields.Boolean)
    credit_currency_id = figure_360(fields.Many2one, "res.currency")
    health_score = figure_360(fields.Float, digits=(5, 1))
    health_color = figure_360(
        fields.Selection,
        [("green", "Healthy"), ("yellow", "Watch"), ("red", "At risk")],
    )
    customer_360 = figure_360(fields.Html, "Customer 360°")
    open_ticket_count_360 = figure_360(fields.Integer)
    running_contract_count_360 = figure_360(fields.Integer)

    @api.depends_context("company", "lang", "tz")
    def _compute_customer_360(self):
        """Overdue invoices (amount, oldest in days, credit risk), value,
        care and contracts of each customer for the current company: one query
        for all the partners shown."""
        company = self.env.company
        figures = self._customer_360_figures(company)
        for partner in self:
            customer = partner.commercial_partner_id
            overdue, days, open_tickets, failed, running, disputed = figures.get(
                customer.id, (0.0, 0, 0, 0, 0, 0)
            )
            partner.credit_overdue_amount = overdue
            partner.credit_oldest_overdue_days = days
            partner.credit_currency_id = company.currency_id
            partner.credit_risk = bool(
                (company.credit_risk_amount and overdue > company.credit_risk_amount)
                or (company.credit_risk_days and days > company.credit_risk_days)
            )
            parts = health_parts(
                customer.idic_score, days, failed, open_tickets, running
            )
            score = health_score(parts)
            partner.health_score = score
            partner.health_color = (
                "green" if score >= 70 else "yellow" if score >= 40 else "red"
            )
            partner.open_ticket_count_360 = open_tickets
            partner.running_contract_count_360 = running
            partner.customer_360 = partner._customer_360_html(
                customer, parts, score, open_tickets, failed, running
            ) + partner._collection_status_html(customer, disputed)
            partner.customer_360 += partner._loyalty_html(customer, company)

    def _customer_360_figures(self, company):
        """``{commercial partner id: (overdue amount, oldest overdue days, open
        tickets, open tickets with a failed SLA, running contracts, open disputed
        invoices)}``. The overdue amount is net of the customer's open credits
        (credit notes and payments not yet matched), as a reminder asks for it:
        nothing is overdue, and no day, when they cover it."""
        partner_ids = self.commercial_partner_id.ids
        if not partner_ids:
            return {}
        # The reader's day, else the company's (the public user of a link and
        # the scheduled actions' user have no time zone): not UTC's.
        today = local_today(reader_tz(self.env, company))
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT p.id, GREATEST(COALESCE(overdue.amount, 0)
                                      + COALESCE(credits.amount, 0), 0),
                       CASE WHEN COALESCE(overdue.amount, 0)
                                 + COALESCE(credits.amount, 0) > 0
                            THEN overdue.days ELSE 0 END,
                       COALESCE(care.open, 0), COALESCE(care.failed, 0),
                       (SELECT count(*) FROM crm_care_contract c
                         WHERE c.commercial_partner_id = p.id
                           AND c.company_id = %(company)s AND c.active
                           AND c.state IN ('running', 'to_renew')),
                       (SELECT count(*) FROM account_move m
                         WHERE m.commercial_partner_id = p.id
                           AND m.company_id = %(company)s AND m.state = 'posted'
                           AND m.credit_dispute_reason IS NOT NULL
                           AND m.payment_state NOT IN ('paid', 'in_payment',
                                                       'reversed'))
                  FROM unnest(%(partners)s::int[]) AS p(id)
                  LEFT JOIN (
                        SELECT partner_id, sum(residual) AS amount,
                               max(%(today)s - date_maturity) AS days
                          FROM (%(overdue)s) items
                         GROUP BY partner_id
                       ) AS overdue ON overdue.partner_id = p.id
                  LEFT JOIN (
                        SELECT partner_id, sum(residual) AS amount
                          FROM (%(credits)s) items
                         GROUP BY partner_id
                       ) AS credits ON credits.partner_id = p.id
                  LEFT JOIN LATERAL (
                        SELECT count(*) AS open,
                               count(*) FILTER (WHERE sla_status = 'failed') AS failed
                          FROM crm_care_ticket t
                         WHERE t.commercial_partner_id = p.id
                           AND t.company_id = %(company)s AND t.active
                           AND t.is_closed IS NOT TRUE
                       ) AS care ON true
                """,
                partners=partner_ids,
                company=company.id,
                today=today,
                overdue=overdue_installments_sql(company.id, today, partner_ids),
                credits=open_credits_sql(company.id, today, partner_ids),
            )
        )
        return {row[0]: row[1:] for row in self.env.cr.fetchall()}

    def _collection_status_html(self, customer, disputed):
        """What holds the customer's reminders: disputes, a promise to pay, an
        exclusion (empty when nothing does)."""
        notes = []
        if disputed:
            notes.append(
                self.env._("1 disputed invoice")
                if disputed == 1
                else self.env._("%(count)s disputed invoices", count=disputed)
            )
        if customer.credit_promise_date:
            notes.append(
                self.env._(
                    "promised to pay %(amount)s on %(date)s",
                    amount=self.env.company.currency_id.format(
                        customer.credit_promise_amount
                    ),
                    date=format_date(self.env, customer.credit_promise_date),
                )
            )
        if customer.credit_exclude_reminders:
            notes.append(self.env._("no reminders"))
        if not notes:
            return Markup("")
        return Markup("<p class='o_collection_status text-muted'>%s: %s</p>") % (
            self.env._("Collections"),
            "; ".join(notes),
        )

    def _loyalty_html(self, customer, company):
        """The customer company's loyalty cards in the company: programme,
        balance, orders that used them (empty without a card)."""
        # The cards of the IDIC tab (read once for both), of this company.
        cards = customer.sudo().idic_loyalty_card_ids.filtered(
            lambda card: card.partner_id == customer
            and card.company_id in (company, card.company_id.browse())
        )
        if not cards:
            return Markup("")
        notes = [
            self.env._(
                "%(program)s: %(balance)s, rewards used on %(orders)s",
                program=card.program_id.name,
                balance=card.points_display,
                orders=orders_count(self.env, card.use_count),
            )
            for card in cards
        ]
        return Markup("<p class='o_customer_loyalty'>%s: %s</p>") % (
            self.env._("Loyalty"),
            "; ".join(notes),
        )

    # -- collections on the customer's chatter ----------------------------------------

    def _collections_post(self, **kwargs):
        """Post on the customer's chatter, as the caller, what collections did
        (a reminder, a statement, a promise). Posting on a contact takes the
        right to edit it, which Odoo gives the *Contact Creation* group, not
        accountants: the callers are the collections' own steps, open to
        accountants only."""
        self.ensure_one()
        return self.sudo().message_post(**kwargs)

    def _collections_activity(self, *args, **kwargs):
        """Schedule an activity on the customer for collections, for another
        user (the salesperson): that too takes the right to edit the contact
        (see :meth:`_collections_post`)."""
        self.ensure_one()
        return self.sudo().activity_schedule(*args, **kwargs)

    def _invoice_contacts(self):
        """Where documents about money go: the customer's invoicing contacts with
        an email, else the customer itself."""
        self.ensure_one()
        customer = self.commercial_partner_id
        return (
            customer.child_ids.filtered(
                lambda child: child.type == "invoice" and child.email
            )
            or customer
        )

    def action_open_reminder_history(self):
        """The reminders this customer got, run by run."""
        self.ensure_one()
        return list_action(
            "crm.reports.dunning.line",
            [("partner_id", "=", self.commercial_partner_id.id), ("done", "=", True)],
            self.env._("Reminders of %(customer)s", customer=self.name),
            view_mode="list,form",
        )

    def action_promise_to_pay(self):
        self.ensure_one()
        return dialog_action(
            "crm.reports.promise",
            {"default_partner_id": self.commercial_partner_id.id},
            name=self.env._("Promise to pay"),
        )

    def _record_promise(self, amount, date):
        """The customer promises ``amount`` by ``date``: no reminder until then,
        and an activity for the accountant on that day to check the payment (it
        replaces the one of an earlier promise)."""
        self.ensure_one()
        if amount <= 0:
            raise ValidationError(self.env._("A promise to pay has an amount."))
        if date < fields.Date.context_today(self):
            raise ValidationError(
                self.env._("A promise to pay cannot be dated in the past.")
            )
        self.sudo().write(
            {"credit_promise_amount": amount, "credit_promise_date": date}
        )
        promised = self.env._(
            "Promised to pay %(amount)s by %(date)s.",
            amount=self.env.company.currency_id.format(amount),
            date=format_date(self.env, date),
        )
        self._collections_post(body=promised)
        self._drop_promise_activity()
        self._collections_activity(
            PROMISE_ACTIVITY,
            date_deadline=date,
            summary=self.env._("Check the promised payment"),
            note=promised,
            user_id=self.env.uid,
        )

    def action_clear_promise(self):
        """Accountants only (as recording one): written in sudo, the method is
        callable over RPC by any signed-in user on any customer."""
        require_group(
            self.env,
            "account.group_account_invoice",
            self.env._("Only an accountant can clear a promise to pay."),
            AccessError,
        )
        self.sudo().write({"credit_promise_amount": 0.0, "credit_promise_date": False})
        self._drop_promise_activity()
        return True

    def _drop_promise_activity(self):
        """The open activities checking an earlier promise, whoever has them."""
        self.sudo().activity_unlink([PROMISE_ACTIVITY])

    def _customer_360_html(self, customer, parts, score, open_tickets, failed, running):
        tiers = dict(
            customer._fields["idic_value_tier"]._description_selection(self.env)
        )
        # The credit figures just set on this partner are its customer's.
        currency = self.credit_currency_id
        rows = [
            (
                self.env._("Value (IDIC)"),
                parts["value"],
                HEALTH_WEIGHTS["value"],
                self.env._(
                    "IDIC score %(score)s, tier %(tier)s",
                    score=number(self.env, customer.idic_score or 0.0, 1),
                    tier=tiers.get(customer.idic_value_tier, "—"),
                ),
            ),
            (
                self.env._("Payment"),
                parts["payment"],
                HEALTH_WEIGHTS["payment"],
                self.env._(
                    "%(amount)s overdue, oldest %(days)s days%(risk)s",
                    amount=currency.format(self.credit_overdue_amount)
                    if currency
                    else self.credit_overdue_amount,
                    days=self.credit_oldest_overdue_days,
                    risk=self.env._(" — credit risk") if self.credit_risk else "",
                ),
            ),
            (
                self.env._("Care"),
                parts["care"],
                HEALTH_WEIGHTS["care"],
                self.env._(
                    "%(tickets)s, %(failed)s with a failed SLA",
                    tickets=self.env._("1 open ticket")
                    if open_tickets == 1
                    else self.env._("%(count)s open tickets", count=open_tickets),
                    failed=failed,
                ),
            ),
            (
                self.env._("Contracts"),
                parts["contract"],
                HEALTH_WEIGHTS["contract"],
                self.env._("1 running contract")
                if running == 1
                else self.env._("%(count)s running contracts", count=running),
            ),
        ]
        body = weighted_rows(self.env, rows, 0)
        color = "success" if score >= 70 else "warning" if score >= 40 else "danger"
        return Markup(
            "<div class='o_customer_360'><h4>"
            "<span class='badge text-bg-%s'>%s %s</span></h4>"
            "<table class='table table-sm'><tbody>%s</tbody></table></div>"
        ) % (color, self.env._("Health"), f"{score:.0f}", body)
