from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.crm_idic.tools.relations import owner, owner_company


class CrmQciAssessmentAnswer(models.Model):
    _name = "crm.qci.assessment.answer"
    _description = "QCI questionnaire answer"
    _order = "line_id, question_id"

    line_id = owner("crm.qci.assessment.line")
    company_id = owner_company("line_id")
    question_id = fields.Many2one("crm.qci.question", required=True)
    intention = fields.Float("Intention (%)")
    reality = fields.Float("Reality (%)")

    @api.constrains("intention", "reality")
    def _check_range(self):
        for answer in self:
            if not (0 <= answer.intention <= 100 and 0 <= answer.reality <= 100):
                raise ValidationError(
                    self.env._("Intention and reality are percentages from 0 to 100.")
                )

    def write(self, vals):
        self.line_id.assessment_id._check_unlocked()
        return super().write(vals)
