from datetime import date

from odoo.exceptions import UserError, ValidationError
from odoo.tests import TransactionCase, tagged

from odoo.addons.crm_idic.tests.common import assert_pdf, report_html

from ..models.crm_qci_assessment import normalise


@tagged("post_install", "-at_install")
class TestAssessment(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A company of its own: the database may hold other assessments (demo data).
        company = cls.env["res.company"].create({"name": "QCI assessment test"})
        cls.env.user.company_ids |= company
        cls.env = cls.env(
            context=dict(cls.env.context, allowed_company_ids=company.ids)
        )

    def _assessment(self):
        return self.env["crm.qci.assessment"].create(
            {
                "name": "QCI 2026 Q3",
                "date_from": date(2026, 7, 1),
                "date_to": date(2026, 9, 30),
            }
        )

    def test_an_unanswered_questionnaire_cannot_be_done(self):
        """Every answer left at 0 % would halve each component's score (the
        questionnaire counts for half): the assessment is not done until the
        questionnaire is answered, or scores on the measures alone."""
        assessment = self._assessment()
        assessment.action_start()
        with self.assertRaisesRegex(UserError, "Answer the questionnaire"):
            assessment.action_done()
        self.assertEqual(assessment.state, "in_progress")
        assessment.measured_share = 100.0
        assessment.action_done()
        self.assertEqual(assessment.state, "done")
        for line in assessment.line_ids:
            self.assertEqual(line.score, line.measured_score)

    def test_eight_components_weighted_12_5_and_must_sum_to_100(self):
        assessment = self._assessment()
        self.assertEqual(len(assessment.line_ids), 8)
        self.assertEqual(set(assessment.line_ids.mapped("weight")), {12.5})
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            assessment.line_ids[0].weight = 20.0
            assessment.flush_recordset()
            assessment._check_weights()
        first, second = assessment.line_ids[:2]
        assessment.write(
            {
                "line_ids": [
                    (1, first.id, {"weight": 20.0}),
                    (1, second.id, {"weight": 5.0}),
                ]
            }
        )
        self.assertEqual(sum(assessment.line_ids.mapped("weight")), 100.0)
        # A component's default weight: refused when set, not at the next
        # assessment.
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            first.component_id.default_weight = -5
        # A floor above the target would score the best results 0.
        with self.assertRaisesRegex(ValidationError, "cannot be above the target"):
            second.component_id.write({"floor": 90.0, "target": 10.0})

    def test_index_is_the_weighted_mean_of_measured_and_questionnaire(self):
        assessment = self._assessment()
        assessment.action_start()
        self.assertEqual(len(assessment.line_ids.answer_ids), 16)
        # Every component: measured 80, intention 90, reality 40: questionnaire
        # (90 + 2 x 40) / 3 = 56.667, score (80 + 56.667) / 2 = 68.333 (half
        # each). One: measured 100, intention 90, reality 100: questionnaire
        # (90 + 200) / 3 = 96.667, score 98.333.
        for line in assessment.line_ids:
            line.measured_score = 80.0
            line.answer_ids.write({"intention": 90.0, "reality": 40.0})
        best = assessment.line_ids[0]
        best.measured_score = 100.0
        best.answer_ids.write({"reality": 100.0})
        self.assertAlmostEqual(assessment.line_ids[1].questionnaire_score, 56.667, 3)
        self.assertAlmostEqual(assessment.line_ids[1].gap, 50.0)
        self.assertAlmostEqual(best.score, 98.333, 3)
        # (98.333 x 12.5 + 68.333 x 87.5) / 100 = 72.083.
        self.assertAlmostEqual(assessment.qci_index, 72.083, 3)
        self.assertAlmostEqual(best.intention, 90.0)
        chart = assessment.action_chart()
        self.assertEqual(
            self.env[chart["res_model"]].search(chart["domain"]), assessment.line_ids
        )

    def test_done_assessment_is_locked_and_next_period_starts_fresh(self):
        assessment = self._assessment()
        assessment.action_start()
        assessment.line_ids.answer_ids[0].reality = 20.0
        assessment.action_done()
        with self.assertRaises(UserError):
            assessment.name = "Changed"
        with self.assertRaises(UserError):
            assessment.line_ids[0].weight = 50.0
        with self.assertRaises(UserError):
            assessment.line_ids.answer_ids[0].reality = 10.0
        action = assessment.action_next_period()
        following = self.env["crm.qci.assessment"].browse(action["res_id"])
        self.assertEqual(following.state, "draft")
        self.assertEqual(following.date_from, date(2026, 10, 1))
        self.assertEqual(following.date_to, date(2026, 12, 31))
        self.assertEqual(len(following.line_ids), 8)
        self.assertEqual(following.previous_id, assessment)

    def test_measures_normalise_between_floor_and_target(self):
        self.assertEqual(normalise(10, 10, 60), 0.0)
        self.assertEqual(normalise(35, 10, 60), 50.0)
        self.assertEqual(normalise(90, 10, 60), 100.0)
        self.assertEqual(normalise(4, 1, 5), 75.0)

    def test_scorecard_prints_as_pdf(self):
        assessment = self._assessment()
        assessment.action_start()
        assert_pdf(self, "crm_qci.report_qci_scorecard", assessment.ids)
        # The scorecard shows each component's gap between intention and reality.
        assessment.line_ids[0].answer_ids.write({"intention": 70.0, "reality": 25.0})
        html = report_html(self.env, "crm_qci.report_qci_scorecard", assessment.ids)
        self.assertIn("Gap", html)
        self.assertIn('<td class="text-end">45</td>', html)
        # Weights of 100 / 8 as the reader writes numbers: 12.5, in Vietnamese 12,5.
        self.assertIn('<td class="text-end">12.5</td>', html)
        self.env["res.lang"]._activate_lang("vi_VN")
        html_vi = report_html(
            self.env, "crm_qci.report_qci_scorecard", assessment.ids, "vi_VN"
        )
        self.assertIn('<td class="text-end">12,5</td>', html_vi)
