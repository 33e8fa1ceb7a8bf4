from itertools import cycle

from odoo import Command, api, fields, models
from odoo.exceptions import UserError


class CrmQciReassign(models.TransientModel):
    """Move a departing salesperson's work to one or several colleagues, so that
    nothing is left unassigned and nothing is lost."""

    _name = "crm.qci.reassign"
    _description = "Reassign a salesperson's customers and work"

    from_user_id = fields.Many2one(
        "res.users", "From", required=True, domain=[("share", "=", False)]
    )
    to_user_ids = fields.Many2many(
        "res.users",
        string="To",
        required=True,
        domain=[("share", "=", False)],
        help="Customers are shared out in turn; each customer's opportunities, "
        "quotations, tickets and contracts follow it.",
    )
    customer_count = fields.Integer(compute="_compute_counts")
    lead_count = fields.Integer(compute="_compute_counts")
    quotation_count = fields.Integer(compute="_compute_counts")
    ticket_count = fields.Integer(compute="_compute_counts")
    contract_count = fields.Integer(compute="_compute_counts")
    activity_count = fields.Integer(compute="_compute_counts")
    leave_teams = fields.Boolean(
        "Leaves the teams",
        default=True,
        help="The departing salesperson leaves their sales teams and care desks, "
        "so that no new opportunity or ticket is assigned to them; the teams and "
        "desks they lead go to the first colleague.",
    )
    team_count = fields.Integer(compute="_compute_counts")

    def _records(self, user):
        """What belongs to the user and must move, by kind. The tickets and
        contracts, and the activities on them, are read as the system, in the
        companies the manager works in: a sales manager hands them over
        without care or contract rights of their own."""
        env = self.env
        in_companies = [("company_id", "in", env.companies.ids)]
        tickets = (
            env["crm.care.ticket"]
            .sudo()
            .search(
                [("user_id", "=", user.id), ("is_closed", "=", False), *in_companies]
            )
        )
        contracts = (
            env["crm.care.contract"]
            .sudo()
            .search(
                [
                    ("user_id", "=", user.id),
                    ("state", "not in", ["closed", "cancel", "expired"]),
                    *in_companies,
                ]
            )
        )
        Activity = env["mail.activity"]
        on_care = Activity.sudo().search(
            [
                ("user_id", "=", user.id),
                "|",
                "&",
                ("res_model", "=", tickets._name),
                ("res_id", "in", tickets.ids),
                "&",
                ("res_model", "=", contracts._name),
                ("res_id", "in", contracts.ids),
            ]
        )
        desks = (
            env["crm.care.team"]
            .sudo()
            .search(
                [
                    "|",
                    ("member_ids", "in", user.ids),
                    ("leader_id", "=", user.id),
                    *in_companies,
                ]
            )
        )
        return {
            "memberships": env["crm.team.member"].search([("user_id", "=", user.id)]),
            "led_teams": env["crm.team"].search([("user_id", "=", user.id)]),
            "desks": desks,
            "customers": env["res.partner"].search([("user_id", "=", user.id)]),
            "leads": env["crm.lead"].search(
                [("user_id", "=", user.id), ("won_status", "=", "pending")]
            ),
            "quotations": env["sale.order"].search(
                [("user_id", "=", user.id), ("state", "in", ["draft", "sent"])]
            ),
            "tickets": tickets,
            "contracts": contracts,
            "activities": (
                Activity.search([("user_id", "=", user.id)]) | on_care.sudo(False)
            ).sudo(),
        }

    @staticmethod
    def _hand_over(records, owner_of):
        """Give each record to ``owner_of(record)``, one write per new owner.

        :return: ``{(model, id): user}``
        """
        given = {(record._name, record.id): owner_of(record) for record in records}
        for user in set(given.values()):
            records.filtered(
                lambda record, user=user: given[(record._name, record.id)] == user
            ).write({"user_id": user.id})
        return given

    @staticmethod
    def _sales_teams(records):
        """The sales teams the departing salesperson is in or leads."""
        return records["memberships"].crm_team_id | records["led_teams"]

    @api.depends("from_user_id")
    def _compute_counts(self):
        for wizard in self:
            if not wizard.from_user_id:
                wizard.update(
                    dict.fromkeys(
                        [
                            "customer_count",
                            "lead_count",
                            "quotation_count",
                            "ticket_count",
                            "contract_count",
                            "activity_count",
                            "team_count",
                        ],
                        0,
                    )
                )
                continue
            records = wizard._records(wizard.from_user_id)
            wizard.customer_count = len(records["customers"])
            wizard.lead_count = len(records["leads"])
            wizard.quotation_count = len(records["quotations"])
            wizard.ticket_count = len(records["tickets"])
            wizard.contract_count = len(records["contracts"])
            wizard.activity_count = len(records["activities"])
            wizard.team_count = len(self._sales_teams(records)) + len(records["desks"])

    def action_reassign(self):
        self.ensure_one()
        if self.from_user_id in self.to_user_ids:
            raise UserError(
                self.env._("Choose colleagues other than the departing salesperson.")
            )
        if not self.to_user_ids:
            raise UserError(self.env._("Choose at least one colleague to take over."))
        records = self._records(self.from_user_id)
        turn = cycle(self.to_user_ids.sorted("id"))
        owner = {}

        def new_owner(partner):
            """Customers in turn; a company's contacts and records go with it."""
            key = partner.commercial_partner_id.id if partner else None
            if key not in owner:
                owner[key] = next(turn)
            return owner[key]

        customers = records["customers"].sorted(
            lambda p: (p.commercial_partner_id.id, p.id)
        )
        self._hand_over(customers, new_owner)
        moved = {}
        for kind in ("leads", "quotations", "tickets", "contracts"):
            moved.update(
                self._hand_over(records[kind], lambda r: new_owner(r.partner_id))
            )

        def activity_owner(activity):
            user = moved.get((activity.res_model, activity.res_id))
            if not user and activity.res_model == "res.partner":
                user = new_owner(self.env["res.partner"].browse(activity.res_id))
            return user or next(turn)

        self._hand_over(records["activities"], activity_owner)
        if self.leave_teams:
            self._leave_teams(records)
        self.from_user_id.partner_id.message_post(body=self._note(records))
        return {"type": "ir.actions.act_window_close"}

    def _note(self, records):
        """The words of the departing salesperson's chatter: what moved to whom
        and, when they left them, the teams and desks they are no longer in."""
        note = self.env._(
            "Work of %(user)s reassigned to %(others)s: %(customers)s customers, "
            "%(leads)s opportunities, %(quotes)s quotations, %(tickets)s tickets, "
            "%(contracts)s contracts, %(activities)s activities.",
            user=self.from_user_id.name,
            others=", ".join(self.to_user_ids.mapped("name")),
            customers=len(records["customers"]),
            leads=len(records["leads"]),
            quotes=len(records["quotations"]),
            tickets=len(records["tickets"]),
            contracts=len(records["contracts"]),
            activities=len(records["activities"]),
        )
        teams = self._sales_teams(records)
        if not self.leave_teams or not (teams or records["desks"]):
            return note
        return (
            note
            + " "
            + self.env._(
                "Left the sales teams and care desks: %(teams)s.",
                teams=", ".join(teams.mapped("name") + records["desks"].mapped("name")),
            )
        )

    def _leave_teams(self, records):
        """The departing salesperson leaves their sales teams and care desks
        (Odoo's and the desk's assignment give them nothing more); the first
        colleague leads the teams and desks they led."""
        user, heir = self.from_user_id, self.to_user_ids.sorted("id")[:1]
        records["memberships"].action_archive()
        records["led_teams"].write({"user_id": heir.id})
        desks = records["desks"]
        desks.write({"member_ids": [Command.unlink(user.id)]})
        desks.filtered(lambda desk: desk.leader_id == user).write(
            {"leader_id": heir.id}
        )
