"""Who may read, write, create and delete each model of the suite, run as each role.

The same matrix is the table of README.md ("Access matrix"): the test fails when
the README says something the database does not do.
"""

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged

from .suite import ROLES, ROOT, SUITE_ADDONS

OPERATIONS = ("read", "write", "create", "unlink")
# One cell per role, in the order of ROLES: r(ead) w(rite) c(reate) d(elete).
# Contract configuration: contract users read it, managers keep it.
CONTRACT_SETUP = "---- ---- ---- ---- ---- r--- rwcd ---- ---- ----"
EXPECTED = {
    "crm.care.contract": "---- ---- ---- ---- ---- rwc- rwcd r--- r--- ----",
    "crm.care.contract.line": "---- ---- ---- ---- ---- rwcd rwcd r--- r--- ----",
    "crm.care.contract.milestone": "---- ---- ---- ---- ---- rwcd rwcd r--- r--- ----",
    "crm.care.contract.reminder": "---- ---- ---- ---- ---- r--- rwcd ---- ---- ----",
    "crm.care.contract.template": CONTRACT_SETUP,
    "crm.care.contract.template.line": CONTRACT_SETUP,
    "crm.care.contract.terminate.reason": CONTRACT_SETUP,
    "crm.care.greeting": "r--- r--- r--- r--- rwcd r--- r--- r--- ---- ----",
    "crm.care.occasion": "r--- r--- r--- r--- rwcd r--- r--- r--- ---- ----",
    "crm.care.occasion.greeting": "r--- r--- r--- r--- rwcd r--- r--- r--- ---- ----",
    "crm.care.rating.report": "---- ---- ---- ---- r--- ---- ---- ---- ---- ----",
    "crm.care.sla": "---- ---- ---- r--- rwcd ---- ---- ---- ---- ----",
    "crm.care.stage": "r--- r--- r--- r--- rwcd r--- r--- r--- r--- ----",
    "crm.care.tag": "r--- r--- r--- rwc- rwcd r--- r--- r--- ---- ----",
    "crm.care.team": "r--- r--- r--- r--- rwcd r--- r--- r--- ---- ----",
    "crm.care.ticket": "---- ---- ---- rwc- rwcd ---- ---- ---- r--- ----",
    "crm.care.ticket.type": "r--- r--- r--- r--- rwcd r--- r--- r--- r--- ----",
    "crm.idic.forecast.fit": "---- ---- r--d ---- ---- ---- ---- ---- ---- ----",
    "crm.idic.need": "rwc- rwc- rwcd r--- r--- r--- r--- r--- ---- ----",
    "crm.idic.profile": "r--- r--- rw-d ---- ---- ---- ---- ---- ---- ----",
    "crm.idic.score.snapshot": "r--- r--- r--d ---- ---- ---- ---- ---- ---- ----",
    "crm.idic.segment": "r--- r--- rwcd ---- r--- ---- ---- ---- ---- ----",
    "crm.idic.tier.move": "r--- r--- r--d ---- ---- ---- ---- ---- ---- ----",
    "crm.qci.assessment": "---- r--- rwcd ---- ---- ---- ---- ---- ---- ----",
    "crm.qci.assessment.answer": "---- r--- rwcd ---- ---- ---- ---- ---- ---- ----",
    "crm.qci.assessment.line": "---- r--- rwcd ---- ---- ---- ---- ---- ---- ----",
    "crm.qci.component": "r--- r--- rwcd ---- ---- ---- ---- ---- ---- ----",
    "crm.qci.daily.report": "rwc- rwc- rwcd ---- ---- ---- ---- ---- ---- ----",
    "crm.qci.daily.report.plan": "rwcd rwcd rwcd ---- ---- ---- ---- ---- ---- ----",
    "crm.qci.kpi.snapshot": "r--- r--- rwcd ---- ---- ---- ---- ---- ---- ----",
    "crm.qci.question": "r--- r--- rwcd ---- ---- ---- ---- ---- ---- ----",
    "crm.qci.target": "r--- rwc- rwcd ---- ---- ---- ---- ---- ---- ----",
    "crm.qci.workload": "---- r--- r--- ---- ---- ---- ---- ---- ---- ----",
    "crm.reports.alert.log": "---- ---- ---- ---- ---- ---- ---- r--- ---- ----",
    "crm.reports.credit.policy": "---- ---- ---- ---- ---- ---- ---- r--- ---- ----",
    "crm.reports.dunning.line": "---- ---- ---- ---- ---- ---- ---- rwcd ---- ----",
    "crm.reports.dunning.run": "---- ---- ---- ---- ---- ---- ---- rwcd ---- ----",
    "crm.reports.reminder.level": "---- ---- ---- ---- ---- ---- ---- r--- ---- ----",
    "crm.reports.sales.analysis": "r--- r--- r--- ---- ---- ---- ---- r--- ---- ----",
    "crm.reports.statement.mailing": (
        "---- ---- ---- ---- ---- ---- ---- rwc- ---- ----"
    ),
}
MATRIX_START = "<!-- access-matrix -->"
MATRIX_END = "<!-- /access-matrix -->"


