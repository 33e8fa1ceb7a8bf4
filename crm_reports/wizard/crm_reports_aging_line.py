from odoo import Command, api, fields, models

from odoo.addons.crm_idic.tools.display import notification
from odoo.addons.crm_idic.tools.records import dialog_action, form_action, list_action
from odoo.addons.crm_idic.tools.relations import owner

from ..models.crm_reports_receivable_aging import BUCKET_KEYS


class CrmReportsAgingLine(models.TransientModel):
    _name = "crm.reports.aging.line"
    _description = "Aged receivables of a customer"
    _order = "total desc, id"

    wizard_id = owner("crm.reports.aging.wizard", index=False)
    currency_id = fields.Many2one(related="wizard_id.currency_id")
    partner_id = fields.Many2one("res.partner", "Customer")
    user_id = fields.Many2one(related="partner_id.user_id", string="Salesperson")
    not_due = fields.Monetary("Not due")
    bucket_1 = fields.Monetary("1-30")
    bucket_2 = fields.Monetary("31-60")
    bucket_3 = fields.Monetary("61-90")
    bucket_4 = fields.Monetary("91-120")
    older = fields.Monetary()
    total = fields.Monetary()
    dso = fields.Float("DSO (days)", digits=(16, 1))
    foreign_amounts = fields.Char(
        "In other currencies",
        help="What the customer owes in currencies other than the company's, in "
        "those currencies (its value in the company's is in the columns).",
    )

    @api.model
    def _get_view(self, view_id=None, view_type="form", **options):
        arch, view = super()._get_view(view_id, view_type, **options)
        labels = self.env.context.get("aging_labels")
        if view_type == "list" and labels:
            for key, label in zip(BUCKET_KEYS, labels, strict=True):
                for node in arch.xpath(f"//field[@name='{key}']"):
                    node.set("string", label)
        return arch, view

    def action_send_reminder(self):
        """A reminder run for this customer at the aging's date, to review and
        validate."""
        self.ensure_one()
        run = self.env["crm.reports.dunning.run"].create(
            {
                "company_id": self.wizard_id.company_id.id,
                "date": min(self.wizard_id.as_of_date, fields.Date.context_today(self)),
                "partner_ids": [Command.set(self.partner_id.ids)],
            }
        )
        run._propose_lines()
        if not run.line_ids:
            run.unlink()
            return notification(
                self.env._(
                    "%(customer)s is due no new reminder level.",
                    customer=self.partner_id.display_name,
                ),
                kind="warning",
            )
        return form_action(run)

    def action_statement(self):
        """The customer's statement at the aging's date."""
        self.ensure_one()
        return dialog_action(
            "crm.reports.statement",
            {
                "default_partner_ids": self.partner_id.ids,
                "default_date_to": self.wizard_id.as_of_date,
                "default_company_id": self.wizard_id.company_id.id,
            },
            name=self.env._("Customer statement"),
        )

    def action_open_items(self):
        """The customer's open receivable items up to the date."""
        self.ensure_one()
        return list_action(
            "account.move.line",
            [
                ("partner_id", "=", self.partner_id.id),
                ("company_id", "=", self.wizard_id.company_id.id),
                ("account_id.account_type", "=", "asset_receivable"),
                ("parent_state", "=", "posted"),
                ("date", "<=", self.wizard_id.as_of_date),
            ],
            self.partner_id.display_name,
            view_mode="list,form",
            context={"search_default_group_by_move": 0},
        )
