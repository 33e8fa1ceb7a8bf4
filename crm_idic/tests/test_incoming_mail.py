from odoo.tests import TransactionCase, tagged

from .common import windows_1258, windows_1258_mail


@tagged("post_install", "-at_install")
class TestIncomingMail(TransactionCase):
    def test_vietnamese_mail_in_windows_1258_is_found_as_typed(self):
        """A lead from an Outlook mail in windows-1258: its name, text and sender
        in composed Unicode, so a search typed on a keyboard finds them."""
        self.assertNotEqual(
            windows_1258("bảo hành"), "bảo hành".encode(), "a real re-encoding"
        )
        raw = windows_1258_mail(
            "Nguyễn Thị Hằng",
            "Xin bảo hành máy lọc nước",
            "Máy lọc nước mua tháng trước bị rò rỉ.",
        )
        lead = self.env["crm.lead"].browse(
            self.env["mail.thread"].message_process("crm.lead", raw)
        )
        self.assertEqual(lead.name, "Xin bảo hành máy lọc nước")
        self.assertEqual(lead.email_from, '"Nguyễn Thị Hằng" <khach.1258@example.com>')
        self.assertEqual(
            self.env["crm.lead"].search([("name", "ilike", "bảo hành")]), lead
        )
        message = self.env["mail.message"].search(
            [("model", "=", "crm.lead"), ("body", "ilike", "bị rò rỉ")]
        )
        self.assertEqual(message.res_id, lead.id)
        self.assertIn("Máy lọc nước mua tháng trước bị rò rỉ.", message.body)
