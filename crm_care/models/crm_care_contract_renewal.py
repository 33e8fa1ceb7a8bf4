"""How a service contract ends and is renewed: reminders before the end, the
automatic renewal, the Renew button (crm.care.contract inherits it)."""

from dateutil.relativedelta import relativedelta

from odoo import Command, api, models
from odoo.exceptions import UserError
from odoo.tools import format_date

from odoo.addons.crm_idic.tools import company_tz, each_isolated, local_today
from odoo.addons.crm_idic.tools.cron import system_param
from odoo.addons.crm_idic.tools.display import company_language
from odoo.addons.crm_idic.tools.records import form_action

DEFAULT_REMINDER_OFFSETS = "90,30,7"


def parse_offsets(text):
    """'90, 30,7' -> [90, 30, 7]; raises ValueError on anything else."""
    offsets = sorted({int(part) for part in (text or "").split(",") if part.strip()})
    if not offsets or min(offsets) < 0:
        raise ValueError(text)
    return sorted(offsets, reverse=True)


class CrmCareContractRenewal(models.AbstractModel):
    _name = "crm.care.contract.renewal"
    _description = "Care contract: renewal"

    def _renewal_offsets(self):
        return system_param(
            self.env,
            "crm_care.contract_reminder_offsets",
            DEFAULT_REMINDER_OFFSETS,
            parse_offsets,
        )

    @api.model
    def _cron_contract_renewals(self):
        """Reminders before the end (once per contract and offset), then at the end a
        successor for auto-renewed contracts, else 'to renew' and 'expired'."""
        offsets = self._renewal_offsets()
        contracts = self.search(
            [("state", "in", ["running", "to_renew"]), ("date_end", "!=", False)]
        )
        # Each contract ends on its company's day (not on the scheduled action's
        # user's company's).
        todays = {
            company.id: local_today(company_tz(company))
            for company in contracts.company_id
        }

        def process(contract):
            days_left = (contract.date_end - todays[contract.company_id.id]).days
            if days_left < 0:
                contract._end_of_term()
                return
            sent = set(contract.reminder_ids.mapped("offset_days"))
            due = [
                offset
                for offset in offsets
                if days_left <= offset and offset not in sent
            ]
            if not due:
                return
            contract._send_renewal_reminder(min(due), days_left)
            # One reminder a run; the offsets passed meanwhile count as sent.
            self.env["crm.care.contract.reminder"].create(
                [{"contract_id": contract.id, "offset_days": offset} for offset in due]
            )
            if contract.state == "running" and not contract.auto_renew:
                contract.state = "to_renew"

        each_isolated(contracts, process, "Contract renewals", commit=True)
        return True

    def _send_renewal_reminder(self, offset, days_left):
        self.ensure_one()
        user = self.user_id or self.env.user
        env = self.with_context(lang=user.lang).env
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            user_id=user.id,
            date_deadline=self.date_end,
            summary=env._(
                "Contract %(contract)s ends in %(days)s days (%(end)s)",
                contract=self.display_name,
                days=days_left,
                end=format_date(env, self.date_end),
            ),
        )
        if self.remind_customer and self.partner_id.email:
            template = self.env.ref("crm_care.mail_template_contract_renewal")
            self.message_post_with_source(template, subtype_xmlid="mail.mt_comment")

    def _end_of_term(self):
        self.ensure_one()
        if self.is_terminated:
            self.state = "closed"
        elif self.auto_renew and not self.successor_id:
            successor = self._make_successor("running")
            self.write({"state": "closed"})
            self.message_post(
                body=company_language(self).env._(
                    "Renewed automatically: %(contract)s.",
                    contract=successor.display_name,
                )
            )
        elif not self.auto_renew:
            self.state = "expired"

    def action_renew(self):
        """A draft successor starting the day after the end: the same lines,
        automatic prices from the pricelist; this contract runs until its end."""
        self.ensure_one()
        if self.state not in ("running", "to_renew", "expired"):
            raise UserError(
                self.env._("Only a running, to-renew or expired contract renews.")
            )
        if self.successor_id:
            raise UserError(
                self.env._(
                    "Contract %(contract)s was already renewed: %(successor)s.",
                    contract=self.display_name,
                    successor=self.successor_id.display_name,
                )
            )
        successor = self._make_successor("draft")
        return form_action(successor)

    def _make_successor(self, state):
        """The next term's contract (linked both ways); its invoices are its own
        (no sales order of the predecessor is copied)."""
        self.ensure_one()
        if not self.date_end:
            raise UserError(
                self.env._(
                    "Contract %(contract)s has no end to renew from.",
                    contract=self.display_name,
                )
            )
        start = self.date_end + relativedelta(days=1)
        months = self.renewal_term_months or 12
        successor = self.copy(
            {
                "date_start": start,
                "date_end": start + relativedelta(months=months, days=-1),
                "date_signed": False,
                "state": state,
                "predecessor_id": self.id,
                "name": self.name,
                "line_ids": [
                    Command.create(line._renewal_values(start))
                    for line in self.line_ids.filtered(
                        lambda line: not line.is_canceled
                    )
                ],
            }
        )
        self.successor_id = successor
        return successor
