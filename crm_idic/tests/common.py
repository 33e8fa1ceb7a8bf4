from datetime import datetime, time, timedelta

from odoo import Command, fields

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


class IdicCommon(AccountTestInvoicingCommon):
    """A fresh company with a chart of accounts, a product without taxes, helpers."""

    @classmethod
    def get_default_groups(cls):
        return super().get_default_groups() | cls.env.ref(
            "sales_team.group_sale_manager"
        )

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.today = fields.Date.context_today(cls.env["res.partner"])
        cls.Profile = cls.env["crm.idic.profile"]
        cls.widget = cls.env["product.product"].create(
            {
                "name": "IDIC widget",
                "list_price": 100.0,
                "taxes_id": [Command.clear()],
                "invoice_policy": "order",
            }
        )

    @classmethod
    def _customer(cls, name, **values):
        return cls.env["res.partner"].create(
            {"name": name, "customer_rank": 1, **values}
        )

    @classmethod
    def _order(cls, partner, amount, days_ago, state="sale", company=None, **values):
        company = company or cls.company
        order = (
            cls.env["sale.order"]
            .with_company(company)
            .create(
                {
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": cls.widget.id,
                                "product_uom_qty": 1,
                                "price_unit": amount,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                    **values,
                }
            )
        )
        if state == "sale":
            order.action_confirm()
        elif state == "cancel":
            order._action_cancel()
        # Confirmation stamps now; put the order on its own day, at noon.
        order.date_order = datetime.combine(
            cls.today - timedelta(days=days_ago), time(12, 0)
        )
        return order

    @classmethod
    def _invoice(cls, partner, amount, days_ago, move_type="out_invoice"):
        move = cls.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": partner.id,
                "invoice_date": cls.today - timedelta(days=days_ago),
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "IDIC line",
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        move.action_post()
        return move

    def _recompute(self, company=None):
        self.Profile._recompute_profiles(company_ids=(company or self.company).ids)

    def _profile(self, partner, company=None):
        return self.Profile.search(
            [
                ("partner_id", "=", partner.id),
                ("company_id", "=", (company or self.company).id),
            ]
        )
