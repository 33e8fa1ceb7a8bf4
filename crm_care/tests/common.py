from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.crm_idic.tests.common import IdicCommon
from odoo.addons.mail.tests.common import MailCase


class CareCommon(IdicCommon):
    """IdicCommon and a care team on an 8-to-17 (UTC) calendar, its agents, a
    customer."""

    @classmethod
    def get_default_groups(cls):
        return (
            super().get_default_groups()
            | cls.env.ref("crm_care.group_care_manager")
            | cls.env.ref("crm_care.group_contract_manager")
        )

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "Care hours (UTC)",
                "tz": "UTC",
                "attendance_ids": [
                    (
                        0,
                        0,
                        {
                            "name": f"{day} {period}",
                            "dayofweek": str(day),
                            "hour_from": start,
                            "hour_to": end,
                            "day_period": period,
                        },
                    )
                    for day in range(5)
                    for start, end, period in (
                        (8, 12, "morning"),
                        (13, 17, "afternoon"),
                    )
                ],
            }
        )
        cls.leader = new_test_user(
            cls.env, login="care_leader", groups="crm_care.group_care_manager"
        )
        cls.agent = new_test_user(
            cls.env, login="care_agent", groups="crm_care.group_care_agent"
        )
        cls.agent2 = new_test_user(
            cls.env, login="care_agent2", groups="crm_care.group_care_agent"
        )
        cls.team = cls.env["crm.care.team"].create(
            {
                "name": "After-sales",
                "leader_id": cls.leader.id,
                "member_ids": [(6, 0, (cls.agent | cls.agent2).ids)],
                "resource_calendar_id": cls.calendar.id,
            }
        )
        cls.sla = cls.env["crm.care.sla"].create(
            {
                "name": "Standard",
                "team_id": cls.team.id,
                "first_response_hours": 2,
                "resolution_hours": 16,
            }
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Khách Care", "email": "khach.care@example.com"}
        )
        cls.stage_new = cls.env.ref("crm_care.stage_new")
        cls.stage_progress = cls.env.ref("crm_care.stage_in_progress")
        cls.stage_waiting = cls.env.ref("crm_care.stage_waiting")
        cls.stage_solved = cls.env.ref("crm_care.stage_solved")

    def _ticket(self, **values):
        return self.env["crm.care.ticket"].create(
            {
                "subject": "Máy lọc nước bị rò",
                "partner_id": self.customer.id,
                "team_id": self.team.id,
                **values,
            }
        )

    def _speaks_vietnamese(self, partner, addon="crm_care"):
        """Vietnamese active with ``addon``'s translations, and ``partner``'s
        language."""
        self.env["res.lang"]._activate_lang("vi_VN")
        self.env["ir.module.module"].search(
            [("name", "=", addon)]
        )._update_translations(["vi_VN"])
        partner.lang = "vi_VN"


class ContractCommon(CareCommon):
    """CareCommon, a service product without taxes, a salesperson and a helper
    making running contracts of lines of that service."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.service = cls.env["product.product"].create(
            {
                "name": "Bảo trì máy lọc nước",
                "type": "service",
                "list_price": 1_000_000,
                "taxes_id": [Command.clear()],
            }
        )
        cls.seller = cls._salesperson("contract_seller")

    def _contract(self, lines, start=date(2026, 1, 1), end=date(2026, 3, 31), **values):
        contract = self.env["crm.care.contract"].create(
            {
                "name": "Bảo trì định kỳ",
                "partner_id": self.customer.id,
                "user_id": self.seller.id,
                "date_start": start,
                "date_end": end,
                "line_ids": [
                    Command.create(
                        {
                            "product_id": self.service.id,
                            "name": "Bảo trì",
                            "tax_ids": [Command.clear()],
                            **line,
                        }
                    )
                    for line in lines
                ],
                **values,
            }
        )
        contract.write({"state": values.get("state", "running")})
        return contract


RAW = """Return-Path: <{sender}>
To: {to}
From: {name} <{sender}>
Subject: {subject}
Message-ID: <{msgid}@example.com>
{extra}Date: Mon, 23 Nov 2026 10:00:00 +0000
Content-Type: text/plain; charset="utf-8"

{body}
"""


class CareMailCommon(CareCommon, MailCase):
    """CareCommon and Odoo's mail gateway: raw mails to the team's alias,
    tracking on (stage mails are posted by Odoo's tracking, flushed with
    :meth:`flush_tracking`)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        context = dict(cls.env.context)
        for key in ("tracking_disable", "mail_notrack", "mail_create_nolog"):
            context.pop(key, None)
        cls.env = cls.env(context=context)
        # Odoo's test alias domain, for the test company: mails to the team's
        # alias are routed by the alias (its defaults: the team).
        cls._init_mail_gateway()
        cls.mail_alias_domain.company_ids = [(4, cls.company.id)]
        cls.company.alias_domain_id = cls.mail_alias_domain
        cls.team = cls.team.with_env(cls.env)
        cls.team.write(
            {
                "alias_name": "care-conversation",
                "alias_domain_id": cls.mail_alias_domain.id,
            }
        )
        cls.agent.email = "agent@example.com"
        cls.customer = cls.customer.with_env(cls.env)

    def _mail(
        self,
        msgid,
        subject="Máy lọc nước bị rò",
        sender=None,
        name="Khách Care",
        parent=None,
        body="Xin chào, máy lọc nước nhà tôi bị rò nước.",
        headers="",
    ):
        extra = f"In-Reply-To: {parent}\nReferences: {parent}\n" if parent else ""
        extra += headers
        raw = RAW.format(
            sender=sender or self.customer.email,
            name=name,
            to=self.team.alias_id.display_name,
            subject=subject,
            msgid=msgid,
            extra=extra,
            body=body,
        )
        return self.env["mail.thread"].message_process("crm.care.ticket", raw)

    def _customer_mails(self, ticket, customer=None):
        """The mails queued for the customer (``customer``, else the class's)
        about ``ticket``."""
        self.flush_tracking()
        return (
            self.env["mail.mail"]
            .sudo()
            .search(
                [
                    ("model", "=", "crm.care.ticket"),
                    ("res_id", "=", ticket.id),
                    ("recipient_ids", "in", (customer or self.customer).ids),
                ],
                order="id",
            )
        )

    def _open_by_mail(self, msgid="first"):
        ticket = self.env["crm.care.ticket"].browse(self._mail(msgid))
        self.flush_tracking()
        return ticket

    def _solved_by_mail(self, when="2026-11-02 10:00:00", msgid="first"):
        """A ticket opened by mail and solved (answered) at ``when``, UTC."""
        with freeze_time(when):
            ticket = self._open_by_mail(msgid)
            ticket.write(
                {"stage_id": self.stage_solved.id, "resolution_type": "answered"}
            )
        return ticket

    def _answered_by_mail(self, when="2026-11-02 10:00:00"):
        """A ticket opened by mail, answered by the agent and left waiting for
        the customer, at ``when``, UTC."""
        with freeze_time(when):
            ticket = self._open_by_mail()
            ticket.with_user(self.agent).message_post(
                body="Xin gửi ảnh chụp máy",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
            ticket.write({"stage_id": self.stage_waiting.id})
        return ticket

    def _waiting_by_mail(self, when):
        """A ticket opened by mail, taken in hand, then waiting for the
        customer, at ``when``, UTC."""
        with freeze_time(when):
            ticket = self._open_by_mail()
            ticket.with_user(self.agent).write({"stage_id": self.stage_progress.id})
            ticket.with_user(self.agent).write({"stage_id": self.stage_waiting.id})
        return ticket
