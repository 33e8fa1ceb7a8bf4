import unicodedata
from datetime import datetime, time, timedelta

from lxml import etree

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user
from odoo.tools.safe_eval import safe_eval

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

from ..models.res_company import SUITE_ADDONS

# The tone marks windows-1258 writes as combining characters after the letter.
TONES = "\u0300\u0301\u0303\u0309\u0323"

# A mail from Outlook in Vietnamese: name, subject and body in windows-1258.
RAW_WINDOWS_1258_MAIL = b"""From: =?windows-1258?Q?%(name)s?= <khach.1258@example.com>
To: sales@example.com
Subject: =?windows-1258?Q?%(subject)s?=
Message-ID: <win1258@example.com>
Date: Wed, 02 Dec 2026 08:15:00 +0700
MIME-Version: 1.0
Content-Type: text/plain; charset="windows-1258"
Content-Transfer-Encoding: 8bit

%(body)s
"""


def windows_1258(text):
    """``text`` as Outlook's Vietnamese encoding writes it: each letter with its
    vowel marks (â, ơ, ư...), then its tone as a combining character."""
    out = b""
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in parts if c in TONES)
        letter = unicodedata.normalize(
            "NFC", "".join(c for c in parts if c not in TONES)
        )
        out += (letter + tones).encode("cp1258")
    return out


def q_word(data):
    """``data`` as the text of a Q-encoded header word (ASCII letters and digits
    as they are, every other byte as =XX)."""
    return b"".join(
        bytes([c]) if c < 128 and chr(c).isalnum() else b"=%02X" % c for c in data
    )


def windows_1258_mail(name, subject, body):
    """The raw mail of :data:`RAW_WINDOWS_1258_MAIL` from ``name``."""
    return RAW_WINDOWS_1258_MAIL % {
        b"name": q_word(windows_1258(name)),
        b"subject": q_word(windows_1258(subject)),
        b"body": windows_1258(body),
    }


def loyalty_program(env, name, **values):
    """An Odoo loyalty card programme: one point per unit of currency paid, 5 %
    off an order for 100 points (``values`` override)."""
    return env["loyalty.program"].create(
        {
            "name": name,
            "program_type": "loyalty",
            "trigger": "auto",
            "applies_on": "both",
            "rule_ids": [
                Command.create({"reward_point_mode": "money", "reward_point_amount": 1})
            ],
            "reward_ids": [
                Command.create(
                    {
                        "reward_type": "discount",
                        "discount_mode": "percent",
                        "discount": 5,
                        "discount_applicability": "order",
                        "required_points": 100,
                    }
                )
            ],
            **values,
        }
    )


def search_filter_domain(Model, name):
    """The domain of the filter ``name`` of ``Model``'s search view, as the web
    client reads it."""
    views = Model.get_views([(False, "search")])
    arch = etree.fromstring(views["views"]["search"]["arch"])
    (node,) = arch.xpath(f"//filter[@name='{name}']")
    return safe_eval(node.get("domain"))


RELATIONAL = ("many2one", "one2many", "many2many")


def own_fields(node):
    """The ``<field>`` nodes of a view node, not those of the sub-views of its
    x2many fields."""
    for child in node:
        if child.tag == "field":
            yield child
        elif isinstance(child.tag, str):
            yield from own_fields(child)


def view_read_spec(node, model, models, keep=None):
    """The ``web_read`` specification the web client sends for a view node of
    ``model``: each relation by its name, each x2many with the fields of its
    embedded list or kanban (``models``: the fields of each model, as
    ``get_views`` gives them; ``keep(model, name)``: whether to read a field,
    every field when None)."""
    fields = models[model]
    spec = {}
    for field in own_fields(node):
        name = field.get("name")
        info = fields.get(name)
        if not info or (keep and not keep(model, name)):
            continue
        spec[name] = {}
        if info["type"] in RELATIONAL:
            spec[name] = {"fields": {"display_name": {}}}
        sub = next(iter(field.xpath("./list | ./kanban")), None)
        if sub is not None and info.get("relation") in models:
            spec[name] = {"fields": view_read_spec(sub, info["relation"], models, keep)}
    return spec


def view_of(Model, mode):
    """``Model``'s default ``mode`` view as the web client loads it: its
    architecture and the fields of each model it shows."""
    views = Model.get_views([(False, mode)])
    arch = etree.fromstring(views["views"][mode]["arch"])
    return arch, {name: info["fields"] for name, info in views["models"].items()}


