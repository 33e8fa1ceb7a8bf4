"""The demo world of the suite: a Vietnamese trading company and its customers.

Built by code rather than static XML so that its dates follow today (two years of
orders up to today, birthdays this month, invoices overdue now), and reproducible:
the same seed gives the same customers, orders and payments. The demo users and
their passwords are in demo/res_users_demo.xml; this builder gives them their
company, groups and language (and creates them, without a password, where the
demo data was not loaded: the tests).
"""

import random
from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from odoo import fields

from ..tools.localtime import company_tz
from .world_data import (
    ARCHETYPES,
    CITIES,
    COMPANY,
    COMPANY_CUSTOMERS,
    COMPANY_TZ,
    CONTACT_NAMES,
    DEMO_EMAIL_DOMAIN,
    DEMO_SEED,
    INDIVIDUAL_CUSTOMERS,
    PRODUCTS,
    TAGS,
    TEAMS,
    USERS,
    _phone,
    _valid_vn_vat,
)
from .world_pipeline import DemoPipeline
from .world_segments import DemoSegments

# The name a Vietnamese company made for the world has until the world names it.
NEW_COMPANY_NAME = "VN Company"


def demo_company(env, vietnamese=False):
    """The company the demo world lives in, a Vietnamese one in VND: the
    Vietnamese localisation's demo company where it is installed (``make
    demo``'s database; the main company keeps Odoo's generic demo chart), else
    the current company when it is Vietnamese, else the world's own company,
    made once in a database of another country (its figures are in đồng). A
    world built earlier in a company of another country stays there (an upgrade
    builds no second world), unless ``vietnamese``."""
    vietnam = env.ref("base.vn")
    company = env.ref("base.demo_company_vn", raise_if_not_found=False)
    if company:
        return company
    if env.company.country_id == vietnam:
        return env.company
    named = (
        env["res.company"]
        .sudo()
        .search([("name", "in", [COMPANY["name"], NEW_COMPANY_NAME])], order="id")
    )
    in_vietnam = named.filtered(lambda candidate: candidate.country_id == vietnam)
    if in_vietnam or (named and not vietnamese):
        return (in_vietnam or named)[:1]
    return _new_vietnamese_company(env)


def _new_vietnamese_company(env):
    """A company in VND with Vietnam's chart of accounts (or the generic one
    where Vietnam's is not installed), the current user and the administrator
    working in it."""
    vietnam, vnd = env.ref("base.vn"), env.ref("base.VND")
    vnd.sudo().active = True
    company = (
        env["res.company"]
        .sudo()
        .create(
            {
                "name": NEW_COMPANY_NAME,
                "country_id": vietnam.id,
                "currency_id": vnd.id,
            }
        )
    )
    Chart = env["account.chart.template"].sudo()
    template = Chart._guess_chart_template(vietnam)
    if not Chart._get_chart_template_mapping().get(template, {}).get("installed"):
        template = "generic_coa"
    # ``_load``, not ``try_loading``: the demo data runs while the registry is
    # loading, when ``try_loading`` warns because it might install the chart's
    # module; the template taken here is one whose module is installed.
    Chart._load(template, company, install_demo=False)
    # The generic chart brings its own currency (USD): VND, as Vietnam's does.
    company.currency_id = vnd
    admin = env.ref("base.user_admin", raise_if_not_found=False)
    (env.user | admin).sudo().company_ids |= company
    return company


def demo_env(env):
    """The environment the demo data of every addon is built in: the demo
    company (:func:`demo_company`), no tracking."""
    company = demo_company(env)
    return env(
        context=dict(
            env.context,
            allowed_company_ids=[company.id],
            tracking_disable=True,
            mail_create_nolog=True,
            mail_notrack=True,
        )
    )


