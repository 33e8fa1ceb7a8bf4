"""Did it work? Members (greeted, enrolled) against comparable non-members: the
customers of the same value tier and RFM segment the month before, who bought
again within 90 days of the members' day. Figures by hand."""

from datetime import date, datetime

from odoo.tests import tagged

from ..tools import scoring
from .common import IdicCommon

DAY = date(2026, 10, 15)


@tagged("post_install", "-at_install")
class TestRepeatRates(IdicCommon):
    def _customer_in(self, name, tier, segment, bought_on=None):
        partner = self._customer(name)
        if tier:
            self.env["crm.idic.score.snapshot"].sudo().create(
                {
                    "partner_id": partner.id,
                    "company_id": self.company.id,
                    "month": date(2026, 9, 1),
                    "value_tier": tier,
                    "rfm_segment": segment,
                }
            )
        if bought_on:
            order = self._order(partner, 100.0, 0)
            order.date_order = datetime.combine(bought_on, datetime.min.time())
        return partner

    def test_members_against_their_cells(self):
        members = [
            self._customer_in("A", "mvc", "champions", date(2026, 11, 1)),
            self._customer_in("B", "mvc", "champions"),
            self._customer_in("G", "standard", "loyal", date(2026, 10, 20)),
            # No snapshot: a member, compared with nobody.
            self._customer_in("K", None, None),
        ]
        self._customer_in("C", "mvc", "champions", date(2026, 11, 10))
        self._customer_in("D", "mvc", "champions", date(2026, 10, 10))  # before
        self._customer_in("E", "mvc", "champions")
        self._customer_in("H", "standard", "loyal")
        self._customer_in("I", "standard", "loyal", DAY)  # the day itself
        # In no member's cell.
        self._customer_in("J", "bz", "hibernating", date(2026, 10, 20))
        result = self.env["crm.idic.score.snapshot"]._idic_repeat_rates(
            self.company, [(partner.id, DAY) for partner in members]
        )
        # Members: A and G of 4 bought again = 50 %. Comparable: most valuable
        # champions 1 of C, D, E (1/3); standard loyal 0 of H, I; weighted by the
        # members of each cell: (2 × 1/3 + 1 × 0) / 3 = 22.2 %.
        self.assertEqual(result, (4, 50.0, 3, 5, 22.2))

    def test_the_arithmetic(self):
        self.assertEqual(scoring.matched_repeat_rates({}), (0, 0.0, 0, 0, 0.0))
        self.assertEqual(
            scoring.matched_repeat_rates({"x": (4, 3, 0, 0), "y": (2, 1, 10, 5)}),
            (6, 66.7, 2, 10, 50.0),
        )
