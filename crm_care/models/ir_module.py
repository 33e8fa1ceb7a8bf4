from odoo import models


class IrModuleModule(models.Model):
    _inherit = "ir.module.module"

    def _crm_copied_terms(self):
        occasions = ("crm.care.occasion", "crm_care", ("name", "message", "sms_body"))
        return [*super()._crm_copied_terms(), occasions]
