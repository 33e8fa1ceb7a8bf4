"""Which SLA policy a ticket gets: the most specific that matches its customer
(value tier, running contract), tags, type and priority; a contract's own SLA
first. Expected policies follow the rule of the readme."""

from datetime import timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from .common import CareCommon


@tagged("post_install", "-at_install")
class TestSlaPolicy(CareCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Sla = cls.env["crm.care.sla"]
        cls.vip_tag = cls.env["crm.care.tag"].create({"name": "Khách VIP"})
        cls.warranty = cls.env.ref("crm_care.ticket_type_warranty")

        def policy(name, hours, **values):
            return Sla.create(
                {
                    "name": name,
                    "team_id": cls.team.id,
                    "first_response_hours": hours,
                    "resolution_hours": hours * 4,
                    **values,
                }
            )

        # cls.sla (CareCommon): the team's general policy, 2 h / 16 h.
        cls.by_tier = policy("Most valuable", 1, value_tier="mvc")
        cls.by_tag = policy("VIP tag", 1.5, tag_ids=[(6, 0, cls.vip_tag.ids)])
        cls.by_type = policy("Warranty", 3, ticket_type_ids=[(6, 0, cls.warranty.ids)])
        cls.by_priority = policy("Urgent", 0.5, priority="3")
        cls.by_contract = policy("Under contract", 2.5, running_contract=True)
        cls.tier_and_tag = policy(
            "Most valuable VIP",
            0.75,
            value_tier="mvc",
            tag_ids=[(6, 0, cls.vip_tag.ids)],
            sequence=99,
        )

    def _set_tier(self, partner, tier):
        # Written as the IDIC recompute writes it (company-dependent, by SQL).
        partner.with_company(self.company).sudo().write({"idic_value_tier": tier})

    def test_general_policy_without_any_match(self):
        ticket = self._ticket()
        self.assertEqual(ticket.sla_id, self.sla)
        self.assertEqual(ticket.sla_reason, "The team's general policy.")

    def test_reason_is_in_the_readers_language(self):
        """A ticket made in English (the mail gateway's user) tells a
        Vietnamese agent why its SLA applies in Vietnamese, and an English
        one in English."""
        self._set_tier(self.customer, "mvc")
        ticket = (
            self.env["crm.care.ticket"]
            .with_context(lang="en_US")
            .create(
                {
                    "subject": "Hỏng",
                    "partner_id": self.customer.id,
                    "team_id": self.team.id,
                }
            )
        )
        self._speaks_vietnamese(self.agent.partner_id)
        ticket.invalidate_recordset()
        self.assertEqual(
            ticket.with_user(self.agent).with_context(lang="vi_VN").sla_reason,
            "Khớp với hạng Giá trị nhất.",
        )
        self.assertEqual(
            ticket.with_context(lang="en_US").sla_reason,
            "Matches the tier Most valuable.",
        )

    def test_customer_tier_picks_its_policy_and_says_why(self):
        self._set_tier(self.customer, "mvc")
        ticket = self._ticket()
        self.assertEqual(ticket.sla_id, self.by_tier)
        self.assertEqual(ticket.sla_reason, "Matches the tier Most valuable.")
        self.assertEqual(ticket.sla_id.first_response_hours, 1)

    def test_ties_go_contract_tier_tags_type_priority(self):
        self._set_tier(self.customer, "mvc")
        # Tier and type: one criterion each, the tier wins.
        ticket = self._ticket(ticket_type_id=self.warranty.id)
        self.assertEqual(ticket.sla_id, self.by_tier)
        # Type and priority: the type wins.
        other = self.env["res.partner"].create({"name": "Khách thường"})
        plain = self._ticket(
            partner_id=other.id, ticket_type_id=self.warranty.id, priority="3"
        )
        self.assertEqual(plain.sla_id, self.by_type)
        # Tier and tag set together: two criteria beat one, whatever the sequence.
        ticket.tag_ids = self.vip_tag
        self.assertEqual(ticket.sla_id, self.tier_and_tag)
        self.assertEqual(
            ticket.sla_reason, "Matches the tier Most valuable, tag Khách VIP."
        )

    def test_running_contract_is_chosen_and_its_sla_applies(self):
        self._set_tier(self.customer, "mvc")
        contract = self.env["crm.care.contract"].create(
            {
                "name": "Bảo trì máy lọc",
                "partner_id": self.customer.id,
                "date_start": self.today,
            }
        )
        contract.write({"state": "running"})
        # Under contract (no SLA of its own): the contract criterion beats the
        # tier (one criterion each).
        ticket = self._ticket()
        self.assertEqual(ticket.contract_id, contract)
        self.assertEqual(ticket.sla_id, self.by_contract)
        self.assertIn(contract.number, ticket.sla_reason)
        # The contract's own SLA applies as soon as it has one.
        gold = self.env["crm.care.sla"].create(
            {
                "name": "Gold contract",
                "team_id": self.team.id,
                "first_response_hours": 0.25,
                "resolution_hours": 4,
            }
        )
        contract.sla_id = gold
        self.assertEqual(ticket.sla_id, gold)
        self.assertEqual(ticket.sla_reason, f"The SLA of contract {contract.number}.")
        # A care agent who may not read contracts opens the ticket: told why too.
        self.env.invalidate_all()
        as_agent = ticket.with_user(self.agent)
        self.assertFalse(self.agent.has_group("crm_care.group_contract_user"))
        self.assertEqual(as_agent.sla_reason, f"The SLA of contract {contract.number}.")
        contract.sla_id = False
        self.env.invalidate_all()
        self.assertEqual(
            as_agent.sla_reason,
            f"Matches the contract {contract.number}.",
        )
        # A customer whose contract ended gets no contract.
        contract.write({"state": "expired"})
        self.assertFalse(self._ticket().contract_id)

    def test_only_a_contract_in_force_today_covers_a_ticket(self):
        Contract = self.env["crm.care.contract"]  # noqa: N806

        def running(partner, start, end=False):
            contract = Contract.create(
                {
                    "name": "Bảo trì",
                    "partner_id": partner.id,
                    "date_start": start,
                    "date_end": end,
                }
            )
            contract.write({"state": "running"})
            return contract

        day = timedelta(days=1)
        # This year's contract ends in 10 days; its renewal, signed and approved
        # ahead, starts the day after.
        current = running(self.customer, self.today - 30 * day, self.today + 10 * day)
        renewal = running(self.customer, self.today + 11 * day)
        self.assertEqual(self._ticket().contract_id, current)
        # A new customer whose first contract starts next week: none yet, the
        # contract SLA does not apply.
        newcomer = self.env["res.partner"].create({"name": "Khách mới ký"})
        running(newcomer, self.today + 7 * day)
        ticket = self._ticket(partner_id=newcomer.id)
        self.assertFalse(ticket.contract_id)
        self.assertNotEqual(ticket.sla_id, self.by_contract)
        # Once the renewal has started (the first day is the company's local one).
        with freeze_time(self.today + 11 * day):
            self.assertEqual(self._ticket().contract_id, renewal)

    def test_policy_follows_changes_of_customer_priority_and_team(self):
        ticket = self._ticket()
        self.assertEqual(ticket.sla_id, self.sla)
        ticket.priority = "3"
        self.assertEqual(ticket.sla_id, self.by_priority)
        vip = self.env["res.partner"].create({"name": "Khách lớn"})
        self._set_tier(vip, "mvc")
        ticket.write({"partner_id": vip.id, "priority": "0"})
        self.assertEqual(ticket.sla_id, self.by_tier)
        # The deadline follows the policy (1 working hour from the start).
        self.assertEqual(
            ticket.sla_first_response_deadline,
            self.calendar.plan_hours(1, ticket.sla_start, compute_leaves=True).replace(
                tzinfo=None
            ),
        )
        other_team = self.env["crm.care.team"].create(
            {"name": "Other", "resource_calendar_id": self.calendar.id}
        )
        ticket.team_id = other_team
        self.assertFalse(ticket.sla_id)
