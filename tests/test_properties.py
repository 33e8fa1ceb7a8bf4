"""Property-based tests (hypothesis) on the public methods that take dates, amounts
and weights: what is accepted, what is refused with a clear error, and that a
refusal leaves nothing half-saved."""

import calendar
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from odoo.addons.crm_care.models.crm_care_contract_renewal import parse_offsets
from odoo.addons.crm_idic.tools import period_bounds, same_days_before, scoring
from odoo.addons.crm_qci.models.crm_qci_assessment import normalise
from odoo.addons.crm_reports.tests.common import ReportsCommon

EXAMPLES = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
DAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))


@tagged("post_install", "-at_install", "crm_suite")
class TestPureProperties(TransactionCase):
    @EXAMPLES
    @given(
        st.lists(st.floats(0, 100), min_size=4, max_size=4),
        # Four whole weights summing to 100: the gaps between three cuts of 0..100.
        st.lists(st.integers(0, 100), min_size=3, max_size=3)
        .map(sorted)
        .map(lambda c: [c[0], c[1] - c[0], c[2] - c[1], 100 - c[2]]),
    )
    def test_idic_score_stays_between_its_components(self, components, weights):
        score = scoring.idic_score(components, weights)
        used = [c for c, w in zip(components, weights, strict=True) if w]
        self.assertGreaterEqual(score, min(used) - 0.01)
        self.assertLessEqual(score, max(used) + 0.01)

    @EXAMPLES
    @given(st.floats(-1e9, 1e9), st.floats(-1e6, 1e6), st.floats(-1e6, 1e6))
    def test_qci_normalise_is_bounded(self, value, floor, target):
        self.assertTrue(0.0 <= normalise(value, floor, target) <= 100.0)

    @EXAMPLES
    @given(DAYS, st.sampled_from(["month", "quarter", "year"]))
    def test_periods_hold_the_day_and_follow_each_other(self, day, period):
        date_from, date_to, previous_from, previous_to = period_bounds(period, day)
        self.assertTrue(date_from <= day <= date_to)
        self.assertEqual(date_from.day, 1)
        self.assertEqual((date_to + timedelta(days=1)).day, 1)
        self.assertEqual(previous_to + timedelta(days=1), date_from)
        self.assertEqual(period_bounds(period, previous_to)[0], previous_from)
        # The period so far compares with the first days of the one before, up
        # to the same day of the month (or the month's last).
        months = {"month": 1, "quarter": 3, "year": 12}[period]
        so_far = same_days_before(date_from, day, months)
        self.assertEqual(so_far[0], previous_from)
        self.assertTrue(previous_from <= so_far[1] <= previous_to)
        month_days = calendar.monthrange(so_far[1].year, so_far[1].month)[1]
        self.assertEqual(so_far[1].day, min(day.day, month_days))
        self.assertEqual((so_far[1].month - day.month) % 12, -months % 12)

    @EXAMPLES
    @given(st.text(alphabet="0123456789,- x", max_size=12))
    def test_reminder_offsets_parse_or_refuse(self, text):
        try:
            offsets = parse_offsets(text)
        except ValueError:
            return
        self.assertTrue(offsets)
        self.assertEqual(offsets, sorted(set(offsets), reverse=True))
        self.assertGreaterEqual(min(offsets), 0)


