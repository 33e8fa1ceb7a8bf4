"""Reminders become runs of a policy: the reminder levels of each company join
its default policy (created if it has none; automatic runs off: the accountant
reviews), their mails become the suite's per-customer mails, and the reminders
already sent count for the invoice's first installment, so nothing is sent again
from scratch."""

from odoo import SUPERUSER_ID, api

TONES = ("upcoming", "gentle", "firm", "final")


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    levels = (
        env["crm.reports.reminder.level"]
        .with_context(active_test=False)
        .search([("policy_id", "=", False)])
    )
    for company in levels.company_id:
        policy = _company_policy(env, company)
        for level in levels.filtered(lambda lv, c=company: lv.company_id == c):
            level.write(
                {"policy_id": policy.id, "mail_template_id": _new_template(env, level)}
            )
    cr.execute(
        """
        UPDATE crm_reports_alert_log log
           SET move_line_id = (SELECT min(aml.id) FROM account_move_line aml
                                WHERE aml.move_id = log.move_id
                                  AND aml.display_type = 'payment_term')
         WHERE log.event = 'reminder' AND log.move_line_id IS NULL
        """
    )


def _company_policy(env, company):
    policy = company.credit_policy_id or env["crm.reports.credit.policy"].search(
        [("company_id", "=", company.id)], limit=1
    )
    if not policy:
        policy = env["crm.reports.credit.policy"].create(
            {"name": "Standard reminders", "company_id": company.id}
        )
    company.credit_policy_id = policy
    return policy


def _new_template(env, level):
    """The per-customer mail of the same tone as the level's old one."""
    old = level.mail_template_id.get_external_id().get(level.mail_template_id.id, "")
    tone = next((tone for tone in TONES if old.endswith(f"_{tone}")), "gentle")
    return env.ref(f"crm_reports.mail_template_dunning_{tone}").id
