from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.crm_idic.tools.relations import owner, owner_company


class CrmQciAssessmentLine(models.Model):
    _name = "crm.qci.assessment.line"
    _description = "QCI assessment component"
    _order = "assessment_id, sequence, id"

    assessment_id = owner("crm.qci.assessment")
    company_id = owner_company("assessment_id")
    component_id = fields.Many2one("crm.qci.component", required=True)
    sequence = fields.Integer(related="component_id.sequence", store=True)
    weight = fields.Float(default=12.5)
    measured_value = fields.Float(readonly=True, aggregator="avg")
    measured_score = fields.Float(readonly=True, aggregator="avg")
    answer_ids = fields.One2many("crm.qci.assessment.answer", "line_id", "Answers")
    intention = fields.Float(
        compute="_compute_questionnaire", store=True, aggregator="avg"
    )
    reality = fields.Float(
        compute="_compute_questionnaire", store=True, aggregator="avg"
    )
    # CMAT scores each practice on intention and reality; reality counts twice.
    questionnaire_score = fields.Float(
        compute="_compute_questionnaire",
        store=True,
        aggregator="avg",
        help="(intention + 2 × reality) / 3",
    )
    gap = fields.Float(
        "Intention − reality",
        compute="_compute_questionnaire",
        store=True,
        aggregator="avg",
        help="How far what is done falls short of what is meant.",
    )
    score = fields.Float(compute="_compute_score", store=True, aggregator="avg")

    @api.depends("answer_ids.intention", "answer_ids.reality")
    def _compute_questionnaire(self):
        for line in self:
            answers = line.answer_ids
            line.intention = (
                sum(answers.mapped("intention")) / len(answers) if answers else 0.0
            )
            line.reality = (
                sum(answers.mapped("reality")) / len(answers) if answers else 0.0
            )
            line.questionnaire_score = (line.intention + 2 * line.reality) / 3
            line.gap = line.intention - line.reality

    @api.depends(
        "measured_score", "questionnaire_score", "assessment_id.measured_share"
    )
    def _compute_score(self):
        for line in self:
            share = line.assessment_id.measured_share / 100.0
            line.score = line.measured_score * share + line.questionnaire_score * (
                1 - share
            )

    @api.constrains("weight")
    def _check_weight(self):
        for line in self:
            if line.weight < 0:
                raise ValidationError(
                    self.env._("A component weight cannot be negative.")
                )

    def write(self, vals):
        self.assessment_id._check_unlocked()
        return super().write(vals)

    def _create_answers(self):
        for line in self:
            missing = line.component_id.question_ids - line.answer_ids.question_id
            self.env["crm.qci.assessment.answer"].create(
                [{"line_id": line.id, "question_id": q.id} for q in missing]
            )
