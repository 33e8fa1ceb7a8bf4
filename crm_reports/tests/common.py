from odoo.addons.crm_qci.tests.common import QciCommon


class ReportsCommon(QciCommon):
    """QciCommon: the company, its salesperson and its care desk, for the reports."""
