import logging
from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from markupsafe import Markup, escape
from psycopg2 import errors

from odoo import api, fields, models
from odoo.tools import SQL

from ..tools import scoring
from ..tools.sql import local_work_mem

_logger = logging.getLogger(__name__)

# Rows written back per statement by the recompute.
WRITE_CHUNK = 10000
# Memory for the statements ranking a company's customers (see local_work_mem).
RANK_WORK_MEM = "64MB"
# Customers gathered per committed batch by the scheduled actions (default of
# the system parameter crm_idic.recompute_batch_size).
BATCH_SIZE = 20000


class CrmIdicProfile(models.Model):
    _name = "crm.idic.profile"
    _description = "IDIC customer profile"
    _order = "idic_score desc, id"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner", "Customer", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, ondelete="cascade", index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one(related="partner_id.user_id", string="Salesperson")
    identify_score = fields.Float(digits=(5, 2), readonly=True)
    differentiate_score = fields.Float(digits=(5, 2), readonly=True)
    interact_score = fields.Float(digits=(5, 2), readonly=True)
    customize_score = fields.Float(digits=(5, 2), readonly=True)
    idic_score = fields.Float("IDIC score", digits=(5, 2), readonly=True, index=True)
    rfm_recency_days = fields.Integer("Recency (days)", readonly=True)
    rfm_frequency = fields.Integer("Frequency (orders)", readonly=True)
    rfm_monetary = fields.Monetary("Monetary", readonly=True)
    rfm_r_score = fields.Integer("R score", readonly=True)
    rfm_f_score = fields.Integer("F score", readonly=True)
    rfm_m_score = fields.Integer("M score", readonly=True)
    rfm_segment = fields.Selection(
        scoring.RFM_SEGMENTS, "RFM segment", default="no_purchase", readonly=True
    )
    value_tier = fields.Selection(
        scoring.VALUE_TIERS, default="standard", readonly=True, index=True
    )
    revenue_invoiced = fields.Monetary(readonly=True)
    clv = fields.Monetary("Lifetime value", readonly=True)
    first_order_date = fields.Date(readonly=True)
    last_order_date = fields.Date(readonly=True)
    last_interaction_date = fields.Date(readonly=True)
    interaction_count = fields.Integer(readonly=True)
    planned_activity_count = fields.Integer(readonly=True)
    overdue_activity_count = fields.Integer(readonly=True)
    needs_category_ids = fields.Many2many(
        "product.category", string="Categories bought", readonly=True
    )
    need_ids = fields.Many2many(related="partner_id.idic_need_ids", string="Needs")
    segment_id = fields.Many2one("crm.idic.segment", readonly=True, index=True)
    customized_segment_id = fields.Many2one(
        "crm.idic.segment", "Customized for segment", readonly=True
    )
    customized_date = fields.Date(readonly=True)
    cadence_overdue = fields.Boolean(readonly=True, index=True)
    # The numbers behind the components, kept for the explanation.
    amount_last6 = fields.Monetary("Ordered in the last 6 months", readonly=True)
    amount_prev6 = fields.Monetary("Ordered in the 6 months before", readonly=True)
    has_invoices = fields.Boolean(readonly=True)
    categories_count = fields.Integer(readonly=True)
    quotes_sent = fields.Integer(readonly=True)
    quotes_confirmed = fields.Integer(readonly=True)
    campaign_count = fields.Integer(readonly=True)
    identify_weight_got = fields.Float(readonly=True)
    identify_weight_possible = fields.Float(readonly=True)
    duplicate_count = fields.Integer(readonly=True)
    needs_recompute = fields.Boolean(readonly=True, index=True)
    # Gathered again since the last scoring of the company.
    needs_rescore = fields.Boolean(readonly=True)
    score_explanation = fields.Html(
        compute="_compute_score_explanation", sanitize=False
    )

    _partner_company_uniq = models.Constraint(
        "UNIQUE (partner_id, company_id)",
        "A customer has one IDIC profile per company.",
    )

    @api.depends(
        "identify_score",
        "differentiate_score",
        "interact_score",
        "customize_score",
        "idic_score",
    )
    def _compute_score_explanation(self):
        tiers = dict(self._fields["value_tier"]._description_selection(self.env))
        for profile in self:
            company = profile.company_id
            weights = company._idic_component_weights()
            lines = [
                (
                    self.env._("Identify"),
                    profile.identify_score,
                    weights[0],
                    self.env._(
                        "%(got)s of %(possible)s weighted profile fields filled"
                        "%(dups)s",
                        got=round(profile.identify_weight_got),
                        possible=round(profile.identify_weight_possible),
                        dups=self.env._(
                            ", %(count)s possible duplicate(s): −20",
                            count=profile.duplicate_count,
                        )
                        if profile.duplicate_count
                        else "",
                    ),
                ),
                (
                    self.env._("Differentiate"),
                    profile.differentiate_score,
                    weights[1],
                    self.env._(
                        "R %(r)s, F %(f)s, M %(m)s (%(orders)s orders, last "
                        "%(days)s days ago); tier %(tier)s; %(categories)s categories "
                        "bought, %(needs)s stated needs",
                        r=profile.rfm_r_score,
                        f=profile.rfm_f_score,
                        m=profile.rfm_m_score,
                        orders=profile.rfm_frequency,
                        days=profile.rfm_recency_days,
                        tier=tiers.get(profile.value_tier, ""),
                        categories=profile.categories_count,
                        needs=len(profile.need_ids),
                    ),
                ),
                (
                    self.env._("Interact"),
                    profile.interact_score,
                    weights[2],
                    self.env._(
                        "%(count)s interactions in %(window)s days, last on "
                        "%(last)s; %(planned)s planned, %(overdue)s overdue activities",
                        count=profile.interaction_count,
                        window=company.idic_interaction_days,
                        last=profile.last_interaction_date or "—",
                        planned=profile.planned_activity_count,
                        overdue=profile.overdue_activity_count,
                    ),
                ),
                (
                    self.env._("Customize"),
                    profile.customize_score,
                    weights[3],
                    self.env._(
                        "segment customization %(applied)s; %(confirmed)s of %(sent)s "
                        "quotations confirmed; %(mails)s segment mailings",
                        applied=self.env._("applied")
                        if profile.customized_segment_id
                        and profile.customized_segment_id == profile.segment_id
                        else self.env._("not applied"),
                        confirmed=profile.quotes_confirmed,
                        sent=profile.quotes_sent,
                        mails=profile.campaign_count,
                    ),
                ),
            ]
            rows = Markup("").join(
                Markup(
                    "<tr><td>%s</td><td class='text-end'>%s</td>"
                    "<td class='text-end'>%s%%</td><td>%s</td></tr>"
                )
                % (escape(name), f"{score:.1f}", weight, escape(detail))
                for name, score, weight, detail in lines
            )
            profile.score_explanation = Markup(
                "<table class='table table-sm o_idic_explanation'><thead><tr>"
                "<th>%s</th><th class='text-end'>%s</th><th class='text-end'>%s</th>"
                "<th>%s</th></tr></thead><tbody>%s</tbody><tfoot><tr><th>%s</th>"
                "<th class='text-end'>%s</th><th></th><th></th></tr></tfoot></table>"
            ) % (
                self.env._("Component"),
                self.env._("Score"),
                self.env._("Weight"),
                self.env._("Made of"),
                rows,
                self.env._("IDIC score"),
                f"{profile.idic_score:.1f}",
            )

    # -- actions ---------------------------------------------------------------------

    def action_recompute(self):
        """Button: recompute every profile of the current companies now."""
        self._recompute_profiles(company_ids=self.env.companies.ids)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("IDIC profiles recomputed."),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def action_open_duplicates(self):
        """Open Odoo's merge wizard on the customer and its possible duplicates."""
        self.ensure_one()
        partner = self.partner_id
        domain = [("id", "!=", partner.id), ("is_company", "=", partner.is_company)]
        alike = []
        if partner.email_normalized:
            alike.append([("email_normalized", "=", partner.email_normalized)])
        if partner.vat:
            alike.append([("vat", "=", partner.vat)])
        if not alike:
            return False
        from odoo.fields import Domain  # noqa: PLC0415

        duplicates = self.env["res.partner"].search(
            Domain.AND([domain, Domain.OR(alike)]), limit=20
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "base.partner.merge.automatic.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "active_model": "res.partner",
                "active_ids": (partner | duplicates).ids,
            },
        }

    # -- recompute -------------------------------------------------------------------

    @api.model
    def _idic_mark_dirty(self, partners, company):
        """Mark the profiles of these customers in this company for recompute."""
        commercial = partners.commercial_partner_id
        if not commercial:
            return
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO crm_idic_profile (partner_id, company_id, needs_recompute,
                    rfm_segment, value_tier, create_uid, write_uid, create_date,
                    write_date)
                SELECT unnest(%(partners)s::int[]), %(company)s, true, 'no_purchase',
                    'standard', %(uid)s, %(uid)s, now() AT TIME ZONE 'UTC',
                    now() AT TIME ZONE 'UTC'
                ON CONFLICT (partner_id, company_id)
                DO UPDATE SET needs_recompute = true
                """,
                partners=commercial.ids,
                company=company.id,
                uid=self.env.uid,
            )
        )

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

    @api.model
    def _recompute_dirty(self):
        """Recompute the customers marked by confirmed orders and posted invoices."""
        for company_id, partner_ids in self._idic_dirty_by_company():
            self._recompute_profiles(company_ids=[company_id], partner_ids=partner_ids)
        return True

    def _idic_dirty_by_company(self):
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT company_id, array_agg(partner_id) FROM crm_idic_profile "
                "WHERE needs_recompute GROUP BY company_id"
            )
        )
        return self.env.cr.fetchall()

    def _idic_dates(self, company):
        today = fields.Date.context_today(self)
        start = today - relativedelta(months=company.idic_rfm_months)
        return {
            "today": today,
            "tomorrow": datetime.combine(today + timedelta(days=1), time.min),
            "start": datetime.combine(start, time.min),
            "start_date": start,
            "six": datetime.combine(today - relativedelta(months=6), time.min),
            "twelve": datetime.combine(today - relativedelta(months=12), time.min),
            "istart": datetime.combine(
                today - timedelta(days=company.idic_interaction_days), time.min
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
                    %(uid)s, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
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
                    OR NULLIF(COALESCE(vat, ''), '') IN (
                        SELECT NULLIF(COALESCE(vat, ''), '') FROM res_partner
                         WHERE id = ANY(%(ids)s)))""",
            ids=list(partner_ids),
        )

    def _idic_gather_query(self, company, partner_ids, contacts):
        """The query of each customer's own numbers (orders, invoices,
        interactions...): one row per profile of the company (of these
        customers; ``contacts``: theirs and their contacts' ids, see
        :meth:`_idic_contacts`), with the profile's ``id`` and its gathered
        columns. Read only: :meth:`_idic_gather` writes them."""
        dates = self._idic_dates(company)
        weights = company._idic_field_weights()
        subtype = self.env["ir.model.data"]._xmlid_to_res_id(
            "crm_idic.mt_segment_campaign"
        )
        pf = self._partner_filter  # noqa: N806 — a short name keeps the SQL readable
        return SQL(
            """
            WITH orders AS (%(orders)s
            ), order_dates AS (
                SELECT p.commercial_partner_id AS partner_id,
                       min(so.date_order) AS first_order,
                       max(so.date_order) AS last_order
                  FROM sale_order so
                  JOIN res_partner p ON p.id = so.partner_id
                 WHERE so.company_id = %(company)s AND so.state = 'sale'
                   AND so.date_order < %(tomorrow)s
                   %(pf_so)s
                 GROUP BY p.commercial_partner_id
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
                 GROUP BY p.commercial_partner_id
            ), invoices AS (
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
            ), quotes AS (
                SELECT p.commercial_partner_id AS partner_id,
                       count(*) FILTER (WHERE so.state IN ('sent', 'sale')) AS sent,
                       count(*) FILTER (WHERE so.state = 'sale') AS confirmed
                  FROM sale_order so
                  JOIN res_partner p ON p.id = so.partner_id
                 WHERE so.company_id = %(company)s
                   AND so.date_order >= %(istart)s AND so.date_order < %(tomorrow)s
                   %(pf_so)s
                 GROUP BY p.commercial_partner_id
            ), interactions AS (
                SELECT x.partner_id, count(*) AS n, max(x.at) AS last
                  FROM (%(interaction_rows)s) x
                 GROUP BY x.partner_id
            ), activities AS (
                SELECT x.partner_id,
                       count(*) FILTER (WHERE x.deadline >= %(today)s) AS planned,
                       count(*) FILTER (WHERE x.deadline < %(today)s) AS overdue
                  FROM (
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
                  ) x
                 GROUP BY x.partner_id
            ), campaigns AS (
                SELECT m.res_id AS partner_id, count(*) AS n
                  FROM mail_message m
                 WHERE m.model = 'res.partner' AND m.subtype_id = %(subtype)s
                   AND m.date >= %(istart)s %(pf_messages)s
                 GROUP BY m.res_id
            ), heads AS (
                -- Customers that count as possible duplicates of one another:
                -- active commercial partners sharing an email or a tax ID.
                -- The counts below are materialized: computed once, never
                -- again per customer.
                SELECT id, email_normalized AS email,
                       NULLIF(COALESCE(vat, ''), '') AS vat
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
                  LEFT JOIN same_email se ON se.email = p.email_normalized
                  LEFT JOIN same_vat sv
                    ON sv.vat = NULLIF(COALESCE(p.vat, ''), '')
                  LEFT JOIN same_both sb ON sb.email = p.email_normalized
                       AND sb.vat = NULLIF(COALESCE(p.vat, ''), '')
                 WHERE true %(pf_identity)s
            )
            SELECT p0.id,
                   COALESCE(o.frequency, 0) AS rfm_frequency,
                   COALESCE(o.monetary, 0) AS rfm_monetary,
                   COALESCE(o.last6, 0) AS amount_last6,
                   COALESCE(o.prev6, 0) AS amount_prev6,
                   od.first_order::date AS first_order_date,
                   od.last_order::date AS last_order_date,
                   COALESCE(cardinality(c.categ_ids), 0) AS categories_count,
                   COALESCE(i.revenue, 0) AS revenue_invoiced,
                   COALESCE(i.moves, 0) > 0 AS has_invoices,
                   COALESCE(q.sent, 0) AS quotes_sent,
                   COALESCE(q.confirmed, 0) AS quotes_confirmed,
                   COALESCE(it.n, 0) AS interaction_count,
                   it.last::date AS last_interaction_date,
                   COALESCE(a.planned, 0) AS planned_activity_count,
                   COALESCE(a.overdue, 0) AS overdue_activity_count,
                   COALESCE(cp.n, 0) AS campaign_count,
                   COALESCE(idn.got, 0) AS identify_weight_got,
                   COALESCE(idn.possible, 0) AS identify_weight_possible,
                   COALESCE(idn.duplicates, 0) AS duplicate_count
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
            pf_so=pf("so.partner_id", contacts),
            pf_activity=pf("a.res_id", contacts),
            pf_lead=pf("l.partner_id", contacts),
            pf_moves=pf("am.commercial_partner_id", partner_ids),
            pf_messages=pf("m.res_id", partner_ids),
            pf_identity=pf("p.id", partner_ids),
            heads_only=self._idic_heads_filter(partner_ids),
            pf_p0=pf("p0.partner_id", partner_ids),
            **dates,
            **{f"w_{name}": weight for name, weight in weights.items()},
        )

    def _idic_gather(self, company, partner_ids):
        """Gather each customer's own numbers (orders, invoices, interactions...)
        onto its profile, marked to be scored again."""
        pf = self._partner_filter  # noqa: N806
        dates = self._idic_dates(company)
        contacts = self._idic_contacts(partner_ids)
        numbers = [
            "rfm_frequency",
            "rfm_monetary",
            "amount_last6",
            "amount_prev6",
            "first_order_date",
            "last_order_date",
            "categories_count",
            "revenue_invoiced",
            "has_invoices",
            "quotes_sent",
            "quotes_confirmed",
            "interaction_count",
            "last_interaction_date",
            "planned_activity_count",
            "overdue_activity_count",
            "campaign_count",
            "identify_weight_got",
            "identify_weight_possible",
            "duplicate_count",
        ]
        self.env.cr.execute(
            SQL(
                """
                UPDATE crm_idic_profile pr
                   SET %(numbers)s, needs_recompute = false, needs_rescore = true,
                       write_uid = %(uid)s, write_date = now() AT TIME ZONE 'UTC'
                  FROM (%(gathered)s) g
                 WHERE pr.id = g.id
                """,
                numbers=SQL(", ").join(
                    SQL("%s = g.%s", SQL.identifier(name), SQL.identifier(name))
                    for name in numbers
                ),
                uid=self.env.uid,
                gathered=self._idic_gather_query(company, partner_ids, contacts),
            )
        )
        # Product categories bought in the window: the customer's revealed needs.
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

    def _idic_score(self, company, only_customize=False, profile_ids=None):
        """Rank the company's customers (R, F, M) and compute the four components.

        The ranks are computed over the whole company in SQL; Python scores and
        writes only the profiles that need it: gathered again since the last
        scoring (``needs_rescore``), or whose rank or recency moved. With
        ``only_customize``, only the Customize component of ``profile_ids`` is
        computed again (their segment changed).

        :return: the ids of the profiles written
        """
        dates = self._idic_dates(company)
        today = dates["today"]
        weights = company._idic_component_weights()
        window_days = company.idic_interaction_days
        if only_customize:
            todo = SQL("x.id = ANY(%s)", list(profile_ids or []))
        else:
            todo = SQL(
                """(x.needs_rescore OR x.r_score IS DISTINCT FROM x.old_r
                    OR x.f_score IS DISTINCT FROM x.old_f
                    OR x.m_score IS DISTINCT FROM x.old_m
                    OR x.old_recency IS DISTINCT FROM CASE
                        WHEN x.rfm_frequency > 0 AND x.last_order_date IS NOT NULL
                        THEN %s - x.last_order_date ELSE 0 END)""",
                today,
            )
        # The ranks need every profile of the company: they are computed on the
        # few columns they use (narrow sorts, in memory), the profiles to score
        # picked there, and only those read in full.
        with local_work_mem(self.env.cr, RANK_WORK_MEM):
            self.env.cr.execute(
                SQL(
                    """
                WITH ranked AS (
                    SELECT pr.id, pr.needs_rescore, pr.rfm_frequency,
                           pr.last_order_date,
                           pr.rfm_r_score AS old_r, pr.rfm_f_score AS old_f,
                           pr.rfm_m_score AS old_m, pr.rfm_recency_days AS old_recency,
                           CASE WHEN pr.rfm_frequency > 0
                                THEN ceil(5 * cume_dist() OVER (
                                    PARTITION BY pr.rfm_frequency > 0
                                    ORDER BY %(today)s - pr.last_order_date DESC))
                                ELSE 0 END AS r_score,
                           CASE WHEN pr.rfm_frequency > 0
                                THEN ceil(5 * cume_dist() OVER (
                                    PARTITION BY pr.rfm_frequency > 0
                                    ORDER BY pr.rfm_frequency))
                                ELSE 0 END AS f_score,
                           CASE WHEN pr.rfm_frequency > 0
                                THEN ceil(5 * cume_dist() OVER (
                                    PARTITION BY pr.rfm_frequency > 0
                                    ORDER BY pr.rfm_monetary))
                                ELSE 0 END AS m_score
                      FROM crm_idic_profile pr
                     WHERE pr.company_id = %(company)s
                ), todo AS MATERIALIZED (
                    SELECT x.id, x.r_score, x.f_score, x.m_score
                      FROM ranked x
                     WHERE %(todo)s
                )
                SELECT pr.id, pr.rfm_frequency, pr.rfm_monetary, pr.last_order_date,
                       pr.first_order_date, pr.revenue_invoiced, pr.has_invoices,
                       pr.amount_last6, pr.amount_prev6, pr.categories_count,
                       pr.interaction_count, pr.last_interaction_date,
                       pr.planned_activity_count, pr.overdue_activity_count,
                       pr.quotes_sent, pr.quotes_confirmed, pr.campaign_count,
                       pr.identify_weight_got, pr.identify_weight_possible,
                       pr.duplicate_count,
                       (pr.customized_segment_id IS NOT NULL
                        AND pr.customized_segment_id = pr.segment_id) AS customized,
                       COALESCE(needs.count, 0) AS needs,
                       seg.cadence_days, todo.r_score, todo.f_score, todo.m_score,
                       pr.identify_score, pr.differentiate_score, pr.interact_score
                  FROM todo
                  JOIN crm_idic_profile pr ON pr.id = todo.id
                  LEFT JOIN crm_idic_segment seg ON seg.id = pr.segment_id
                  LEFT JOIN (
                        SELECT res_partner_id, count(*) AS count
                          FROM crm_idic_need_res_partner_rel GROUP BY res_partner_id
                       ) needs ON needs.res_partner_id = pr.partner_id
                """,
                    company=company.id,
                    today=today,
                    todo=todo,
                )
            )
            rows = self.env.cr.fetchall()
        columns = {
            name: []
            for name in (
                "id",
                "rfm_recency_days",
                "rfm_r_score",
                "rfm_f_score",
                "rfm_m_score",
                "rfm_segment",
                "value_tier",
                "clv",
                "identify_score",
                "differentiate_score",
                "interact_score",
                "customize_score",
                "idic_score",
                "cadence_overdue",
            )
        }
        for row in rows:
            (
                profile_id,
                frequency,
                monetary,
                last_order,
                first_order,
                revenue,
                has_invoices,
                last6,
                prev6,
                categories,
                interactions,
                last_interaction,
                planned,
                overdue,
                sent,
                confirmed,
                campaigns,
                got,
                possible,
                duplicates,
                customized,
                needs,
                cadence_days,
                r_score,
                f_score,
                m_score,
                old_identify,
                old_differentiate,
                old_interact,
            ) = row
            r_score, f_score, m_score = int(r_score), int(f_score), int(m_score)
            recency = (today - last_order).days if frequency and last_order else 0
            first_days = (today - first_order).days if first_order else None
            tier = scoring.value_tier(
                has_invoices, revenue or 0.0, m_score, f_score, prev6 or 0, last6 or 0
            )
            since = (today - last_interaction).days if last_interaction else None
            if only_customize:
                identify, differentiate, interact = (
                    old_identify or 0.0,
                    old_differentiate or 0.0,
                    old_interact or 0.0,
                )
            else:
                identify = scoring.identify_score(got or 0, possible or 0, duplicates)
                differentiate = scoring.differentiate_score(
                    r_score, f_score, m_score, tier, categories or 0, needs
                )
                interact = scoring.interact_score(
                    interactions or 0, since, window_days, planned, overdue
                )
            customize = scoring.customize_score(customized, sent, confirmed, campaigns)
            components = (identify, differentiate, interact, customize)
            values = {
                "id": profile_id,
                "rfm_recency_days": recency,
                "rfm_r_score": r_score,
                "rfm_f_score": f_score,
                "rfm_m_score": m_score,
                "rfm_segment": scoring.rfm_segment(
                    frequency, r_score, f_score, m_score, first_days
                ),
                "value_tier": tier,
                "clv": scoring.clv(monetary or 0.0, company.idic_rfm_months),
                "identify_score": identify,
                "differentiate_score": differentiate,
                "interact_score": interact,
                "customize_score": customize,
                "idic_score": scoring.idic_score(components, weights),
                "cadence_overdue": bool(
                    cadence_days and (since is None or since > cadence_days)
                ),
            }
            for name, value in values.items():
                columns[name].append(value)
        types = {
            "id": "int4",
            "rfm_recency_days": "int4",
            "rfm_r_score": "int4",
            "rfm_f_score": "int4",
            "rfm_m_score": "int4",
            "rfm_segment": "varchar",
            "value_tier": "varchar",
            "clv": "numeric",
            "identify_score": "numeric",
            "differentiate_score": "numeric",
            "interact_score": "numeric",
            "customize_score": "numeric",
            "idic_score": "numeric",
            "cadence_overdue": "bool",
        }
        names = [name for name in types if name != "id"]
        for start in range(0, len(columns["id"]), WRITE_CHUNK):
            chunk = {
                name: values[start : start + WRITE_CHUNK]
                for name, values in columns.items()
            }
            self.env.cr.execute(
                SQL(
                    "UPDATE crm_idic_profile pr SET %s FROM (SELECT %s) v "
                    "WHERE pr.id = v.id",
                    SQL(", ").join(
                        SQL("%s = v.%s", SQL.identifier(name), SQL.identifier(name))
                        for name in names
                    ),
                    SQL(", ").join(
                        SQL(
                            "unnest(%s::%s[]) AS %s",
                            chunk[name],
                            SQL(types[name]),
                            SQL.identifier(name),
                        )
                        for name in types
                    ),
                )
            )
        if not only_customize:
            self.env.cr.execute(
                SQL(
                    # Every profile marked was among those scored.
                    "UPDATE crm_idic_profile SET needs_rescore = false "
                    "WHERE id = ANY(%s) AND needs_rescore",
                    columns["id"],
                )
            )
        return columns["id"]

    def _idic_rescore(self, company):
        """Score the company's customers, update segments, publish the scores."""
        written = set(self._idic_score(company))
        moved = self.env["crm.idic.segment"]._idic_update_members(company)
        if moved:
            written.update(
                self._idic_score(company, only_customize=True, profile_ids=moved)
            )
        self._idic_publish(company, sorted(written))

    def _idic_publish(self, company, profile_ids):
        """Copy the scores of these profiles onto partners (per company) and onto
        leads."""
        key = str(company.id)
        self.env["crm.idic.tier.move"]._idic_record_moves(
            company, fields.Date.context_today(self), profile_ids
        )
        self.env.cr.execute(
            SQL(
                """
                UPDATE res_partner p
                   SET idic_score = COALESCE(p.idic_score, '{}'::jsonb)
                           || jsonb_build_object(%(key)s, pr.idic_score),
                       idic_value_tier = COALESCE(p.idic_value_tier, '{}'::jsonb)
                           || jsonb_build_object(%(key)s, pr.value_tier),
                       idic_rfm_segment = COALESCE(p.idic_rfm_segment, '{}'::jsonb)
                           || jsonb_build_object(%(key)s, pr.rfm_segment)
                  FROM crm_idic_profile pr
                 WHERE pr.company_id = %(company)s AND pr.id = ANY(%(ids)s)
                   AND p.commercial_partner_id = pr.partner_id
                   AND ((p.idic_score ->> %(key)s)::numeric
                            IS DISTINCT FROM pr.idic_score
                     OR p.idic_value_tier ->> %(key)s IS DISTINCT FROM pr.value_tier
                     OR p.idic_rfm_segment ->> %(key)s IS DISTINCT FROM pr.rfm_segment)
                """,
                key=key,
                company=company.id,
                ids=profile_ids,
            )
        )
        self.env.cr.execute(
            SQL(
                """
                UPDATE crm_lead l
                   SET idic_score = pr.idic_score
                  FROM res_partner p
                  JOIN crm_idic_profile pr ON pr.partner_id = p.commercial_partner_id
                 WHERE l.partner_id = p.id AND pr.company_id = %(company)s
                   AND pr.id = ANY(%(ids)s)
                   AND COALESCE(l.company_id, %(company)s) = %(company)s
                   AND l.idic_score IS DISTINCT FROM pr.idic_score
                """,
                company=company.id,
                ids=profile_ids,
            )
        )

    # -- scheduled actions -----------------------------------------------------------
    #
    # The scheduled actions work in batches of customers. Each batch is locked
    # (FOR UPDATE SKIP LOCKED: a batch another worker holds is left to it),
    # gathered, and committed with Odoo's cron progress API; a run that is killed
    # loses at most its current batch and the next run goes on from there, since a
    # gathered customer is no longer marked. When no customer of a company is left
    # to gather, one worker (advisory lock) ranks and scores the company.

    @api.model
    def _cron_recompute_all(self):
        """Daily: mark every customer of every company once a day, then gather and
        score them in batches (a run killed half-way is resumed, not restarted)."""
        today = fields.Date.context_today(self)
        for company in self.env["res.company"].search([("id", "!=", False)]):
            if company.idic_full_recompute_date != today:
                self.env.flush_all()
                self._idic_isolated(
                    company, lambda c=company: self._idic_mark_all(c, today)
                )
                self._idic_commit()
        return self._cron_recompute_dirty()

    def _idic_mark_all(self, company, today):
        self._idic_ensure_profiles(company, None)
        self.env.cr.execute(
            SQL(
                "UPDATE crm_idic_profile SET needs_recompute = true "
                "WHERE company_id = %s",
                company.id,
            )
        )
        self.env.cr.execute(
            SQL(
                "UPDATE res_company SET idic_full_recompute_date = %s WHERE id = %s",
                today,
                company.id,
            )
        )
        company.invalidate_recordset(["idic_full_recompute_date"])

    @api.model
    def _cron_recompute_dirty(self):
        """Gather the marked customers in batches, then score their companies."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT company_id, count(*) FILTER (WHERE needs_recompute) "
                "FROM crm_idic_profile WHERE needs_recompute OR needs_rescore "
                "GROUP BY company_id ORDER BY company_id"
            )
        )
        todo = self.env.cr.fetchall()
        remaining = sum(count + 1 for _company, count in todo)
        self._idic_commit(remaining=remaining)
        for company_id, _count in todo:
            company = self.env["res.company"].browse(company_id)
            if not self._idic_gather_batches(company):
                return False  # out of time: Odoo runs the action again soon
            scored = []
            self._idic_isolated(
                company,
                lambda c=company, out=scored: out.append(self._idic_score_company(c)),
            )
            self._idic_commit(1 if any(scored) else 0)
        # What is left is held by another worker, which finishes it.
        self._idic_commit(remaining=0)
        self.env.invalidate_all()
        return True

    def _idic_batch_size(self):
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("crm_idic.recompute_batch_size", "")
        )
        return int(value) if value.isdigit() and int(value) > 0 else BATCH_SIZE

    def _idic_gather_batches(self, company):
        """Gather the company's marked customers, a committed batch at a time.

        :return: False when the run is out of time (customers are left)
        """
        size = self._idic_batch_size()
        while True:
            self.env.cr.execute(
                SQL(
                    """
                    SELECT partner_id FROM crm_idic_profile
                     WHERE company_id = %s AND needs_recompute
                     ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED
                    """,
                    company.id,
                    size,
                )
            )
            partner_ids = [row[0] for row in self.env.cr.fetchall()]
            if not partner_ids:
                return True
            if not self._idic_isolated(
                company, lambda ids=partner_ids: self._idic_gather(company, ids)
            ):
                return True  # logged; the batch stays marked for the next run
            if self._idic_commit(len(partner_ids)) <= 0:
                return False

    def _idic_score_company(self, company):
        """Rank and score the company when nothing is left to gather, by one worker
        at a time (the others skip it).

        :return: whether the company was scored
        """
        self.env.cr.execute(
            SQL(
                "SELECT pg_try_advisory_xact_lock(hashtext('crm_idic_score'), %s)",
                company.id,
            )
        )
        if not self.env.cr.fetchone()[0]:
            return False
        self.env.cr.execute(
            SQL(
                """
                SELECT bool_or(needs_recompute), bool_or(needs_rescore)
                  FROM crm_idic_profile WHERE company_id = %s
                """,
                company.id,
            )
        )
        left_to_gather, to_score = self.env.cr.fetchone()
        if not to_score or left_to_gather:
            return False
        self._idic_rescore(company)
        self.env.invalidate_all()
        self.env["crm.idic.segment"]._idic_schedule_cadence(company)
        return True

    def _idic_commit(self, processed=0, remaining=None):
        """Commit the progress of a scheduled action (Odoo's cron progress API).

        Outside a scheduled action (a button, a test) nothing is committed: the
        caller's transaction decides.

        :return: the seconds left to the run
        """
        if not self.env.context.get("ir_cron_progress_id"):
            return float("inf")
        return self.env["ir.cron"]._commit_progress(processed, remaining=remaining)

    def _idic_isolated(self, company, step):
        """Run one step of a company's recompute in a savepoint: a company whose data
        breaks the recompute is logged and skipped, the other companies are scored.

        :return: whether the step succeeded
        """
        try:
            with self.env.cr.savepoint():
                step()
        except (errors.SerializationFailure, errors.LockNotAvailable):
            raise
        except Exception:  # pylint: disable=broad-except
            _logger.exception(
                "IDIC recompute of %s failed and was skipped", company.display_name
            )
            return False
        return True
