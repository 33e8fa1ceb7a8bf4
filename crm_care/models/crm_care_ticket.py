from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date

from odoo.addons.crm_idic.tools import (
    company_tz,
    local_today,
)
from odoo.addons.crm_idic.tools.access import STAFF, require_group
from odoo.addons.crm_idic.tools.sequences import next_company_number

from .crm_care_sla import PRIORITIES
from .crm_care_ticket_sla import SLA_STATUSES
from .res_company import CARE_SEQUENCES


class CrmCareTicket(models.Model):
    _name = "crm.care.ticket"
    _description = "Care ticket"
    _inherit = [
        "portal.mixin",
        "mail.thread.cc",
        "mail.activity.mixin",
        "rating.mixin",
        "crm.care.ticket.conversation",
        "crm.care.ticket.portal",
        "crm.care.ticket.after.sale",
        "crm.care.ticket.sla",
        "crm.idic.company.tracking",
    ]
    _order = "priority desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["name", "subject", "partner_id.name"]

    def _default_stage(self):
        return self.env["crm.care.stage"].search([], limit=1)

    name = fields.Char(
        "Reference", required=True, readonly=True, copy=False, default="/", index=True
    )
    subject = fields.Char(required=True, tracking=True)
    description = fields.Html(sanitize=True, sanitize_style=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    partner_id = fields.Many2one(
        "res.partner", "Customer", tracking=True, index=True, check_company=True
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", store=True, index=True
    )
    contact_id = fields.Many2one(
        "res.partner",
        domain="[('parent_id', '=', commercial_partner_id)]",
        check_company=True,
    )
    email_from = fields.Char(
        "Email", compute="_compute_email_from", store=True, readonly=False
    )
    sale_order_id = fields.Many2one(
        "sale.order", "Sales order", tracking=True, check_company=True, index=True
    )
    sale_line_id = fields.Many2one(
        "sale.order.line",
        "Order line",
        domain="[('order_id', '=', sale_order_id)]",
        check_company=True,
    )
    product_id = fields.Many2one(
        "product.product",
        compute="_compute_product_id",
        store=True,
        readonly=False,
        tracking=True,
    )
    ticket_type_id = fields.Many2one(
        "crm.care.ticket.type", "Type", tracking=True, index=True
    )
    channel = fields.Selection(
        [
            ("email", "Email"),
            ("phone", "Phone"),
            ("portal", "Portal"),
            ("walk_in", "Walk-in"),
            ("chat", "Chat"),
        ],
        default="phone",
        required=True,
    )
    priority = fields.Selection(PRIORITIES, default="0", required=True, tracking=True)
    stage_id = fields.Many2one(
        "crm.care.stage",
        default=_default_stage,
        required=True,
        tracking=True,
        group_expand="_read_group_stage_ids",
        index=True,
    )
    is_closed = fields.Boolean(related="stage_id.is_closed", store=True)
    team_id = fields.Many2one(
        "crm.care.team", tracking=True, check_company=True, index=True
    )
    user_id = fields.Many2one(
        "res.users",
        "Assigned to",
        tracking=True,
        domain=[("share", "=", False)],
        index=True,
    )
    tag_ids = fields.Many2many("crm.care.tag", string="Tags")
    resolution_type = fields.Selection(
        [
            ("answered", "Answered"),
            ("repaired", "Repaired"),
            ("exchanged", "Exchanged"),
            ("refunded", "Refunded"),
            ("discount", "Discount granted"),
            ("rejected", "Rejected"),
            ("no_reply", "No reply from the customer"),
        ],
        tracking=True,
    )
    # The desk's own finding: the customer reads the ticket on the portal and
    # over RPC, never this (the resolution notes go to them in the solved mail).
    root_cause = fields.Char(tracking=True, groups="base.group_user")
    resolution_notes = fields.Html(sanitize=True)
    first_response_date = fields.Datetime(readonly=True, copy=False)
    closed_date = fields.Datetime(readonly=True, copy=False, index=True)
    # Warranty
    warranty_months = fields.Integer(related="product_id.warranty_months")
    warranty_start_date = fields.Date(compute="_compute_warranty", store=True)
    warranty_end_date = fields.Date(compute="_compute_warranty", store=True)
    under_warranty = fields.Boolean(compute="_compute_warranty", store=True)
    is_warranty_claim = fields.Boolean(related="ticket_type_id.is_warranty")
    warranty_approved_by_id = fields.Many2one(
        "res.users", "Out-of-warranty approved by", readonly=True, tracking=True
    )
    warranty_approved_date = fields.Datetime(readonly=True)
    contract_id = fields.Many2one(
        "crm.care.contract",
        compute="_compute_contract_id",
        store=True,
        readonly=False,
        check_company=True,
        index="btree_not_null",
        domain="[('commercial_partner_id', '=', commercial_partner_id), "
        "('state', 'in', ('running', 'to_renew'))]",
        help="The customer's running service contract (chosen when there is one); "
        "its SLA, when it has one, applies.",
    )
    # SLA
    sla_id = fields.Many2one(
        "crm.care.sla", "SLA", compute="_compute_sla_id", store=True, readonly=False
    )
    # It may name the customer's value tier: the staff's only. Computed as
    # superuser: it names the ticket's contract to agents who may not read
    # contracts (their ticket form failed on a ticket under contract).
    sla_reason = fields.Char(
        "Why this SLA",
        compute="_compute_sla_reason",
        compute_sudo=True,
        groups=STAFF,
    )
    sla_start = fields.Datetime(
        default=fields.Datetime.now, required=True, readonly=True, copy=False
    )
    sla_paused_hours = fields.Float(
        "Working hours paused", readonly=True, copy=False, digits=(16, 4)
    )
    sla_pause_start = fields.Datetime(readonly=True, copy=False)
    first_response_hours = fields.Float(
        "Working hours to first response",
        compute="_compute_work_hours",
        store=True,
        aggregator="avg",
        digits=(16, 2),
        help="The team's working hours from the ticket's start to the first answer "
        "the customer read (to its closing when it was closed unanswered), as the "
        "SLA counts them.",
    )
    close_hours = fields.Float(
        "Working hours to close",
        compute="_compute_work_hours",
        store=True,
        aggregator="avg",
        digits=(16, 2),
        help="The team's working hours from the ticket's start to its closing, "
        "those spent waiting for the customer deducted, as the SLA counts them.",
    )
    sla_first_response_deadline = fields.Datetime(
        compute="_compute_sla_deadlines", store=True
    )
    sla_resolution_deadline = fields.Datetime(
        compute="_compute_sla_deadlines", store=True, index=True
    )
    sla_deadline = fields.Datetime(
        "Next SLA deadline",
        compute="_compute_sla_deadline",
        store=True,
        index=True,
        help="The first response's deadline until the customer is answered, then "
        "the resolution's.",
    )
    sla_status = fields.Selection(
        SLA_STATUSES, readonly=True, copy=False, tracking=True, index=True
    )
    sla_notified = fields.Selection(
        [("at_risk", "At risk"), ("failed", "Failed")], readonly=True, copy=False
    )

    _name_company_uniq = models.Constraint(
        "UNIQUE (company_id, name)", "A ticket reference is unique per company."
    )

    # -- computes -------------------------------------------------------------------

    @api.depends("partner_id", "contact_id")
    def _compute_email_from(self):
        """The address of the contact, else of the customer (Helpdesk's
        partner_email); a mail's sender stays as it wrote."""
        for ticket in self:
            email = (ticket.contact_id or ticket.partner_id).email
            if email:
                ticket.email_from = email

    @api.depends("sale_line_id")
    def _compute_product_id(self):
        for ticket in self:
            if ticket.sale_line_id:
                ticket.product_id = ticket.sale_line_id.product_id

    @api.depends(
        "product_id.warranty_months",
        "sale_line_id.order_id.date_order",
        "sale_order_id.date_order",
        "sla_start",
    )
    def _compute_warranty(self):
        for ticket in self:
            order = ticket.sale_line_id.order_id or ticket.sale_order_id
            start = ticket._warranty_start(order)
            months = ticket.product_id.warranty_months
            if not start or not months:
                ticket.warranty_start_date = start
                ticket.warranty_end_date = False
                ticket.under_warranty = False
                continue
            end = start + relativedelta(months=months)
            claim_day = local_today(
                company_tz(ticket.company_id or self.env.company),
                ticket.sla_start or fields.Datetime.now(),
            )
            ticket.warranty_start_date = start
            ticket.warranty_end_date = end
            ticket.under_warranty = claim_day <= end

    def _warranty_start(self, order):
        """Delivery date of the order when known, else its confirmation date."""
        if not order or order.state != "sale":
            return False
        delivered = order["effective_date"] if "effective_date" in order else False
        # The company's local day of the delivery (or confirmation) moment.
        return local_today(company_tz(order.company_id), delivered or order.date_order)

    @api.depends("commercial_partner_id", "company_id")
    def _compute_contract_id(self):
        """The customer's running contract in force today in the ticket's
        company (the latest started), unless one was chosen: a contract approved
        ahead of its start (a renewal, a new one) covers nothing yet."""
        partners = self.commercial_partner_id
        contracts = self.env["crm.care.contract"].search(
            [
                ("commercial_partner_id", "in", partners.ids),
                ("state", "in", ("running", "to_renew")),
            ],
            order="date_start desc, id desc",
        )
        for ticket in self:
            if ticket.contract_id.commercial_partner_id == ticket.commercial_partner_id:
                continue
            company = ticket.company_id or self.env.company
            today = local_today(company_tz(company))
            ticket.contract_id = contracts.filtered(
                lambda contract, t=ticket, company=company, today=today: (
                    contract.commercial_partner_id == t.commercial_partner_id
                    and contract.company_id == company
                    and contract.date_start <= today
                    and (not contract.date_end or contract.date_end >= today)
                )
            )[:1]

    # The customer's value tier is read when the policy is chosen, not a
    # dependency: it is company-dependent and written by SQL.
    @api.model
    def _read_group_stage_ids(self, stages, domain):
        return stages.search([("active", "=", True)], order=stages._order)

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for ticket in self:
            ticket.access_url = f"/my/tickets/{ticket.id}"
        return result

    # -- constraints ----------------------------------------------------------------

    @api.constrains("subject")
    def _check_subject(self):
        if any(not (ticket.subject or "").strip() for ticket in self):
            raise ValidationError(
                self.env._("Say in a few words what the ticket is about (its subject).")
            )

    @api.constrains("partner_id", "sale_order_id", "sale_line_id", "company_id")
    def _check_sale_order_customer(self):
        for ticket in self:
            order = ticket.sale_order_id
            customer = ticket.partner_id.commercial_partner_id
            seller = order.sudo().company_id
            if order and seller != ticket.company_id:
                raise ValidationError(
                    self.env._(
                        "Order %(order)s was sold by %(seller)s: a ticket about it "
                        "is %(seller)s's, not %(company)s's.",
                        order=order.sudo().name,
                        seller=seller.name,
                        company=ticket.company_id.name,
                    )
                )
            if order and order.partner_id.commercial_partner_id != customer:
                raise ValidationError(
                    self.env._(
                        "Order %(order)s belongs to %(owner)s, not to %(customer)s: "
                        "choose one of the customer's orders.",
                        order=order.name,
                        owner=order.partner_id.commercial_partner_id.display_name,
                        customer=customer.display_name or self.env._("no customer"),
                    )
                )
            if ticket.sale_line_id and ticket.sale_line_id.order_id != order:
                raise ValidationError(
                    self.env._(
                        "The order line must come from order %(order)s.",
                        order=order.name or "—",
                    )
                )

    # -- CRUD -----------------------------------------------------------------------

    @api.model
    def name_create(self, name):
        """A ticket made from a title alone (a field's "Create", JSON-RPC): the
        title is its subject; its reference comes from the company's sequence."""
        ticket = self.create({"subject": name})
        return ticket.id, ticket.display_name

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [dict(vals) for vals in vals_list]  # the caller's stay as given
        for vals in vals_list:
            if vals.get("sale_order_id") and not vals.get("company_id"):
                # About an order: the ticket is the company's that sold it.
                order = self.env["sale.order"].browse(vals["sale_order_id"])
                vals["company_id"] = order.sudo().company_id.id
            company = self.env["res.company"].browse(
                vals.get("company_id") or self.env.company.id
            )
            team = self.env["crm.care.team"].browse(vals.get("team_id"))
            if team and not vals.get("company_id"):
                # A ticket made by mail is the alias team's company's.
                company = team.company_id
                vals["company_id"] = company.id
            if not team:
                # Made without a team (a form, an import, JSON-RPC): the creator's
                # care team in the company, else its first, as Odoo's Helpdesk.
                team = self._default_team(company)
                vals["team_id"] = team.id or False
            if vals.get("name", "/") == "/":
                vals["name"] = self._next_reference(company)
            if team and not vals.get("user_id"):
                vals["user_id"] = team._next_assignee().id
            # Given explicitly: the stage's mail (acknowledgment) is sent at creation
            # only for values passed in.
            vals.setdefault("stage_id", self._default_stage().id)
        tickets = super().create(vals_list)
        tickets._care_subscribe_customer()
        tickets._care_note_follow_up()
        for ticket in tickets.filtered("stage_id.pauses_sla"):
            ticket.sla_pause_start = ticket.sla_start
        tickets.filtered("is_closed")._on_close()
        tickets._refresh_sla_status()
        return tickets

    def _default_team(self, company):
        """The care team of a ticket made without one in ``company``: one the
        user belongs to or leads, else the company's first (none without)."""
        teams = (
            self.env["crm.care.team"].sudo().search([("company_id", "=", company.id)])
        )
        mine = teams.filtered(
            lambda team: self.env.user in team.member_ids | team.leader_id
        )
        return (mine or teams)[:1].sudo(False)

    def write(self, vals):
        if self.env.context.get("care_sla_write"):
            # The SLA bookkeeping of the methods below: no stage logic again.
            return super().write(vals)
        if vals.get("company_id"):
            self._care_move_to_company(vals)
        if "stage_id" not in vals:
            result = super().write(vals)
            if {
                "team_id",
                "ticket_type_id",
                "priority",
                "sla_id",
                "partner_id",
                "tag_ids",
                "contract_id",
            } & set(vals):
                self._refresh_sla_status()
            return result
        stage = self.env["crm.care.stage"].browse(vals["stage_id"])
        now = fields.Datetime.now()
        for ticket in self:
            ticket._check_warranty_approval(stage)
            # Leaving a pausing stage: the paused working hours move the deadline.
            if ticket.sla_pause_start and not stage.pauses_sla:
                ticket._resume_sla(now)
            # Entering one: remember where to go back when the customer answers.
            if stage.pauses_sla and not ticket.stage_id.pauses_sla:
                ticket._sla_write(
                    {
                        "stage_before_pause_id": ticket.stage_id.id,
                        "inactivity_reminded": False,
                    }
                )
        result = super().write(vals)
        for ticket in self:
            if stage.pauses_sla and not ticket.sla_pause_start:
                ticket.sla_pause_start = now
        if stage.is_closed:
            self.filtered(lambda ticket: not ticket.closed_date)._on_close(now)
        else:
            self.filtered("closed_date").write({"closed_date": False})
        self._refresh_sla_status()
        return result

    @api.onchange("company_id")
    def _onchange_company_id(self):
        if self.company_id:
            self.team_id, self.user_id = self._care_desk_in(self.company_id)

    def _care_desk_in(self, company):
        """The desk and agent of the ticket in ``company``: its own where they
        work there, else that company's desk and no agent."""
        self.ensure_one()
        team, user = self.team_id, self.user_id
        if team.company_id and team.company_id != company:
            team = self._default_team(company)
        if company not in user.company_ids:
            user = user.browse()
        return team, user

    def _care_move_to_company(self, vals):
        """Tickets moved to another company take its next reference (references
        run per company: the old one may be taken there, or be given there
        later) and, unless ``vals`` names them, its desk; the chatter keeps the
        old reference. The stage, if it changes too, is the caller's write."""
        company = self.env["res.company"].browse(vals["company_id"])
        moving = self.filtered(lambda ticket: ticket.company_id != company)
        for ticket in moving:
            old_company, old_name = ticket.company_id, ticket.name
            team, user = ticket._care_desk_in(company)
            ticket._sla_write(
                {"team_id": team.id, "user_id": user.id}
                | {key: value for key, value in vals.items() if key != "stage_id"}
                | {
                    "name": self._next_reference(company),
                    "former_reference": old_name,
                    "former_company_id": old_company.id,
                }
            )
            ticket.message_post(
                body=self.env._(
                    "Moved from %(old_company)s (reference %(old_name)s) to "
                    "%(company)s: reference %(name)s.",
                    old_company=old_company.name,
                    old_name=old_name,
                    company=company.name,
                    name=ticket.name,
                ),
                subtype_xmlid="mail.mt_note",
            )
        moving._refresh_sla_status()

    def _on_close(self, when=None):
        when = when or fields.Datetime.now()
        for ticket in self:
            if ticket.sla_pause_start:
                ticket._resume_sla(when)
        self._sla_write({"closed_date": when})

    def _check_warranty_approval(self, stage):
        """An out-of-warranty claim goes on only with a care manager's approval."""
        self.ensure_one()
        if (
            not self.is_warranty_claim
            or self.under_warranty
            or self.warranty_approved_by_id
            or stage.sequence <= self._default_stage().sequence
            or (stage.is_closed and self.resolution_type == "rejected")
        ):
            return
        if self.warranty_end_date:
            reason = self.env._(
                "the warranty of %(product)s ended on %(end)s",
                product=self.product_id.display_name,
                end=format_date(self.env, self.warranty_end_date),
            )
        else:
            reason = self.env._("no warranty applies to this product or order")
        raise UserError(
            self.env._(
                "Ticket %(ticket)s is a warranty claim but %(reason)s. A care manager "
                "must approve it first (button Approve out of warranty), or solve it "
                "as rejected.",
                ticket=self.name,
                reason=reason,
            )
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_only_untouched(self):
        for ticket in self:
            if ticket.first_response_date or ticket.closed_date:
                raise UserError(
                    self.env._(
                        "Ticket %(ticket)s was answered or closed: archive it "
                        "instead of deleting it.",
                        ticket=ticket.display_name,
                    )
                )

    # -- mail -----------------------------------------------------------------------

    def _message_post_after_hook(self, message, msg_vals):
        result = super()._message_post_after_hook(message, msg_vals)
        # The first reply of an employee the customer can read (in the chatter or
        # by mail) is the first response.
        if not self.first_response_date and self._care_is_agent_reply(message):
            self.first_response_date = message.date
            self._refresh_sla_status()
        return result

    # -- actions --------------------------------------------------------------------

    def action_approve_out_of_warranty(self):
        require_group(
            self.env,
            "crm_care.group_care_manager",
            self.env._("Only a care manager can approve a claim out of warranty."),
        )
        self.write(
            {
                "warranty_approved_by_id": self.env.uid,
                "warranty_approved_date": fields.Datetime.now(),
            }
        )
        return True

    def _rating_get_parent_field_name(self):
        return "team_id"

    def _rating_get_operator(self):
        return self.user_id.partner_id

    def _care_rating_token(self):
        """Token of the customer's rating link (created on first use)."""
        self.ensure_one()
        return self.sudo()._rating_get_access_token(self.partner_id)

    # -- helpers --------------------------------------------------------------------

    @api.model
    def _next_reference(self, company):
        return next_company_number(self.env, CARE_SEQUENCES, "crm.care.ticket", company)
