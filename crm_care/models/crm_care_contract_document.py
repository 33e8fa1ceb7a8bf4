"""The contract as a document: printed, sent to the customer with a portal link,
signed online (the signed PDF kept), and terminated with a notice period
(crm.care.contract inherits it)."""

from datetime import timedelta

from odoo import fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import format_date

from odoo.addons.crm_idic.tools import local_today, reader_tz
from odoo.addons.crm_idic.tools.access import STAFF
from odoo.addons.crm_idic.tools.display import company_language
from odoo.addons.crm_idic.tools.records import dialog_action

CONTRACT_REPORT = "crm_care.action_report_crm_care_contract"


# The colour of a contract's state on the customer's pages.
PORTAL_BADGES = {
    "sent": "text-bg-warning",
    "to_renew": "text-bg-warning",
    "signed": "text-bg-success",
    "waiting": "text-bg-success",
    "running": "text-bg-success",
    "expired": "text-bg-secondary",
    "closed": "text-bg-secondary",
    "cancel": "text-bg-secondary",
}


class CrmCareContractDocument(models.AbstractModel):
    _name = "crm.care.contract.document"
    _description = "Care contract: document, signature and termination"

    signed_attachment_id = fields.Many2one(
        "ir.attachment", "Signed contract", readonly=True, copy=False
    )
    signed_pdf = fields.Binary(
        "Signed PDF", related="signed_attachment_id.datas", readonly=True
    )
    signed_pdf_name = fields.Char(related="signed_attachment_id.name")
    # Termination (OCA contract's names).
    is_terminated = fields.Boolean(readonly=True, copy=False, tracking=True)
    terminate_reason_id = fields.Many2one(
        "crm.care.contract.terminate.reason",
        "Termination reason",
        readonly=True,
        copy=False,
        tracking=True,
    )
    # The desk's words on the ending (the reason is the customer's to read).
    terminate_comment = fields.Text(
        "Termination comment", readonly=True, copy=False, tracking=True, groups=STAFF
    )
    terminate_date = fields.Date(
        "Terminated on", readonly=True, copy=False, tracking=True
    )

    def _care_portal_badge(self):
        """The colour of the contract's state on the customer's pages: waiting
        for the customer (to accept, to renew), in force, or over."""
        self.ensure_one()
        return PORTAL_BADGES.get(self.state, "text-bg-info")

    def _care_portal_invoices(self):
        """The contract's invoices and credit notes the customer may see on the
        contract's page: the posted ones, newest first."""
        self.ensure_one()
        return self.invoice_ids.filtered(lambda move: move.state == "posted").sorted(
            lambda move: (move.invoice_date or move.date, move.id), reverse=True
        )

    def _care_portal_tz(self):
        """The time zone the contract's page gives its times in."""
        self.ensure_one()
        return reader_tz(self.env, self.company_id)

    # -- sending -------------------------------------------------------------------

    def action_send(self):
        """The mail to the customer with the contract PDF and its portal link;
        sending it marks a draft contract as sent."""
        self.ensure_one()
        self._check_state(["draft", "sent"])
        if not self.line_ids and not self.value:
            raise UserError(
                self.env._("Add the contract's lines before sending it to sign.")
            )
        template = self.env.ref("crm_care.mail_template_contract_sent")
        return dialog_action(
            "mail.compose.message",
            {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_template_id": template.id,
                "default_composition_mode": "comment",
                "mark_contract_as_sent": True,
                "force_email": True,
            },
            views=[(False, "form")],
            name=self.env._("Send the contract to sign"),
        )

    def _mark_as_sent(self):
        self.filtered(lambda contract: contract.state == "draft").state = "sent"

    # -- signature -----------------------------------------------------------------

    def _customer_accept(self, name, signature=None, when=None):
        """The customer reads the contract in the portal and signs it (name and
        signature; ``when``: now unless told): a sent contract becomes signed,
        the signed PDF is kept."""
        self.ensure_one()
        if self.state not in ("sent", "waiting", "running") or (
            self.customer_accepted_date
        ):
            raise UserError(
                self.env._("This contract cannot be signed in its current state.")
            )
        if not (name or "").strip():
            raise UserError(self.env._("Please type your name to sign the contract."))
        values = {
            "customer_accepted_by": name.strip()[:120],
            "customer_accepted_date": when or fields.Datetime.now(),
            # The signer's day, else the company's (a customer following the
            # mail's link has no time zone of their own).
            "date_signed": self.date_signed
            or local_today(reader_tz(self.env, self.company_id), when),
        }
        if signature:
            values["customer_signature"] = signature
        if self.state == "sent":
            values["state"] = "signed"
        self.write(values)
        self.signed_attachment_id = self._signed_pdf()
        self.message_post(
            body=company_language(self).env._(
                "Signed online by %(name)s.", name=values["customer_accepted_by"]
            ),
            attachment_ids=self.signed_attachment_id.ids,
        )
        if self.state == "signed":
            # In the responsible's language: the customer signs in theirs.
            user = self.user_id or self.env.user
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=user.id,
                summary=self.with_context(lang=user.lang).env._(
                    "Signed by the customer: submit for approval"
                ),
            )

    def _signed_pdf(self):
        """The contract's PDF as signed, attached to it; its times in the
        signer's time zone, else the company's (:meth:`_care_portal_tz`: Odoo's
        portal signs as its superuser, who is no reader)."""
        pdf, _type = (
            self.env["ir.actions.report"]
            .sudo()
            .with_context(tz=self._care_portal_tz())
            ._render_qweb_pdf(CONTRACT_REPORT, self.ids)
        )
        return (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": self.env._("%(number)s - signed.pdf", number=self.number),
                    "raw": pdf,
                    "mimetype": "application/pdf",
                    "res_model": self._name,
                    "res_id": self.id,
                }
            )
        )

    # -- termination ---------------------------------------------------------------

    def action_terminate(self):
        self.ensure_one()
        self._check_state(["running", "to_renew"])
        return dialog_action(
            "crm.care.contract.terminate",
            {"default_contract_id": self.id},
            name=self.env._("Terminate the contract"),
        )

    def _earliest_termination(self):
        """The first day the contract may end, given its notice period."""
        return fields.Date.context_today(self) + timedelta(days=self.notice_period_days)

    def _terminate(self, reason, comment, date):
        """End the contract on ``date`` (not before the notice period is over);
        no renewal; the lines stop there."""
        self.ensure_one()
        self._check_state(["running", "to_renew"])
        earliest = self._earliest_termination()
        if date < earliest:
            raise ValidationError(
                self.env._(
                    "The notice period of %(contract)s is %(days)s days: it can end on "
                    "%(date)s at the earliest.",
                    contract=self.display_name,
                    days=self.notice_period_days,
                    date=format_date(self.env, earliest),
                )
            )
        if self.date_end and date >= self.date_end:
            raise ValidationError(
                self.env._(
                    "%(contract)s ends on %(end)s anyway: terminate it before.",
                    contract=self.display_name,
                    end=format_date(self.env, self.date_end),
                )
            )
        for line in self.line_ids.filtered(lambda line: not line.is_canceled):
            line._check_not_invoiced_from(date + timedelta(days=1))
        self.write(
            {
                "is_terminated": True,
                "terminate_reason_id": reason.id,
                "terminate_comment": comment,
                "terminate_date": fields.Date.context_today(self),
                "date_end": date,
                "auto_renew": False,
            }
        )
        self.message_post(
            body=self.env._(
                "Terminated: ends on %(date)s (%(reason)s).",
                date=format_date(self.env, date),
                reason=reason.name,
            )
        )