@tagged("post_install", "-at_install", "crm_suite")
class TestSettingsProperties(TransactionCase):
    def _write_or_refuse(self, record, values):
        """Write in a savepoint; return True if accepted. A refusal must leave the
        record as it was."""
        before = record.read(list(values))[0]
        try:
            with self.env.cr.savepoint():
                record.write(values)
        except ValidationError as error:
            self.assertTrue(str(error))
            record.invalidate_recordset()
            self.assertEqual(record.read(list(values))[0], before)
            return False
        return True

    @EXAMPLES
    @given(st.lists(st.integers(-20, 120), min_size=4, max_size=4))
    def test_idic_weights_must_be_positive_and_sum_to_100(self, weights):
        names = [
            "idic_weight_identify",
            "idic_weight_differentiate",
            "idic_weight_interact",
            "idic_weight_customize",
        ]
        accepted = self._write_or_refuse(
            self.env.company, dict(zip(names, weights, strict=True))
        )
        self.assertEqual(accepted, min(weights) >= 0 and sum(weights) == 100)

    @EXAMPLES
    @given(st.lists(st.integers(-5, 400), min_size=4, max_size=4))
    def test_aging_buckets_must_increase(self, limits):
        names = ["aging_days_1", "aging_days_2", "aging_days_3", "aging_days_4"]
        accepted = self._write_or_refuse(
            self.env.company, dict(zip(names, limits, strict=True))
        )
        increasing = all(a < b for a, b in zip(limits, limits[1:], strict=False))
        self.assertEqual(accepted, limits[0] >= 1 and increasing)

    @EXAMPLES
    @given(DAYS, st.integers(-400, 400), st.floats(-1e6, 1e9))
    def test_contract_dates_in_order_and_value_not_negative(self, start, days, value):
        customer = self.env["res.partner"].create({"name": "Property customer"})
        contract = self.env["crm.care.contract"].create(
            {"name": "Property", "partner_id": customer.id, "date_start": start}
        )
        accepted = self._write_or_refuse(
            contract, {"date_end": start + timedelta(days=days), "value": value}
        )
        # The value is kept at the currency's precision: -0.001 is 0.00.
        rounded = contract.currency_id.round(value)
        self.assertEqual(accepted, days >= 0 and rounded >= 0)

    @EXAMPLES
    @given(st.floats(-10, 100), st.floats(-10, 100))
    def test_sla_hours_positive_and_response_before_resolution(self, first, resolution):
        team = self.env["crm.care.team"].create({"name": "Property team"})
        sla = self.env["crm.care.sla"].create(
            {
                "name": "Property SLA",
                "team_id": team.id,
                "first_response_hours": 1,
                "resolution_hours": 8,
            }
        )
        accepted = self._write_or_refuse(
            sla, {"first_response_hours": first, "resolution_hours": resolution}
        )
        self.assertEqual(accepted, 0 < first <= resolution)


@tagged("post_install", "-at_install", "crm_suite")
class TestAgingProperties(ReportsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        customers = cls.env["res.partner"].create(
            [{"name": f"Aging property {n}"} for n in range(3)]
        )
        # Invoices and credit notes through 2026, some paid in part later.
        for index, (customer, amount, day, kind) in enumerate(
            [
                (customers[0], 1000, date(2026, 1, 5), "out_invoice"),
                (customers[1], 700, date(2026, 2, 10), "out_invoice"),
                (customers[2], 300, date(2026, 3, 1), "out_invoice"),
                (customers[1], 90, date(2026, 3, 15), "out_refund"),
                (customers[0], 450, date(2026, 6, 30), "out_invoice"),
            ]
        ):
            move = cls._invoice(customer, amount, day, kind)
            if kind == "out_invoice" and index % 2 == 0:
                cls._pay(move, amount / 2, day + timedelta(days=40))

    @EXAMPLES
    @given(st.dates(min_value=date(2025, 12, 1), max_value=date(2026, 12, 31)))
    def test_aging_total_equals_the_receivable_balance_on_any_day(self, as_of):
        company = self.env.company
        rows = self.env["crm.reports.receivable.aging"].get_aging(as_of, company.id)
        self.env.cr.execute(
            SQL(
                """
                SELECT COALESCE(sum(aml.balance), 0) FROM account_move_line aml
                  JOIN account_account acc ON acc.id = aml.account_id
                 WHERE aml.company_id = %s AND aml.parent_state = 'posted'
                   AND acc.account_type = 'asset_receivable' AND aml.date <= %s
                """,
                company.id,
                as_of,
            )
        )
        balance = self.env.cr.fetchone()[0]
        self.assertAlmostEqual(sum(row["total"] for row in rows), balance, places=2)
        for row in rows:
            buckets = ("not_due", "bucket_1", "bucket_2", "bucket_3", "bucket_4")
            parts = sum(row[key] for key in buckets) + row["older"]
            self.assertAlmostEqual(parts, row["total"], places=2)
