"""Scoring of ``crm.idic.profile``: rank the company's customers (R, F, M) in SQL,
compute the four IDIC components of the profiles that need it
(``tools/scoring.py``), write them back (``SCORED`` of ``tools/measures.py``) and
publish the scores on customers and leads."""

from odoo import models
from odoo.tools import SQL

from ..tools import scoring
from ..tools.measures import GATHERED, SCORED
from ..tools.sql import NO_JIT, local_settings

# Rows written back per statement by the recompute.
WRITE_CHUNK = 10000
# Memory for the statements ranking a company's customers: with PostgreSQL's
# default 4 MB their sorts spill to disk.
RANK_WORK_MEM = "64MB"

# Profiles to score: gathered again since the last scoring, or whose rank or
# recency moved.
MOVED = """(x.needs_rescore OR x.r_score IS DISTINCT FROM x.old_r
    OR x.f_score IS DISTINCT FROM x.old_f
    OR x.m_score IS DISTINCT FROM x.old_m
    OR x.old_recency IS DISTINCT FROM CASE
        WHEN x.rfm_frequency > 0 AND x.last_order_date IS NOT NULL
        THEN %s - x.last_order_date ELSE 0 END
    OR (%s AND x.forecast_tier IS DISTINCT FROM x.old_tier))"""


