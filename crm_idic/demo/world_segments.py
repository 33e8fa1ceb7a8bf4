"""The demo world's customer segments and loyalty card (crm_idic/demo/world.py's
DemoWorld inherits it): the four segments of the demo company, with the VIP
pricelist and the loyalty card they give."""


class DemoSegments:
    def _demo_segments(self, company):
        Segment = self.env["crm.idic.segment"]
        existing = Segment.search([("company_id", "=", company.id)])
        if existing:
            return existing
        vip_tag = self.env["res.partner.category"].search(
            [("name", "=", "Khách VIP")], limit=1
        )
        vip_prices = self.env["product.pricelist"].create(
            {
                "name": "Bảng giá khách VIP (-5%)",
                "company_id": company.id,
                "currency_id": company.currency_id.id,
                "item_ids": [
                    (
                        0,
                        0,
                        {
                            "applied_on": "3_global",
                            "compute_price": "percentage",
                            "percent_price": 5.0,
                        },
                    )
                ],
            }
        )
        card = self._demo_loyalty_program(company)
        return Segment.create(
            [
                {
                    "name": "Khách hàng giá trị nhất",
                    "loyalty_program_id": card.id,
                    "sequence": 10,
                    "company_id": company.id,
                    "rule_domain": "[('value_tier', '=', 'mvc')]",
                    "pricelist_id": vip_prices.id,
                    "tag_ids": [(6, 0, vip_tag.ids)],
                    "cadence_days": 30,
                    "suggestion": "Ưu tiên giao hàng; đề xuất gói bảo trì mở rộng "
                    "và giá VIP -5%.",
                },
                {
                    "name": "Khách hàng có tiềm năng tăng trưởng",
                    "sequence": 20,
                    "company_id": company.id,
                    "rule_domain": "[('value_tier', '=', 'mgc')]",
                    "loyalty_program_id": card.id,
                    "cadence_days": 45,
                    "suggestion": "Giới thiệu sản phẩm mới cùng nhóm hàng đã mua.",
                },
                {
                    "name": "Khách hàng mới",
                    "sequence": 30,
                    "company_id": company.id,
                    "rule_domain": "[('rfm_segment', '=', 'new')]",
                    "cadence_days": 14,
                    "suggestion": "Gửi hướng dẫn sử dụng và lịch bảo dưỡng định kỳ.",
                },
                {
                    "name": "Cần giữ chân",
                    "sequence": 40,
                    "company_id": company.id,
                    "rule_domain": "[('rfm_segment', 'in', "
                    "['at_risk', 'hibernating'])]",
                    "cadence_days": 60,
                    "suggestion": "Gọi điện hỏi thăm; tặng phiếu giảm giá cho lần "
                    "mua tiếp theo.",
                },
            ]
        )

    def _demo_loyalty_program(self, company):
        """The company's loyalty card: 1 point per 100,000 ₫ paid, twice as many
        for the most valuable customers and half as many again for the most
        growable; 5 % off an order for 100 points."""
        return self.env["loyalty.program"].create(
            {
                "name": "Thẻ thành viên Phương Nam",
                "program_type": "loyalty",
                "trigger": "auto",
                "applies_on": "both",
                "company_id": company.id,
                "portal_point_name": "điểm",
                "idic_multiplier_mvc": 2.0,
                "idic_multiplier_mgc": 1.5,
                "rule_ids": [
                    (0, 0, {"reward_point_mode": "money", "reward_point_amount": 1e-5})
                ],
                "reward_ids": [
                    (
                        0,
                        0,
                        {
                            "reward_type": "discount",
                            "discount_mode": "percent",
                            "discount": 5,
                            "discount_applicability": "order",
                            "required_points": 100,
                        },
                    )
                ],
            }
        )
