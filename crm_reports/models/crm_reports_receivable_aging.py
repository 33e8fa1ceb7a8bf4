from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

BUCKET_KEYS = ["not_due", "bucket_1", "bucket_2", "bucket_3", "bucket_4", "older"]


class CrmReportsReceivableAging(models.AbstractModel):
    _name = "crm.reports.receivable.aging"
    _description = "Aged receivables"

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
        as_of = fields.Date.to_date(as_of_date)
        company = self.env["res.company"].browse(company_id)
        limits = company._aging_limits()
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
        self.env.cr.execute(
            SQL(
                """
                WITH matched AS (
                    SELECT debit_move_id AS line_id, amount
                      FROM account_partial_reconcile
                     WHERE company_id = %(company)s AND max_date <= %(as_of)s
                    UNION ALL
                    SELECT credit_move_id, -amount
                      FROM account_partial_reconcile
                     WHERE company_id = %(company)s AND max_date <= %(as_of)s
                ), reconciled AS (
                    SELECT line_id, sum(amount) AS amount FROM matched GROUP BY line_id
                ), open_items AS (
                    SELECT aml.partner_id,
                           %(as_of)s - COALESCE(aml.date_maturity, aml.date) AS late,
                           aml.balance - COALESCE(r.amount, 0) AS open
                      FROM account_move_line aml
                      JOIN account_account acc ON acc.id = aml.account_id
                      LEFT JOIN reconciled r ON r.line_id = aml.id
                     WHERE aml.company_id = %(company)s
                       AND aml.parent_state = 'posted'
                       AND acc.account_type = 'asset_receivable'
                       AND aml.date <= %(as_of)s
                       %(partner_filter)s %(user_filter)s
                )
                SELECT partner_id, %(amounts)s
                  FROM open_items
                 WHERE open != 0
                 GROUP BY partner_id
                HAVING sum(open) != 0 OR count(*) FILTER (WHERE open != 0) > 0
                 ORDER BY sum(open) DESC
                """,
                company=company.id,
                as_of=as_of,
                amounts=self._aging_amounts(limits, company.currency_id.rounding),
                partner_filter=partner_filter,
                user_filter=user_filter,
            )
        )
        rows = []
        for partner_id, *amounts in self.env.cr.fetchall():
            values = [amount or 0.0 for amount in amounts]
            rows.append(
                {
                    "partner_id": partner_id,
                    **dict(zip(BUCKET_KEYS + ["total"], values, strict=True)),
                }
            )
        return rows

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
            SQL("true"),  # the total
        ]
        return SQL(", ").join(
            SQL(
                "round(sum(open) FILTER (WHERE %s) / %s) * %s", cond, rounding, rounding
            )
            for cond in buckets
        )

    @api.model
    def get_dso(
        self, as_of_date, company_id, partner_ids=None, days=365, open_rows=None
    ):
        """Days sales outstanding: open receivables at the date / sales invoiced
        (taxes included, net of credit notes) in the ``days`` before it x ``days``.

        ``open_rows``: the result of :meth:`get_aging` for the same date, company
        and partners when the caller has it already.

        :return: ``{"company": dso, "partners": {partner_id: dso}}``; 0 without sales.
        """
        as_of = fields.Date.to_date(as_of_date)
        if open_rows is None:
            open_rows = self.get_aging(as_of, company_id, partner_ids=partner_ids)
        receivable = {row["partner_id"]: row["total"] for row in open_rows}
        self.env.flush_all()
        partner_filter = (
            SQL("AND commercial_partner_id = ANY(%s)", list(partner_ids))
            if partner_ids
            else SQL("")
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT commercial_partner_id, sum(amount_total_signed)
                  FROM account_move
                 WHERE company_id = %(company)s AND state = 'posted'
                   AND move_type IN ('out_invoice', 'out_refund')
                   AND invoice_date > %(start)s AND invoice_date <= %(as_of)s
                   %(partner_filter)s
                 GROUP BY commercial_partner_id
                """,
                company=company_id,
                start=as_of - timedelta(days=days),
                as_of=as_of,
                partner_filter=partner_filter,
            )
        )
        sales = dict(self.env.cr.fetchall())

        def dso(open_amount, sold):
            return round(open_amount / sold * days, 1) if sold > 0 else 0.0

        return {
            "company": dso(sum(receivable.values()), sum(sales.values())),
            "partners": {
                partner_id: dso(
                    receivable.get(partner_id, 0.0), sales.get(partner_id, 0.0)
                )
                for partner_id in set(receivable) | set(sales)
            },
        }

    @api.model
    def bucket_labels(self, company):
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
