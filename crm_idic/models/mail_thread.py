import unicodedata

from markupsafe import Markup

from odoo import api, models

# The parts of an incoming mail staff read and search.
TEXT_KEYS = ("subject", "body", "email_from", "from")


def composed(text):
    """``text`` in Unicode's composed form (NFC), Markup kept Markup."""
    normalized = unicodedata.normalize("NFC", text)
    return Markup(normalized) if isinstance(text, Markup) else normalized


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    @api.model
    def message_parse(self, message, save_original=False):
        """Incoming mails in composed Unicode. A Vietnamese mail in windows-1258
        (Outlook's Vietnamese encoding) decodes to letters followed by combining
        tone marks; stored so, its words look right but a search typed on a
        keyboard ("bảo hành") does not find them."""
        msg_dict = super().message_parse(message, save_original=save_original)
        for key in TEXT_KEYS:
            if isinstance(msg_dict.get(key), str):
                msg_dict[key] = composed(msg_dict[key])
        return msg_dict
