from odoo import models


class CrmCareContractTerminateReason(models.Model):
    _name = "crm.care.contract.terminate.reason"
    _inherit = "crm.idic.list.entry"
    _description = "Contract termination reason"
    _order = "sequence, id"
