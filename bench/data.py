"""Build the benchmark dataset of crm-suite in its own database (`make bench-data`).

One record of each kind is made through the ORM (a template Odoo fully validates),
then cloned by SQL with generate_series: customers, confirmed orders with their
line, posted invoices and credit notes with their journal items, payments
reconciled with them (partly or fully), chatter messages and done activities,
leads, care tickets and contracts. The result is reproducible (no randomness: every
value derives from the row number) and ends with consistency checks read back
through the ORM.

Usage: python bench/data.py --config .run/odoo.conf --database crm_bench --scale small
"""

import argparse
import sys
import time
from datetime import date, timedelta

SCALES = {
    # customers, orders, invoices, messages, leads, tickets, contracts, salespeople
    "small": dict(
        customers=2_000,
        orders=20_000,
        invoices=6_000,
        messages=40_000,
        leads=1_000,
        tickets=1_000,
        contracts=200,
        salespeople=10,
        teams=2,
    ),
    "large": dict(
        customers=100_000,
        orders=1_000_000,
        invoices=300_000,
        messages=2_000_000,
        leads=50_000,
        tickets=50_000,
        contracts=10_000,
        salespeople=50,
        teams=5,
    ),
}
CHUNK = 100_000
TODAY = date(2026, 11, 15)
# The contracts start a year before and are invoiced up to October: November's
# period is due.
CONTRACT_START = date(2025, 11, 1)
CONTRACT_DUE = date(2026, 11, 1)
DAYS = 730  # orders and invoices spread over two years before TODAY


def log(message):
    sys.stderr.write(f"[crm-suite] {message}\n")
    sys.stderr.flush()


