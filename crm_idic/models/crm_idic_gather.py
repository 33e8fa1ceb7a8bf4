"""The IDIC engine of ``crm.idic.profile``: gather each customer's numbers (one
query per company, see ``tools/measures.py``), rank the company's customers (R, F,
M), score the four components and publish the scores on customers and leads."""

from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

from ..tools.localtime import company_tz, local_date_sql, local_today, utc_start
from ..tools.measures import GATHERED
from ..tools.sql import tax_id_key, without_jit


class CrmIdicGather(models.AbstractModel):
    """Part of the IDIC engine, mixed into ``crm.idic.profile``."""

    _name = "crm.idic.gather"
    _description = "IDIC engine: gathering each customer's numbers"

    # -- recompute -------------------------------------------------------------------

    @api.model
    def _recompute_profiles(self, company_ids=None, partner_ids=None):
        """Recompute the IDIC profiles of these companies (all when None), now, in
        the current transaction (the button, the demo data, the tests).

        Creates the missing profiles of the companies' customers. With
        ``partner_ids``, only those customers' own numbers are gathered again;
        the scores that rank customers against each other (R, F, M) are always
        recomputed over the whole company. Set-based: a fixed number of queries
        per company, whatever the number of customers.
        """
        companies = (
            self.env["res.company"].browse(company_ids)
            if company_ids
            else self.env["res.company"].search([("id", "!=", False)])
        )
        self.env.flush_all()
        for company in companies:
            self._idic_ensure_profiles(company, partner_ids)
            self._idic_gather(company, partner_ids)
            self._idic_rescore(company)
        self.env.invalidate_all()
        self.env["crm.idic.segment"]._idic_schedule_cadence(companies)
        return True

    def _idic_today(self, company):
        """The company's local today: the IDIC figures are the company's, whoever
        asks for them (a button, a scheduled action)."""
        return local_today(company_tz(company))

    def _idic_dates(self, company):
        """The windows of the recompute: local days of the company, and the UTC
        bounds of those days for the Datetime columns."""
        tz = company_tz(company)
        today = local_today(tz)
        start = today - relativedelta(months=company.idic_rfm_months)
        return {
            "tz": tz,
            "today": today,
            "tomorrow": utc_start(tz, today + timedelta(days=1)),
            "start": utc_start(tz, start),
            "start_date": start,
            "horizon_start": today - relativedelta(months=company.idic_forecast_months),
            "six": utc_start(tz, today - relativedelta(months=6)),
            "twelve": utc_start(tz, today - relativedelta(months=12)),
            "istart": utc_start(
                tz, today - timedelta(days=company.idic_interaction_days)
            ),
        }

    def _partner_filter(self, column, partner_ids):
        """``AND column IN (...)``: the ids, or a query of them (an ``SQL``)."""
        if isinstance(partner_ids, SQL):
            return SQL(
                "AND %s IN (%s)", SQL.identifier(*column.split(".")), partner_ids
            )
        if not partner_ids:
            return SQL("")
        # A semi-join on the unnested ids: hashed, whatever the number of ids.
        return SQL(
            "AND %s IN (SELECT unnest(%s::int[]))",
            SQL.identifier(*column.split(".")),
            list(partner_ids),
        )

    def _idic_ensure_profiles(self, company, partner_ids):
        only = self._partner_filter("p.id", partner_ids)
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO crm_idic_profile (partner_id, company_id, needs_recompute,
                    rfm_segment, value_tier, create_uid, write_uid, create_date,
                    write_date)
                SELECT p.id, %(company)s, true, 'no_purchase', 'standard', %(uid)s,
                    %(uid)s, %(now)s, %(now)s
                  FROM res_partner p
                 WHERE p.active AND p.id = p.commercial_partner_id
                   AND (p.company_id IS NULL OR p.company_id = %(company)s)
                   AND (p.customer_rank > 0 OR EXISTS (
                        SELECT 1 FROM sale_order so
                          JOIN res_partner sp ON sp.id = so.partner_id
                         WHERE sp.commercial_partner_id = p.id
                           AND so.company_id = %(company)s))
                   %(only)s
                ON CONFLICT (partner_id, company_id) DO NOTHING
                """,
                company=company.id,
                uid=self.env.uid,
                now=fields.Datetime.now(),
                only=only,
            )
        )

    @api.model
    def _idic_order_totals(self, company, start, end, six, twelve, only=None):
        """SQL rows, one per customer, of its confirmed orders in [start, end):
        frequency, monetary (company currency at the order date), and the amounts
        ordered since ``six`` (last6) and between ``twelve`` and ``six`` (prev6).
        Shared by the recompute and the backtest."""
        return SQL(
            """
            SELECT p.commercial_partner_id AS partner_id,
                   count(*) AS frequency,
                   sum(so.amount_untaxed / NULLIF(so.currency_rate, 0)) AS monetary,
                   sum(CASE WHEN so.date_order >= %(six)s
                       THEN so.amount_untaxed / NULLIF(so.currency_rate, 0)
                       ELSE 0 END) AS last6,
                   sum(CASE WHEN so.date_order >= %(twelve)s AND so.date_order < %(six)s
                       THEN so.amount_untaxed / NULLIF(so.currency_rate, 0)
                       ELSE 0 END) AS prev6
              FROM sale_order so
              JOIN res_partner p ON p.id = so.partner_id
             WHERE so.company_id = %(company)s AND so.state = 'sale'
               AND so.date_order >= %(start)s AND so.date_order < %(end)s
               %(only)s
             GROUP BY p.commercial_partner_id
            """,
            company=company.id,
            start=start,
            end=end,
            six=six,
            twelve=twelve,
            only=only or SQL(""),
        )

    def _idic_interaction_rows(
        self, company, since, until, partner_ids=None, contacts=None
    ):
        """SQL rows of the interactions with customers: one per email or note written
        by a person, done activity (on the customer, its leads and its orders) and
        meeting, with columns partner_id, at, channel, model, res_id, author_id, body.
        ``contacts``: those of :meth:`_idic_contacts` when the caller has them.
        """
        xmlid_to_id = self.env["ir.model.data"]._xmlid_to_res_id  # cached
        bot = xmlid_to_id("base.partner_root")
        if contacts is None:
            contacts = self._idic_contacts(partner_ids)
        pf = self._partner_filter  # noqa: N806 — a short name keeps the SQL readable
        channel = SQL(
            """CASE WHEN m.mail_activity_type_id IS NOT NULL THEN 'activity'
                    WHEN m.message_type IN ('email', 'email_outgoing') THEN 'email'
                    WHEN m.subtype_id = %s THEN 'note'
                    ELSE 'message' END""",
            xmlid_to_id("mail.mt_note"),
        )
        people = SQL(
            "(m.message_type IN ('email', 'comment', 'email_outgoing') "
            "AND m.author_id IS DISTINCT FROM %s "
            "OR m.mail_activity_type_id IS NOT NULL)",
            bot,
        )
        return SQL(
            """
            SELECT p.commercial_partner_id AS partner_id, m.date AS at,
                   %(channel)s AS channel, m.model, m.res_id, m.author_id, m.body
              FROM mail_message m
              JOIN res_partner p ON p.id = m.res_id
             WHERE m.model = 'res.partner' AND m.date >= %(since)s
               AND m.date < %(until)s AND %(people)s %(only_partner)s
            UNION ALL
            SELECT p.commercial_partner_id, m.date, %(channel)s, m.model, m.res_id,
                   m.author_id, m.body
              FROM mail_message m
              JOIN crm_lead l ON l.id = m.res_id
              JOIN res_partner p ON p.id = l.partner_id
             WHERE m.model = 'crm.lead' AND m.date >= %(since)s AND m.date < %(until)s
               AND (l.company_id IS NULL OR l.company_id = %(company)s)
               AND %(people)s %(only_lead)s
            UNION ALL
            SELECT p.commercial_partner_id, m.date, %(channel)s, m.model, m.res_id,
                   m.author_id, m.body
              FROM mail_message m
              JOIN sale_order so ON so.id = m.res_id
              JOIN res_partner p ON p.id = so.partner_id
             WHERE m.model = 'sale.order' AND m.date >= %(since)s
               AND m.date < %(until)s AND so.company_id = %(company)s
               AND %(people)s %(only_order)s
            UNION ALL
            SELECT p.commercial_partner_id, e.start, 'meeting', 'calendar.event', e.id,
                   u.partner_id, e.name::text
              FROM calendar_event e
              JOIN calendar_event_res_partner_rel r ON r.calendar_event_id = e.id
              JOIN res_partner p ON p.id = r.res_partner_id
              LEFT JOIN res_users u ON u.id = e.user_id
             WHERE e.active AND e.start >= %(since)s AND e.start < %(until)s
               %(only_meeting)s
            """,
            channel=channel,
            people=people,
            since=since,
            until=until,
            company=company.id,
            only_partner=pf("m.res_id", contacts),
            only_lead=pf("l.partner_id", contacts),
            only_order=pf("so.partner_id", contacts),
            only_meeting=pf("r.res_partner_id", contacts),
        )

    def _idic_contacts(self, partner_ids):
        """The customers and their contacts (None for all): filters written on the
        large tables' own partner columns let PostgreSQL use their indexes."""
        if not partner_ids:
            return None
        self.env.cr.execute(
            SQL(
                "SELECT id FROM res_partner WHERE commercial_partner_id = ANY(%s)",
                list(partner_ids),
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    def _idic_heads_filter(self, partner_ids):
        """Only the customers sharing an email or a tax ID with these customers."""
        if not partner_ids:
            return SQL("")
        return SQL(
            """AND (email_normalized IN (
                        SELECT email_normalized FROM res_partner
                         WHERE id = ANY(%(ids)s))
                    OR %(vat)s IN (
                        SELECT %(vat)s FROM res_partner WHERE id = ANY(%(ids)s)))""",
            ids=list(partner_ids),
            vat=tax_id_key("vat"),
        )

    def _idic_activity_rows(self, company, contacts):
        """SQL rows of the open activities on customers, their leads and their
        orders: partner_id (the commercial partner) and deadline."""
        pf = self._partner_filter  # noqa: N806 — a short name keeps the SQL readable
        return SQL(
            """
            SELECT p.commercial_partner_id AS partner_id,
                   a.date_deadline AS deadline
              FROM mail_activity a
              JOIN res_partner p ON p.id = a.res_id
             WHERE a.res_model = 'res.partner' AND a.active %(pf_activity)s
            UNION ALL
            SELECT p.commercial_partner_id, a.date_deadline
              FROM mail_activity a
              JOIN crm_lead l ON l.id = a.res_id
              JOIN res_partner p ON p.id = l.partner_id
             WHERE a.res_model = 'crm.lead' AND a.active
               AND (l.company_id IS NULL OR l.company_id = %(company)s)
               %(pf_lead)s
            UNION ALL
            SELECT p.commercial_partner_id, a.date_deadline
              FROM mail_activity a
              JOIN sale_order so ON so.id = a.res_id
              JOIN res_partner p ON p.id = so.partner_id
             WHERE a.res_model = 'sale.order' AND a.active
               AND so.company_id = %(company)s %(pf_so)s
            """,
            company=company.id,
            pf_activity=pf("a.res_id", contacts),
            pf_lead=pf("l.partner_id", contacts),
            pf_so=pf("so.partner_id", contacts),
        )

    def _idic_identity_ctes(self, company, partner_ids):
        """The common table expressions ending in ``identity``: per customer the
        Identify weights got and possible, and the number of possible
        duplicates."""
        weights = company._idic_field_weights()
        return SQL(
            """
            heads AS (
                -- Customers that count as possible duplicates of one another:
                -- active commercial partners sharing an email or a tax ID.
                -- The counts below are materialized: computed once, never
                -- again per customer.
                SELECT id, email_normalized AS email,
                       %(vat)s AS vat
                  FROM res_partner
                 WHERE active AND id = commercial_partner_id %(heads_only)s
            ), same_email AS MATERIALIZED (
                SELECT email, count(*) AS n FROM heads
                 WHERE email IS NOT NULL GROUP BY email HAVING count(*) > 1
            ), same_vat AS MATERIALIZED (
                SELECT vat, count(*) AS n FROM heads
                 WHERE vat IS NOT NULL GROUP BY vat HAVING count(*) > 1
            ), same_both AS MATERIALIZED (
                SELECT email, vat, count(*) AS n FROM heads
                 WHERE email IS NOT NULL AND vat IS NOT NULL
                 GROUP BY email, vat HAVING count(*) > 1
            ), identity AS MATERIALIZED (
                SELECT p.id AS partner_id,
                    (CASE WHEN p.email_normalized IS NOT NULL
                          THEN %(w_email)s ELSE 0 END
                     + CASE WHEN COALESCE(p.phone, '') != ''
                          THEN %(w_phone)s ELSE 0 END
                     + CASE WHEN COALESCE(p.street, '') != ''
                             AND COALESCE(p.city, '') != ''
                          THEN %(w_address)s ELSE 0 END
                     + CASE WHEN p.country_id IS NOT NULL
                          THEN %(w_country)s ELSE 0 END
                     + CASE WHEN p.is_company AND COALESCE(p.vat, '') != ''
                          THEN %(w_vat)s ELSE 0 END
                     + CASE WHEN NOT p.is_company AND p.birthday IS NOT NULL
                          THEN %(w_birthday)s ELSE 0 END
                     + CASE WHEN EXISTS (
                            SELECT 1 FROM res_partner_res_partner_category_rel t
                             WHERE t.partner_id = p.id)
                          THEN %(w_tags)s ELSE 0 END
                     + CASE WHEN p.user_id IS NOT NULL
                          THEN %(w_salesperson)s ELSE 0 END
                     + CASE WHEN p.industry_id IS NOT NULL
                          THEN %(w_industry)s ELSE 0 END) AS got,
                    (%(w_email)s + %(w_phone)s + %(w_address)s + %(w_country)s
                     + %(w_tags)s + %(w_salesperson)s + %(w_industry)s
                     + CASE WHEN p.is_company THEN %(w_vat)s
                            ELSE %(w_birthday)s END) AS possible,
                    -- Others sharing the email, plus those sharing the tax
                    -- ID, minus those sharing both (counted twice); one
                    -- query for all customers (grouped counts, no self-join).
                    (COALESCE(se.n, 1) - 1) + (COALESCE(sv.n, 1) - 1)
                        - (COALESCE(sb.n, 1) - 1) AS duplicates
                  FROM res_partner p
                  JOIN crm_idic_profile pr
                    ON pr.partner_id = p.id AND pr.company_id = %(company)s
                  -- The customer's tax ID as compared, made once (heads).
                  LEFT JOIN heads h ON h.id = p.id
                  LEFT JOIN same_email se ON se.email = p.email_normalized
                  LEFT JOIN same_vat sv ON sv.vat = h.vat
                  LEFT JOIN same_both sb ON sb.email = p.email_normalized
                       AND sb.vat = h.vat
                 WHERE true %(pf_identity)s
            )
            """,
            company=company.id,
            heads_only=self._idic_heads_filter(partner_ids),
            vat=tax_id_key("vat"),
            pf_identity=self._partner_filter("p.id", partner_ids),
            **{f"w_{name}": weight for name, weight in weights.items()},
        )

    def _idic_order_ctes(self, company, dates, contacts):
        """The common table expressions ``order_dates`` (per customer, over its
        whole history: first and last purchase, number of purchases — local days
        with a confirmed order —, their amount, the amount after the first, and
        the amount in the forecast horizon just past) and ``categories``
        (product categories bought in the window)."""
        return SQL(
            """
            order_days AS (
                SELECT p.commercial_partner_id AS partner_id, %(day)s AS day,
                       sum(so.amount_untaxed / NULLIF(so.currency_rate, 0)) AS amount
                  FROM sale_order so
                  JOIN res_partner p ON p.id = so.partner_id
                 WHERE so.company_id = %(company)s AND so.state = 'sale'
                   AND so.date_order < %(tomorrow)s
                   %(pf_so)s
                 GROUP BY 1, 2
            ), order_dates AS (
                SELECT partner_id, min(day) AS first_order, max(day) AS last_order,
                       count(*) AS purchases, sum(amount) AS amount,
                       sum(amount) - (array_agg(amount ORDER BY day))[1]
                           AS repeat_amount,
                       sum(amount) FILTER (WHERE day > %(horizon_start)s)
                           AS past_horizon
                  FROM order_days
                 GROUP BY partner_id
            ), categories AS (
                SELECT p.commercial_partner_id AS partner_id,
                       array_agg(DISTINCT pt.categ_id) AS categ_ids
                  FROM sale_order_line sol
                  JOIN sale_order so ON so.id = sol.order_id
                  JOIN res_partner p ON p.id = so.partner_id
                  JOIN product_product pp ON pp.id = sol.product_id
                  JOIN product_template pt ON pt.id = pp.product_tmpl_id
                 WHERE so.company_id = %(company)s AND so.state = 'sale'
                   AND so.date_order >= %(start)s AND so.date_order < %(tomorrow)s
                   %(pf_so)s
                 GROUP BY p.commercial_partner_id""",
            company=company.id,
            start=dates["start"],
            tomorrow=dates["tomorrow"],
            day=local_date_sql(SQL("so.date_order"), dates["tz"]),
            horizon_start=dates["horizon_start"],
            pf_so=self._partner_filter("so.partner_id", contacts),
        )

    def _idic_invoice_totals(self, company, dates, contacts):
        """Each customer's posted invoices and credit notes of the RFM window:
        untaxed revenue in company currency (signed) and their number."""
        return SQL(
            """
                SELECT am.commercial_partner_id AS partner_id,
                       sum(am.amount_untaxed_signed) AS revenue,
                       count(*) AS moves
                  FROM account_move am
                 WHERE am.company_id = %(company)s AND am.state = 'posted'
                   AND am.move_type IN ('out_invoice', 'out_refund')
                   AND am.invoice_date >= %(start_date)s
                   AND am.invoice_date <= %(today)s
                   %(pf_moves)s
                 GROUP BY am.commercial_partner_id
            """,
            company=company.id,
            start_date=dates["start_date"],
            today=dates["today"],
            # On the indexed partner column: the same moves as their commercial
            # partner's (the customers' contacts).
            pf_moves=self._partner_filter("am.partner_id", contacts),
        )

    def _idic_gather_query(self, company, partner_ids, contacts):
        """The query of each customer's own numbers (orders, invoices,
        interactions...): one row per profile of the company (of these
        customers; ``contacts``: theirs and their contacts' ids, see
        :meth:`_idic_contacts`), with the profile's ``id`` and its gathered
        columns. Read only: :meth:`_idic_gather` writes them."""
        dates = self._idic_dates(company)
        subtype = self.env["ir.model.data"]._xmlid_to_res_id(
            "crm_idic.mt_segment_campaign"
        )
        pf = self._partner_filter  # noqa: N806 — a short name keeps the SQL readable
        return SQL(
            """
            WITH orders AS (%(orders)s
            ), %(order_ctes)s
            ), invoices AS (%(invoices)s
            ), quotes AS (
                SELECT p.commercial_partner_id AS partner_id,
                       count(*) FILTER (WHERE so.state IN ('sent', 'sale')) AS sent,
                       count(*) FILTER (WHERE so.state = 'sale') AS confirmed,
                       count(*) FILTER (
                           WHERE so.state = 'sale' AND EXISTS (
                               SELECT 1 FROM sale_order_line rl
                                WHERE rl.order_id = so.id
                                  AND rl.reward_id IS NOT NULL)) AS rewarded
                  FROM sale_order so
                  JOIN res_partner p ON p.id = so.partner_id
                 WHERE so.company_id = %(company)s
                   AND so.date_order >= %(istart)s AND so.date_order < %(tomorrow)s
                   %(pf_so)s
                 GROUP BY p.commercial_partner_id
            ), interactions AS (
                SELECT x.partner_id, count(*) AS n,
                       %(last_interaction)s AS last
                  FROM (%(interaction_rows)s) x
                 GROUP BY x.partner_id
            ), activities AS (
                SELECT x.partner_id,
                       count(*) FILTER (WHERE x.deadline >= %(today)s) AS planned,
                       count(*) FILTER (WHERE x.deadline < %(today)s) AS overdue
                  FROM (%(activity_rows)s) x
                 GROUP BY x.partner_id
            ), campaigns AS (
                SELECT m.res_id AS partner_id, count(*) AS n
                  FROM mail_message m
                 WHERE m.model = 'res.partner' AND m.subtype_id = %(subtype)s
                   AND m.date >= %(istart)s %(pf_messages)s
                 GROUP BY m.res_id
            ), %(identity)s
            SELECT p0.id, %(measures)s
              FROM crm_idic_profile p0
              LEFT JOIN orders o ON o.partner_id = p0.partner_id
              LEFT JOIN order_dates od ON od.partner_id = p0.partner_id
              LEFT JOIN categories c ON c.partner_id = p0.partner_id
              LEFT JOIN invoices i ON i.partner_id = p0.partner_id
              LEFT JOIN quotes q ON q.partner_id = p0.partner_id
              LEFT JOIN interactions it ON it.partner_id = p0.partner_id
              LEFT JOIN activities a ON a.partner_id = p0.partner_id
              LEFT JOIN campaigns cp ON cp.partner_id = p0.partner_id
              LEFT JOIN identity idn ON idn.partner_id = p0.partner_id
             WHERE p0.company_id = %(company)s %(pf_p0)s
            """,
            company=company.id,
            orders=self._idic_order_totals(
                company,
                dates["start"],
                dates["tomorrow"],
                dates["six"],
                dates["twelve"],
                pf("so.partner_id", contacts),
            ),
            interaction_rows=self._idic_interaction_rows(
                company, dates["istart"], dates["tomorrow"], partner_ids, contacts
            ),
            subtype=subtype,
            order_ctes=self._idic_order_ctes(company, dates, contacts),
            pf_so=pf("so.partner_id", contacts),
            invoices=self._idic_invoice_totals(company, dates, contacts),
            pf_messages=pf("m.res_id", partner_ids),
            identity=self._idic_identity_ctes(company, partner_ids),
            activity_rows=self._idic_activity_rows(company, contacts),
            measures=SQL(", ").join(
                SQL("%s AS %s", SQL(measure.sql), SQL.identifier(measure.name))
                for measure in GATHERED
            ),
            pf_p0=pf("p0.partner_id", partner_ids),
            last_interaction=local_date_sql(SQL("max(x.at)"), dates["tz"]),
            **dates,
        )

    def _idic_gather(self, company, partner_ids):
        """Gather each customer's own numbers (orders, invoices, interactions...)
        onto its profile, marked to be scored again."""
        dates = self._idic_dates(company)
        contacts = self._idic_contacts(partner_ids)
        with without_jit(self.env.cr):
            self._idic_write_gathered(company, partner_ids, contacts)
        self._idic_gather_categories(company, partner_ids, contacts, dates)

    def _idic_write_gathered(self, company, partner_ids, contacts):
        """Write the gathered columns of the profiles, marked to be scored."""
        self.env.cr.execute(
            SQL(
                """
                UPDATE crm_idic_profile pr
                   SET %(numbers)s, needs_recompute = false, needs_rescore = true,
                       write_uid = %(uid)s, write_date = %(now)s
                  FROM (%(gathered)s) g
                 WHERE pr.id = g.id
                """,
                numbers=SQL(", ").join(
                    SQL("%s = g.%s", SQL.identifier(m.name), SQL.identifier(m.name))
                    for m in GATHERED
                ),
                uid=self.env.uid,
                now=fields.Datetime.now(),
                gathered=self._idic_gather_query(company, partner_ids, contacts),
            )
        )

    def _idic_gather_categories(self, company, partner_ids, contacts, dates):
        """Product categories bought in the window: the customer's revealed
        needs."""
        pf = self._partner_filter  # noqa: N806
        self.env.cr.execute(
            SQL(
                """
                DELETE FROM crm_idic_profile_product_category_rel rel
                 USING crm_idic_profile pr
                 WHERE rel.crm_idic_profile_id = pr.id
                   AND pr.company_id = %(company)s %(pf_profiles)s
                """,
                company=company.id,
                pf_profiles=pf("pr.partner_id", partner_ids),
            )
        )
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO crm_idic_profile_product_category_rel
                    (crm_idic_profile_id, product_category_id)
                SELECT DISTINCT pr.id, pt.categ_id
                  FROM sale_order_line sol
                  JOIN sale_order so ON so.id = sol.order_id
                  JOIN res_partner p ON p.id = so.partner_id
                  JOIN crm_idic_profile pr
                    ON pr.partner_id = p.commercial_partner_id
                   AND pr.company_id = so.company_id
                  JOIN product_product pp ON pp.id = sol.product_id
                  JOIN product_template pt ON pt.id = pp.product_tmpl_id
                 WHERE so.company_id = %(company)s AND so.state = 'sale'
                   AND so.date_order >= %(start)s AND so.date_order < %(tomorrow)s
                   AND pt.categ_id IS NOT NULL %(pf_so)s
                """,
                company=company.id,
                pf_so=pf("so.partner_id", contacts),
                start=dates["start"],
                tomorrow=dates["tomorrow"],
            )
        )
