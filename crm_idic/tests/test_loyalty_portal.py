"""On loyalty's own portal pages, a B2B customer's contact sees the card of its
customer company (which its orders fill), and nobody else's."""

from odoo.tests import new_test_user, tagged

from .common import SuiteHttpCase, loyalty_program


@tagged("post_install", "-at_install")
class TestLoyaltyPortal(SuiteHttpCase):
    def test_a_contact_sees_its_company_card(self):
        program = loyalty_program(
            self.env, "Thẻ Doanh nghiệp", portal_point_name="điểm"
        )
        company = self.env["res.partner"].create(
            {"name": "Công ty Hải Đăng", "is_company": True}
        )
        stranger = self.env["res.partner"].create({"name": "Người lạ"})
        card = self.env["loyalty.card"].create(
            {"program_id": program.id, "partner_id": company.id, "points": 1234}
        )
        other = self.env["loyalty.card"].create(
            {"program_id": program.id, "partner_id": stranger.id, "points": 77}
        )
        portal = new_test_user(self.env, login="b2b_portal", groups="base.group_portal")
        portal.partner_id.parent_id = company
        self.authenticate("b2b_portal", "b2b_portal")
        home = self.url_open("/my").text
        self.assertIn("Thẻ Doanh nghiệp", home)
        self.assertIn(f'data-card_id="{card.id}"', home)
        self.assertIn("1,234 điểm", home)
        self.assertNotIn(f'data-card_id="{other.id}"', home)
        values = self.make_jsonrpc_request(f"/my/loyalty_card/{card.id}/values")
        self.assertEqual(values["card"]["code"], card.code)
        self.assertEqual(
            self.make_jsonrpc_request(f"/my/loyalty_card/{other.id}/values"), {}
        )
        # Points as the reader writes numbers.
        self.env["res.lang"]._activate_lang("vi_VN")
        other.points = 84.94
        self.assertEqual(
            (
                card.with_context(lang="vi_VN").points_display,
                other.with_context(lang="vi_VN").points_display,
                other.with_context(lang="en_US").points_display,
            ),
            ("1.234 điểm", "84,94 điểm", "84.94 điểm"),
        )
        history = self.url_open(f"/my/loyalty_card/{card.id}/history")
        self.assertTrue(history.url.endswith(f"/my/loyalty_card/{card.id}/history"))