class Generator:
    def __init__(self, env, scale):
        self.env = env
        self.cr = env.cr
        self.n = SCALES[scale]
        self.SQL = __import__("odoo.tools", fromlist=["SQL"]).SQL

    # -- helpers ---------------------------------------------------------------------

    def columns(self, table):
        self.cr.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = %s AND column_name != 'id' ORDER BY ordinal_position",
            [table],
        )
        return [row[0] for row in self.cr.fetchall()]

    def clone(self, table, template_id, count, overrides, source=None):
        """Insert ``count`` copies of row ``template_id`` of ``table``, in chunks,
        with the columns of ``overrides`` computed by SQL expressions of ``g``
        (the copy's number, from 1) and ``t`` (the template row). ``source``
        replaces generate_series by another row source that yields ``g``."""
        SQL = self.SQL
        names = self.columns(table)
        select = SQL(", ").join(
            overrides[name] if name in overrides else SQL("t.%s", SQL.identifier(name))
            for name in names
        )
        insert = SQL(
            "INSERT INTO %s (%s) SELECT %s FROM %s AS t, ",
            SQL.identifier(table),
            SQL(", ").join(SQL.identifier(name) for name in names),
            select,
            SQL.identifier(table),
        )
        if source is not None:
            self.cr.execute(SQL("%s %s WHERE t.id = %s", insert, source, template_id))
            self.cr.commit()
            return self.cr.rowcount
        done = 0
        while done < count:
            size = min(CHUNK, count - done)
            rows = SQL("generate_series(%s::int, %s::int) AS g", done + 1, done + size)
            self.cr.execute(SQL("%s %s WHERE t.id = %s", insert, rows, template_id))
            done += size
            self.cr.commit()
        return done

    def max_id(self, table):
        self.cr.execute(
            self.SQL("SELECT COALESCE(max(id), 0) FROM %s", self.SQL.identifier(table))
        )
        return self.cr.fetchone()[0]

    # -- the world -------------------------------------------------------------------

    def run(self):
        started = time.time()
        env = self.env
        SQL = self.SQL
        Command = __import__("odoo", fromlist=["Command"]).Command
        env = env(context=dict(env.context, tracking_disable=True, mail_notrack=True))
        self.env = env
        company = env.ref("base.main_company")
        second = env["res.company"].create(
            {
                "name": "Bench Company B",
                "country_id": env.ref("base.vn").id,
                "currency_id": company.currency_id.id,
            }
        )
        env["account.chart.template"].try_loading(
            env["account.chart.template"]._guess_chart_template(second.country_id),
            company=second,
            install_demo=False,
        )
        log(f"Companies: {company.name}, {second.name}")
        users = (
            env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                [
                    {
                        "name": f"Bench salesperson {n:02d}",
                        "login": f"bench.sales{n:02d}",
                        "password": "bench1234",
                        "company_id": company.id,
                        "company_ids": [Command.set([company.id, second.id])],
                        "group_ids": [
                            Command.link(env.ref("sales_team.group_sale_salesman").id)
                        ],
                    }
                    for n in range(self.n["salespeople"])
                ]
            )
        )
        per_team = len(users) // self.n["teams"]
        teams = env["crm.team"].create(
            [
                {
                    "name": f"Bench team {t + 1}",
                    "user_id": users[t * per_team].id,
                    "member_ids": [
                        Command.set(users[t * per_team : (t + 1) * per_team].ids)
                    ],
                    "company_id": company.id,
                }
                for t in range(self.n["teams"])
            ]
        )
        product = env["product.product"].create(
            {
                "name": "Bench product",
                "list_price": 100_000,
                "taxes_id": [Command.clear()],
                "invoice_policy": "order",
            }
        )
        env.cr.commit()
        user_ids = users.ids
        self.cr.execute(
            "SELECT id, sale_team_id FROM res_users WHERE id = ANY(%s)", [user_ids]
        )
        # -- customers
        template = env["res.partner"].create(
            {
                "name": "Bench customer 0",
                "customer_rank": 1,
                "email": "c0@bench.example",
                "phone": "0900000000",
                "user_id": user_ids[0],
                "country_id": env.ref("base.vn").id,
                "city": "Hà Nội",
                "street": "1 Phố Huế",
            }
        )
        env.flush_all()
        first = self.max_id("res_partner") + 1
        users_array = SQL("%s::int[]", user_ids)
        self.clone(
            "res_partner",
            template.id,
            self.n["customers"],
            {
                "name": SQL("'Bench customer ' || g"),
                "complete_name": SQL("'Bench customer ' || g"),
                "email": SQL("'c' || g || '@bench.example'"),
                "email_normalized": SQL("'c' || g || '@bench.example'"),
                "phone": SQL("'09' || lpad(g::text, 8, '0')"),
                "user_id": SQL("(%s)[1 + g %% %s]", users_array, len(user_ids)),
                "create_date": SQL("now() - (g %% 900) * interval '1 day'"),
            },
        )
        self.cr.execute(
            "UPDATE res_partner SET commercial_partner_id = id WHERE id >= %s", [first]
        )
        self.cr.commit()
        log(f"Customers: {self.n['customers']}")
        # customer of row g: first + g % customers
        customer_of = SQL("%s + (g %% %s)", first, self.n["customers"])
        # -- confirmed orders, one line each
        order = env["sale.order"].create(
            {
                "partner_id": template.id,
                "user_id": user_ids[0],
                "team_id": teams[0].id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "price_unit": 100_000,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        order.action_confirm()
        env.flush_all()
        first_order = self.max_id("sale_order") + 1
        amount = SQL("(100000 + (g::bigint * 7919 %% 900) * 10000)::numeric")
        company_of = SQL(
            "CASE WHEN g %% 5 = 0 THEN %s ELSE %s END", second.id, company.id
        )
        self.clone(
            "sale_order",
            order.id,
            self.n["orders"],
            {
                "name": SQL("'BSO' || lpad(g::text, 7, '0')"),
                "partner_id": customer_of,
                "partner_invoice_id": customer_of,
                "partner_shipping_id": customer_of,
                "company_id": company_of,
                "user_id": SQL(
                    "(SELECT user_id FROM res_partner WHERE id = %s)", customer_of
                ),
                "team_id": SQL("%s", teams[0].id),
                "date_order": SQL(
                    "%s::timestamp - (g %% %s) * interval '1 day'"
                    " + interval '10 hours'",
                    TODAY,
                    DAYS,
                ),
                "amount_untaxed": amount,
                "amount_total": amount,
                "client_order_ref": SQL("'bench-' || g"),
                "access_token": SQL("md5('o' || g)"),
            },
        )
        line = order.order_line
        self.clone(
            "sale_order_line",
            line.id,
            self.n["orders"],
            {
                "order_id": SQL("o.id"),
                "order_partner_id": SQL("o.partner_id"),
                "company_id": SQL("o.company_id"),
                "salesman_id": SQL("o.user_id"),
                "price_unit": SQL("o.amount_untaxed"),
                "price_subtotal": SQL("o.amount_untaxed"),
                "price_total": SQL("o.amount_untaxed"),
                "price_reduce_taxexcl": SQL("o.amount_untaxed"),
                "price_reduce_taxinc": SQL("o.amount_untaxed"),
                "untaxed_amount_to_invoice": SQL("o.amount_untaxed"),
                "amount_to_invoice": SQL("o.amount_untaxed"),
            },
            source=SQL(
                "(SELECT id AS g, * FROM sale_order WHERE id >= %s) AS o", first_order
            ),
        )
        self.cr.execute(
            "UPDATE sale_order so SET team_id = u.sale_team_id FROM res_users u "
            "WHERE so.user_id = u.id AND so.id >= %s AND u.sale_team_id IS NOT NULL",
            [first_order],
        )
        self.cr.commit()
        log(f"Confirmed orders: {self.n['orders']}")
        # -- invoices (and credit notes), one product line and one receivable line
        invoice = env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": template.id,
                "invoice_user_id": user_ids[0],
                "invoice_date": TODAY,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "quantity": 1,
                            "price_unit": 100_000,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        invoice.action_post()
        env.flush_all()
        first_move = self.max_id("account_move") + 1
        refund = SQL("g %% 20 = 0")  # one in twenty is a credit note
        sign = SQL("(CASE WHEN %s THEN -1 ELSE 1 END)", refund)
        inv_date = SQL("(%s::date - (g %% %s))", TODAY, DAYS)
        self.clone(
            "account_move",
            invoice.id,
            self.n["invoices"],
            {
                "name": SQL(
                    "CASE WHEN %s THEN 'BRF' ELSE 'BIN' END || lpad(g::text, 7, '0')",
                    refund,
                ),
                "move_type": SQL(
                    "CASE WHEN %s THEN 'out_refund' ELSE 'out_invoice' END", refund
                ),
                "partner_id": customer_of,
                "commercial_partner_id": customer_of,
                "partner_shipping_id": customer_of,
                "invoice_user_id": SQL(
                    "(SELECT user_id FROM res_partner WHERE id = %s)", customer_of
                ),
                "date": inv_date,
                "invoice_date": inv_date,
                "invoice_date_due": SQL("%s + 30", inv_date),
                "amount_untaxed": amount,
                "amount_total": amount,
                "amount_residual": amount,
                "amount_untaxed_signed": SQL("%s * %s", sign, amount),
                "amount_untaxed_in_currency_signed": SQL("%s * %s", sign, amount),
                "amount_total_signed": SQL("%s * %s", sign, amount),
                "amount_total_in_currency_signed": SQL("%s * %s", sign, amount),
                "amount_residual_signed": SQL("%s * %s", sign, amount),
                "ref": SQL("'bench-' || g"),
                "payment_reference": SQL("'BIN' || g"),
                "sequence_prefix": SQL("'BIN'"),
                "sequence_number": SQL("g"),
                "access_token": SQL("md5('m' || g)"),
                "invoice_partner_display_name": SQL(
                    "'Bench customer ' || (g %% %s)", self.n["customers"]
                ),
            },
        )
        self.cr.execute(
            "UPDATE account_move m SET team_id = u.sale_team_id FROM res_users u "
            "WHERE m.invoice_user_id = u.id AND m.id >= %s",
            [first_move],
        )
        moves = SQL(
            "(SELECT id AS g, id, partner_id, date, invoice_date, invoice_date_due,"
            " name,"
            " amount_total_signed AS signed FROM account_move WHERE id >= %s) AS m",
            first_move,
        )
        product_line = invoice.invoice_line_ids
        receivable_line = invoice.line_ids.filtered(
            lambda line: line.display_type == "payment_term"
        )
        common = {
            "move_id": SQL("m.id"),
            "partner_id": SQL("m.partner_id"),
            "date": SQL("m.date"),
            "invoice_date": SQL("m.invoice_date"),
            "move_name": SQL("m.name"),
        }
        self.clone(
            "account_move_line",
            product_line.id,
            self.n["invoices"],
            {
                **common,
                "balance": SQL("-m.signed"),
                "debit": SQL("GREATEST(-m.signed, 0)"),
                "credit": SQL("GREATEST(m.signed, 0)"),
                "amount_currency": SQL("-m.signed"),
                "price_unit": SQL("abs(m.signed)"),
                "price_subtotal": SQL("abs(m.signed)"),
                "price_total": SQL("abs(m.signed)"),
            },
            source=moves,
        )
        self.clone(
            "account_move_line",
            receivable_line.id,
            self.n["invoices"],
            {
                **common,
                "date_maturity": SQL("m.invoice_date_due"),
                "balance": SQL("m.signed"),
                "debit": SQL("GREATEST(m.signed, 0)"),
                "credit": SQL("GREATEST(-m.signed, 0)"),
                "amount_currency": SQL("m.signed"),
                "amount_residual": SQL("m.signed"),
                "amount_residual_currency": SQL("m.signed"),
                "price_unit": SQL("-m.signed"),
                "price_subtotal": SQL("-m.signed"),
                "price_total": SQL("-m.signed"),
            },
            source=moves,
        )
        self.cr.commit()
        log(f"Posted invoices and credit notes: {self.n['invoices']}")
        self.payments(invoice, first_move)
        self.chatter(first, customer_of, user_ids)
        self.leads(template, customer_of, user_ids, teams)
        self.care(template, customer_of, user_ids)
        log(f"Data written in {time.time() - started:.0f} s")

    def payments(self, invoice, first_move):
        """30% of the invoices paid, half of them fully, the others by half."""
        SQL = self.SQL
        env = self.env
        register = (
            env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"amount": 50_000, "payment_date": TODAY})
        )
        payment = register._create_payments()
        env.flush_all()
        pay_move = payment.move_id
        pay_receivable = pay_move.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )
        pay_other = pay_move.line_ids - pay_receivable
        first_pay = self.max_id("account_move") + 1
        paid = SQL(
            "(SELECT row_number() OVER (ORDER BY m.id) AS g, m.id AS invoice_id,"
            " m.partner_id, m.invoice_date + 20 AS pay_date,"
            " CASE WHEN m.id %% 20 < 3 THEN m.amount_total"
            " ELSE round(m.amount_total / 2) END AS paid"
            " FROM account_move m WHERE m.id >= %s AND m.move_type = 'out_invoice'"
            " AND m.id %% 10 < 3) AS p",
            first_move,
        )
        self.clone(
            "account_move",
            pay_move.id,
            0,
            {
                "name": SQL("'BPAY' || lpad(p.g::text, 7, '0')"),
                "partner_id": SQL("p.partner_id"),
                "commercial_partner_id": SQL("p.partner_id"),
                "date": SQL("p.pay_date"),
                "ref": SQL("'benchpay-' || p.invoice_id"),
                "amount_total": SQL("p.paid"),
                "amount_total_signed": SQL("p.paid"),
                "amount_total_in_currency_signed": SQL("p.paid"),
                "origin_payment_id": SQL("NULL"),
                "sequence_number": SQL("p.g"),
                "sequence_prefix": SQL("'BPAY'"),
            },
            source=paid,
        )
        pays = SQL(
            "(SELECT id AS g, id, partner_id, date, name, amount_total AS paid,"
            " substr(ref, 10)::int AS invoice_id FROM account_move"
            " WHERE id >= %s) AS m",
            first_pay,
        )
        base = {
            "move_id": SQL("m.id"),
            "partner_id": SQL("m.partner_id"),
            "date": SQL("m.date"),
            "move_name": SQL("m.name"),
            "payment_id": SQL("NULL"),
        }
        self.clone(
            "account_move_line",
            pay_other.id,
            0,
            {
                **base,
                "balance": SQL("m.paid"),
                "debit": SQL("m.paid"),
                "credit": SQL("0"),
                "amount_currency": SQL("m.paid"),
                "amount_residual": SQL("m.paid"),
                "amount_residual_currency": SQL("m.paid"),
            },
            source=pays,
        )
        first_pay_line = self.max_id("account_move_line") + 1
        self.clone(
            "account_move_line",
            pay_receivable.id,
            0,
            {
                **base,
                "balance": SQL("-m.paid"),
                "debit": SQL("0"),
                "credit": SQL("m.paid"),
                "amount_currency": SQL("-m.paid"),
                "amount_residual": SQL("0"),
                "amount_residual_currency": SQL("0"),
                "reconciled": SQL("true"),
                "matching_number": SQL("'P' || m.invoice_id"),
                "full_reconcile_id": SQL("NULL"),
                "name": SQL("m.name"),
            },
            source=pays,
        )
        # Reconcile each payment's receivable line with its invoice's.
        self.cr.execute(
            """
            INSERT INTO account_partial_reconcile (debit_move_id, credit_move_id,
                amount, debit_amount_currency, credit_amount_currency, company_id,
                debit_currency_id, credit_currency_id, max_date,
                create_uid, write_uid, create_date, write_date)
            WITH pay AS MATERIALIZED (
                SELECT l.id, l.credit, l.company_id, l.currency_id, l.date,
                       substr(pm.ref, 10)::int AS invoice_id
                  FROM account_move_line l
                  JOIN account_move pm ON pm.id = l.move_id
                 WHERE l.id >= %s AND pm.ref LIKE 'benchpay-%%'
            )
            SELECT inv.id, pay.id, pay.credit, pay.credit, pay.credit, pay.company_id,
                   pay.currency_id, pay.currency_id, pay.date, 1, 1, now(), now()
              FROM pay
              JOIN account_move_line inv ON inv.move_id = pay.invoice_id
                   AND inv.display_type = 'payment_term'
            """,
            [first_pay_line],
        )
        self.cr.execute(
            """
            UPDATE account_move_line l
               SET amount_residual = l.balance - r.amount,
                   amount_residual_currency = l.balance - r.amount,
                   reconciled = (l.balance - r.amount = 0),
                   matching_number = 'P' || l.move_id
              FROM (SELECT debit_move_id, sum(amount) AS amount
                      FROM account_partial_reconcile WHERE debit_move_id IN (
                          SELECT id FROM account_move_line WHERE move_id >= %s
                             AND display_type = 'payment_term')
                     GROUP BY debit_move_id) r
             WHERE l.id = r.debit_move_id
            """,
            [first_move],
        )
        self.cr.execute(
            """
            UPDATE account_move m
               SET amount_residual = l.amount_residual,
                   amount_residual_signed = l.amount_residual,
                   payment_state = CASE WHEN l.amount_residual = 0 THEN 'paid'
                                        ELSE 'partial' END
              FROM account_move_line l
             WHERE l.move_id = m.id AND l.display_type = 'payment_term'
               AND m.id >= %s AND l.matching_number IS NOT NULL
               AND m.move_type = 'out_invoice'
            """,
            [first_move],
        )
        self.cr.commit()
        self.cr.execute("SELECT count(*) FROM account_partial_reconcile")
        log(f"Payments reconciled: {self.cr.fetchone()[0]}")

    def chatter(self, first, customer_of, user_ids):
        """Messages on customers; one in four is a done activity (a call)."""
        SQL = self.SQL
        env = self.env
        partner = env["res.partner"].browse(first)
        message = partner.message_post(
            body="Bench note", message_type="comment", subtype_xmlid="mail.mt_note"
        )
        env.flush_all()
        call = env.ref("mail.mail_activity_data_call").id
        self.clone(
            "mail_message",
            message.id,
            self.n["messages"],
            {
                "res_id": customer_of,
                "date": SQL("%s::timestamp - (g %% 400) * interval '1 day'", TODAY),
                "author_id": SQL(
                    "(SELECT partner_id FROM res_users"
                    " WHERE id = (%s::int[])[1 + g %% %s])",
                    user_ids,
                    len(user_ids),
                ),
                "mail_activity_type_id": SQL("CASE WHEN g %% 4 = 0 THEN %s END", call),
                "message_id": SQL("'<bench-' || g || '@bench.example>'"),
            },
        )
        log(f"Messages and done activities: {self.n['messages']}")

    def leads(self, template, customer_of, user_ids, teams):
        SQL = self.SQL
        lead = self.env["crm.lead"].create(
            {
                "name": "Bench lead",
                "partner_id": template.id,
                "user_id": user_ids[0],
                "team_id": teams[0].id,
                "type": "opportunity",
                "expected_revenue": 1_000_000,
            }
        )
        self.env.flush_all()
        self.clone(
            "crm_lead",
            lead.id,
            self.n["leads"],
            {
                "name": SQL("'Bench opportunity ' || g"),
                "partner_id": customer_of,
                "user_id": SQL("(%s::int[])[1 + g %% %s]", user_ids, len(user_ids)),
                "expected_revenue": SQL("(g %% 50 + 1) * 1000000"),
                "create_date": SQL(
                    "%s::timestamp - (g %% 365) * interval '1 day'", TODAY
                ),
                "active": SQL("g %% 7 != 0"),
            },
        )
        log(f"Leads: {self.n['leads']}")

    def care(self, template, customer_of, user_ids):
        SQL = self.SQL
        env = self.env
        Command = __import__("odoo", fromlist=["Command"]).Command
        team = env["crm.care.team"].create(
            {"name": "Bench care", "member_ids": [(6, 0, user_ids[:5])]}
        )
        env["crm.care.sla"].create(
            {
                "name": "Bench SLA",
                "team_id": team.id,
                "first_response_hours": 4,
                "resolution_hours": 24,
            }
        )
        ticket = env["crm.care.ticket"].create(
            {"subject": "Bench ticket", "partner_id": template.id, "team_id": team.id}
        )
        service = env["product.product"].create(
            {"name": "Bench maintenance", "type": "service", "list_price": 1_000_000}
        )
        contract = env["crm.care.contract"].create(
            {
                "name": "Bench contract",
                "partner_id": template.id,
                "date_start": CONTRACT_START,
                "date_end": TODAY + timedelta(days=65),
                "invoice_posting": "post",
                "line_ids": [
                    Command.create(
                        {
                            "product_id": service.id,
                            "name": "Maintenance #START# - #END#",
                            "quantity": 10,
                            "recurring_rule_type": "monthly",
                        }
                    )
                ],
            }
        )
        contract.state = "running"
        env.flush_all()
        solved = env.ref("crm_care.stage_solved").id
        self.clone(
            "crm_care_ticket",
            ticket.id,
            self.n["tickets"],
            {
                "name": SQL("'BT' || lpad(g::text, 7, '0')"),
                "subject": SQL("'Bench ticket ' || g"),
                "partner_id": customer_of,
                "commercial_partner_id": customer_of,
                "user_id": SQL("(%s::int[])[1 + g %% 5]", user_ids),
                "stage_id": SQL(
                    "CASE WHEN g %% 5 = 0 THEN t.stage_id ELSE %s END", solved
                ),
                "is_closed": SQL("g %% 5 != 0"),
                "create_date": SQL(
                    "%s::timestamp - (g %% 365) * interval '1 day'", TODAY
                ),
                "access_token": SQL("md5('t' || g)"),
            },
        )
        self.clone(
            "crm_care_contract",
            contract.id,
            self.n["contracts"],
            {
                "number": SQL("'BC' || lpad(g::text, 7, '0')"),
                "name": SQL("'Bench contract ' || g"),
                "partner_id": customer_of,
                "commercial_partner_id": customer_of,
                "date_end": SQL("%s::date + (g %% 400) - 30", TODAY),
                "access_token": SQL("md5('c' || g)"),
                "recurring_next_date": SQL(
                    "CASE WHEN %s::date + (g %% 400) - 30 >= %s THEN %s::date END",
                    TODAY,
                    CONTRACT_DUE,
                    CONTRACT_DUE,
                ),
            },
        )
        # A monthly line each, invoiced up to October: November is due (one
        # invoice a contract ending in November or later).
        self.clone(
            "crm_care_contract_line",
            contract.line_ids.id,
            0,
            {
                "contract_id": SQL("c.g"),
                "partner_id": SQL("c.commercial_partner_id"),
                "last_date_invoiced": SQL("%s::date - 1", CONTRACT_DUE),
                "recurring_next_date": SQL("c.recurring_next_date"),
            },
            source=SQL(
                "(SELECT id AS g, * FROM crm_care_contract WHERE id > %s) AS c",
                contract.id,
            ),
        )
        self.cr.execute(
            "UPDATE crm_care_contract_line SET last_date_invoiced = %s,"
            " recurring_next_date = %s WHERE id = %s",
            [CONTRACT_DUE - timedelta(days=1), CONTRACT_DUE, contract.line_ids.id],
        )
        self.cr.execute(
            "UPDATE crm_care_contract SET recurring_next_date = %s WHERE id = %s",
            [CONTRACT_DUE, contract.id],
        )
        self.cr.commit()
        log(f"Tickets: {self.n['tickets']}, contracts: {self.n['contracts']}")


