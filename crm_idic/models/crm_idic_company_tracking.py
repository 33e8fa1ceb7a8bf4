from odoo import models

from ..tools.display import company_language

TRACKED_ATTRIBUTES = ("string", "type", "selection", "currency_field")


class CrmIdicCompanyTracking(models.AbstractModel):
    """A mixin of the suite's documents with a chatter: a change made by no
    one at a keyboard — a scheduled action, the mail gateway (OdooBot) or a
    customer on the portal — is logged in the company's language. Odoo writes
    the labels of a tracked choice or record (a stage, an SLA status) in the
    writer's language, English for OdooBot, and keeps them so: a Vietnamese
    desk read "On track → Failed" in its ticket's history."""

    _name = "crm.idic.company.tracking"
    _description = "Automatic changes logged in the company's language"

    def _mail_track(self, tracked_fields, initial_values):
        user = self.env.user
        if not (user._is_superuser() or user.share):
            return super()._mail_track(tracked_fields, initial_values)
        record = company_language(self)
        if record.env.lang == self.env.lang:
            return super()._mail_track(tracked_fields, initial_values)
        in_lang = record.fields_get(list(tracked_fields), attributes=TRACKED_ATTRIBUTES)
        initial = {
            name: value.with_env(record.env)
            if isinstance(value, models.BaseModel)
            else value
            for name, value in initial_values.items()
        }
        return super(CrmIdicCompanyTracking, record)._mail_track(in_lang, initial)
