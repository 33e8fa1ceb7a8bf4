from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.fields import Domain

from odoo.addons.crm_idic.tools import (
    PERIOD_MONTHS,
    growth,
    local_today,
    period_bounds,
    same_days_before,
    user_tz,
    utc_bounds,
)
from odoo.addons.crm_idic.tools.receivables import overdue_line_domain

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
            ``revenue_chart``, ``tier_chart`` (``False`` when the user may not see
            a model), ``aging_chart`` and ``top_customers``; no ``None``, so that
            XML-RPC can send it.
        """
        if not self.env.user._is_internal():
            raise AccessError(self.env._("The CRM dashboard is for internal users."))
        if period not in PERIOD_MONTHS:
            period = "month"
        company = self.env.company
        tz = user_tz(self.env)
        today = local_today(tz)
        scope, user_ids = self._dashboard_scope()
        date_from, date_to = period_bounds(period, today)[:2]
        # The period so far compares with as many days of the one before.
        dates = (
            date_from,
            date_to,
            *same_days_before(date_from, today, PERIOD_MONTHS[period]),
        )
        tiles = []
        revenue_chart, top_customers = self._dash_invoices(
            company, today, dates, user_ids, tiles
        )
        self._dash_orders(company, utc_bounds(tz, *dates[:2]), user_ids, tiles)
        self._dash_care(company, today, user_ids, tiles)
        return {
            "period": period,
            "date_from": fields.Date.to_string(dates[0]),
            "date_to": fields.Date.to_string(dates[1]),
            "scope": scope,
            "company": company.name,
            "currency_id": company.currency_id.id,
            "tiles": tiles,
            "revenue_chart": revenue_chart,
            "tier_chart": self._dash_tier_chart(company, user_ids),
            "aging_chart": self._dash_aging_chart(company, today, scope, user_ids),
            "top_customers": top_customers,
        }

    def _dash_invoices(self, company, today, dates, user_ids, tiles):
        """Revenue and overdue tiles; the revenue chart of the last 12 months and
        the top customers of the period (``(False, [])`` without access)."""
        Move = self.env["account.move"]
        if not Move.has_access("read"):
            return False, []
        date_from, date_to, previous_from, previous_to = dates
        invoices = (
            Domain("company_id", "=", company.id)
            & _by_users("invoice_user_id", user_ids)
            & Domain("state", "=", "posted")
            & Domain("move_type", "in", ["out_invoice", "out_refund"])
        )
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
        tiles.append(
            _tile(
                "revenue",
                self.env._("Revenue invoiced"),
                revenue,
                "account.move",
                in_period,
                kind="money",
                growth=growth(revenue, before),
            )
        )
        tiles.append(self._dash_overdue_tile(invoices, today))
        return self._dash_revenue_chart(invoices, today), self._dash_top_customers(
            in_period
        )

    def _dash_overdue_tile(self, invoices, today):
        """The overdue installments of the user's invoices (the suite's one
        definition of overdue), drilling down to their invoices."""
        lines = overdue_line_domain(self.env.company.id, today)
        overdue = invoices & Domain("line_ids", "any", lines)
        [[overdue_amount, overdue_count]] = self.env["account.move.line"]._read_group(
            lines & Domain("move_id", "any", invoices),
            [],
            ["amount_residual:sum", "move_id:count_distinct"],
        )
        return _tile(
            "overdue",
            self.env._("Overdue receivables"),
            overdue_amount,
            "account.move",
            overdue,
            kind="money",
            count=overdue_count,
            alert=bool(overdue_count),
        )

    def _dash_revenue_chart(self, invoices, today):
        """Revenue invoiced in each of the last 12 months."""
        year_start = (today - relativedelta(months=11)).replace(day=1)
        monthly = dict(
            self.env["account.move"]._read_group(
                invoices & Domain("invoice_date", ">=", year_start),
                ["invoice_date:month"],
                ["amount_untaxed_signed:sum"],
            )
        )
        months = [year_start + relativedelta(months=n) for n in range(12)]
        return {
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

    def _dash_top_customers(self, in_period):
        return [
            {"id": partner.id, "name": partner.display_name, "amount": amount}
            for partner, amount in self.env["account.move"]._read_group(
                in_period,
                ["commercial_partner_id"],
                ["amount_untaxed_signed:sum"],
                order="amount_untaxed_signed:sum desc",
                limit=5,
            )
            if partner
        ]

    def _dash_orders(self, company, bounds, user_ids, tiles):
        """Confirmed orders of the period (``bounds``: the UTC bounds of its local
        days) and open quotations."""
        Order = self.env["sale.order"]
        if not Order.has_access("read"):
            return
        start, end = bounds
        orders = Domain("company_id", "=", company.id) & _by_users("user_id", user_ids)
        confirmed = (
            orders
            & Domain("state", "=", "sale")
            & Domain("date_order", ">=", start)
            & Domain("date_order", "<", end)
        )
        # One currency per sum: each currency's daily total converted to the
        # company's at that day's rate.
        groups = Order._read_group(
            confirmed,
            ["currency_id", "date_order:day"],
            ["__count", "amount_untaxed:sum"],
        )
        count = sum(group_count for _c, _d, group_count, _a in groups)
        amount = sum(
            currency._convert(total, company.currency_id, company, day)
            for currency, day, _count, total in groups
        )
        quotations = orders & Domain("state", "in", ["draft", "sent"])
        tiles += [
            _tile(
                "orders",
                self.env._("Confirmed orders"),
                count,
                "sale.order",
                confirmed,
                amount=amount,
            ),
            _tile(
                "quotations",
                self.env._("Open quotations"),
                Order.search_count(quotations),
                "sale.order",
                quotations,
            ),
        ]

    def _dash_care(self, company, today, user_ids, tiles):
        """Open tickets, failed SLA and contracts ending within 30 days."""
        mine = Domain("company_id", "=", company.id) & _by_users("user_id", user_ids)
        Ticket = self.env["crm.care.ticket"]
        if Ticket.has_access("read"):
            tickets = mine & Domain("is_closed", "=", False)
            failed = tickets & Domain("sla_status", "=", "failed")
            failed_count = Ticket.search_count(failed)
            tiles += [
                _tile(
                    "tickets",
                    self.env._("Open tickets"),
                    Ticket.search_count(tickets),
                    "crm.care.ticket",
                    tickets,
                ),
                _tile(
                    "sla_failed",
                    self.env._("SLA failed"),
                    failed_count,
                    "crm.care.ticket",
                    failed,
                    alert=bool(failed_count),
                ),
            ]
        Contract = self.env["crm.care.contract"]
        if Contract.has_access("read"):
            expiring = (
                mine
                & Domain("state", "in", ["running", "to_renew"])
                & Domain("date_end", ">=", today)
                & Domain("date_end", "<=", today + relativedelta(days=30))
            )
            tiles.append(
                _tile(
                    "contracts",
                    self.env._("Contracts ending within 30 days"),
                    Contract.search_count(expiring),
                    "crm.care.contract",
                    expiring,
                )
            )

    def _dash_tier_chart(self, company, user_ids):
        """Customers per value tier (``False`` without access)."""
        Profile = self.env["crm.idic.profile"]
        if not Profile.has_access("read"):
            return False
        profiles = Domain("company_id", "=", company.id) & _by_users(
            "partner_id.user_id", user_ids
        )
        counts = dict(Profile._read_group(profiles, ["value_tier"], ["__count"]))
        labels = dict(Profile._fields["value_tier"]._description_selection(self.env))
        return {
            "labels": list(labels.values()),
            "keys": list(labels),
            "values": [counts.get(key, 0) for key in labels],
            "model": "crm.idic.profile",
            "domains": [
                list(profiles & Domain("value_tier", "=", key)) for key in labels
            ],
        }

    def _dash_aging_chart(self, company, today, scope, user_ids):
        """Receivables by age: the company's for managers and accountants, their
        own customers' for salespeople and team leaders (as the aging screen)."""
        aging = self.env["crm.reports.receivable.aging"]
        totals = aging.get_aging_totals(today, company.id, user_ids=user_ids)
        return {
            "labels": aging._bucket_labels(company),
            "values": [totals[key] for key in BUCKET_KEYS],
            # The company's open total just read: not computed a second time.
            "dso": aging.get_company_dso(today, company.id, totals["total"])
            if scope == "company"
            else False,
        }


def _by_users(field, user_ids):
    """Records of these users (all when ``user_ids`` is None)."""
    return Domain(field, "in", user_ids) if user_ids else Domain.TRUE


def _tile(key, label, value, model, domain, kind="number", **extra):
    """A tile of the dashboard and the drill-down of its figure."""
    return {
        "key": key,
        "label": label,
        "value": value,
        "kind": kind,
        "model": model,
        "domain": list(domain),
        **extra,
    }
