from datetime import date

from odoo.tests import tagged

from .common import SuiteHttpCase


@tagged("post_install", "-at_install")
class TestPartnerBirthdayTour(SuiteHttpCase):
    def test_salesperson_records_a_customer_birthday(self):
        customer = self.env["res.partner"].create(
            {"name": "Nguyễn Thị Tour", "is_company": False, "email": "tour@example.vn"}
        )
        self.start_tour(
            f"/odoo/contacts/{customer.id}", "crm_idic_partner_birthday", login="admin"
        )
        self.assertEqual(customer.birthday, date(1990, 11, 5))
