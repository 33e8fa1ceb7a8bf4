from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain
from odoo.tools import SQL
from odoo.tools.safe_eval import datetime as safe_eval_datetime
from odoo.tools.safe_eval import safe_eval

from ..tools.localtime import company_tz, local_today
from ..tools.records import count_by, list_action


class CrmIdicSegment(models.Model):
    _name = "crm.idic.segment"
    _description = "IDIC customer segment"
    _inherit = ["mail.thread"]
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(
        default=10,
        help="A customer joins the first segment, in this order, whose rule it meets.",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    rule_domain = fields.Char(
        "Membership rule",
        default="[]",
        required=True,
        tracking=True,
        help="Which IDIC profiles belong to the segment (tier, RFM segment, needs, "
        "country...).",
    )
    suggestion = fields.Text(
        translate=True,
        help="What salespeople should offer or do for these customers; shown on "
        "their quotations.",
    )
    pricelist_id = fields.Many2one(
        "product.pricelist", "Proposed pricelist", check_company=True, tracking=True
    )
    tag_ids = fields.Many2many("res.partner.category", string="Tags to add")
    activity_plan_id = fields.Many2one(
        "mail.activity.plan",
        domain=[("res_model", "=", "res.partner")],
        help="Activities planned for each member when the customization is applied.",
    )
    cadence_days = fields.Integer(
        "Contact every (days)",
        help="Customers not contacted for longer get a follow-up activity; 0: none.",
    )
    mail_template_ids = fields.Many2many(
        "mail.template",
        string="Campaign templates",
        domain=[("model", "=", "res.partner")],
    )
    loyalty_program_id = fields.Many2one(
        "loyalty.program",
        "Loyalty programme",
        domain="[('program_type', '=', 'loyalty'), "
        "('company_id', 'in', (company_id, False))]",
        help="Each member gets a card of this programme (the customer company's "
        "card, found for the orders of any of its contacts), once.",
    )
    loyalty_keep_cards = fields.Boolean(
        "Members keep their card",
        default=True,
        help="A customer who leaves the segment keeps the card it was given; "
        "unticked, the card is archived (and given back if the customer returns).",
    )
    profile_ids = fields.One2many("crm.idic.profile", "segment_id", "Members")
    # As superuser: a care manager choosing an occasion's segments reads them.
    member_count = fields.Integer(compute="_compute_member_count", compute_sudo=True)

    @api.depends("profile_ids")
    def _compute_member_count(self):
        counts = count_by(self.env["crm.idic.profile"], "segment_id", self)
        for segment in self:
            segment.member_count = counts.get(segment, 0)

    @api.constrains("rule_domain")
    def _check_rule_domain(self):
        for segment in self:
            try:
                domain = Domain(segment._rule())
                self.env["crm.idic.profile"].search(domain, limit=1)
            except Exception as error:
                raise ValidationError(
                    self.env._(
                        "The membership rule of %(segment)s is not a valid filter on "
                        "IDIC profiles: %(error)s",
                        segment=segment.name,
                        error=error,
                    )
                ) from error

    @api.constrains("cadence_days")
    def _check_cadence_days(self):
        for segment in self:
            if segment.cadence_days < 0:
                raise ValidationError(
                    self.env._("The contact cadence cannot be negative.")
                )

    def _rule(self):
        """The membership rule as a domain. ``context_today()`` and Odoo's
        relative dates ("today -30d", what the domain editor writes) are the
        context's day: the company's, when the recompute updates the members."""
        self.ensure_one()
        return safe_eval(
            self.rule_domain or "[]",
            {
                "context_today": lambda: fields.Date.context_today(self),
                "relativedelta": relativedelta,
                "datetime": safe_eval_datetime,
            },
        )

    def action_view_members(self):
        self.ensure_one()
        return list_action(
            "crm.idic.profile",
            [("segment_id", "=", self.id)],
            self.name,
            view_mode="list,form",
        )

    def action_apply_customization(self):
        """Apply the segment's customization to its members: pricelist, tags, plan."""
        today = fields.Date.context_today(self)
        for segment in self:
            profiles = segment.profile_ids
            partners = profiles.partner_id
            if not partners:
                continue
            values = {}
            if segment.tag_ids:
                values["category_id"] = [(4, tag.id) for tag in segment.tag_ids]
            if segment.pricelist_id:
                values["property_product_pricelist"] = segment.pricelist_id.id
            if values:
                partners.with_company(segment.company_id).write(values)
            if segment.activity_plan_id:
                activities = []
                for partner in partners:
                    for template in segment.activity_plan_id.template_ids:
                        activities.append(
                            {
                                "res_model_id": self.env["ir.model"]._get_id(
                                    "res.partner"
                                ),
                                "res_id": partner.id,
                                "activity_type_id": template.activity_type_id.id,
                                "summary": template.summary or segment.name,
                                "user_id": (
                                    template.responsible_id or partner.user_id
                                ).id
                                or self.env.uid,
                                "date_deadline": today
                                + timedelta(days=template.delay_count or 0),
                            }
                        )
                self.env["mail.activity"].create(activities)
            profiles.write(
                {"customized_segment_id": segment.id, "customized_date": today}
            )
        return True

    def action_send_campaign(self):
        """Send each campaign template to every member (logged on the customer)."""
        subtype = self.env.ref("crm_idic.mt_segment_campaign")
        for segment in self:
            for template in segment.mail_template_ids:
                for partner in segment.profile_ids.partner_id:
                    partner.message_post_with_source(template, subtype_id=subtype.id)
        return True

    # -- called by the profile recompute ---------------------------------------------

    @api.model
    def _idic_update_members(self, company):
        """First matching segment wins; one query per segment, one write.

        :return: the ids of the profiles whose segment changed
        """
        # The rules' days are the company's (the scheduled action's user has
        # no time zone).
        local = self.with_context(tz=company_tz(company))
        Profile = local.env["crm.idic.profile"]
        assigned = {}
        segments = local.search([("company_id", "=", company.id)])
        for segment in segments:
            domain = Domain.AND(
                [
                    Domain(segment._rule()),
                    [("company_id", "=", company.id)],
                    [("id", "not in", list(assigned))],
                ]
            )
            for profile_id in Profile.search(domain).ids:
                assigned[profile_id] = segment.id
        self.env.cr.execute(
            SQL(
                """
                UPDATE crm_idic_profile pr SET segment_id = v.segment_id
                  FROM (SELECT unnest(%(ids)s::int[]) AS id,
                               unnest(%(segments)s::int[]) AS segment_id) v
                 WHERE pr.id = v.id AND pr.segment_id IS DISTINCT FROM v.segment_id
             RETURNING pr.id
                """,
                ids=list(assigned),
                segments=list(assigned.values()),
            )
        )
        moved = [row[0] for row in self.env.cr.fetchall()]
        self.env.cr.execute(
            SQL(
                "UPDATE crm_idic_profile SET segment_id = NULL WHERE company_id = %s "
                "AND segment_id IS NOT NULL AND NOT (id = ANY(%s)) RETURNING id",
                company.id,
                list(assigned),
            )
        )
        moved += [row[0] for row in self.env.cr.fetchall()]
        Profile.invalidate_model(["segment_id"])
        return moved

    @api.model
    def _idic_enrol_loyalty(self, company):
        """Give each member of the company's segments with a loyalty programme
        its card, once (an archived one is given back), and archive the cards of
        customers who left a segment that does not let them keep it."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT pr.partner_id, s.loyalty_program_id, s.id,
                       (SELECT min(c.id) FROM loyalty_card c
                         WHERE c.program_id = s.loyalty_program_id
                           AND c.partner_id = pr.partner_id)
                  FROM crm_idic_profile pr
                  JOIN crm_idic_segment s ON s.id = pr.segment_id
                 WHERE pr.company_id = %s AND s.loyalty_program_id IS NOT NULL
                   AND NOT EXISTS (
                       SELECT 1 FROM loyalty_card c
                        WHERE c.program_id = s.loyalty_program_id
                          AND c.partner_id = pr.partner_id AND c.active)
                """,
                company.id,
            )
        )
        rows = self.env.cr.fetchall()
        Card = (
            self.env["loyalty.card"]
            .sudo()
            .with_context(loyalty_no_mail=True, tracking_disable=True)
        )
        Card.browse(row[3] for row in rows if row[3]).write({"active": True})
        Card.create(
            [
                {
                    "partner_id": partner,
                    "program_id": program,
                    "idic_segment_id": segment,
                    "points": 0.0,
                }
                for partner, program, segment, card in rows
                if not card
            ]
        )
        Card.browse(self._idic_cards_left(company)).write({"active": False})

    def _idic_cards_left(self, company):
        """The active cards a segment of the company gave to a customer no longer
        in a segment of that programme, when the segment does not let them keep it."""
        self.env.cr.execute(
            SQL(
                """
                SELECT c.id
                  FROM loyalty_card c
                  JOIN crm_idic_segment s ON s.id = c.idic_segment_id
                 WHERE c.active AND s.company_id = %(company)s
                   AND NOT s.loyalty_keep_cards
                   AND NOT EXISTS (
                       SELECT 1 FROM crm_idic_profile pr
                         JOIN crm_idic_segment m ON m.id = pr.segment_id
                        WHERE pr.partner_id = c.partner_id
                          AND pr.company_id = %(company)s
                          AND m.loyalty_program_id = c.program_id)
                """,
                company=company.id,
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    @api.model
    def _idic_schedule_cadence(self, companies):
        """One follow-up activity per overdue customer and cadence, never two."""
        activity_type = self.env.ref("crm_idic.mail_activity_type_cadence")
        profiles = self.env["crm.idic.profile"].search(
            [
                ("company_id", "in", companies.ids),
                ("cadence_overdue", "=", True),
                ("partner_id.user_id", "!=", False),
            ]
        )
        if not profiles:
            return
        existing = set(
            self.env["mail.activity"]
            .search(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "in", profiles.partner_id.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )
            .mapped("res_id")
        )
        model_id = self.env["ir.model"]._get_id("res.partner")
        # Due today, the company's local day.
        today = {company: local_today(company_tz(company)) for company in companies}
        values = [
            {
                "res_model_id": model_id,
                "res_id": profile.partner_id.id,
                "activity_type_id": activity_type.id,
                "user_id": profile.partner_id.user_id.id,
                "date_deadline": today[profile.company_id],
                # In the salesperson's language: the activity is theirs to read.
                "summary": self.with_context(
                    lang=profile.partner_id.user_id.lang
                ).env._(
                    "Contact %(customer)s: due every %(days)s days (%(segment)s)",
                    customer=profile.partner_id.name,
                    days=profile.segment_id.cadence_days,
                    segment=profile.segment_id.name,
                ),
            }
            for profile in profiles
            if profile.partner_id.id not in existing
        ]
        if values:
            self.env["mail.activity"].create(values)
