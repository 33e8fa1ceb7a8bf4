from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, format_date

from odoo.addons.crm_idic.tools import local_today, reader_tz
from odoo.addons.crm_idic.tools.access import STAFF, require_group
from odoo.addons.crm_idic.tools.receivables import overdue_installments_sql
from odoo.addons.crm_idic.tools.records import count_by, linked_action

CONTRACT_STATES = [
    ("draft", "Draft"),
    ("sent", "Sent"),
    ("signed", "Signed"),
    ("waiting", "Waiting approval"),
    ("running", "Running"),
    ("to_renew", "To renew"),
    ("expired", "Expired"),
    ("closed", "Closed"),
    ("cancel", "Cancelled"),
]


class CrmCareContract(models.Model):
    _name = "crm.care.contract"
    _description = "Customer contract"
    _inherit = [
        "portal.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "crm.care.contract.invoicing",
        "crm.care.contract.document",
        "crm.care.contract.renewal",
        "crm.care.contract.company",
        "crm.idic.company.tracking",
    ]
    _order = "date_start desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["number", "name", "partner_id.name"]

    number = fields.Char(
        required=True, readonly=True, copy=False, default="/", index=True, tracking=True
    )
    name = fields.Char("Title", required=True, tracking=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(
        "res.currency",
        required=True,
        default=lambda self: self.env.company.currency_id,
    )
    partner_id = fields.Many2one(
        "res.partner",
        "Customer",
        required=True,
        tracking=True,
        index=True,
        check_company=True,
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", store=True, index=True
    )
    # The customer's tag (the company's grouping of it): the staff's only.
    customer_group_id = fields.Many2one(
        "res.partner.category",
        "Customer group",
        compute="_compute_customer_group_id",
        store=True,
        readonly=False,
        tracking=True,
        groups=STAFF,
    )
    user_id = fields.Many2one(
        "res.users",
        "Responsible",
        default=lambda self: self.env.user,
        tracking=True,
        domain=[("share", "=", False)],
    )
    value = fields.Monetary(
        compute="_compute_value",
        store=True,
        readonly=False,
        tracking=True,
        help="A period's amount: the sum of the recurring lines (or typed in, "
        "without lines).",
    )
    amount_one_off = fields.Monetary(
        "One-off amount",
        compute="_compute_amount_one_off",
        store=True,
        help="The one-off lines, billed by the milestones.",
    )
    ticket_ids = fields.One2many(
        "crm.care.ticket",
        "contract_id",
        "Tickets",
        groups="crm_care.group_care_agent",
    )
    ticket_count = fields.Integer(compute="_compute_ticket_stats")
    sla_compliance = fields.Float(
        "SLA compliance (%)",
        compute="_compute_ticket_stats",
        help="Of the covered tickets whose SLA is decided (met or failed), the "
        "share met.",
    )
    sla_failed_count = fields.Integer("SLA failed", compute="_compute_ticket_stats")
    line_ids = fields.One2many(
        "crm.care.contract.line", "contract_id", "Lines", copy=True
    )
    contract_template_id = fields.Many2one(
        "crm.care.contract.template",
        "Template",
        check_company=True,
        help="Its lines and terms start the contract.",
    )
    terms = fields.Html(
        "Terms and conditions",
        default=lambda self: self.env.company.contract_template_id.terms,
        sanitize_attributes=False,
    )
    notice_period_days = fields.Integer(
        "Notice period (days)",
        default=30,
        help="How long before a termination takes effect.",
    )
    invoice_ids = fields.One2many(
        "account.move", "crm_care_contract_id", "Invoices", readonly=True
    )
    invoice_count = fields.Integer(compute="_compute_invoice_count")
    journal_id = fields.Many2one(
        "account.journal",
        "Invoicing journal",
        check_company=True,
        domain="[('type', '=', 'sale')]",
        help="Empty: the company's first sales journal.",
    )
    pricelist_id = fields.Many2one(
        "product.pricelist",
        check_company=True,
        help="Prices of the lines marked automatic at renewal.",
    )
    payment_term_id = fields.Many2one(
        "account.payment.term", "Payment terms", check_company=True
    )
    invoice_partner_id = fields.Many2one(
        "res.partner",
        "Invoice address",
        help="Whom the contract's invoices go to (empty: the customer).",
    )
    invoice_posting = fields.Selection(
        [
            ("draft", "Leave them as drafts"),
            ("post", "Post them"),
            ("send", "Post and send them to the customer"),
        ],
        "Invoices made",
        default="draft",
        required=True,
        help="What becomes of the invoices the contract makes. Sent invoices leave "
        "through Odoo's background invoice sending (PDF and mail out of the "
        "invoicing action).",
    )
    recurring_next_date = fields.Date(
        "Next invoice", compute="_compute_recurring_next_date", store=True, index=True
    )
    date_signed = fields.Date("Signed on", tracking=True)
    date_start = fields.Date("Start", required=True, tracking=True)
    date_end = fields.Date("End", tracking=True)
    state = fields.Selection(
        CONTRACT_STATES, default="draft", required=True, tracking=True, index=True
    )
    approved_by_id = fields.Many2one(
        "res.users", readonly=True, copy=False, tracking=True
    )
    approved_date = fields.Datetime(readonly=True, copy=False, tracking=True)
    customer_accepted_by = fields.Char(readonly=True, copy=False, tracking=True)
    customer_accepted_date = fields.Datetime(readonly=True, copy=False, tracking=True)
    customer_signature = fields.Image(readonly=True, copy=False, attachment=True)
    sla_id = fields.Many2one(
        "crm.care.sla",
        "SLA",
        check_company=True,
        help="The service level the contract promises: it applies to the "
        "customer's tickets while the contract runs.",
    )
    sale_order_ids = fields.Many2many(
        "sale.order",
        "crm_care_contract_sale_order_rel",
        "contract_id",
        "order_id",
        "Sales orders",
        domain="[('partner_id', 'child_of', commercial_partner_id), "
        "('state', '=', 'sale')]",
        copy=False,
    )
    milestone_ids = fields.One2many(
        "crm.care.contract.milestone", "contract_id", "Milestones", copy=True
    )
    current_milestone_id = fields.Many2one(
        "crm.care.contract.milestone",
        compute="_compute_progress",
        string="Current step",
    )
    progress = fields.Float(compute="_compute_progress", string="Progress (%)")
    # The receivable figures add up the contract's own invoices, in its currency.
    company_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Company currency"
    )
    amount_invoiced = fields.Monetary(compute="_compute_amounts")
    amount_paid = fields.Monetary(compute="_compute_amounts")
    amount_due = fields.Monetary(compute="_compute_amounts")
    amount_overdue = fields.Monetary(compute="_compute_amounts")
    auto_renew = fields.Boolean(tracking=True)
    renewal_term_months = fields.Integer("Renewal term (months)", default=12)
    remind_customer = fields.Boolean(
        "Email the customer", help="Also email the customer before the end."
    )
    reminder_ids = fields.One2many("crm.care.contract.reminder", "contract_id")
    predecessor_id = fields.Many2one("crm.care.contract", readonly=True, copy=False)
    successor_id = fields.Many2one("crm.care.contract", readonly=True, copy=False)

    _number_company_uniq = models.Constraint(
        "UNIQUE (company_id, number)", "A contract number is unique per company."
    )

    @api.depends("partner_id")
    def _compute_customer_group_id(self):
        for contract in self:
            if not contract.customer_group_id:
                contract.customer_group_id = (
                    contract.partner_id.commercial_partner_id.category_id[:1]
                )

    @api.depends("milestone_ids.done_date", "milestone_ids.sequence")
    def _compute_progress(self):
        for contract in self:
            milestones = contract.milestone_ids.sorted(lambda m: (m.sequence, m.id))
            done = milestones.filtered("done_date")
            contract.current_milestone_id = (milestones - done)[:1]
            contract.progress = (
                100.0 * len(done) / len(milestones) if milestones else 0.0
            )

    # Two computes: a value typed in (with lines, through JSON-RPC) does not
    # keep the one-off amount from being computed.
    @api.depends(
        "line_ids.price_subtotal", "line_ids.is_canceled", "line_ids.is_one_off"
    )
    def _compute_value(self):
        for contract in self:
            lines = contract.line_ids.filtered(lambda line: not line.is_canceled)
            if lines:
                contract.value = sum(
                    lines.filtered(lambda line: not line.is_one_off).mapped(
                        "price_subtotal"
                    )
                )

    @api.depends(
        "line_ids.price_subtotal", "line_ids.is_canceled", "line_ids.is_one_off"
    )
    def _compute_amount_one_off(self):
        for contract in self:
            contract.amount_one_off = sum(
                contract.line_ids.filtered(
                    lambda line: line.is_one_off and not line.is_canceled
                ).mapped("price_subtotal")
            )

    def _compute_ticket_stats(self):
        # Counts only, of the contracts the user reads: a contract user needs no
        # right on tickets to see how the contract's service went.
        groups = (
            self.env["crm.care.ticket"]
            .sudo()
            ._read_group(
                [("contract_id", "in", self.ids)],
                ["contract_id", "sla_status"],
                ["__count"],
            )
        )
        counts = {}
        for contract, status, count in groups:
            counts.setdefault(contract, {})[status] = count
        for contract in self:
            by_status = counts.get(contract, {})
            met, failed = by_status.get("met", 0), by_status.get("failed", 0)
            contract.ticket_count = sum(by_status.values())
            contract.sla_failed_count = failed
            contract.sla_compliance = (
                100.0 * met / (met + failed) if met + failed else 0.0
            )

    def action_view_tickets(self):
        return linked_action(
            self,
            "crm_care.crm_care_ticket_action",
            "contract_id",
            default_partner_id=self.partner_id.id,
            default_contract_id=self.id,
        )

    def _compute_invoice_count(self):
        moves = self.env["account.move"].sudo()
        counts = count_by(moves, "crm_care_contract_id", self)
        for contract in self:
            contract.invoice_count = counts.get(contract, 0)

    @api.depends("line_ids.recurring_next_date")
    def _compute_recurring_next_date(self):
        for contract in self:
            dates = [d for d in contract.line_ids.mapped("recurring_next_date") if d]
            contract.recurring_next_date = min(dates) if dates else False

    def _compute_amounts(self):
        """Receivable status from the posted invoices (and credit notes) the
        contract produced, in its currency: one query for all the contracts of a
        company; overdue by the installments' own due dates (the suite's one
        definition of overdue)."""
        totals = {}
        self.env.flush_all()
        for company in self.filtered("id").company_id:
            # The reader's day, else the company's (a portal link's visitor).
            today = local_today(reader_tz(self.env, company))
            contracts = self.filtered(
                lambda c, company=company: c.company_id == company
            )
            self.env.cr.execute(
                SQL(
                    """
                    WITH moves AS (
                        SELECT m.id AS move_id, m.crm_care_contract_id AS contract_id,
                               m.amount_total_in_currency_signed AS total,
                               CASE WHEN m.move_type = 'out_refund'
                                    THEN -m.amount_residual ELSE m.amount_residual
                               END AS residual
                          FROM account_move m
                         WHERE m.crm_care_contract_id = ANY(%(ids)s)
                           AND m.state = 'posted'
                           AND m.move_type IN ('out_invoice', 'out_refund')
                    ), overdue AS (
                        SELECT aml.move_id, sum(aml.amount_residual_currency) AS amount
                          FROM (%(overdue)s) items
                          JOIN account_move_line aml ON aml.id = items.line_id
                         GROUP BY aml.move_id
                    )
                    SELECT c.contract_id, sum(c.total), sum(c.residual),
                           sum(COALESCE(o.amount, 0))
                      FROM moves c
                      LEFT JOIN overdue o ON o.move_id = c.move_id
                     GROUP BY c.contract_id
                    """,
                    ids=contracts.ids,
                    overdue=overdue_installments_sql(
                        company.id,
                        today,
                        move_ids=SQL("SELECT move_id FROM moves"),
                    ),
                )
            )
            totals.update({row[0]: row[1:] for row in self.env.cr.fetchall()})
        for contract in self:
            invoiced, due, overdue = totals.get(contract.id, (0.0, 0.0, 0.0))
            contract.amount_invoiced = invoiced
            contract.amount_due = due
            contract.amount_paid = invoiced - due
            contract.amount_overdue = overdue

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for contract in self:
            contract.access_url = f"/my/contracts/{contract.id}"
        return result

    def _get_report_base_filename(self):
        """The PDF's file name when the customer downloads it from the portal."""
        self.ensure_one()
        return self.env._("Contract %(number)s", number=self.number)

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for contract in self:
            if contract.date_end and contract.date_end < contract.date_start:
                raise ValidationError(
                    self.env._(
                        "Contract %(contract)s cannot end (%(end)s) before it starts "
                        "(%(start)s).",
                        contract=contract.display_name,
                        end=format_date(self.env, contract.date_end),
                        start=format_date(self.env, contract.date_start),
                    )
                )

    @api.constrains("value", "auto_renew", "renewal_term_months", "notice_period_days")
    def _check_amounts(self):
        for contract in self:
            if contract.value < 0:
                raise ValidationError(
                    self.env._("A contract's value cannot be negative.")
                )
            if contract.notice_period_days < 0:
                raise ValidationError(
                    self.env._("A contract's notice period cannot be negative.")
                )
            if contract.auto_renew and contract.renewal_term_months <= 0:
                raise ValidationError(
                    self.env._("An automatically renewed contract needs a term.")
                )

    @api.depends("number", "name")
    def _compute_display_name(self):
        for contract in self:
            contract.display_name = f"{contract.number} {contract.name or ''}".strip()

    @api.onchange("contract_template_id")
    def _onchange_contract_template_id(self):
        template = self.contract_template_id
        if template:
            values = template._contract_values(self.date_start)
            self.line_ids = [Command.clear(), *values.pop("line_ids")]
            self.update(values)
            self.name = self.name or template.name

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._template_defaults(vals)
            if vals.get("number", "/") == "/":
                company = self.env["res.company"].browse(
                    vals.get("company_id") or self.env.company.id
                )
                vals["number"] = self._next_number(company)
        return super().create(vals_list)

    @api.model
    def _template_defaults(self, vals):
        """A contract created with a template (through the API, from an order)
        takes the template's lines and terms it was not given, and its name as
        title when it has none."""
        template = self.env["crm.care.contract.template"].browse(
            vals.get("contract_template_id")
        )
        if not template:
            return
        start = fields.Date.to_date(vals.get("date_start"))
        for name, value in template._contract_values(start).items():
            if name == "line_ids" and vals.get("line_ids"):
                continue
            vals.setdefault(name, value)
        if not vals.get("name"):
            vals["name"] = template.name

    @api.ondelete(at_uninstall=False)
    def _unlink_only_unused_drafts(self):
        for contract in self:
            if contract.state != "draft" or contract.amount_invoiced:
                raise UserError(
                    self.env._(
                        "Contract %(contract)s is in use (not a draft, or invoiced): "
                        "archive it instead of deleting it.",
                        contract=contract.display_name,
                    )
                )

    # -- workflow -------------------------------------------------------------------

    def action_submit(self):
        self._check_state(["draft", "sent", "signed"])
        self.state = "waiting"
        return True

    def action_approve(self):
        require_group(
            self.env,
            "crm_care.group_contract_manager",
            self.env._("Only a contract manager can approve contracts."),
        )
        self._check_state(["waiting"])
        self.write(
            {
                "state": "running",
                "approved_by_id": self.env.uid,
                "approved_date": fields.Datetime.now(),
            }
        )
        for contract in self.filtered(lambda c: not c.customer_accepted_date):
            contract.message_post(
                body=self.env._(
                    "Approved by %(user)s without the customer's signature.",
                    user=self.env.user.name,
                )
            )
        return True

    def action_view_invoices(self):
        return linked_action(
            self,
            "account.action_move_out_invoice_type",
            "crm_care_contract_id",
            create=False,
        )

    def action_close(self):
        self._check_state(["running", "to_renew", "expired"])
        self.state = "closed"
        return True

    def action_cancel(self):
        self._check_state(["draft", "sent", "signed", "waiting", "running", "to_renew"])
        self.state = "cancel"
        return True

    def action_set_draft(self):
        self._check_state(["sent", "waiting", "cancel"])
        self.state = "draft"
        return True

    def message_post(self, **kwargs):
        if self.env.context.get("mark_contract_as_sent"):
            self._mark_as_sent()
        return super().message_post(**kwargs)

    def _check_state(self, allowed, message=None):
        """Refuse when a contract is not in one of the ``allowed`` states;
        ``message``: the translated reason, with %(contract)s and %(state)s."""
        labels = dict(self._fields["state"]._description_selection(self.env))
        message = message or self.env._(
            "Contract %(contract)s is %(state)s: this step is not possible now."
        )
        for contract in self:
            if contract.state not in allowed:
                raise UserError(
                    message
                    % {
                        "contract": contract.display_name,
                        "state": labels[contract.state],
                    }
                )