def form_read_spec(Model, suite=True):
    """The ``web_read`` specification of the web client opening ``Model``'s form
    (``view_read_spec``); without the suite's fields when ``suite`` is False."""
    arch, models = view_of(Model, "form")

    def odoo_own(model, name):
        return Model.env[model]._fields[name]._module not in SUITE_ADDONS

    return view_read_spec(arch, Model._name, models, None if suite else odoo_own)


def assert_pdf(case, report_ref, ids):
    """Render the PDF report ``report_ref`` of ``ids`` with wkhtmltopdf (as a user
    prints it, not the HTML tests fall back to) and check it is a PDF.

    Under ``allow_pdf_render``, as every PDF a test renders: wkhtmltopdf fetches
    the report's styles from Odoo's web server, which Odoo's own runner
    (``--test-enable``) does not serve during a test unless the registry is in
    test mode (without it, the render waits forever)."""
    with case.allow_pdf_render():
        pdf, kind = (
            case.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(report_ref, ids)
        )
    case.assertEqual(kind, "pdf")
    case.assertTrue(pdf.startswith(b"%PDF"))
    return pdf


def report_html(env, report_ref, ids, lang=None):
    """The HTML of the report ``report_ref`` of ``ids``, as a reader of ``lang``
    (else the environment's language) prints it."""
    reports = env["ir.actions.report"]
    if lang:
        reports = reports.with_context(lang=lang)
    return reports._render_qweb_html(report_ref, ids)[0].decode()


class IdicCommon(AccountTestInvoicingCommon):
    """A fresh company with a chart of accounts, a product without taxes, helpers.
    The user, the company's partner and its working calendar share one time zone
    (``TZ``, UTC unless a subclass says otherwise), so "today" is the same day for
    the screens (the user's) and the scheduled actions (the company's), at any
    hour of the day and whatever the database's own users are set to."""

    TZ = "UTC"

    @classmethod
    def get_default_groups(cls):
        return super().get_default_groups() | cls.env.ref(
            "sales_team.group_sale_manager"
        )

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(
            context=dict(cls.env.context, tracking_disable=True, tz=cls.TZ)
        )
        cls.company = cls.env.company
        cls.env.user.tz = cls.TZ
        cls.company.partner_id.tz = cls.TZ
        cls.company.resource_calendar_id.tz = cls.TZ
        cls.today = fields.Date.context_today(cls.env["res.partner"])
        cls.Profile = cls.env["crm.idic.profile"]
        cls.widget = cls.env["product.product"].create(
            {
                "name": "IDIC widget",
                "list_price": 100.0,
                "taxes_id": [Command.clear()],
                "invoice_policy": "order",
            }
        )

    @classmethod
    def _customer(cls, name, **values):
        return cls.env["res.partner"].create(
            {"name": name, "customer_rank": 1, **values}
        )

    @classmethod
    def _complete_company(cls, name, email, salesperson):
        """A customer company in Hà Nội with an email, a phone, an address and a
        salesperson: 55 of the 90 points of the default identity field weights
        (15 + 15 + 15 + 10)."""
        return cls._customer(
            name,
            is_company=True,
            email=email,
            phone="+84 90 000 0001",
            street="1 Lê Lợi",
            city="Hà Nội",
            user_id=salesperson.id,
        )

    @classmethod
    def _order(
        cls,
        partner,
        amount,
        days_ago,
        state="sale",
        company=None,
        product=None,
        **values,
    ):
        """A quotation of one line, confirmed (``sale``), sent, cancelled or left
        a draft, dated ``days_ago`` days before today at noon."""
        company = company or cls.company
        order = (
            cls.env["sale.order"]
            .with_company(company)
            .create(
                {
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": (product or cls.widget).id,
                                "product_uom_qty": 1,
                                "price_unit": amount,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                    **values,
                }
            )
        )
        if state == "sale":
            order.action_confirm()
        elif state == "sent":
            order.action_quotation_sent()
        elif state == "cancel":
            order._action_cancel()
        # Confirmation stamps now; put the order on its own day, at noon.
        order.date_order = datetime.combine(
            cls.today - timedelta(days=days_ago), time(12, 0)
        )
        return order

    @classmethod
    def _invoice_values(cls, partner, amount, day, move_type="out_invoice", **values):
        """Values of a customer invoice of one line without taxes dated ``day`` (a
        date, or a number of days before today)."""
        if isinstance(day, int):
            day = cls.today - timedelta(days=day)
        return {
            "move_type": move_type,
            "partner_id": partner.id,
            "invoice_date": day,
            "invoice_line_ids": [
                Command.create(
                    {
                        "name": "IDIC line",
                        "quantity": 1,
                        "price_unit": amount,
                        "tax_ids": [Command.clear()],
                    }
                )
            ],
            **values,
        }

    @classmethod
    def _invoice(
        cls, partner, amount, day, move_type="out_invoice", due=None, **values
    ):
        """A posted customer invoice (see :meth:`_invoice_values`), due on ``due``
        when given (set after posting, as a user would)."""
        move = cls.env["account.move"].create(
            cls._invoice_values(partner, amount, day, move_type, **values)
        )
        move.action_post()
        if due:
            move.invoice_date_due = due
        return move

    @classmethod
    def _pay(cls, invoice, amount, day):
        """Register a payment of ``amount`` on ``day`` for ``invoice``."""
        cls.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"amount": amount, "payment_date": day})._create_payments()

    @classmethod
    def _unmatched_payment(cls, partner, amount, day=None):
        """A posted customer payment of ``amount`` not matched with any invoice
        (the customer's money on its receivable)."""
        payment = cls.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": partner.id,
                "amount": amount,
                "date": day or cls.today,
            }
        )
        payment.action_post()
        return payment

    @classmethod
    def _salesperson(cls, login, company=None, groups="sales_team.group_sale_salesman"):
        company = company or cls.company
        return new_test_user(
            cls.env,
            login=login,
            groups=groups,
            company_id=company.id,
            company_ids=company.ids,
        )

    def _recompute(self, company=None):
        self.Profile._recompute_profiles(company_ids=(company or self.company).ids)

    def _profile(self, partner, company=None):
        return self.Profile.search(
            [
                ("partner_id", "=", partner.id),
                ("company_id", "=", (company or self.company).id),
            ]
        )