def render_matrix():
    """The README table of EXPECTED."""
    lines = [
        "| Model | " + " | ".join(ROLES) + " |",
        "|---|" + "---|" * len(ROLES),
    ]
    for model, cells in EXPECTED.items():
        shown = [cell.replace("-", "") or "—" for cell in cells.split()]
        lines.append(f"| `{model}` | " + " | ".join(shown) + " |")
    return "\n".join(lines)


@tagged("post_install", "-at_install", "crm_suite")
class TestAccessMatrix(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = {
            role: new_test_user(
                cls.env, f"matrix.{index}", groups=group, name=f"Matrix {role}"
            )
            for index, (role, group) in enumerate(ROLES.items())
        }

    def _suite_models(self):
        data = self.env["ir.model.data"].search(
            [("module", "in", SUITE_ADDONS), ("model", "=", "ir.model")]
        )
        models = self.env["ir.model"].browse(data.mapped("res_id"))
        return sorted(
            model.model
            for model in models
            if not model.transient
            and not self.env[model.model]._abstract
            and model.model.split(".")[0] == "crm"
            and model.model.split(".")[1] in ("idic", "care", "qci", "reports")
        )

    def test_every_model_of_the_suite_is_in_the_matrix(self):
        self.assertEqual(self._suite_models(), sorted(EXPECTED))

    def test_each_role_has_exactly_the_access_of_the_matrix(self):
        for model, cells in EXPECTED.items():
            for (role, user), cell in zip(
                self.users.items(), cells.split(), strict=True
            ):
                actual = "".join(
                    letter if self.env[model].with_user(user).has_access(op) else "-"
                    for op, letter in zip(OPERATIONS, "rwcd", strict=True)
                )
                with self.subTest(model=model, role=role):
                    self.assertEqual(actual, cell)

    def test_readme_shows_the_matrix(self):
        readme = (ROOT / "README.md").read_text(encoding="utf-8")
        start = readme.index(MATRIX_START) + len(MATRIX_START)
        table = readme[start : readme.index(MATRIX_END)].strip()
        self.assertEqual(table, render_matrix())

    def test_every_model_with_a_company_has_a_multi_company_rule(self):
        for model in self._suite_models():
            field = self.env[model]._fields.get("company_id")
            if not field or not field.store:
                continue
            rules = self.env["ir.rule"].search(
                [("model_id.model", "=", model), ("global", "=", True)]
            )
            with self.subTest(model=model):
                self.assertTrue(
                    any("company_ids" in rule.domain_force for rule in rules),
                    f"{model} has no multi-company rule",
                )


@tagged("post_install", "-at_install", "crm_suite")
class TestCompanyIsolation(TransactionCase):
    """A user of company A reads nothing of company B, whatever their role."""

    def test_records_of_another_company_are_invisible(self):
        company_a = self.env.company
        company_b = self.env["res.company"].create({"name": "Isolation B"})
        customer = self.env["res.partner"].create(
            {"name": "Isolation customer", "customer_rank": 1}
        )
        team_b = self.env["crm.care.team"].create(
            {"name": "Care B", "company_id": company_b.id}
        )
        records = {
            "crm.care.ticket": self.env["crm.care.ticket"].create(
                {
                    "subject": "Ticket of B",
                    "partner_id": customer.id,
                    "team_id": team_b.id,
                    "company_id": company_b.id,
                }
            ),
            "crm.care.contract": self.env["crm.care.contract"].create(
                {
                    "name": "Contract of B",
                    "partner_id": customer.id,
                    "company_id": company_b.id,
                    "date_start": "2026-01-01",
                }
            ),
            "crm.qci.target": self.env["crm.qci.target"].create(
                {
                    "user_id": self.env.user.id,
                    "company_id": company_b.id,
                    "date_from": "2026-01-01",
                }
            ),
        }
        self.env["crm.idic.profile"]._recompute_profiles(company_ids=company_b.ids)
        records["crm.idic.profile"] = self.env["crm.idic.profile"].search(
            [("company_id", "=", company_b.id)], limit=1
        )
        self.assertTrue(records["crm.idic.profile"])
        boss = new_test_user(
            self.env,
            "isolation.boss",
            groups="sales_team.group_sale_manager,crm_care.group_care_manager,"
            "crm_care.group_contract_manager",
            company_id=company_a.id,
            company_ids=[Command.set(company_a.ids)],
        )
        for model, record in records.items():
            with self.subTest(model=model):
                as_boss = self.env[model].with_user(boss)
                self.assertFalse(as_boss.search([("id", "=", record.id)]))
                with self.assertRaises(AccessError):
                    as_boss.browse(record.id).read(["company_id"])
