from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.fields import Domain

from ..tools import PERIOD_MONTHS, growth, period_bounds
from .crm_reports_receivable_aging import BUCKET_KEYS


class CrmReportsDashboard(models.AbstractModel):
    """The figures of the CRM dashboard, as the calling user may see them."""

    _name = "crm.reports.dashboard"
    _description = "CRM dashboard"

    @api.model
    def _dashboard_scope(self):
        """Whose figures the user sees: ``("company", None)`` for sales managers
        and accountants, ``("team", user ids)`` for a team leader (the teams they
        lead), ``("own", [uid])`` for everyone else."""
        user = self.env.user
        if user.has_group("sales_team.group_sale_manager") or user.has_group(
            "account.group_account_invoice"
        ):
            return "company", None
        teams = (
            self.env["crm.team"]
            .sudo()
            .search(
                [
                    ("user_id", "=", user.id),
                    ("company_id", "in", [False, *user.company_ids.ids]),
                ]
            )
        )
        if teams:
            return "team", sorted(set(teams.member_ids.ids) | {user.id})
        return "own", [user.id]

    @api.readonly
    @api.model
    def get_dashboard_data(self, period="month"):
        """Tiles and charts of the current month, quarter or year.

        Every figure is read through the ORM as the calling user (record rules
        apply) and limited to the user's scope (see ``_dashboard_scope``). Each
        tile and chart point carries the model and domain of its drill-down.

        :param period: ``"month"``, ``"quarter"`` or ``"year"``
        :return: dict with ``period``, ``scope``, ``currency_id``, ``tiles`` (list),
            ``revenue_chart``, ``tier_chart`` (``None`` when the user may not see
            a model), ``aging_chart`` and ``top_customers``.
        """
        if not self.env.user._is_internal():
            raise AccessError(self.env._("The CRM dashboard is for internal users."))
        if period not in PERIOD_MONTHS:
            period = "month"
        company = self.env.company
        today = fields.Date.context_today(self)
        date_from, date_to, previous_from, previous_to = period_bounds(period, today)
        scope, user_ids = self._dashboard_scope()

        def by_users(field):
            return Domain(field, "in", user_ids) if user_ids else Domain.TRUE

        company_domain = Domain("company_id", "=", company.id)
        invoices = (
            company_domain
            & by_users("invoice_user_id")
            & Domain("state", "=", "posted")
            & Domain("move_type", "in", ["out_invoice", "out_refund"])
        )
        tiles = []

        def tile(key, label, value, model, domain, kind="number", **extra):
            tiles.append(
                {
                    "key": key,
                    "label": label,
                    "value": value,
                    "kind": kind,
                    "model": model,
                    "domain": list(domain),
                    **extra,
                }
            )

        Move = self.env["account.move"]
        revenue_chart = None
        top_customers = []
        if Move.has_access("read"):
            in_period = (
                invoices
                & Domain("invoice_date", ">=", date_from)
                & Domain("invoice_date", "<=", date_to)
            )
            previous = (
                invoices
                & Domain("invoice_date", ">=", previous_from)
                & Domain("invoice_date", "<=", previous_to)
            )
            [[revenue]] = Move._read_group(in_period, [], ["amount_untaxed_signed:sum"])
            [[before]] = Move._read_group(previous, [], ["amount_untaxed_signed:sum"])
            tile(
                "revenue",
                self.env._("Revenue invoiced"),
                revenue,
                "account.move",
                in_period,
                kind="money",
                growth=growth(revenue, before),
            )
            overdue = (
                invoices
                & Domain("move_type", "=", "out_invoice")
                & Domain("payment_state", "in", ["not_paid", "partial"])
                & Domain("invoice_date_due", "<", today)
            )
            [[overdue_amount, overdue_count]] = Move._read_group(
                overdue, [], ["amount_residual_signed:sum", "__count"]
            )
            tile(
                "overdue",
                self.env._("Overdue receivables"),
                overdue_amount,
                "account.move",
                overdue,
                kind="money",
                count=overdue_count,
                alert=bool(overdue_count),
            )
            year_start = (today - relativedelta(months=11)).replace(day=1)
            monthly = dict(
                Move._read_group(
                    invoices & Domain("invoice_date", ">=", year_start),
                    ["invoice_date:month"],
                    ["amount_untaxed_signed:sum"],
                )
            )
            months = [year_start + relativedelta(months=n) for n in range(12)]
            revenue_chart = {
                "labels": [month.strftime("%m/%Y") for month in months],
                "values": [monthly.get(month, 0.0) for month in months],
                "model": "account.move",
                "domains": [
                    list(
                        invoices
                        & Domain("invoice_date", ">=", month)
                        & Domain("invoice_date", "<", month + relativedelta(months=1))
                    )
                    for month in months
                ],
            }
            top_customers = [
                {"id": partner.id, "name": partner.display_name, "amount": amount}
                for partner, amount in Move._read_group(
                    in_period,
                    ["commercial_partner_id"],
                    ["amount_untaxed_signed:sum"],
                    order="amount_untaxed_signed:sum desc",
                    limit=5,
                )
                if partner
            ]

        Order = self.env["sale.order"]
        if Order.has_access("read"):
            orders = company_domain & by_users("user_id")
            confirmed = (
                orders
                & Domain("state", "=", "sale")
                & Domain("date_order", ">=", date_from)
                & Domain("date_order", "<", date_to + relativedelta(days=1))
            )
            [[count, amount]] = Order._read_group(
                confirmed, [], ["__count", "amount_untaxed:sum"]
            )
            tile(
                "orders",
                self.env._("Confirmed orders"),
                count,
                "sale.order",
                confirmed,
                amount=amount,
            )
            quotations = orders & Domain("state", "in", ["draft", "sent"])
            tile(
                "quotations",
                self.env._("Open quotations"),
                Order.search_count(quotations),
                "sale.order",
                quotations,
            )

        Ticket = self.env["crm.care.ticket"]
        if Ticket.has_access("read"):
            tickets = (
                company_domain & Domain("is_closed", "=", False) & by_users("user_id")
            )
            tile(
                "tickets",
                self.env._("Open tickets"),
                Ticket.search_count(tickets),
                "crm.care.ticket",
                tickets,
            )
            failed = tickets & Domain("sla_status", "=", "failed")
            failed_count = Ticket.search_count(failed)
            tile(
                "sla_failed",
                self.env._("SLA failed"),
                failed_count,
                "crm.care.ticket",
                failed,
                alert=bool(failed_count),
            )

        Contract = self.env["crm.care.contract"]
        if Contract.has_access("read"):
            expiring = (
                company_domain
                & by_users("user_id")
                & Domain("state", "in", ["running", "to_renew"])
                & Domain("date_end", ">=", today)
                & Domain("date_end", "<=", today + relativedelta(days=30))
            )
            tile(
                "contracts",
                self.env._("Contracts ending within 30 days"),
                Contract.search_count(expiring),
                "crm.care.contract",
                expiring,
            )

        tier_chart = None
        Profile = self.env["crm.idic.profile"]
        if Profile.has_access("read"):
            profiles = company_domain & (
                Domain("partner_id.user_id", "in", user_ids)
                if user_ids
                else Domain.TRUE
            )
            counts = dict(Profile._read_group(profiles, ["value_tier"], ["__count"]))
            labels = dict(
                Profile._fields["value_tier"]._description_selection(self.env)
            )
            tier_chart = {
                "labels": list(labels.values()),
                "keys": list(labels),
                "values": [counts.get(key, 0) for key in labels],
                "model": "crm.idic.profile",
                "domains": [
                    list(profiles & Domain("value_tier", "=", key)) for key in labels
                ],
            }

        # Receivables by age: the company's for managers and accountants, their
        # own customers' for salespeople and team leaders (as the aging screen).
        aging = self.env["crm.reports.receivable.aging"]
        totals = aging.get_aging_totals(today, company.id, user_ids=user_ids)
        aging_chart = {
            "labels": aging.bucket_labels(company),
            "values": [totals[key] for key in BUCKET_KEYS],
            # The company's open total just read: not computed a second time.
            "dso": aging.get_company_dso(today, company.id, totals["total"])
            if scope == "company"
            else None,
        }

        return {
            "period": period,
            "date_from": fields.Date.to_string(date_from),
            "date_to": fields.Date.to_string(date_to),
            "scope": scope,
            "company": company.name,
            "currency_id": company.currency_id.id,
            "tiles": tiles,
            "revenue_chart": revenue_chart,
            "tier_chart": tier_chart,
            "aging_chart": aging_chart,
            "top_customers": top_customers,
        }