class DemoWorld(DemoPipeline, DemoSegments):
    """Builds the demo world in an environment (a plain class, not a model: it
    exists only for the demo data and the tests that build the world)."""

    def __init__(self, env):
        self.env = env

    def load(self, scale=1.0, seed=DEMO_SEED):
        """Build the suite's demo world in the current company.

        :param scale: share of the full world's orders and leads to build (tests use a
            small share; the demo database uses 1.0).
        :param seed: random seed; the same seed builds the same world.
        :return: dict of the records made, by kind.
        """
        rng = random.Random(seed)
        self.env = demo_env(self.env)
        company = self.env.company
        today = fields.Date.context_today(self.env.user)
        self._demo_company(company, rng)
        users, teams = self._demo_sales_force(company)
        products = self._demo_products(company)
        customers = self._demo_customers(company, users, teams, rng, today)
        orders = self._demo_orders(customers, products, rng, today, scale)
        invoices = self._demo_invoices(orders, rng, today)
        leads = self._demo_leads(customers, users, teams, rng, today, scale)
        segments = self._demo_segments(company)
        # Its own random sequence: the world above stays the same for a seed.
        history = random.Random(seed + 1)
        self._demo_close_in_past(leads, history, today)
        self._demo_interactions(customers, history, today)
        self._demo_activities_done(customers, history, today)
        self.env["crm.idic.profile"]._recompute_profiles(company_ids=company.ids)
        admin = self.env.ref("base.user_admin", raise_if_not_found=False)
        if admin and company in admin.company_ids:
            admin.company_id = company
        return {
            "users": users,
            "teams": teams,
            "products": products,
            "customers": customers,
            "orders": orders,
            "invoices": invoices,
            "leads": leads,
            "segments": segments,
        }

    # -- company, users, teams, products ---------------------------------------------

    def _demo_company(self, company, rng):
        # Only a company nobody has named yet becomes the demo trading company.
        if company.name not in ("YourCompany", "My Company", NEW_COMPANY_NAME):
            return
        vals = dict(COMPANY)
        if self.env["res.company"].sudo().search_count([("name", "=", vals["name"])]):
            # The world is already built in another company of this database
            # (company names are unique): this one keeps its name.
            del vals["name"]
        vietnam = self.env.ref("base.vn", raise_if_not_found=False)
        if vietnam and company.country_id == vietnam:
            vals["vat"] = _valid_vn_vat(rng)
            # The province of the street (Odoo's demo puts it in Hải Phòng).
            province = self.env.ref("base.state_vn_VN-SG", raise_if_not_found=False)
            vals["state_id"] = province.id if province else False
            self._demo_company_time(company)
            # The company's language: new customers writing to it speak it.
            company.partner_id.lang = self._demo_lang()
        company.write(vals)

    def _demo_company_time(self, company):
        """Vietnam's time for the company: its address and its own working
        calendar (Odoo's demo gives the Vietnamese company a calendar in
        Brussels' time, so that its SLA hours and local days would be Europe's)."""
        company.partner_id.tz = COMPANY_TZ
        calendar = company.resource_calendar_id
        if calendar.company_id == company:
            calendar.tz = COMPANY_TZ

    def _demo_lang(self):
        lang = self.env["res.lang"]._lang_get("vi_VN")
        return "vi_VN" if lang and lang.active else self.env.lang or "en_US"

    def _demo_sales_force(self, company):
        users = self._demo_users(company)
        teams = {}
        for key, team_name in TEAMS.items():
            members = [users[login] for login, _n, team, _r in USERS if team == key]
            leader = next(
                users[login]
                for login, _n, team, role in USERS
                if team == key and role == "leader"
            )
            team = self.env["crm.team"].search(
                [("name", "=", team_name), ("company_id", "in", [company.id, False])],
                limit=1,
            )
            if not team:
                team = self.env["crm.team"].create(
                    {
                        "name": team_name,
                        "company_id": company.id,
                        "user_id": leader.id,
                        "member_ids": [(6, 0, [member.id for member in members])],
                    }
                )
            teams[key] = team
        return users, teams

    def _demo_users(self, company):
        """The demo users (demo/res_users_demo.xml), in the demo company, with the
        groups of their role, the demo language and the company's time zone."""
        role_groups = {
            "salesman": ["sales_team.group_sale_salesman"],
            "leader": ["sales_team.group_sale_salesman_all_leads"],
            "manager": [
                "sales_team.group_sale_manager",
                "account.group_account_invoice",
            ],
            "accountant": ["account.group_account_manager"],
        }
        Users = self.env["res.users"].with_context(no_reset_password=True)
        # Odoo's own demo data makes every new user a sales administrator and an
        # accounting manager (its default user template): each demo user keeps
        # only the groups of their role, so a salesperson sees their own.
        template = self.env.ref("base.default_user_group", raise_if_not_found=False)
        defaults = template.implied_ids if template else self.env["res.groups"]
        users = {}
        for login, name, _team, role in USERS:
            user = Users.search([("login", "=", login)], limit=1) or Users.create(
                {"name": name, "login": login, "company_id": company.id}
            )
            groups = self.env["res.groups"].browse(
                self.env.ref(xmlid).id for xmlid in role_groups[role]
            )
            user.write(
                {
                    "email": user.email or f"{login}@{DEMO_EMAIL_DOMAIN}",
                    "lang": self._demo_lang(),
                    "tz": company_tz(company),
                    "company_ids": [(4, company.id)],
                    "company_id": company.id,
                    "group_ids": [(3, group.id) for group in defaults - groups]
                    + [(4, group.id) for group in groups],
                }
            )
            users[login] = user
        return users

    def _demo_products(self, company):
        Category = self.env["product.category"]
        Template = self.env["product.template"]
        products = {}
        for code, name, categ_name, price, service in PRODUCTS:
            template = Template.search([("default_code", "=", code)], limit=1)
            if not template:
                categ = Category.search(
                    [("name", "=", categ_name)], limit=1
                ) or Category.create({"name": categ_name})
                template = Template.create(
                    {
                        "name": name,
                        "default_code": code,
                        "categ_id": categ.id,
                        "type": "service" if service else "consu",
                        "list_price": price,
                        "standard_price": round(price * 0.72, -3),
                        "invoice_policy": "order",
                        "sale_ok": True,
                    }
                )
            products[code] = template.product_variant_id
        return products

    # -- customers --------------------------------------------------------------------

    def _demo_customers(self, company, users, teams, rng, today):
        Partner = self.env["res.partner"]
        vietnam = self.env.ref("base.vn", raise_if_not_found=False)
        tags = {
            name: self.env["res.partner.category"].search(
                [("name", "=", name)], limit=1
            )
            or self.env["res.partner.category"].create({"name": name})
            for name in TAGS
        }
        b2b_sellers = [users[login] for login, _n, team, _r in USERS if team == "b2b"]
        b2c_sellers = [users[login] for login, _n, team, _r in USERS if team == "b2c"]
        names = [(name, True) for name in COMPANY_CUSTOMERS] + [
            (name, False) for name in INDIVIDUAL_CUSTOMERS
        ]
        rng.shuffle(names)
        archetypes = []
        for key, share in ARCHETYPES:
            archetypes += [key] * round(share * len(names))
        archetypes = (archetypes + ["regular"] * len(names))[: len(names)]
        customers = []
        for index, ((name, is_company), archetype) in enumerate(
            zip(names, archetypes, strict=True)
        ):
            email_local = f"khach{index + 1:02d}"
            partner = Partner.search(
                [("email", "=", f"{email_local}@{DEMO_EMAIL_DOMAIN}")], limit=1
            )
            seller = rng.choice(b2b_sellers if is_company else b2c_sellers)
            city, streets = rng.choice(CITIES)
            if not partner:
                vals = {
                    "name": name,
                    "is_company": is_company,
                    "email": f"{email_local}@{DEMO_EMAIL_DOMAIN}",
                    "phone": _phone(rng),
                    "street": f"{rng.randint(1, 399)} {rng.choice(streets)}",
                    "city": city,
                    "country_id": vietnam.id if vietnam else False,
                    "user_id": seller.id,
                    "customer_rank": 1,
                    "lang": self._demo_lang(),
                }
                if is_company:
                    vals["category_id"] = [
                        (6, 0, [tags[rng.choice(["Đại lý", "Dự án", "Khách VIP"])].id])
                    ]
                    if vietnam and index % 3:
                        vals["vat"] = _valid_vn_vat(rng)
                else:
                    vals["category_id"] = [(6, 0, [tags["Khách lẻ"].id])]
                    vals["birthday"] = self._demo_birthday(rng, today, index)
                partner = Partner.create(vals)
                if is_company:
                    contact_name = rng.choice(CONTACT_NAMES)
                    Partner.create(
                        {
                            "name": contact_name,
                            "parent_id": partner.id,
                            "type": "contact",
                            "function": rng.choice(
                                ["Giám đốc", "Trưởng phòng mua hàng", "Kế toán trưởng"]
                            ),
                            "email": f"{email_local}.lienhe@{DEMO_EMAIL_DOMAIN}",
                            "birthday": self._demo_birthday(rng, today, index),
                        }
                    )
            customers.append((partner, archetype))
        return customers

    def _demo_birthday(self, rng, today, index):
        age = rng.randint(24, 62)
        if index % 4 == 0:
            # A quarter of the people were born this month: care reminders have work.
            day = rng.randint(1, 28)
            return today.replace(year=today.year - age, day=day)
        return today.replace(
            year=today.year - age, month=rng.randint(1, 12), day=rng.randint(1, 28)
        )

    # -- orders and invoices ----------------------------------------------------------

    def _demo_order_dates(self, archetype, rng, today, scale):
        """Days of the orders of one customer over the last two years (oldest first)."""
        start = today - relativedelta(years=2)
        span = (today - start).days

        def days_between(first, last, count):
            count = max(1, round(count * scale))
            return sorted(
                today - timedelta(days=rng.randint(last, first)) for _i in range(count)
            )

        if archetype == "vip":
            return days_between(span, 3, rng.randint(20, 44))
        if archetype == "regular":
            return days_between(span, 10, rng.randint(5, 16))
        if archetype == "growing":
            return days_between(span, 370, rng.randint(2, 3)) + days_between(
                180, 2, rng.randint(6, 9)
            )
        if archetype == "lapsed":
            return days_between(span, 400, rng.randint(3, 6))
        if archetype == "new":
            return days_between(55, 2, rng.randint(1, 2))
        return []

    def _demo_orders(self, customers, products, rng, today, scale):
        SaleOrder = self.env["sale.order"]
        # The world's orders of this company, if it is built already (the
        # customers are shared: another company's world is not this one's).
        built = [
            ("partner_id.email", "=like", f"%@{DEMO_EMAIL_DOMAIN}"),
            ("company_id", "=", self.env.company.id),
        ]
        if SaleOrder.search_count(built, limit=1):
            return SaleOrder.search(built)
        goods = [product for code, product in products.items() if code != "PN-SVC"]
        order_specs = []
        # How much a customer buys at a time: a company orders more units than a
        # person, some companies many more (a customer's own scale, as in life:
        # the future-value model reads it from the first purchase).
        units = {
            partner: rng.choice([1, 2, 3, 5]) if partner.is_company else 1
            for partner, _archetype in customers
        }
        for partner, archetype in customers:
            for day in self._demo_order_dates(archetype, rng, today, scale):
                order_specs.append((day, partner, "sale"))
            if archetype in ("prospect", "regular", "vip") and rng.random() < 0.5:
                order_specs.append(
                    (today - timedelta(days=rng.randint(0, 25)), partner, "draft")
                )
            if archetype in ("regular", "lapsed") and rng.random() < 0.25:
                order_specs.append(
                    (today - timedelta(days=rng.randint(30, 500)), partner, "cancel")
                )
        order_specs.sort(key=lambda spec: spec[0])
        orders = SaleOrder
        payment_term = self.env.ref(
            "account.account_payment_term_30days", raise_if_not_found=False
        )
        for day, partner, state in order_specs:
            lines = []
            for product in rng.sample(goods, rng.randint(1, 3)):
                lines.append(
                    (
                        0,
                        0,
                        {
                            "product_id": product.id,
                            "product_uom_qty": rng.randint(1, 4) * units[partner],
                        },
                    )
                )
            if rng.random() < 0.4:
                lines.append(
                    (0, 0, {"product_id": products["PN-SVC"].id, "product_uom_qty": 1})
                )
            order_date = datetime.combine(
                day, time(rng.randint(8, 16), rng.choice([0, 15, 30, 45]))
            )
            order = SaleOrder.create(
                {
                    "partner_id": partner.id,
                    "user_id": partner.user_id.id,
                    "team_id": partner.user_id.sale_team_id.id,
                    "date_order": order_date,
                    "payment_term_id": payment_term.id if payment_term else False,
                    "order_line": lines,
                }
            )
            if state == "sale":
                order.action_confirm()
            elif state == "cancel":
                order._action_cancel()
            elif rng.random() < 0.5:
                order.action_quotation_sent()
            # Confirmation stamps today's date; the demo order happened on its own day.
            order.date_order = order_date
            orders |= order
        return orders

    def _demo_invoices(self, orders, rng, today):
        # Only what is left to invoice: building the world again adds no invoice.
        to_invoice = orders.filtered(
            lambda order: order.invoice_status == "to invoice"
            and (today - order.date_order.date()).days >= 5
        ).sorted("date_order")
        invoices = self.env["account.move"]
        for order in to_invoice:
            invoice = order._create_invoices()
            invoice_date = order.date_order.date() + timedelta(days=rng.randint(0, 4))
            invoice.write({"invoice_date": min(invoice_date, today)})
            invoices |= invoice
        invoices.action_post()
        for invoice in invoices:
            self._demo_pay(invoice, rng, today)
        # A few goods returned: credit notes for part of an old paid invoice.
        returned = invoices.filtered(lambda inv: (today - inv.invoice_date).days > 120)[
            :: max(1, len(invoices) // 4)
        ][:3]
        for invoice in returned:
            refund = invoice._reverse_moves(
                [
                    {
                        "invoice_date": invoice.invoice_date + timedelta(days=20),
                        "ref": invoice.name,
                    }
                ]
            )
            refund.invoice_line_ids[1:].unlink()
            refund.action_post()
        # Every posted invoice and credit note of the demo orders, made now or before.
        return orders.invoice_ids.filtered(lambda move: move.state == "posted")

    def _demo_pay(self, invoice, rng, today):
        """Old invoices are mostly paid; recent ones partly; some stay overdue."""
        due = invoice.invoice_date_due
        overdue_days = (today - due).days
        draw = rng.random()
        if overdue_days > 90:
            share = 1.0 if draw < 0.86 else (0.5 if draw < 0.94 else 0.0)
        elif overdue_days > 0:
            share = 1.0 if draw < 0.45 else (0.4 if draw < 0.7 else 0.0)
        else:
            share = 1.0 if draw < 0.15 else (0.3 if draw < 0.3 else 0.0)
        if not share:
            return
        pay_date = min(today, due + timedelta(days=rng.randint(-20, 15)))
        pay_date = max(pay_date, invoice.invoice_date)
        amount = invoice.currency_id.round(invoice.amount_residual * share)
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"payment_date": pay_date, "amount": amount})._create_payments()