class CrmIdicScoring(models.AbstractModel):
    """Part of the IDIC engine, mixed into ``crm.idic.profile``."""

    _name = "crm.idic.scoring"
    _description = "IDIC engine: ranking, scoring, publishing"

    def _idic_score(self, company, only_customize=False, profile_ids=None):
        """Rank the company's customers (R, F, M) and compute the four components.

        The ranks are computed over the whole company in SQL; Python scores and
        writes only the profiles that need it: gathered again since the last
        scoring (``needs_rescore``), or whose rank or recency moved. With
        ``only_customize``, only the Customize component of ``profile_ids`` is
        computed again (their segment changed).

        :return: the ids of the profiles written
        """
        today = self._idic_today(company)
        if only_customize:
            todo = SQL("x.id = ANY(%s)", list(profile_ids or []))
        else:
            todo = SQL(MOVED, today, company.idic_tier_method == "forecast")
        rows = self._idic_ranked_rows(company, today, todo)
        scored = [
            self._idic_score_row(company, row, today, only_customize) for row in rows
        ]
        self._idic_write_scored(scored)
        ids = [values["id"] for values in scored]
        if not only_customize:
            self.env.cr.execute(
                SQL(
                    # Every profile marked was among those scored.
                    "UPDATE crm_idic_profile SET needs_rescore = false "
                    "WHERE id = ANY(%s) AND needs_rescore",
                    ids,
                )
            )
        return ids

    def _idic_ranked_rows(self, company, today, todo):
        """The profiles of the company picked by ``todo`` (an SQL condition on the
        ranked rows ``x``), as dicts: their gathered measures, their new R, F and M
        scores, their segment's cadence, stated needs and current components.

        The ranks need every profile of the company: they are computed on the few
        columns they use (narrow sorts, in memory), the profiles to score picked
        there, and only those read in full."""
        gathered = SQL(", ").join(
            SQL("pr.%s", SQL.identifier(measure.name)) for measure in GATHERED
        )
        with local_settings(self.env.cr, work_mem=RANK_WORK_MEM, **NO_JIT):
            self.env.cr.execute(
                SQL(
                    """
                WITH ranked AS (
                    SELECT pr.id, pr.needs_rescore, pr.rfm_frequency,
                           pr.last_order_date,
                           pr.rfm_r_score AS old_r, pr.rfm_f_score AS old_f,
                           pr.rfm_m_score AS old_m, pr.rfm_recency_days AS old_recency,
                           pr.value_tier AS old_tier,
                           %(r)s AS r_score, %(f)s AS f_score, %(m)s AS m_score,
                           %(forecast_tier)s AS forecast_tier
                      FROM crm_idic_profile pr
                     WHERE pr.company_id = %(company)s
                ), todo AS MATERIALIZED (
                    SELECT x.id, x.r_score, x.f_score, x.m_score, x.forecast_tier
                      FROM ranked x
                     WHERE %(todo)s
                )
                SELECT pr.id, %(gathered)s,
                       (pr.customized_segment_id IS NOT NULL
                        AND pr.customized_segment_id = pr.segment_id) AS customized,
                       COALESCE(needs.count, 0) AS needs,
                       seg.cadence_days, todo.r_score, todo.f_score, todo.m_score,
                       todo.forecast_tier,
                       pr.identify_score AS old_identify,
                       pr.differentiate_score AS old_differentiate,
                       pr.interact_score AS old_interact
                  FROM todo
                  JOIN crm_idic_profile pr ON pr.id = todo.id
                  LEFT JOIN crm_idic_segment seg ON seg.id = pr.segment_id
                  LEFT JOIN (
                        SELECT res_partner_id, count(*) AS count
                          FROM crm_idic_need_res_partner_rel GROUP BY res_partner_id
                       ) needs ON needs.res_partner_id = pr.partner_id
                """,
                    company=company.id,
                    todo=todo,
                    gathered=gathered,
                    r=self._idic_rank_sql(SQL("%s - pr.last_order_date DESC", today)),
                    f=self._idic_rank_sql(SQL("pr.rfm_frequency")),
                    m=self._idic_rank_sql(SQL("pr.rfm_monetary")),
                    forecast_tier=self._idic_forecast_tier_sql(company),
                )
            )
            return self.env.cr.dictfetchall()

    def _idic_rank_sql(self, order):
        """A 1-5 score: the customer's quintile among the company's buyers by
        ``order`` (0 for a customer without orders)."""
        return SQL(
            """CASE WHEN pr.rfm_frequency > 0
                    THEN ceil(5 * cume_dist() OVER (
                        PARTITION BY pr.rfm_frequency > 0 ORDER BY %s))
                    ELSE 0 END""",
            order,
        )

    def _idic_forecast_tier_sql(self, company):
        """The value tier by the forecast: zero or below (invoiced revenue not
        above zero), most valuable (the top share of the buyers by expected
        revenue), most growable (the top share of those with a potential),
        standard. Ties share a tier. Nothing (no ranking) with the RFM rules."""
        if company.idic_tier_method != "forecast":
            return SQL("NULL::varchar")
        share = company.idic_mvc_share / 100.0
        return SQL(
            """CASE WHEN pr.has_invoices AND COALESCE(pr.revenue_invoiced, 0) <= 0
                    THEN 'bz'
                    WHEN pr.purchase_count > 0 AND cume_dist() OVER (
                        PARTITION BY pr.purchase_count > 0
                        ORDER BY pr.predicted_revenue DESC NULLS LAST) <= %(share)s
                    THEN 'mvc'
                    WHEN pr.potential_value > 0 AND cume_dist() OVER (
                        PARTITION BY pr.potential_value > 0
                        ORDER BY pr.potential_value DESC) <= %(share)s
                    THEN 'mgc'
                    ELSE 'standard' END""",
            share=share,
        )

    def _idic_score_row(self, company, row, today, only_customize):
        """The ``SCORED`` values of one profile from its ranked row."""
        r_score, f_score, m_score = (
            int(row["r_score"]),
            int(row["f_score"]),
            int(row["m_score"]),
        )
        frequency, last_order = row["rfm_frequency"], row["last_order_date"]
        first_order, last_interaction = (
            row["first_order_date"],
            row["last_interaction_date"],
        )
        if company.idic_tier_method == "forecast":
            tier = row["forecast_tier"]
        else:
            tier = scoring.value_tier(
                row["has_invoices"],
                row["revenue_invoiced"] or 0.0,
                m_score,
                f_score,
                row["amount_prev6"] or 0,
                row["amount_last6"] or 0,
            )
        since = (today - last_interaction).days if last_interaction else None
        if only_customize:
            components = [
                row["old_identify"] or 0.0,
                row["old_differentiate"] or 0.0,
                row["old_interact"] or 0.0,
            ]
        else:
            components = self._idic_components(
                company, row, (r_score, f_score, m_score), tier, since
            )
        components.append(
            scoring.customize_score(
                row["customized"],
                row["quotes_sent"],
                row["quotes_confirmed"],
                row["campaign_count"],
                row["rewards_used"],
            )
        )
        cadence_days = row["cadence_days"]
        return {
            "id": row["id"],
            "rfm_recency_days": (today - last_order).days
            if frequency and last_order
            else 0,
            "rfm_r_score": r_score,
            "rfm_f_score": f_score,
            "rfm_m_score": m_score,
            "rfm_segment": scoring.rfm_segment(
                frequency,
                r_score,
                f_score,
                m_score,
                (today - first_order).days if first_order else None,
            ),
            "value_tier": tier,
            "identify_score": components[0],
            "differentiate_score": components[1],
            "interact_score": components[2],
            "customize_score": components[3],
            "idic_score": scoring.idic_score(
                tuple(components), company._idic_component_weights()
            ),
            "cadence_overdue": bool(
                cadence_days and (since is None or since > cadence_days)
            ),
        }

    def _idic_components(self, company, row, rfm, tier, since):
        """Identify, Differentiate and Interact of one ranked row."""
        r_score, f_score, m_score = rfm
        return [
            scoring.identify_score(
                row["identify_weight_got"] or 0,
                row["identify_weight_possible"] or 0,
                row["duplicate_count"],
            ),
            scoring.differentiate_score(
                r_score,
                f_score,
                m_score,
                tier,
                row["categories_count"] or 0,
                row["needs"],
            ),
            scoring.interact_score(
                row["interaction_count"] or 0,
                since,
                company.idic_interaction_days,
                row["planned_activity_count"],
                row["overdue_activity_count"],
            ),
        ]

    def _idic_write_scored(self, scored):
        """Write the ``SCORED`` values (dicts with the profile's ``id``) back."""
        self._idic_write_arrays(
            [values["id"] for values in scored],
            [(m.name, m.type, [values[m.name] for values in scored]) for m in SCORED],
        )

    def _idic_write_arrays(self, ids, columns):
        """Write columns of profiles in SQL, a chunk of rows per statement:
        ``columns``, ``(name, PostgreSQL type, values in the order of ids)``."""
        for start in range(0, len(ids), WRITE_CHUNK):
            end = start + WRITE_CHUNK
            arrays = [("id", "int4", ids[start:end])] + [
                (name, sql_type, values[start:end])
                for name, sql_type, values in columns
            ]
            self.env.cr.execute(
                SQL(
                    "UPDATE crm_idic_profile pr SET %s FROM (SELECT %s) v "
                    "WHERE pr.id = v.id",
                    SQL(", ").join(
                        SQL("%s = v.%s", SQL.identifier(name), SQL.identifier(name))
                        for name, _type, _values in columns
                    ),
                    SQL(", ").join(
                        SQL(
                            "unnest(%s::%s[]) AS %s",
                            values,
                            SQL(sql_type),
                            SQL.identifier(name),
                        )
                        for name, sql_type, values in arrays
                    ),
                )
            )

    def _idic_rescore(self, company):
        """Forecast and score the company's customers, update segments, publish
        the scores."""
        self._idic_forecast(company)
        self._idic_slipping(company)
        written = set(self._idic_score(company))
        moved = self.env["crm.idic.segment"]._idic_update_members(company)
        self.env["crm.idic.segment"]._idic_enrol_loyalty(company)
        if moved:
            written.update(
                self._idic_score(company, only_customize=True, profile_ids=moved)
            )
        self._idic_publish(company, sorted(written))

    def _idic_publish(self, company, profile_ids):
        """Copy the scores of these profiles onto partners (per company) and onto
        leads."""
        key = str(company.id)
        today = self._idic_today(company)
        self.env["crm.idic.tier.move"]._idic_record_moves(company, today, profile_ids)
        self.env["crm.idic.score.snapshot"]._idic_take(
            company, today.replace(day=1), profile_ids
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
        self._idic_publish_on_leads(company, profile_ids)

    def _idic_publish_on_leads(self, company, profile_ids):
        """Recompute the IDIC score of the leads of these profiles' customers
        whose score differs: the lead's own compute writes it (one writer)."""
        self.env.cr.execute(
            SQL(
                """
                -- From the profiles to their contacts' leads (indexed joins).
                WITH pr AS MATERIALIZED (
                    SELECT partner_id, idic_score FROM crm_idic_profile
                     WHERE company_id = %(company)s AND id = ANY(%(ids)s)
                )
                SELECT l.id
                  FROM pr
                  JOIN res_partner p ON p.commercial_partner_id = pr.partner_id
                  JOIN crm_lead l ON l.partner_id = p.id
                 WHERE COALESCE(l.company_id, %(company)s) = %(company)s
                   AND l.idic_score IS DISTINCT FROM pr.idic_score
                """,
                company=company.id,
                ids=profile_ids,
            )
        )
        Lead = self.env["crm.lead"].with_company(company)
        leads = Lead.browse([row[0] for row in self.env.cr.fetchall()])
        if leads:
            # The scores were just written in SQL: read afresh.
            self.env["crm.idic.profile"].invalidate_model(["idic_score"])
            self.env.add_to_compute(Lead._fields["idic_score"], leads)
            leads.flush_recordset(["idic_score"])
