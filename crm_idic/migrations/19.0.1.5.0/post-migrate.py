"""The daily IDIC recompute runs hourly: it marks a company's customers once a
day, the first hour after the company's midnight, instead of once a day at the
hour the addon was installed (the profiles said yesterday's figures until
then). An interval an administrator changed is kept."""

from odoo import SUPERUSER_ID, api, fields


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    cron = env.ref("crm_idic.ir_cron_idic_recompute_all", raise_if_not_found=False)
    if cron and (cron.interval_number, cron.interval_type) == (1, "days"):
        # Hourly from now (its next daily run could be a day away).
        cron.write({"interval_type": "hours", "nextcall": fields.Datetime.now()})
