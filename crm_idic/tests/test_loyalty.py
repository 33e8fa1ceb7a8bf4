"""Odoo's loyalty programmes driven by the IDIC model: segments enrol their
members (one card each, whatever the number of recomputes), value tiers multiply
the points earned and may hold exclusive rewards, and the customer company's
card serves the orders of all its contacts. Points by hand."""

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import IdicCommon, loyalty_program


@tagged("post_install", "-at_install")
class TestIdicLoyalty(IdicCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.program = loyalty_program(
            cls.env,
            "Thẻ thành viên",
            company_id=cls.company.id,
            idic_multiplier_mvc=2.0,
            idic_multiplier_bz=0.5,
        )
        cls.Card = cls.env["loyalty.card"]

    def _tiered(self, name, tier, **values):
        partner = self._customer(name, **values)
        self.Profile.sudo().create(
            {
                "partner_id": partner.id,
                "company_id": self.company.id,
                "value_tier": tier,
            }
        )
        return partner

    def _card(self, partner, points=0.0):
        return self.Card.create(
            {"program_id": self.program.id, "partner_id": partner.id, "points": points}
        )

    def _cards(self, partner):
        return self.Card.with_context(active_test=False).search(
            [("program_id", "=", self.program.id), ("partner_id", "=", partner.id)]
        )

    def _orders_before_the_programme(self, *partners):
        self.program.active = False
        for partner in partners:
            self._order(partner, 100.0, 5)
        self.program.active = True

    def test_points_are_multiplied_by_the_value_tier(self):
        vip = self._tiered("Khách Vàng", "mvc")
        regular = self._tiered("Khách Thường", "standard")
        lost = self._tiered("Khách Xa", "bz")
        cards = [self._card(partner) for partner in (vip, regular, lost)]
        for partner in (vip, regular, lost):
            self._order(partner, 200.0, 0)
        # 200 paid × 1 point: × 2 most valuable, × 1 standard, × 0.5 below zero.
        self.assertEqual([card.points for card in cards], [400.0, 200.0, 100.0])

    def test_a_reward_exclusive_to_a_tier(self):
        exclusive = self.env["loyalty.reward"].create(
            {
                "program_id": self.program.id,
                "reward_type": "discount",
                "discount_mode": "percent",
                "discount": 20,
                "discount_applicability": "order",
                "required_points": 100,
                "idic_value_tier": "mvc",
            }
        )
        vip = self._tiered("Khách Vàng", "mvc")
        regular = self._tiered("Khách Thường", "standard")
        for partner in (vip, regular):
            self._card(partner, points=500.0)
        claimable = {}
        for partner in (vip, regular):
            order = self._order(partner, 100.0, 0, state="draft")
            order._update_programs_and_rewards()
            rewards = self.env["loyalty.reward"]
            for coupon_rewards in order._get_claimable_rewards().values():
                rewards |= coupon_rewards
            claimable[partner] = rewards
        self.assertIn(exclusive, claimable[vip])
        self.assertNotIn(exclusive, claimable[regular])
        self.assertIn(self.program.reward_ids - exclusive, claimable[regular])

    def test_the_company_card_serves_its_contacts_orders(self):
        company = self._tiered("Công ty Bình Minh", "standard", is_company=True)
        nam = self._customer("Anh Nam", parent_id=company.id)
        card = self._card(company, points=10.0)
        pricelist = self.env["product.pricelist"].create({"name": "Giá đại lý"})
        order = self._order(nam, 300.0, 0, state="draft", pricelist_id=pricelist.id)
        # The promotions button, pressed twice, then the confirmation.
        order._update_programs_and_rewards()
        order._update_programs_and_rewards()
        order.action_confirm()
        # 10 + 300 points on the company's card; no card of the contact's.
        self.assertEqual(card.points, 310.0)
        self.assertFalse(self._cards(nam))
        self.assertEqual(
            len(self.Card.search([("program_id", "=", self.program.id)])), 1
        )
        # The order stays the contact's, with its pricelist.
        self.assertEqual(order.partner_id, nam)
        self.assertEqual(order.pricelist_id, pricelist)
        self.assertEqual(set(order.order_line.mapped("order_partner_id")), {nam})
        self.assertEqual(nam.idic_loyalty_card_ids, card)

    def test_a_contact_of_a_company_without_a_card_gets_odoos_own(self):
        company = self._customer("Công ty Không Thẻ", is_company=True)
        lan = self._customer("Chị Lan", parent_id=company.id)
        self._order(lan, 50.0, 0)
        self.assertEqual(self._cards(lan).points, 50.0)
        self.assertFalse(self._cards(company))

    def test_segments_enrol_their_members_once(self):
        segment = self.env["crm.idic.segment"].create(
            {
                "name": "Khách thân thiết",
                "company_id": self.company.id,
                "rule_domain": "[('partner_id.ref', '=', 'LOYAL')]",
                "loyalty_program_id": self.program.id,
                "loyalty_keep_cards": False,
            }
        )
        member = self._customer("Thành viên", ref="LOYAL")
        other = self._customer("Người ngoài")
        self._orders_before_the_programme(member, other)
        self._recompute()
        self._recompute()
        card = self._cards(member)
        self.assertEqual(len(card), 1)
        self.assertEqual((card.active, card.idic_segment_id), (True, segment))
        self.assertFalse(self._cards(other))
        # Leaves the segment that does not let members keep the card: archived.
        member.ref = "GONE"
        self._recompute()
        self.assertFalse(card.active)
        # Back: the same card is given back, not a second one.
        member.ref = "LOYAL"
        self._recompute()
        self.assertEqual(self._cards(member), card)
        self.assertTrue(card.active)

    def test_members_keep_their_card_when_the_segment_says_so(self):
        self.env["crm.idic.segment"].create(
            {
                "name": "Khách thân thiết",
                "company_id": self.company.id,
                "rule_domain": "[('partner_id.ref', '=', 'LOYAL')]",
                "loyalty_program_id": self.program.id,
            }
        )
        member = self._customer("Thành viên", ref="LOYAL")
        self._orders_before_the_programme(member)
        self._recompute()
        member.ref = "GONE"
        self._recompute()
        self.assertTrue(self._cards(member).active)

    def test_multipliers_out_of_range_are_refused(self):
        with self.assertRaisesRegex(ValidationError, "between 0 and 100"):
            self.program.idic_multiplier_mgc = -1

    def test_rewards_used_count_in_customize(self):
        customer = self._customer("Khách Đổi Điểm")
        self._orders_before_the_programme(customer)
        card = self._card(customer, points=500.0)
        order = self._order(customer, 200.0, 2, state="draft")
        order._update_programs_and_rewards()
        [(coupon, rewards)] = order._get_claimable_rewards().items()
        self.assertEqual(coupon, card)
        order._apply_program_reward(rewards, coupon)
        order.action_confirm()
        self._recompute()
        profile = self._profile(customer)
        self.assertEqual(profile.rewards_used, 1)
        # No segment customization (0) + 40 × 2 confirmed / 2 sent + no mailing
        # (0) + 10 for one order with a reward = 50.
        self.assertEqual(profile.customize_score, 50.0)
