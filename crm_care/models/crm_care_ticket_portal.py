"""What a customer does on a ticket's portal page: reply (with files), close it,
see where it stands."""

from odoo import models
from odoo.exceptions import UserError

from odoo.addons.crm_idic.tools import reader_tz
from odoo.addons.crm_idic.tools.display import company_language

# The team's limit when the ticket has no team (MB).
DEFAULT_ATTACHMENT_MAX_MB = 10


class CrmCareTicketPortal(models.AbstractModel):
    """What the customer does on a care ticket's portal page (crm.care.ticket
    inherits it)."""

    _name = "crm.care.ticket.portal"
    _description = "Care ticket: the customer's portal page"
    _inherit = ["mail.thread"]
    # Who may read the ticket may reply: the customer's contacts with a portal
    # account, and the holder of the acknowledgment's link (its access token).
    _mail_post_access = "read"

    def message_post(self, **kwargs):
        if self.env.user._is_public() or self.env.user.share:
            self._care_check_customer_files(
                attachment_ids=kwargs.get("attachment_ids") or [],
                attachments=kwargs.get("attachments") or [],
            )
        return super().message_post(**kwargs)

    def _care_attachment_max_bytes(self):
        self.ensure_one()
        megabytes = self.team_id.attachment_max_mb or DEFAULT_ATTACHMENT_MAX_MB
        return megabytes * 1024 * 1024

    def _care_check_customer_files(self, attachment_ids=(), attachments=(), files=()):
        """Refuse, before anything is saved, a customer's file larger than the
        team's limit. ``attachment_ids``: uploaded attachments; ``attachments``:
        (name, content) pairs; ``files``: (name, size) pairs."""
        self.ensure_one()
        sizes = [(name, len(content or b"")) for name, content, *_rest in attachments]
        sizes += list(files)
        if attachment_ids:
            uploaded = self.env["ir.attachment"].sudo().browse(attachment_ids)
            sizes += [(item.name, item.file_size) for item in uploaded]
        limit = self._care_attachment_max_bytes()
        for name, size in sizes:
            if size > limit:
                raise UserError(
                    self.env._(
                        "%(file)s is too large (%(size).1f MB): files up to "
                        "%(limit)s MB can be attached to a ticket.",
                        file=name,
                        size=size / 1024 / 1024,
                        limit=limit // (1024 * 1024),
                    )
                )

    def _care_close_by_customer(self, partner):
        """The customer says the ticket can be closed: solved, with a note."""
        self.ensure_one()
        if self.is_closed:
            raise UserError(self.env._("This ticket is already closed."))
        self.write(
            {
                "stage_id": self._care_solved_stage().id,
                "resolution_type": self.resolution_type or "answered",
            }
        )
        self.message_post(
            body=company_language(self).env._("Closed by the customer on the portal."),
            author_id=partner.id,
            subtype_xmlid="mail.mt_note",
        )
        return True

    def _care_portal_tz(self):
        """The time zone the ticket's page gives its times in."""
        self.ensure_one()
        return reader_tz(self.env, self.company_id)

    def _care_portal_badge(self):
        """The colour of the ticket's stage on the customer's pages: closed,
        waiting for the customer's answer, or in our hands."""
        self.ensure_one()
        if self.is_closed:
            return "text-bg-success"
        if self.stage_id.pauses_sla:
            return "text-bg-warning"
        return "text-bg-info"

    def _care_portal_status(self):
        """What the portal page says of the ticket's SLA: (label, css class)."""
        self.ensure_one()
        if self.is_closed:
            return self.env._("Closed"), "text-bg-success"
        if self.stage_id.pauses_sla:
            return self.env._("Waiting for your answer"), "text-bg-warning"
        if self.sla_status == "failed":
            return self.env._("Late: we are on it"), "text-bg-danger"
        return self.env._("In time"), "text-bg-info"
