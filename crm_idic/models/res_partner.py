from odoo import api, fields, models

from ..tools import scoring


class ResPartner(models.Model):
    _inherit = "res.partner"

    birthday = fields.Date(
        help="Date of birth of an individual customer: it completes the customer's "
        "profile and is an occasion to care for the customer.",
    )
    # Per company (company-dependent): written by the IDIC recompute, searchable,
    # filterable and groupable in lists for the current company.
    idic_score = fields.Float(
        "IDIC score", company_dependent=True, readonly=True, digits=(5, 2)
    )
    idic_value_tier = fields.Selection(
        scoring.VALUE_TIERS, "Value tier", company_dependent=True, readonly=True
    )
    idic_rfm_segment = fields.Selection(
        scoring.RFM_SEGMENTS, "RFM segment", company_dependent=True, readonly=True
    )
    idic_need_ids = fields.Many2many(
        "crm.idic.need",
        string="Stated needs",
        help="What the customer told us it needs.",
    )
    idic_profile_id = fields.Many2one(
        "crm.idic.profile", "IDIC profile", compute="_compute_idic_profile"
    )
    idic_identify_score = fields.Float("Identify", compute="_compute_idic_profile")
    idic_differentiate_score = fields.Float(
        "Differentiate", compute="_compute_idic_profile"
    )
    idic_interact_score = fields.Float("Interact", compute="_compute_idic_profile")
    idic_customize_score = fields.Float("Customize", compute="_compute_idic_profile")
    idic_score_explanation = fields.Html(
        "Why this score", compute="_compute_idic_profile", sanitize=False
    )
    idic_segment_id = fields.Many2one(
        "crm.idic.segment", "IDIC segment", compute="_compute_idic_profile"
    )
    idic_duplicate_count = fields.Integer(
        "Possible duplicates", compute="_compute_idic_profile"
    )

    @api.depends_context("company")
    def _compute_idic_profile(self):
        profiles = self.env["crm.idic.profile"].search(
            [
                ("partner_id", "in", self.commercial_partner_id.ids),
                ("company_id", "=", self.env.company.id),
            ]
        )
        by_partner = {profile.partner_id.id: profile for profile in profiles}
        for partner in self:
            profile = by_partner.get(
                partner.commercial_partner_id.id, self.env["crm.idic.profile"]
            )
            partner.idic_profile_id = profile
            partner.idic_identify_score = profile.identify_score
            partner.idic_differentiate_score = profile.differentiate_score
            partner.idic_interact_score = profile.interact_score
            partner.idic_customize_score = profile.customize_score
            partner.idic_score_explanation = profile.score_explanation
            partner.idic_segment_id = profile.segment_id
            partner.idic_duplicate_count = profile.duplicate_count

    def action_idic_open_duplicates(self):
        self.ensure_one()
        return self.idic_profile_id.action_open_duplicates()
