from odoo import models

from ..tools.records import fill_copies_terms


class IrModuleModule(models.Model):
    _inherit = "ir.module.module"

    def _load_module_terms(self, modules, langs, overwrite=False):
        """A language installed after the suite: the per-company copies of the
        records an addon ships (reminder levels, festive occasions) get the
        new language's texts too, as the shipped records do; a text a company
        wrote itself stays."""
        result = super()._load_module_terms(modules, langs, overwrite=overwrite)
        for model, module, names in self._crm_copied_terms():
            if module in modules and model in self.env:
                self.env.flush_all()
                for name in names:
                    fill_copies_terms(self.env.cr, model, module, name)
                self.env[model].invalidate_model(list(names))
        return result

    def _crm_copied_terms(self):
        """``(model, module, fields)``: the translated fields of the records
        ``module`` ships that are copied for each company."""
        return []
