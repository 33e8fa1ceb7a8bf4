from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.crm_idic.tools.access import (
    SEE_ALL_SALES,
    check_figures_access,
    public_date,
    string_keys,
)

BUCKET_KEYS = ["not_due", "bucket_1", "bucket_2", "bucket_3", "bucket_4", "older"]
# Who reads the whole company's receivables: accountants, auditors and those who
# see every salesperson's documents; the others their own customers'.
SEE_ALL_RECEIVABLES = (
    "account.group_account_invoice",
    "account.group_account_readonly",
    *SEE_ALL_SALES,
)


class CrmReportsReceivableAging(models.AbstractModel):
    _name = "crm.reports.receivable.aging"
    _description = "Aged receivables"

    def _check_reader(self, company_id, user_ids=None):
        """The public methods read every customer's receivables with SQL and are
        callable over RPC: only the company's staff, the whole company for
        accountants and managers, else the caller's own customers."""
        check_figures_access(
            self.env,
            self.env["res.company"].browse(company_id),
            user_ids,
            see_all=SEE_ALL_RECEIVABLES,
        )

    @api.model
    def get_aging(self, as_of_date, company_id, partner_ids=None, user_ids=None):
        """Open receivables of each customer at a date, by days past due.

        Exact as of the date: posted receivable journal items dated on or before it;
        a reconciliation (payment, credit note) counts only from the later date of the
        two items it matches, so one dated after ``as_of_date`` does not reduce what
        was open then. Each item ages by its own due date (installments apart).

        :return: a list of dicts, one per customer: ``partner_id``, ``not_due``,
            ``bucket_1`` .. ``bucket_4`` (the company's bucket limits, 1-30, 31-60,
            61-90, 91-120 days by default), ``older`` and ``total``, in the company
            currency; the totals over all customers equal the receivable accounts'
            balance at that date.
        """
        self._check_reader(company_id, user_ids)
        as_of_date = public_date(self.env, as_of_date)
        return self._aging_rows(as_of_date, company_id, partner_ids, user_ids)

    def _aging_rows(self, as_of_date, company_id, partner_ids=None, user_ids=None):
        """:meth:`get_aging` for a caller already checked."""
        self.env.cr.execute(
            SQL(
                "%s ORDER BY total DESC",
                self._aging_query(as_of_date, company_id, partner_ids, user_ids),
            )
        )
        return [
            dict(zip(["partner_id", *BUCKET_KEYS, "total"], row, strict=True))
            for row in self.env.cr.fetchall()
        ]

    @api.model
    def get_aging_totals(self, as_of_date, company_id, user_ids=None):
        """The sums over customers of :meth:`get_aging`, computed in PostgreSQL
        without a row per customer. Journal items are in the currency's
        precision, so a customer's sums need no rounding and the totals equal
        the sums of the customers' rounded amounts.

        :return: a dict ``not_due``, ``bucket_1`` .. ``bucket_4``, ``older``,
            ``total``.
        """
        self._check_reader(company_id, user_ids)
        as_of_date = public_date(self.env, as_of_date)
        self.env.cr.execute(
            self._aging_query(as_of_date, company_id, None, user_ids, by_partner=False)
        )
        return dict(zip([*BUCKET_KEYS, "total"], self.env.cr.fetchone(), strict=True))

    def _aging_query(
        self, as_of_date, company_id, partner_ids, user_ids, by_partner=True
    ):
        """The query of open receivables per customer at a date (see
        :meth:`get_aging`): columns ``partner_id``, the buckets, ``total``;
        without ``by_partner``, one row of the buckets and ``total``.

        An item's open amount at the date is its residual today (kept by Odoo from
        the reconciliations) plus what reconciliations dated after the date took
        from it: only those later ones are read, and only items still open or
        matched later are aged.
        """
        as_of = fields.Date.to_date(as_of_date)
        company = self.env["res.company"].browse(company_id)
        self.env.flush_all()
        partner_filter = (
            SQL("AND aml.partner_id = ANY(%s)", list(partner_ids))
            if partner_ids
            else SQL("")
        )
        user_filter = (
            SQL(
                "AND aml.partner_id IN "
                "(SELECT id FROM res_partner WHERE user_id = ANY(%s))",
                list(user_ids),
            )
            if user_ids
            else SQL("")
        )
        return SQL(
            """
            WITH %(open_items)s
            SELECT %(partner)s %(amounts)s
              FROM open_items
             WHERE open != 0
             %(group_by)s
            """,
            open_items=self._open_items_ctes(
                as_of, company, SQL("%s %s", partner_filter, user_filter)
            ),
            partner=SQL("partner_id,") if by_partner else SQL(""),
            group_by=SQL("GROUP BY partner_id") if by_partner else SQL(""),
            amounts=self._aging_amounts(
                company._aging_limits(), company.currency_id.rounding
            ),
        )

    def _open_items_ctes(self, as_of, company, filters):
        """The CTEs ending in ``open_items``: the company's receivable journal
        items open at ``as_of`` (``filters``: more conditions on ``aml``), with
        ``line_id``, ``partner_id``, ``currency_id``, ``late`` (days past due),
        ``open`` (the open amount at the date in the company's currency) and
        ``open_currency`` (the same in the item's own currency)."""
        return SQL(
            """
            matched_later AS (
                SELECT debit_move_id AS line_id, amount,
                       debit_amount_currency AS amount_currency
                  FROM account_partial_reconcile
                 WHERE company_id = %(company)s AND max_date > %(as_of)s
                UNION ALL
                SELECT credit_move_id, -amount, -credit_amount_currency
                  FROM account_partial_reconcile
                 WHERE company_id = %(company)s AND max_date > %(as_of)s
            ), later AS (
                SELECT line_id, sum(amount) AS amount,
                       sum(amount_currency) AS amount_currency
                  FROM matched_later GROUP BY line_id
            ), open_items AS (
                SELECT aml.id AS line_id, aml.partner_id, aml.currency_id,
                       %(as_of)s - COALESCE(aml.date_maturity, aml.date) AS late,
                       aml.amount_residual + COALESCE(later.amount, 0) AS open,
                       aml.amount_residual_currency
                           + COALESCE(later.amount_currency, 0) AS open_currency
                  FROM account_move_line aml
                  JOIN account_account acc ON acc.id = aml.account_id
                  LEFT JOIN later ON later.line_id = aml.id
                 WHERE aml.company_id = %(company)s
                   AND aml.parent_state = 'posted'
                   AND acc.account_type = 'asset_receivable'
                   AND aml.date <= %(as_of)s
                   AND (aml.reconciled IS NOT TRUE OR later.line_id IS NOT NULL)
                   %(filters)s
            )
            """,
            company=company.id,
            as_of=as_of,
            filters=filters,
        )

    @api.model
    def _open_items_at(self, as_of_date, company_id, partner_id):
        """The customer's receivable items open at a date (exact as of it, as
        :meth:`get_aging`): ``[(journal item, open amount, days past due, open
        amount in the item's currency)]`` by due date."""
        as_of = fields.Date.to_date(as_of_date)
        company = self.env["res.company"].browse(company_id)
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "WITH %s SELECT line_id, open, late, open_currency FROM open_items"
                " WHERE open != 0 ORDER BY late DESC, line_id",
                self._open_items_ctes(
                    as_of, company, SQL("AND aml.partner_id = %s", partner_id)
                ),
            )
        )
        Line = self.env["account.move.line"]
        return [
            (Line.browse(line_id), open_amount, late, open_currency)
            for line_id, open_amount, late, open_currency in self.env.cr.fetchall()
        ]

    @api.model
    def _aging_foreign(self, as_of_date, company_id, partner_ids=None):
        """What each customer owes in other currencies than the company's at a
        date, in those currencies (exact as of the date, as :meth:`get_aging`):
        ``{partner_id: [(currency, amount), ...]}``; the company-currency value
        of the same items is in the buckets."""
        as_of = fields.Date.to_date(as_of_date)
        company = self.env["res.company"].browse(company_id)
        self.env.flush_all()
        filters = SQL("AND aml.currency_id != %s", company.currency_id.id)
        if partner_ids:
            filters = SQL("%s AND aml.partner_id = ANY(%s)", filters, list(partner_ids))
        self.env.cr.execute(
            SQL(
                "WITH %s SELECT partner_id, currency_id, sum(open_currency)"
                " FROM open_items GROUP BY partner_id, currency_id"
                " HAVING sum(open_currency) != 0",
                self._open_items_ctes(as_of, company, filters),
            )
        )
        foreign = {}
        for partner_id, currency_id, amount in self.env.cr.fetchall():
            currency = self.env["res.currency"].browse(currency_id)
            foreign.setdefault(partner_id, []).append(
                (currency, currency.round(amount))
            )
        return foreign

    def _aging_amounts(self, limits, rounding):
        """The bucket sums and the total of open items (``late``: days past due),
        rounded to the currency in SQL (half away from zero, as currency.round):
        no Python call per amount."""
        l1, l2, l3, l4 = limits
        buckets = [
            SQL("late <= 0"),
            SQL("late BETWEEN 1 AND %s", l1),
            SQL("late > %s AND late <= %s", l1, l2),
            SQL("late > %s AND late <= %s", l2, l3),
            SQL("late > %s AND late <= %s", l3, l4),
            SQL("late > %s", l4),
            SQL("true"),
        ]
        return SQL(", ").join(
            SQL(
                "COALESCE(round(sum(open) FILTER (WHERE %s) / %s) * %s, 0) AS %s",
                cond,
                rounding,
                rounding,
                SQL.identifier(key),
            )
            for cond, key in zip(buckets, [*BUCKET_KEYS, "total"], strict=True)
        )

    @api.model
    def get_dso(
        self, as_of_date, company_id, partner_ids=None, days=365, open_rows=None
    ):
        """Days sales outstanding: open receivables at the date / sales invoiced
        (taxes included, net of credit notes) in the ``days`` before it x ``days``.

        ``open_rows``: the result of :meth:`get_aging` for the same date, company
        and partners when the caller has it already.

        :return: ``{"company": dso, "partners": {"partner_id": dso}}`` (the ids as
            strings: XML-RPC sends no other keys); 0 without sales.
        """
        self._check_reader(company_id)
        as_of_date = public_date(self.env, as_of_date)
        dso = self._dso_by_partner(as_of_date, company_id, partner_ids, days, open_rows)
        return {**dso, "partners": string_keys(dso["partners"])}

    def _dso_by_partner(self, as_of_date, company_id, partner_ids, days, open_rows):
        """:meth:`get_dso`, keyed by partner id, for a caller that checked the
        reader already."""
        if open_rows is None:
            open_rows = self._aging_rows(as_of_date, company_id, partner_ids)
        receivable = {row["partner_id"]: row["total"] for row in open_rows}
        sales = dict(
            self._sales(as_of_date, company_id, days, partner_ids, by_partner=True)
        )
        return {
            "company": self._dso(sum(receivable.values()), sum(sales.values()), days),
            "partners": {
                partner_id: self._dso(
                    receivable.get(partner_id, 0.0), sales.get(partner_id, 0.0), days
                )
                for partner_id in set(receivable) | set(sales)
            },
        }

    @api.model
    def get_company_dso(self, as_of_date, company_id, open_total, days=365):
        """The company's days sales outstanding (see :meth:`get_dso`) from its
        open receivables at the date (``open_total``, e.g. the ``total`` of
        :meth:`get_aging_totals`): one sum of the sales, no row per customer."""
        self._check_reader(company_id)
        as_of_date = public_date(self.env, as_of_date)
        [(sold,)] = self._sales(as_of_date, company_id, days)
        return self._dso(open_total, sold or 0.0, days)

    def _sales(self, as_of_date, company_id, days, partner_ids=None, by_partner=False):
        """Sales invoiced (taxes included, net of credit notes) in the ``days``
        before the date: rows ``(partner, amount)`` or one row ``(amount,)``."""
        as_of = fields.Date.to_date(as_of_date)
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT %(partner)s sum(amount_total_signed)
                  FROM account_move
                 WHERE company_id = %(company)s AND state = 'posted'
                   AND move_type IN ('out_invoice', 'out_refund')
                   AND invoice_date > %(start)s AND invoice_date <= %(as_of)s
                   %(partner_filter)s
                 %(group_by)s
                """,
                partner=SQL("commercial_partner_id,") if by_partner else SQL(""),
                company=company_id,
                start=as_of - timedelta(days=days),
                as_of=as_of,
                partner_filter=SQL(
                    "AND commercial_partner_id = ANY(%s)", list(partner_ids)
                )
                if partner_ids
                else SQL(""),
                group_by=SQL("GROUP BY commercial_partner_id")
                if by_partner
                else SQL(""),
            )
        )
        return self.env.cr.fetchall()

    @staticmethod
    def _dso(open_amount, sold, days):
        return round(open_amount / sold * days, 1) if sold > 0 else 0.0

    @api.model
    def _bucket_labels(self, company):
        """The column titles of the company's buckets."""
        limits = company._aging_limits()
        return [
            self.env._("Not due"),
            self.env._("1-%(days)s", days=limits[0]),
            self.env._("%(start)s-%(end)s", start=limits[0] + 1, end=limits[1]),
            self.env._("%(start)s-%(end)s", start=limits[1] + 1, end=limits[2]),
            self.env._("%(start)s-%(end)s", start=limits[2] + 1, end=limits[3]),
            self.env._("Over %(days)s", days=limits[3]),
        ]
