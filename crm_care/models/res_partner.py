from odoo import api, fields, models
from odoo.tools import SQL


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Also defined by crm_idic (which does not depend on this addon): the same field.
    birthday = fields.Date(
        help="Date of birth of an individual customer: it completes the customer's "
        "profile and is an occasion to care for the customer.",
    )
    birthday_month = fields.Integer(
        compute="_compute_birthday_month", store=True, index=True
    )
    birthday_within_days = fields.Integer(
        "Birthday within (days)",
        compute="_compute_birthday_within_days",
        search="_search_birthday_within_days",
        help="Days until the next birthday.",
    )
    care_greeting_opt_in = fields.Boolean(
        "Agrees to greetings",
        help="The customer agreed to receive birthday and anniversary greetings.",
    )

    care_ticket_count = fields.Integer(
        "Care tickets", compute="_compute_care_ticket_count"
    )

    @api.depends("birthday")
    def _compute_birthday_month(self):
        for partner in self:
            partner.birthday_month = partner.birthday.month if partner.birthday else 0

    def _compute_birthday_within_days(self):
        from .crm_care_greeting import birthday_in  # noqa: PLC0415

        today = fields.Date.context_today(self)
        for partner in self:
            if not partner.birthday:
                partner.birthday_within_days = -1
                continue
            upcoming = birthday_in(today.year, partner.birthday)
            if upcoming < today:
                upcoming = birthday_in(today.year + 1, partner.birthday)
            partner.birthday_within_days = (upcoming - today).days

    def _search_birthday_within_days(self, operator, value):
        if operator not in ("<=", "<") or not isinstance(value, int):
            raise NotImplementedError(operator)
        limit = value if operator == "<=" else value - 1
        today = fields.Date.context_today(self)
        # The next birthday: this year's, or next year's when it has passed.
        query = SQL(
            """
            SELECT id FROM (
                SELECT id, make_date(%(year)s, EXTRACT(MONTH FROM birthday)::int, 1)
                           + (LEAST(EXTRACT(DAY FROM birthday)::int,
                                    EXTRACT(DAY FROM (make_date(%(year)s,
                                        EXTRACT(MONTH FROM birthday)::int, 1)
                                        + interval '1 month - 1 day'))::int) - 1)
                           AS this_year
                  FROM res_partner WHERE birthday IS NOT NULL
            ) b
             WHERE (CASE WHEN b.this_year >= %(today)s THEN b.this_year
                         ELSE (b.this_year + interval '1 year')::date END)
                   - %(today)s <= %(limit)s
            """,
            year=today.year,
            today=today,
            limit=limit,
        )
        return [("id", "in", query)]

    def _compute_care_ticket_count(self):
        counts = dict(
            self.env["crm.care.ticket"]._read_group(
                [("commercial_partner_id", "in", self.commercial_partner_id.ids)],
                ["commercial_partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.care_ticket_count = counts.get(partner.commercial_partner_id, 0)

    def action_view_care_tickets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_care.crm_care_ticket_action"
        )
        action["domain"] = [
            ("commercial_partner_id", "=", self.commercial_partner_id.id)
        ]
        action["context"] = {"default_partner_id": self.id}
        return action
