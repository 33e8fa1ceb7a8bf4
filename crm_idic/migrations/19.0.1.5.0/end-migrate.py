"""The daily scheduled actions of the suite's addons built on crm_idic run at the
morning hour of the suite's time zone (``ir.cron._crm_schedule_mornings``), not
at the hour each addon was installed. Run at the end of the upgrade, when every
addon's actions are loaded."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    idic = env["ir.module.module"].search([("name", "=", "crm_idic")])
    # The suite's addons above this one (crm_care, crm_qci, crm_reports).
    names = [
        name
        for name in idic.downstream_dependencies().mapped("name")
        if name.startswith("crm_")
    ]
    env["ir.cron"]._crm_schedule_mornings(names)
