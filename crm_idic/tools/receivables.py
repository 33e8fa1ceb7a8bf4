"""The one definition of overdue of the suite: an installment is overdue when its
own due date (``account.move.line.date_maturity`` of the payment-term item) has
passed and it is still open, as the aged receivables count it. An invoice in
installments is overdue by the installments due, not by its last due date.

Used by the receivables digests and customer reminders, the credit warning and
the 360° view, the dashboard and the contracts' receivable status."""

from odoo.fields import Domain
from odoo.tools import SQL


def open_installments_sql(company_id, due_before, partner_ids=None, move_ids=None):
    """SQL rows of the open installments of posted customer invoices of the
    company due before ``due_before`` (a date, excluded): columns ``line_id``,
    ``move_id``, ``partner_id`` (the commercial partner), ``date_maturity`` and
    ``residual`` (company currency)."""
    return SQL(
        """
        SELECT aml.id AS line_id, aml.move_id, am.commercial_partner_id AS partner_id,
               aml.date_maturity, aml.amount_residual AS residual
          FROM account_move_line aml
          JOIN account_move am ON am.id = aml.move_id
         WHERE aml.company_id = %(company)s AND aml.parent_state = 'posted'
           AND aml.display_type = 'payment_term' AND aml.amount_residual > 0
           AND am.move_type = 'out_invoice' AND aml.date_maturity < %(before)s
           %(partners)s %(moves)s
        """,
        company=company_id,
        before=due_before,
        partners=_ids_filter("am.commercial_partner_id", partner_ids),
        moves=_ids_filter("aml.move_id", move_ids),
    )


def open_credits_sql(company_id, on_date, partner_ids=None):
    """SQL rows of the customers' open credits on the company's receivable at
    ``on_date`` (included): credit notes and payments not yet matched with an
    invoice, not in dispute; columns ``line_id``, ``partner_id`` (the
    commercial partner) and ``residual`` (company currency, negative). What a
    customer owes is its open installments less these."""
    return SQL(
        """
        SELECT aml.id AS line_id, am.commercial_partner_id AS partner_id,
               aml.amount_residual AS residual
          FROM account_move_line aml
          JOIN account_move am ON am.id = aml.move_id
          JOIN account_account acc ON acc.id = aml.account_id
         WHERE aml.company_id = %(company)s AND aml.parent_state = 'posted'
           AND acc.account_type = 'asset_receivable' AND aml.amount_residual < 0
           AND aml.no_followup IS NOT TRUE AND aml.date <= %(date)s
           %(partners)s
        """,
        company=company_id,
        date=on_date,
        partners=_ids_filter("am.commercial_partner_id", partner_ids),
    )


def _ids_filter(column, ids):
    """``AND column IN ids``: a list of ids, or a query of them (an ``SQL``)."""
    if isinstance(ids, SQL):
        return SQL("AND %s IN (%s)", SQL(column), ids)
    if not ids:
        return SQL("")
    return SQL("AND %s = ANY(%s)", SQL(column), list(ids))


def overdue_installments_sql(company_id, today, partner_ids=None, move_ids=None):
    """The overdue installments on ``today`` (see :func:`open_installments_sql`)."""
    return open_installments_sql(company_id, today, partner_ids, move_ids)


def overdue_line_domain(company_id, today):
    """The same overdue installments as a domain on ``account.move.line``, for
    the screens that read through the ORM (record rules apply)."""
    return Domain(
        [
            ("company_id", "=", company_id),
            ("parent_state", "=", "posted"),
            ("display_type", "=", "payment_term"),
            ("amount_residual", ">", 0),
            ("move_id.move_type", "=", "out_invoice"),
            ("date_maturity", "<", today),
        ]
    )
