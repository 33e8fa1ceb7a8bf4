from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.crm_care.models.crm_care_contract_renewal import (
    DEFAULT_REMINDER_OFFSETS,
    parse_offsets,
)
from odoo.addons.crm_idic.tools.display import CLOSE, notification

OFFSETS_PARAM = "crm_care.contract_reminder_offsets"


class CrmReportsSetup(models.TransientModel):
    """First run: what to set for the suite, with the defaults already in place."""

    _name = "crm.reports.setup"
    _inherit = ["crm.idic.company.settings"]
    _description = "CRM suite set-up"

    contract_reminder_offsets = fields.Char(
        "Contract renewal reminders (days before the end)",
        help="Comma-separated numbers of days, for example 90,30,7.",
    )
    care_team_count = fields.Integer("Care teams", compute="_compute_status")
    care_teams_without_sla = fields.Integer(
        "Care teams without SLA", compute="_compute_status"
    )
    reminder_level_count = fields.Integer("Reminder levels", compute="_compute_status")
    target_count = fields.Integer("Current targets", compute="_compute_status")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        values["contract_reminder_offsets"] = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param(OFFSETS_PARAM, DEFAULT_REMINDER_OFFSETS)
        )
        return values

    @api.depends("company_id")
    def _compute_status(self):
        today = fields.Date.context_today(self)
        for setup in self:
            company = setup.company_id
            teams = self.env["crm.care.team"].search(
                [("company_id", "in", [company.id, False])]
            )
            setup.care_team_count = len(teams)
            with_sla = self.env["crm.care.sla"]._read_group(
                [("team_id", "in", teams.ids)], ["team_id"]
            )
            setup.care_teams_without_sla = len(teams) - len(with_sla)
            setup.reminder_level_count = self.env[
                "crm.reports.reminder.level"
            ].search_count([("company_id", "=", company.id)])
            setup.target_count = self.env["crm.qci.target"].search_count(
                [
                    ("company_id", "=", company.id),
                    ("date_from", "<=", today),
                    ("date_to", ">=", today),
                ]
            )

    def action_save(self):
        """Save the renewal offsets; the company's settings were written with the
        form (its own checks apply: weights summing to 100, windows in range,
        buckets increasing)."""
        self.ensure_one()
        try:
            offsets = parse_offsets(self.contract_reminder_offsets)
        except ValueError:
            raise ValidationError(
                self.env._(
                    "Renewal reminders are whole numbers of days separated by "
                    "commas, for example 90,30,7."
                )
            ) from None
        self.env["ir.config_parameter"].sudo().set_param(
            OFFSETS_PARAM, ",".join(map(str, offsets))
        )
        return notification(self.env._("The suite's settings are saved."), then=CLOSE)

    def _open(self, xmlid):
        return self.env["ir.actions.act_window"]._for_xml_id(xmlid)

    def action_open_care_teams(self):
        return self._open("crm_care.crm_care_team_action")

    def action_open_reminder_levels(self):
        return self._open("crm_reports.crm_reports_credit_policy_action")

    def action_open_targets(self):
        return self._open("crm_qci.crm_qci_target_action")
