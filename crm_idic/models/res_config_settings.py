from odoo import models


# An extension of Odoo's settings page, not a wizard of its own: with a list in
# _inherit Odoo wants the _name, which pylint-odoo takes for a new model. The IDIC
# settings are declared by the mixin, related to the company's.
class ResConfigSettings(models.TransientModel):  # pylint: disable=no-wizard-in-models
    _name = "res.config.settings"
    _inherit = ["res.config.settings", "crm.idic.company.settings"]
