from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare
from odoo.tools.misc import formatLang

from odoo.addons.crm_idic.tools import company_tz
from odoo.addons.crm_idic.tools.records import form_action, list_action

# Published reference points of the Customer Management Assessment database.
CMA_AVERAGE = 35.0
CMA_BEST = 67.0


def normalise(value, floor, target):
    """0 at the floor, 100 at the target, linear between, bounded."""
    if target == floor:
        return 100.0 if value >= target else 0.0
    return max(0.0, min(100.0, 100.0 * (value - floor) / (target - floor)))


# The KPI counts (crm.qci.kpi) the assessment's measures are shares of.
KPI_TOTALS = (
    "won_count",
    "lost_count",
    "quotes_sent",
    "quotes_confirmed",
    "tickets_met",
    "tickets_with_sla",
    "ratings",
    "rating_total",
    "cadence_customers",
    "cadence_on_time",
)


def _share(totals, numerator, denominator):
    """``numerator`` as a percentage of ``denominator`` (0 when there is none)."""
    if not totals[denominator]:
        return 0.0
    return 100.0 * totals[numerator] / totals[denominator]


class CrmQciAssessment(models.Model):
    _name = "crm.qci.assessment"
    _description = "QCI assessment"
    _inherit = ["mail.thread"]
    _order = "date_from desc, id desc"

    name = fields.Char(required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    team_id = fields.Many2one(
        "crm.team", "Sales team", help="Empty: the whole company.", tracking=True
    )
    date_from = fields.Date(required=True, tracking=True)
    date_to = fields.Date(required=True, tracking=True)
    state = fields.Selection(
        [("draft", "Draft"), ("in_progress", "In progress"), ("done", "Done")],
        default="draft",
        required=True,
        tracking=True,
    )
    active = fields.Boolean(default=True)
    measured_share = fields.Float(
        "Measured share (%)",
        default=50.0,
        help="How much the measured score counts in a component's score; the "
        "questionnaire counts for the rest.",
    )
    line_ids = fields.One2many(
        "crm.qci.assessment.line", "assessment_id", "Components", copy=True
    )
    qci_index = fields.Float(
        "QCI index", compute="_compute_index", store=True, aggregator="avg"
    )
    previous_id = fields.Many2one(
        "crm.qci.assessment", compute="_compute_previous", string="Previous assessment"
    )
    previous_index = fields.Float(compute="_compute_previous")
    trend = fields.Float(
        compute="_compute_previous", help="Index minus the previous one."
    )
    cma_average = fields.Float(
        "CMA average", default=CMA_AVERAGE, readonly=True, help="Reference point."
    )
    cma_best = fields.Float(
        "CMA best practice", default=CMA_BEST, readonly=True, help="Reference point."
    )

    @api.depends("line_ids.score", "line_ids.weight")
    def _compute_index(self):
        for assessment in self:
            assessment.qci_index = (
                sum(line.score * line.weight for line in assessment.line_ids) / 100.0
            )

    @api.depends("date_from", "team_id", "company_id")
    def _compute_previous(self):
        for assessment in self:
            previous = (
                self.search(
                    [
                        ("company_id", "=", assessment.company_id.id),
                        ("team_id", "=", assessment.team_id.id),
                        ("state", "=", "done"),
                        ("date_from", "<", assessment.date_from),
                        ("id", "!=", assessment.id or 0),
                    ],
                    order="date_from desc",
                    limit=1,
                )
                if assessment.date_from
                else self.browse()
            )
            assessment.previous_id = previous
            assessment.previous_index = previous.qci_index
            assessment.trend = (
                assessment.qci_index - previous.qci_index if previous else 0.0
            )

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for assessment in self:
            if assessment.date_to < assessment.date_from:
                raise ValidationError(
                    self.env._("An assessment period cannot end before it starts.")
                )

    @api.constrains("measured_share")
    def _check_measured_share(self):
        for assessment in self:
            if not 0 <= assessment.measured_share <= 100:
                raise ValidationError(
                    self.env._("The measured share is between 0 and 100%.")
                )

    @api.constrains("line_ids")
    def _check_weights(self):
        for assessment in self:
            total = sum(assessment.line_ids.mapped("weight"))
            if assessment.line_ids and float_compare(total, 100.0, 2) != 0:
                raise ValidationError(
                    self.env._(
                        "The component weights of %(assessment)s must sum to 100 "
                        "(now %(total)s).",
                        assessment=assessment.name,
                        total=round(total, 2),
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        components = self.env["crm.qci.component"].search([("code", "!=", False)])
        for vals in vals_list:
            if not vals.get("line_ids"):
                vals["line_ids"] = [
                    (0, 0, {"component_id": c.id, "weight": c.default_weight})
                    for c in components
                ]
        return super().create(vals_list)

    def write(self, vals):
        if set(vals) - {"active"}:
            self._check_unlocked()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if any(assessment.state != "draft" for assessment in self):
            raise UserError(
                self.env._(
                    "An assessment that was started holds the history of the QCI "
                    "index: archive it instead of deleting it."
                )
            )

    def _check_unlocked(self):
        """A done assessment, its components and answers do not change."""
        if any(assessment.state == "done" for assessment in self):
            raise UserError(
                self.env._(
                    "A done assessment is locked: duplicate it for a new period."
                )
            )

    # -- actions --------------------------------------------------------------------

    def action_start(self):
        """Measure the components and open the questionnaire."""
        for assessment in self:
            if assessment.state != "draft":
                raise UserError(self.env._("Only a draft assessment can start."))
            assessment.line_ids._create_answers()
            assessment.action_measure()
            assessment.state = "in_progress"
        return True

    def action_measure(self):
        self._check_unlocked()
        for assessment in self:
            values = assessment._measures()
            for line in assessment.line_ids:
                component = line.component_id
                raw = values.get(component.measure, 0.0)
                line.write(
                    {
                        "measured_value": raw,
                        "measured_score": normalise(
                            raw, component.floor, component.target
                        ),
                    }
                )
        return True

    def action_done(self):
        for assessment in self:
            if assessment.state != "in_progress":
                raise UserError(
                    self.env._("Only an assessment in progress can be done.")
                )
            assessment._check_answered()
            assessment.state = "done"
        return True

    def _check_answered(self):
        """A questionnaire that counts is answered before the assessment is
        done: left at 0 %, it would halve every component's score."""
        answers = self.line_ids.answer_ids
        if (
            self.measured_share < 100
            and answers
            and not any(answer.intention or answer.reality for answer in answers)
        ):
            raise UserError(
                self.env._(
                    "Answer the questionnaire of %(assessment)s before marking it "
                    "done: every answer is still 0 %%, which counts for "
                    "%(share)s %% of each component's score. To score on the "
                    "measures alone, set the measured share to 100 %%.",
                    assessment=self.name,
                    share=formatLang(self.env, 100 - self.measured_share, digits=0),
                )
            )

    def action_chart(self):
        """The eight component scores of this assessment as a bar chart."""
        self.ensure_one()
        return list_action(
            "crm.qci.assessment.line",
            [("assessment_id", "=", self.id)],
            self.name,
            view_mode="graph,pivot",
        )

    def action_next_period(self):
        """A new draft for the following period, with the same weights."""
        self.ensure_one()
        start = self.date_to + relativedelta(days=1)
        whole_months = (
            self.date_from.day == 1 and (self.date_to + relativedelta(days=1)).day == 1
        )
        if whole_months:
            months = (self.date_to.year - self.date_from.year) * 12 + (
                self.date_to.month - self.date_from.month + 1
            )
            end = start + relativedelta(months=months, days=-1)
        else:
            end = start + (self.date_to - self.date_from)
        new = self.copy(
            {
                "name": self.env._("%(name)s (next period)", name=self.name),
                "date_from": start,
                "date_to": end,
                "state": "draft",
                "line_ids": [
                    (
                        0,
                        0,
                        {"component_id": line.component_id.id, "weight": line.weight},
                    )
                    for line in self.line_ids
                ],
            }
        )
        return form_action(new)

    def _measures(self):
        """The raw measures of the period (shares as 0-100, satisfaction 1-5)."""
        self.ensure_one()
        users = self.team_id.member_ids
        totals = self._kpi_totals(users)
        won_lost = totals["won_count"] + totals["lost_count"]
        return {
            **self._profile_measures(users),
            "quote_acceptance": _share(totals, "quotes_confirmed", "quotes_sent"),
            "target_attainment": self._target_attainment(users),
            "sla_compliance": _share(totals, "tickets_met", "tickets_with_sla"),
            "win_rate": 100.0 * totals["won_count"] / won_lost if won_lost else 0.0,
            "cadence_kept": _share(totals, "cadence_on_time", "cadence_customers"),
            "csat_avg": totals["rating_total"] / totals["ratings"]
            if totals["ratings"]
            else 0.0,
        }

    def _kpi_totals(self, users):
        """The period's KPI counts summed over ``users`` (every salesperson of the
        company when empty)."""
        result = self.env["crm.qci.kpi"]._compute_kpis(
            self.date_from,
            self.date_to,
            user_ids=users.ids or None,
            company_id=self.company_id.id,
            tz=company_tz(self.company_id),
        )
        kpis = result["users"].values()
        return {key: sum(values.get(key, 0) for values in kpis) for key in KPI_TOTALS}

    def _profile_measures(self, users):
        """Share of the customers in a segment and their average Identify score,
        over the customers of ``users`` (all the company's when empty)."""
        domain = [("company_id", "=", self.company_id.id)]
        if users:
            domain.append(("partner_id.user_id", "in", users.ids))
        [(count, segmented, identify)] = self.env["crm.idic.profile"]._read_group(
            domain, [], ["__count", "segment_id:count", "identify_score:sum"]
        )
        return {
            "segmented_share": 100.0 * segmented / count if count else 0.0,
            "identify_avg": identify / count if count else 0.0,
        }

    def _target_attainment(self, users):
        """Average attainment of the revenue targets of the period; each target
        counts up to 100 %: one seller's excess hides no miss."""
        domain = [
            ("company_id", "=", self.company_id.id),
            ("date_from", "<=", self.date_to),
            ("date_to", ">=", self.date_from),
            ("revenue_target", ">", 0),
        ]
        if users:
            domain += [
                "|",
                ("user_id", "in", users.ids),
                ("team_id", "=", self.team_id.id),
            ]
        attainments = (
            self.env["crm.qci.target"].search(domain).mapped("revenue_attainment")
        )
        if not attainments:
            return 0.0
        return sum(min(100.0, value) for value in attainments) / len(attainments)
