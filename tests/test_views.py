from odoo.tests import TransactionCase, tagged

from .suite import SUITE_ADDONS


@tagged("post_install", "-at_install", "crm_suite")
class TestSuiteViews(TransactionCase):
    def test_every_view_of_the_suite_validates(self):
        views = self.env["ir.ui.view"].browse(
            self.env["ir.model.data"]
            .search([("module", "in", SUITE_ADDONS), ("model", "=", "ir.ui.view")])
            .mapped("res_id")
        )
        self.assertTrue(views, "the suite defines views")
        for view in views:
            with self.subTest(view=view.xml_id):
                # Odoo's own checks: the combined architecture, fields and modifiers.
                view._check_xml()
                if view.type == "qweb":
                    continue
                arch = self.env[view.model].get_views([(view.id, view.type)])
                self.assertIn(view.type, arch["views"])
