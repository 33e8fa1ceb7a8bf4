"""The demo data of crm_reports, on top of the other addons' demo: the
collections desk of the demo company as an accountant finds it in the morning —
today's dunning run proposed and waiting for review, one customer's promise to
pay and one invoice the customer disputes."""

from datetime import timedelta

from odoo.addons.crm_idic.demo.world import demo_env
from odoo.addons.crm_idic.tools import company_tz, local_today

DISPUTE_REASON = "Khách báo chưa nhận đủ hàng theo hóa đơn, đang đối chiếu."
PROMISE_DAYS = 10


def build(env):
    """The demo data of crm_reports (demo/crm_reports_demo.xml); once."""
    env = demo_env(env)
    company = env.company
    Run = env["crm.reports.dunning.run"]  # noqa: N806
    if Run.search_count([("company_id", "=", company.id)]):
        return
    today = local_today(company_tz(company))
    overdue = demo_overdue_invoices(env, today)
    if overdue:
        demo_dispute(overdue[0])
    if len(overdue) > 1:
        demo_promise(overdue[1], today)
    run = Run.create({"company_id": company.id, "date": today})
    run._propose_lines()


def demo_overdue_invoices(env, today):
    """The demo company's posted customer invoices past due and unpaid, one per
    customer, the most overdue first."""
    invoices = env["account.move"].search(
        [
            ("company_id", "=", env.company.id),
            ("move_type", "=", "out_invoice"),
            ("state", "=", "posted"),
            ("payment_state", "in", ("not_paid", "partial")),
            ("invoice_date_due", "<", today),
        ],
        order="invoice_date_due, id",
    )
    seen, first_each = set(), []
    for invoice in invoices:
        if invoice.commercial_partner_id not in seen:
            seen.add(invoice.commercial_partner_id)
            first_each.append(invoice)
    return first_each


def demo_dispute(invoice):
    """The customer disputes what the invoice bills: out of the reminders."""
    invoice._mark_disputed(DISPUTE_REASON)


def demo_promise(invoice, today):
    """The customer promised to pay the invoice's residual within ten days."""
    invoice.commercial_partner_id._record_promise(
        invoice.amount_residual, today + timedelta(days=PROMISE_DAYS)
    )
