from odoo.addons.crm_care.tests.common import CareCommon


class QciCommon(CareCommon):
    """CareCommon and a salesperson in a sales team of the company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.seller = cls._salesperson("qci_seller")
        cls.sales_team = cls.env["crm.team"].create(
            {"name": "QCI team", "member_ids": [(6, 0, cls.seller.ids)]}
        )