def check(env):
    """The dataset reads back right through the ORM."""
    cr = env.cr
    env.invalidate_all()
    problems = []
    cr.execute(
        "SELECT count(*) FROM (SELECT move_id FROM account_move_line GROUP BY move_id "
        "HAVING abs(sum(balance)) > 0.001) unbalanced"
    )
    if cr.fetchone()[0]:
        problems.append("unbalanced journal entries")
    for company in env["res.company"].search([]):
        cr.execute(
            """
            SELECT COALESCE(sum(aml.balance), 0), COALESCE(sum(aml.amount_residual), 0)
              FROM account_move_line aml JOIN account_account a ON a.id = aml.account_id
             WHERE a.account_type = 'asset_receivable' AND aml.parent_state = 'posted'
               AND aml.company_id = %s
            """,
            [company.id],
        )
        balance, residual = cr.fetchone()
        if abs(balance - residual) > 0.01:
            problems.append(
                f"{company.name}: receivable {balance} != open items {residual}"
            )
        rows = env["crm.reports.receivable.aging"].get_aging(
            TODAY + timedelta(days=3650), company.id
        )
        aging = sum(row["total"] for row in rows)
        if abs(aging - balance) > 0.01:
            problems.append(f"{company.name}: aging {aging} != receivable {balance}")
    SQL = __import__("odoo.tools", fromlist=["SQL"]).SQL
    for model, table, where in (
        ("sale.order", "sale_order", SQL("state = 'sale'")),
        ("account.move", "account_move", SQL("state = 'posted'")),
        ("res.partner", "res_partner", SQL("customer_rank > 0 AND active")),
        ("crm.care.ticket", "crm_care_ticket", SQL("active")),
        ("crm.care.contract", "crm_care_contract", SQL("active")),
    ):
        cr.execute(
            SQL("SELECT count(*) FROM %s WHERE %s", SQL.identifier(table), where)
        )
        expected = cr.fetchone()[0]
        domain = {
            "sale.order": [("state", "=", "sale")],
            "account.move": [("state", "=", "posted")],
            "res.partner": [("customer_rank", ">", 0)],
        }.get(model, [])
        found = env[model].with_context(active_test=True).search_count(domain)
        if found != expected:
            problems.append(f"{model}: ORM sees {found}, SQL {expected}")
    sample = env["account.move"].search(
        [("ref", "=like", "bench-%"), ("payment_state", "=", "partial")], limit=20
    )
    for move in sample:
        lines = move.line_ids.filtered(lambda line: line.display_type == "payment_term")
        if abs(sum(lines.mapped("amount_residual")) - move.amount_residual) > 0.01:
            problems.append(f"{move.name}: residual differs from its lines")
    return problems


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--scale", choices=sorted(SCALES), default="small")
    args = parser.parse_args()
    import odoo  # noqa: PLC0415 - configured before use
    from odoo.tools import config

    config.parse_config(["-c", args.config, "-d", args.database])
    from odoo.modules.registry import Registry

    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        Generator(env, args.scale).run()
        cr.commit()
        started = time.time()
        env["crm.idic.profile"]._recompute_profiles()
        cr.commit()
        log(f"IDIC profiles computed in {time.time() - started:.1f} s")
        problems = check(env)
    if problems:
        for problem in problems:
            log(f"CHECK FAILED: {problem}")
        return 1
    log(
        "Checks passed: journal entries balance, receivables equal open items and "
        "the aging total, the ORM sees every record."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
