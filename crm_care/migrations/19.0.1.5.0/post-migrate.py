"""The occasions copied for each company at install time were named in
English only (the addon's data is loaded before its translations): they get the
shipped records' translations they lack."""

from odoo.addons.crm_idic.tools.records import fill_copies_terms


def migrate(cr, version):
    fill_copies_terms(cr, "crm.care.occasion", "crm_care")
