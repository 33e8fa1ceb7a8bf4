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


# The running contracts: (title, customer index, months before this month it
# started, days before its start it was signed and approved, other values).
RUNNING = [
    ("Bảo trì định kỳ hệ thống lọc nước", 0, 10, (12, 7), {"auto_renew": True}),
    ("Bảo hành mở rộng thiết bị điện lạnh", 2, 11, (8, 3), {}),
    ("Bảo trì máy phát điện", 3, 14, (9, 4), {}),
    ("Bảo trì điều hòa tòa nhà", 4, 13, (15, 10), {"auto_renew": True}),
    ("Vệ sinh công nghiệp định kỳ", 5, 6, (7, 2), {}),
]
# The contracts not running yet: (title, customer index, months from this month
# it starts, state).
PIPELINE = [
    ("Thuê bao bảo trì máy lọc nước gia đình", 6, 1, "sent"),
    ("Cung cấp lõi lọc thay thế", 7, 1, "signed"),
    ("Bảo trì thang máy tòa nhà", 8, 1, "waiting"),
    ("Bảo trì hệ thống camera", 9, 2, "draft"),
    ("Cho thuê máy lọc nước", 10, -1, "cancel"),
]


class DemoContracts:
    """Makes the demo contracts of one company on the customers of its orders."""

    def __init__(self, env, orders):
        self.env = env
        self.orders = orders
        self.today = fields.Date.context_today(env.user)
        self.month = self.today.replace(day=1)
        self.contracts = env["crm.care.contract"]
        self.template, self.maintenance, self.installation = demo_contract_products(env)
        env.company.contract_template_id = self.template

    def make(self, title, index, start, run=None, **values):
        """A contract of 12 months; ``run``: (days before its start it was
        signed, and approved): it runs."""
        customers = self.orders.partner_id
        partner = customers[index % len(customers)]
        seller = self.orders.filtered(lambda o: o.partner_id == partner)[:1].user_id
        contract = self.contracts.create(
            {
                "name": title,
                "partner_id": partner.id,
                "company_id": self.env.company.id,
                "currency_id": self.env.company.currency_id.id,
                "user_id": seller.id or self.env.uid,
                "contract_template_id": self.template.id,
                "date_start": start,
                "date_end": start + relativedelta(months=12, days=-1),
                "invoice_posting": "post",
                **values,
            }
        )
        self.contracts |= contract
        if run:
            sign(contract, start - timedelta(days=run[0]))
            approve(contract, start - timedelta(days=run[1]))
        return contract

    def running(self):
        """The running contracts, by title."""
        return {
            title: self.make(
                title, index, self.month - relativedelta(months=back), run, **values
            )
            for title, index, back, run, values in RUNNING
        }

    def pipeline(self):
        """Contracts sent, signed, waiting approval, in draft, cancelled."""
        for title, index, ahead, state in PIPELINE:
            contract = self.make(title, index, self.month + relativedelta(months=ahead))
            if state in ("sent", "signed"):
                contract._mark_as_sent()
            if state == "signed":
                sign(contract, self.today - timedelta(days=2))
            elif state == "waiting":
                contract.action_submit()
            elif state == "cancel":
                contract.action_cancel()

    def installation_project(self):
        """A running contract with a one-off installation billed by milestones
        (the deposit billed, the installation late, the acceptance to come)."""
        contract = self.make(
            "Cung cấp và lắp đặt điều hòa văn phòng",
            1,
            self.month - relativedelta(months=4),
            run=(10, 6),
            line_ids=[
                Command.create(
                    {
                        "product_id": self.installation.id,
                        "name": "Lắp đặt hệ thống điều hòa trung tâm",
                        "is_one_off": True,
                        "price_unit": 45_000_000,
                    }
                ),
                Command.create(
                    {
                        "product_id": self.maintenance.id,
                        "name": "Hỗ trợ kỹ thuật tháng #START# - #END#",
                        "price_unit": 800_000,
                    }
                ),
            ],
        )
        steps = [
            ("Khảo sát và đặt cọc", contract.date_start + timedelta(days=5), 30),
            ("Lắp đặt", self.today - timedelta(days=10), 0),
            ("Nghiệm thu", self.today + timedelta(days=30), 70),
        ]
        milestones = self.env["crm.care.contract.milestone"].create(
            [
                {
                    "contract_id": contract.id,
                    "name": name,
                    "sequence": sequence,
                    "planned_date": planned,
                    "billing": "percent" if share else "none",
                    "percentage": share,
                }
                for sequence, (name, planned, share) in enumerate(steps, 1)
            ]
        )
        milestones[0].action_done()

    def past_days(self, running):
        """What the daily actions did up to today: invoices, reminders, renewals;
        a manual renewal, a termination; the older invoices paid."""
        Contract = self.env["crm.care.contract"]
        due = self.contracts.filtered(lambda c: c.state in ("running", "to_renew"))
        due.recurring_create_invoice(self.today)
        Contract._cron_contract_renewals()
        renewed = running["Bảo trì điều hòa tòa nhà"].successor_id
        (renewed | running["Bảo trì máy phát điện"]).recurring_create_invoice(
            self.today
        )
        running["Bảo hành mở rộng thiết bị điện lạnh"].action_renew()
        terminated = running["Vệ sinh công nghiệp định kỳ"]
        terminated._terminate(
            self.env.ref("crm_care.terminate_reason_competitor"),
            "Khách hàng chuyển sang nhà cung cấp khác.",
            self.today + timedelta(days=terminated.notice_period_days),
        )
        self.env["crm.care.contract.milestone"]._cron_overdue_milestones()
        pay_older_invoices(self.env, self.contracts | renewed, self.today)


def demo_contracts(env, orders):
    """The demo contracts on the customers of ``orders``."""
    if not orders:
        return env["crm.care.contract"]
    demo = DemoContracts(env, orders)
    running = demo.running()
    demo.installation_project()
    demo.pipeline()
    demo.past_days(running)
    return demo.contracts


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
    """A contract manager of its company (made by the demo care team) approves
    ``contract`` on ``day``: the approval and the printed contract name them."""
    contract.action_submit()
    contract.with_user(contract_manager(contract)).action_approve()
    contract.approved_date = datetime.combine(day, time(2, 0))


def contract_manager(contract):
    """The first contract manager of the contract's company, else the user."""
    managers = contract.env.ref("crm_care.group_contract_manager").user_ids
    return (
        managers.filtered(
            lambda user: user.id > 2 and contract.company_id in user.company_ids
        ).sorted("id")[:1]
        or contract.env.user
    )


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
