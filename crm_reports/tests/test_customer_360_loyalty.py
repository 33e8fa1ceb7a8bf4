"""The 360° view shows the customer company's loyalty card: balance and the
orders that used it, for all its contacts."""

from odoo.tests import tagged

from odoo.addons.crm_idic.tests.common import loyalty_program
from odoo.addons.crm_reports.tests.common import ReportsCommon


@tagged("post_install", "-at_install")
class TestCustomer360Loyalty(ReportsCommon):
    def test_the_company_card_on_the_360_view(self):
        program = loyalty_program(
            self.env,
            "Thẻ Bạc",
            company_id=self.company.id,
            portal_point_name="điểm",
        )
        company = self._customer("Công ty Sao Mai", is_company=True)
        contact = self._customer("Chị Mai", parent_id=company.id)
        self.assertNotIn("Loyalty", contact.customer_360)
        self.env["loyalty.card"].create(
            {"program_id": program.id, "partner_id": company.id, "points": 0}
        )
        self._order(contact, 120.0, 0)
        self.env.invalidate_all()
        # 120 points from the contact's order, on the company's card.
        self.assertIn(
            "Thẻ Bạc: 120 điểm, rewards used on 0 orders", contact.customer_360
        )
