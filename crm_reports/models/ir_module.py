from odoo import models


class IrModuleModule(models.Model):
    _inherit = "ir.module.module"

    def _crm_copied_terms(self):
        return [
            *super()._crm_copied_terms(),
            ("crm.reports.credit.policy", "crm_reports", ("name",)),
            ("crm.reports.reminder.level", "crm_reports", ("name",)),
        ]
