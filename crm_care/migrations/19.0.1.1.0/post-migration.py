"""Databases installed before the stage mails: the default stages get their
templates (where none was chosen) and the cancelled stage its flag."""

from odoo import SUPERUSER_ID, api

STAGE_TEMPLATES = {
    "crm_care.stage_new": "crm_care.mail_template_ticket_received",
    "crm_care.stage_waiting": "crm_care.mail_template_ticket_waiting",
    "crm_care.stage_solved": "crm_care.mail_template_ticket_solved",
}


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    for stage_xmlid, template_xmlid in STAGE_TEMPLATES.items():
        stage = env.ref(stage_xmlid, raise_if_not_found=False)
        template = env.ref(template_xmlid, raise_if_not_found=False)
        if stage and template and not stage.mail_template_id:
            stage.mail_template_id = template
    cancelled = env.ref("crm_care.stage_cancelled", raise_if_not_found=False)
    if cancelled:
        cancelled.cancelled = True
