from lxml import etree

from odoo.tests import TransactionCase, new_test_user, tagged

from .suite import SUITE_ADDONS


@tagged("post_install", "-at_install", "crm_suite")
class TestSuiteViews(TransactionCase):
    def _suite_views(self):
        """The views the suite's addons declare."""
        return self.env["ir.ui.view"].browse(
            self.env["ir.model.data"]
            .search([("module", "in", SUITE_ADDONS), ("model", "=", "ir.ui.view")])
            .mapped("res_id")
        )

    def test_every_view_of_the_suite_validates(self):
        views = self._suite_views()
        self.assertTrue(views, "the suite defines views")
        for view in views:
            with self.subTest(view=view.xml_id):
                # Odoo's own checks: the combined architecture, fields and modifiers.
                view._check_xml()
                if view.type == "qweb":
                    continue
                arch = self.env[view.model].get_views([(view.id, view.type)])
                self.assertIn(view.type, arch["views"])

    def test_staff_without_sales_rights_open_customers_and_orders(self):
        """An employee, a care agent, a contract user and an accountant open a
        customer in the Contacts app's list, kanban and form, and the
        accountant a sales order: the IDIC figures there read the profiles,
        which only the sales staff may read, so they are the sales staff's."""
        customer = self.env["res.partner"].create(
            {"name": "Khách ai cũng xem", "customer_rank": 1}
        )
        order = self.env["sale.order"].create({"partner_id": customer.id})
        for group in (
            "base.group_user",
            "crm_care.group_care_agent",
            "crm_care.group_contract_user",
            "account.group_account_invoice",
        ):
            user = new_test_user(self.env, login=f"views {group}", groups=group)
            opened = [(customer, ("list", "kanban", "form"))]
            if group == "account.group_account_invoice":
                opened.append((order, ("list", "form")))
            for record, kinds in opened:
                with self.subTest(group=group, model=record._name):
                    Model = self.env[record._name].with_user(user)
                    views = Model.get_views([(False, kind) for kind in kinds])
                    for kind in kinds:
                        # The fields the web client reads: those of the view as
                        # this user gets it (not those of its x2many lists).
                        fields = [
                            node.get("name")
                            for node in etree.fromstring(
                                views["views"][kind]["arch"]
                            ).iter("field")
                            if not any(
                                above.tag == "field" for above in node.iterancestors()
                            )
                        ]
                        if record._name == "sale.order":
                            # The suite's figures are the sales staff's; Odoo's
                            # own fields of the order's form read its loyalty
                            # cards, which invoicing users read.
                            self.assertFalse(
                                [name for name in fields if name.startswith("idic_")]
                            )
                        self.assertTrue(Model.browse(record.id).read(fields), kind)

    def test_summed_amounts_have_room_for_dong_totals(self):
        """A list's total of amounts in dong runs into the billions
        ("2.615.680.974 ₫", 15 characters): Odoo gives a monetary column 105
        pixels and cuts that to "2.615.680.…". Every summed amount column of
        the suite's lists is at least 140 pixels wide."""
        views = self._suite_views().filtered(lambda view: view.type in ("list", "form"))
        checked = 0
        for view in views:
            Model = self.env[view.model]
            # The suite's own columns (not those of Odoo's views it extends).
            for node in etree.fromstring(view.arch).xpath("//list//field[@sum]"):
                model = Model
                for above in reversed(list(node.iterancestors("field"))):
                    model = self.env[model._fields[above.get("name")].comodel_name]
                if model._fields[node.get("name")].type != "monetary":
                    continue
                checked += 1
                column = f"{view.xml_id} {node.get('name')}"
                width = int(node.get("width", "0px")[:-2])
                self.assertGreaterEqual(width, 140, column)
        # The aged receivables' seven columns, the contracts', the profiles'...
        self.assertGreaterEqual(checked, 20)
