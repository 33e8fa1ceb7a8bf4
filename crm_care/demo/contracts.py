"""The demo contracts of crm_care: a contract template with its terms, contract
products, and contracts at every step of their life with consistent dates — a
running contract was signed and approved before it started, in the past — the
invoices they produced (the older ones paid), signed PDFs, milestones that
bill, a termination, an automatic and a manual renewal."""

import base64
import io
from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, fields

TERMS = (
    "<p><b>Điều 1. Phạm vi dịch vụ.</b> Bên B thực hiện các dịch vụ nêu trong bảng "
    "trên, theo lịch đã thỏa thuận, bằng nhân sự và vật tư của Bên B.</p>"
    "<p><b>Điều 2. Thanh toán.</b> Bên B xuất hóa đơn theo từng kỳ; Bên A thanh toán "
    "trong thời hạn ghi trên hóa đơn.</p>"
    "<p><b>Điều 3. Chấm dứt hợp đồng.</b> Mỗi bên có thể chấm dứt hợp đồng trước hạn "
    "khi báo trước cho bên kia theo thời hạn báo trước của hợp đồng.</p>"
    "<p><b>Điều 4. Bảo mật.</b> Hai bên giữ bí mật các thông tin có được khi thực "
    "hiện hợp đồng.</p>"
)


def demo_contracts(env, orders):
    """The demo contracts on the customers of ``orders``."""
    Contract = env["crm.care.contract"]
    if not orders:
        return Contract
    today = fields.Date.context_today(env.user)
    month = today.replace(day=1)
    template, maintenance, installation = demo_contract_products(env)
    env.company.contract_template_id = template
    customers = orders.partner_id
    contracts = Contract

    def make(title, index, start, months, **values):
        nonlocal contracts
        partner = customers[index % len(customers)]
        seller = orders.filtered(lambda o: o.partner_id == partner)[:1].user_id
        contract = Contract.create(
            {
                "name": title,
                "partner_id": partner.id,
                "company_id": env.company.id,
                "currency_id": env.company.currency_id.id,
                "user_id": seller.id or env.uid,
                "contract_template_id": template.id,
                "date_start": start,
                "date_end": start + relativedelta(months=months, days=-1),
                "invoice_posting": "post",
                **values,
            }
        )
        contracts |= contract
        return contract

    maintained = make(
        "Bảo trì định kỳ hệ thống lọc nước",
        0,
        month - relativedelta(months=10),
        12,
        auto_renew=True,
    )
    sign(maintained, maintained.date_start - timedelta(days=12))
    approve(maintained, maintained.date_start - timedelta(days=7))

    installed = make(
        "Cung cấp và lắp đặt điều hòa văn phòng",
        1,
        month - relativedelta(months=4),
        12,
        line_ids=[
            Command.create(
                {
                    "product_id": installation.id,
                    "name": "Lắp đặt hệ thống điều hòa trung tâm",
                    "is_one_off": True,
                    "price_unit": 45_000_000,
                }
            ),
            Command.create(
                {
                    "product_id": maintenance.id,
                    "name": "Hỗ trợ kỹ thuật tháng #START# - #END#",
                    "price_unit": 800_000,
                }
            ),
        ],
    )
    sign(installed, installed.date_start - timedelta(days=10))
    approve(installed, installed.date_start - timedelta(days=6))
    env["crm.care.contract.milestone"].create(
        [
            {
                "contract_id": installed.id,
                "name": "Khảo sát và đặt cọc",
                "sequence": 1,
                "planned_date": installed.date_start + timedelta(days=5),
                "billing": "percent",
                "percentage": 30,
            },
            {
                "contract_id": installed.id,
                "name": "Lắp đặt",
                "sequence": 2,
                "planned_date": today - timedelta(days=10),
                "billing": "none",
            },
            {
                "contract_id": installed.id,
                "name": "Nghiệm thu",
                "sequence": 3,
                "planned_date": today + timedelta(days=30),
                "billing": "percent",
                "percentage": 70,
            },
        ]
    )
    installed.milestone_ids[0].action_done()

    ending = make(
        "Bảo hành mở rộng thiết bị điện lạnh",
        2,
        month - relativedelta(months=11),
        12,
        auto_renew=False,
    )
    sign(ending, ending.date_start - timedelta(days=8))
    approve(ending, ending.date_start - timedelta(days=3))

    expired = make("Bảo trì máy phát điện", 3, month - relativedelta(months=14), 12)
    sign(expired, expired.date_start - timedelta(days=9))
    approve(expired, expired.date_start - timedelta(days=4))

    renewed = make(
        "Bảo trì điều hòa tòa nhà",
        4,
        month - relativedelta(months=13),
        12,
        auto_renew=True,
        renewal_term_months=12,
    )
    sign(renewed, renewed.date_start - timedelta(days=15))
    approve(renewed, renewed.date_start - timedelta(days=10))

    terminated = make(
        "Vệ sinh công nghiệp định kỳ", 5, month - relativedelta(months=6), 12
    )
    sign(terminated, terminated.date_start - timedelta(days=7))
    approve(terminated, terminated.date_start - timedelta(days=2))

    sent = make(
        "Thuê bao bảo trì máy lọc nước gia đình", 6, month + relativedelta(months=1), 12
    )
    sent._mark_as_sent()
    signed = make("Cung cấp lõi lọc thay thế", 7, month + relativedelta(months=1), 12)
    signed._mark_as_sent()
    sign(signed, today - timedelta(days=2))
    waiting = make("Bảo trì thang máy tòa nhà", 8, month + relativedelta(months=1), 12)
    waiting.action_submit()
    make("Bảo trì hệ thống camera", 9, month + relativedelta(months=2), 12)
    cancelled = make("Cho thuê máy lọc nước", 10, month - relativedelta(months=1), 12)
    cancelled.action_cancel()

    # The daily actions of the past: invoices, reminders and renewals.
    due = contracts.filtered(lambda c: c.state in ("running", "to_renew"))
    due.recurring_create_invoice(today)
    Contract._cron_contract_renewals()
    (renewed.successor_id | expired).recurring_create_invoice(today)
    ending.action_renew()
    terminated._terminate(
        env.ref("crm_care.terminate_reason_competitor"),
        "Khách hàng chuyển sang nhà cung cấp khác.",
        today + timedelta(days=terminated.notice_period_days),
    )
    env["crm.care.contract.milestone"]._cron_overdue_milestones()
    pay_older_invoices(env, contracts | renewed.successor_id, today)
    return contracts


