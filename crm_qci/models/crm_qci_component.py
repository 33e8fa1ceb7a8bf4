from odoo import api, fields, models
from odoo.exceptions import ValidationError

# How each component is measured from the data: a KPI key of compute_kpis, or one of
# the profile measures below, and how the raw value reads (a share 0-1, a 1-5 rating,
# or already 0-100).
MEASURES = [
    ("segmented_share", "Customers in a segment (IDIC)"),
    ("quote_acceptance", "Quotation acceptance"),
    ("identify_avg", "Customer data completeness (IDIC Identify)"),
    ("target_attainment", "Revenue target attainment"),
    ("sla_compliance", "SLA compliance"),
    ("win_rate", "Win rate"),
    ("cadence_kept", "Contact cadence kept"),
    ("csat_avg", "Customer satisfaction (1-5)"),
]


class CrmQciComponent(models.Model):
    _name = "crm.qci.component"
    _description = "QCI component"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    measure = fields.Selection(MEASURES, required=True)
    floor = fields.Float(
        help="Measured value that scores 0 (shares as 0-100, ratings 1-5)."
    )
    target = fields.Float(
        default=100.0, help="Measured value that scores 100 (shares as 0-100)."
    )
    default_weight = fields.Float(default=12.5)
    question_ids = fields.One2many("crm.qci.question", "component_id", "Questions")

    _code_uniq = models.Constraint("UNIQUE (code)", "A component code is unique.")

    @api.constrains("default_weight", "floor", "target")
    def _check_weight_and_scale(self):
        # Refused here, not later when a manager's new assessment copies it.
        if any(component.default_weight < 0 for component in self):
            raise ValidationError(self.env._("A component weight cannot be negative."))
        # Every measure grows better: a floor above the target would score
        # the best results 0.
        for component in self.filtered(lambda c: c.floor > c.target):
            raise ValidationError(
                self.env._(
                    "%(component)s: the floor (scores 0) cannot be above the "
                    "target (scores 100).",
                    component=component.name,
                )
            )
