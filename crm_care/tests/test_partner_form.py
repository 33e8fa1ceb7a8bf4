from lxml import etree

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestPartnerForm(TransactionCase):
    def test_birthday_shown_once_with_idic_and_care(self):
        arch = self.env["res.partner"].get_views([(False, "form")])["views"]["form"][
            "arch"
        ]
        fields = etree.fromstring(arch).xpath("//sheet//field[@name='birthday']")
        self.assertEqual(len(fields), 1)
        self.assertIn("care_greeting_opt_in", arch)
        self.assertIn("idic_need_ids", arch)