def demo_contract_products(env):
    """The contract template and its products: monthly maintenance (a contract
    product), a quarterly inspection, a one-off installation."""
    Product = env["product.product"]
    no_tax = [Command.clear()]
    maintenance = Product.create(
        {
            "name": "Dịch vụ bảo trì định kỳ",
            "default_code": "SV-MAINT",
            "type": "service",
            "list_price": 1_500_000,
            "taxes_id": no_tax,
            "is_contract": True,
            "recurring_rule_type": "monthly",
        }
    )
    inspection = Product.create(
        {
            "name": "Kiểm định chất lượng nước",
            "default_code": "SV-INSP",
            "type": "service",
            "list_price": 2_000_000,
            "taxes_id": no_tax,
        }
    )
    installation = Product.create(
        {
            "name": "Lắp đặt hệ thống",
            "default_code": "SV-INST",
            "type": "service",
            "list_price": 45_000_000,
            "taxes_id": no_tax,
        }
    )
    template = env["crm.care.contract.template"].create(
        {
            "name": "Bảo trì định kỳ 12 tháng",
            "company_id": env.company.id,
            "duration_months": 12,
            "notice_period_days": 30,
            "invoice_posting": "post",
            "terms": TERMS,
            "line_ids": [
                Command.create(
                    {
                        "product_id": maintenance.id,
                        "name": "Bảo trì định kỳ tháng #START# - #END#",
                        "automatic_price": True,
                        "tax_ids": no_tax,
                    }
                ),
                Command.create(
                    {
                        "product_id": inspection.id,
                        "name": "Kiểm định quý #START# - #END#",
                        "recurring_rule_type": "quarterly",
                        "recurring_invoicing_type": "post-paid",
                        "tax_ids": no_tax,
                    }
                ),
            ],
        }
    )
    maintenance.contract_template_id = template
    return template, maintenance, installation


def sign(contract, day):
    """The customer signs ``contract`` on ``day`` (its signed PDF kept)."""
    if contract.state == "draft":
        contract._mark_as_sent()
    name = contract.partner_id.name
    contract.date_signed = day
    contract._customer_accept(
        name, signature_image(name), when=datetime.combine(day, time(3, 0))
    )


def approve(contract, day):
    """A contract manager approves ``contract`` on ``day``."""
    contract.action_submit()
    contract.action_approve()
    contract.approved_date = datetime.combine(day, time(2, 0))


def signature_image(name):
    """A drawn signature: a stroke shaped by the letters of ``name``, as a PNG
    (base64)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (360, 90), "white")
    points = [
        (20 + 320 * index // max(len(name) - 1, 1), 20 + ord(letter) % 50)
        for index, letter in enumerate(name)
    ]
    ImageDraw.Draw(image).line(points, fill=(20, 40, 120), width=3)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue())


def pay_older_invoices(env, contracts, today):
    """The contract invoices older than 45 days are paid, but for the oldest of
    the terminated customer's (an overdue one)."""
    invoices = contracts.invoice_ids.filtered(
        lambda move: move.state == "posted"
        and move.move_type == "out_invoice"
        and move.invoice_date < today - timedelta(days=45)
    )
    if len(invoices) > 1:
        invoices = invoices.sorted("invoice_date")[1:]
    if invoices:
        env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoices.ids
        ).create({"group_payment": False})._create_payments()
