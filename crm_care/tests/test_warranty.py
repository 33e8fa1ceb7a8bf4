from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged

from odoo.addons.crm_care.demo.builder import set_demo_warranty


@tagged("post_install", "-at_install")
class TestProductWarranty(TransactionCase):
    def test_products_have_no_warranty_by_default(self):
        product = self.env["product.template"].create({"name": "Ấm siêu tốc"})
        self.assertEqual(product.warranty_months, 0)

    def test_negative_or_absurd_warranty_refused(self):
        product = self.env["product.template"].create({"name": "Máy sấy tóc"})
        for months in (-1, 241):
            with self.subTest(months=months), self.assertRaises(ValidationError):
                product.warranty_months = months
                product.flush_recordset()
        product.warranty_months = 24
        self.assertEqual(product.warranty_months, 24)

    def test_demo_products_get_their_warranty(self):
        water = self.env["product.template"].create(
            {"name": "Lọc nước", "default_code": "PN-RO10"}
        )
        heater = self.env["product.template"].create(
            {"name": "Bình nóng", "default_code": "PN-WH30"}
        )
        other = self.env["product.template"].create(
            {"name": "Khác", "default_code": "X-1"}
        )
        done = set_demo_warranty(self.env)
        self.assertIn(water, done)
        self.assertEqual((water.warranty_months, heater.warranty_months), (24, 36))
        self.assertEqual(other.warranty_months, 0)
