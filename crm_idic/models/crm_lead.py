from odoo import api, fields, models

# A lead without a customer scores on what it tells (60) and how much was said (40).
LEAD_FIELD_POINTS = {
    "email_from": 15,
    "phone": 15,
    "contact_name": 10,
    "partner_name": 10,
    "street": 5,
    "city": 5,
}


class CrmLead(models.Model):
    _inherit = "crm.lead"

    idic_score = fields.Float(
        "IDIC score",
        compute="_compute_idic_score",
        store=True,
        readonly=True,
        digits=(5, 2),
        aggregator="avg",
        help="The customer's IDIC score; for a lead without customer, a score of its "
        "own completeness and interactions.",
    )

    @api.depends(
        "partner_id",
        "company_id",
        "email_from",
        "phone",
        "contact_name",
        "partner_name",
        "street",
        "city",
    )
    def _compute_idic_score(self):
        with_partner = self.filtered("partner_id")
        profiles = self.env["crm.idic.profile"].search(
            [("partner_id", "in", with_partner.partner_id.commercial_partner_id.ids)]
        )
        scores = {(p.partner_id.id, p.company_id.id): p.idic_score for p in profiles}
        alone = (self - with_partner).filtered("id")
        messages = dict(
            self.env["mail.message"]._read_group(
                [
                    ("model", "=", "crm.lead"),
                    ("res_id", "in", alone.ids),
                    ("message_type", "in", ["email", "comment", "email_outgoing"]),
                    ("author_id", "!=", self.env.ref("base.partner_root").id),
                ],
                ["res_id"],
                ["__count"],
            )
        )
        for lead in self:
            if lead.partner_id:
                company = lead.company_id or self.env.company
                lead.idic_score = scores.get(
                    (lead.partner_id.commercial_partner_id.id, company.id), 0.0
                )
                continue
            filled = sum(
                points for name, points in LEAD_FIELD_POINTS.items() if lead[name]
            )
            talked = 10 * min(messages.get(lead.id, 0), 4) if lead.id else 0
            lead.idic_score = float(filled + talked)
