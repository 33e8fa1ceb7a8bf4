"""Bad input gets a clear error in the user's language, and nothing half-saved."""

from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install", "crm_suite")
class TestBadInput(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create({"name": "Bad input customer"})
        cls.Ticket = cls.env["crm.care.ticket"]
        cls.Contract = cls.env["crm.care.contract"]

    def test_errors_speak_the_users_language_and_save_nothing(self):
        self.env["res.lang"]._activate_lang("vi_VN")
        count = self.Contract.search_count([])
        with self.assertRaises(ValidationError) as caught:
            self.Contract.with_context(lang="vi_VN").create(
                {
                    "name": "Âm",
                    "partner_id": self.customer.id,
                    "date_start": "2026-01-01",
                    "value": -5,
                }
            )
        self.assertEqual(str(caught.exception), "Giá trị hợp đồng không được âm.")
        self.assertEqual(self.Contract.search_count([]), count)

    def test_hostile_html_in_a_description_is_sanitized(self):
        ticket = self.Ticket.create(
            {
                "subject": "HTML",
                "partner_id": self.customer.id,
                "description": '<p>Hello</p><script>alert("x")</script>'
                '<img src="x" onerror="alert(1)"/><a href="javascript:alert(2)">a</a>'
                + "<p>long</p>"
                * 5000,
            }
        )
        html = str(ticket.description)
        self.assertIn("<p>Hello</p>", html)
        for hostile in ("<script", "onerror", "javascript:"):
            self.assertNotIn(hostile, html)

    def test_values_built_to_inject_sql_are_only_values(self):
        hostile = "x'; DROP TABLE crm_care_ticket; --"
        ticket = self.Ticket.create(
            {"subject": hostile, "partner_id": self.customer.id}
        )
        self.assertEqual(self.Ticket.search([("subject", "=", hostile)]), ticket)
        self.assertFalse(self.Ticket.search([("subject", "ilike", "' OR 1=1 --")]))
        self.assertFalse(self.env["res.partner"].name_search("') OR ('1'='1"))
        for model in ("crm.idic.profile", "crm.qci.target", "crm.reports.alert.log"):
            self.assertFalse(
                self.env[model].search([("display_name", "ilike", "%' OR '1'='1")])
            )
        self.env.cr.execute("SELECT count(*) FROM crm_care_ticket")
        self.assertGreaterEqual(self.env.cr.fetchone()[0], 1)

    def test_csv_import_with_wrong_types_is_refused_whole(self):
        tickets = self.Ticket.search_count([])
        result = self.Ticket.load(
            ["subject", "partner_id", "priority"],
            [
                ["Fine row", self.customer.name, "0"],
                ["Bad priority", self.customer.name, "very urgent"],
            ],
        )
        self.assertFalse(result["ids"])
        self.assertTrue(
            any(
                m["type"] == "error" and "priority" in m.get("field", "")
                for m in result["messages"]
            ),
            result["messages"],
        )
        self.assertEqual(self.Ticket.search_count([]), tickets)
        contracts = self.Contract.search_count([])
        result = self.Contract.load(
            ["name", "partner_id", "date_start", "value"],
            [["Wrong date", self.customer.name, "31/31/2026", "abc"]],
        )
        self.assertFalse(result["ids"])
        self.assertTrue(result["messages"])
        self.assertEqual(self.Contract.search_count([]), contracts)
