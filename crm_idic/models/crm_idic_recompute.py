"""The scheduled actions of the IDIC engine: committed, resumable batches."""

from odoo import api, fields, models
from odoo.tools import SQL

from ..tools.cron import batch_size_param, commit_progress, run_isolated

# Customers gathered per committed batch by the scheduled actions (default of
# the system parameter crm_idic.recompute_batch_size).
BATCH_SIZE = 20000


class CrmIdicRecompute(models.AbstractModel):
    """Part of the IDIC engine, mixed into ``crm.idic.profile``."""

    _name = "crm.idic.recompute"
    _description = "IDIC engine: scheduled recompute"

    # -- what needs a recompute -------------------------------------------------------

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
                    'standard', %(uid)s, %(uid)s, %(now)s,
                    %(now)s
                ON CONFLICT (partner_id, company_id)
                DO UPDATE SET needs_recompute = true
                """,
                partners=commercial.ids,
                company=company.id,
                uid=self.env.uid,
                now=fields.Datetime.now(),
            )
        )
        self.invalidate_model(["needs_recompute"])

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
        """Hourly: mark every customer of a company once a day, in the first run
        after the company's midnight, then gather and score the marked customers
        in batches (a run killed half-way is resumed, not restarted)."""
        for company in self.env["res.company"].search([("id", "!=", False)]):
            today = self._idic_today(company)
            if company.idic_full_recompute_date != today:
                self.env.flush_all()
                self._idic_isolated(
                    company, lambda c=company, t=today: self._idic_mark_all(c, t)
                )
                commit_progress(self.env)
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
        commit_progress(self.env, remaining=remaining)
        for company_id, _count in todo:
            company = self.env["res.company"].browse(company_id)
            if not self._idic_gather_batches(company):
                return False  # out of time: Odoo runs the action again soon
            scored = []
            self._idic_isolated(
                company,
                lambda c=company, out=scored: out.append(self._idic_score_company(c)),
            )
            commit_progress(self.env, 1 if any(scored) else 0)
        # What is left is held by another worker, which finishes it.
        commit_progress(self.env, remaining=0)
        self.env.invalidate_all()
        return True

    def _idic_batch_size(self):
        return batch_size_param(self.env, "crm_idic.recompute_batch_size", BATCH_SIZE)

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
            if commit_progress(self.env, len(partner_ids)) <= 0:
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

    def _idic_isolated(self, company, step):
        """Run one step of a company's recompute isolated: a company whose data
        breaks the recompute is logged and skipped, the others are scored."""
        return run_isolated(self.env, step, "IDIC recompute", company.display_name)