class SuiteHttpCase(HttpCase):
    """The suite's browser tours and portal pages. Odoo serialises a test's HTTP
    requests on the test cursor and fails a request that waits for it more than
    ``test_cursor_lock_timeout`` (20 s by default). The first page of a run builds
    the asset bundles while holding the cursor; on a busy two-core machine that took
    longer, and the web client's menus request got an HTML error page where it
    expects JSON ("Unexpected token '<'"): a failed tour that is no fault of the
    suite. Waiting longer changes nothing else."""

    test_cursor_lock_timeout = 120

    def _readable_fields(self, model):
        """The fields of ``model`` the signed-in user may read, asked over
        JSON-RPC as an integration asks."""
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/fields_get",
            {"model": model, "method": "fields_get", "args": [], "kwargs": {}},
        )


class VietnamTimeMixin:
    """Runs a test class in Vietnam's time zone (UTC+7): the user, the company's
    partner and working calendar are in Asia/Ho_Chi_Minh. Put it before the base
    class: ``class TestX(VietnamTimeMixin, ReportsCommon)``. Events placed between
    00:00 and 07:00 local time fall on the day before in UTC."""

    TZ = "Asia/Ho_Chi_Minh"

    @classmethod
    def _utc(cls, local):
        """The naive UTC datetime of a local Vietnamese ``datetime``."""
        return local - timedelta(hours=7)


class ForecastCommon(IdicCommon):
    """Four customers of the future-value tests (figures by hand in their
    tests): A bought regularly, B once 28 days ago, C once today, D never."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {"idic_forecast_months": 12, "idic_clv_years": 3, "idic_discount_rate": 10}
        )
        # A: 100 on each of 3 days, 294, 196 and 98 days ago (every 14 weeks),
        # and 50 more on the last day: 3 purchases, 2 repeat, 350 in all.
        cls.regular = cls._customer("Khách đều đặn")
        for days in (294, 196, 98):
            cls._order(cls.regular, 100, days)
        cls._order(cls.regular, 50, 98)
        # B: once, 400, 28 days ago. C: once, 80, today.
        cls.once = cls._customer("Khách một lần")
        cls._order(cls.once, 400, 28)
        cls.new = cls._customer("Khách mới")
        cls._order(cls.new, 80, 0)
        # D: never bought.
        cls.prospect = cls._customer("Khách tiềm năng")
