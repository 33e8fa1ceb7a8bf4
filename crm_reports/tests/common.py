from odoo import Command

from odoo.addons.crm_qci.tests.common import QciCommon


class ReportsCommon(QciCommon):
    """QciCommon: the company, its salesperson and its care desk, for the reports."""

    @classmethod
    def _payment_term(cls, name, *shares):
        """A payment term of (percent, days) installments."""
        return cls.env["account.payment.term"].create(
            {
                "name": name,
                "line_ids": [
                    Command.create(
                        {"value": "percent", "value_amount": share, "nb_days": days}
                    )
                    for share, days in shares
                ],
            }
        )
