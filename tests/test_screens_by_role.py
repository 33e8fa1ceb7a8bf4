"""Every screen of the suite opens for every staff role that may read it.

On a small demo world (the four addons' demo builders, a twentieth of the
orders), each role's user opens each suite window action's list, kanban, form,
pivot and graph as the web client does: ``get_views``, then
``web_search_read`` of the list's or kanban's fields, ``web_read`` of the
form's (related records by their name, x2many fields with the fields of their
embedded list) and ``formatted_read_group`` of the pivot's or graph's rows and
measures. A field the reader may not read (a related record of a model outside
its rights, a compute that reads one) makes the whole screen fail with "You are
not allowed to access…": each such failure is listed with its field.
"""

import importlib
import re
from contextlib import closing

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from odoo.addons.crm_idic.demo.world import DemoWorld, demo_company
from odoo.addons.crm_idic.tests.common import view_of, view_read_spec

from .suite import PORTAL_ROLES, ROLES, SUITE_ADDONS

# The staff roles: each opens the screens its groups may read.
STAFF = {role: group for role, group in ROLES.items() if role not in PORTAL_ROLES}

# Odoo's screens the suite adds fields to.
EXTENDED = ("res.partner", "sale.order", "account.move", "crm.lead")
MODES = ("list", "kanban", "form", "pivot", "graph")
# The analysis views: grouped figures rather than records.
ANALYSIS = ("pivot", "graph")
# Records read per screen: a list's first page is enough to read every kind.
LIMIT = 40


class _World(DemoWorld):
    """The demo world, with the planner told how many accounting rows it holds.

    The tests before this one leave the accounting tables empty and vacuumed, so
    PostgreSQL takes them for empty while the world's invoices fill them inside
    this test's transaction; Odoo's query of an invoice's payments
    (``account.move._compute_reconciled_payment_ids``, joins on ``OR``) then
    runs as nested scans of whole tables for many minutes. ``ANALYZE`` inside
    the transaction counts the transaction's own rows."""

    analyzed = False

    def _demo_pay(self, invoice, rng, today):
        if not self.analyzed:
            self.env.flush_all()
            self.env.cr.execute(
                "ANALYZE account_move, account_move_line, account_payment, "
                "account_partial_reconcile"
            )
            self.analyzed = True
        return super()._demo_pay(invoice, rng, today)


@tagged("post_install", "-at_install", "crm_suite")
class TestScreensByRole(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = demo_company(cls.env, vietnamese=True)
        cls.env = cls.env(
            context=dict(
                cls.env.context,
                tracking_disable=True,
                allowed_company_ids=cls.company.ids,
            )
        )
        _World(cls.env).load(scale=0.05)
        for addon in SUITE_ADDONS[1:]:
            importlib.import_module(f"odoo.addons.{addon}.demo.builder").build(cls.env)
        cls._the_rest()
        cls.users = {
            role: new_test_user(
                cls.env,
                f"screens.{index}",
                groups=f"base.group_user,{group}",
                name=f"Screens {role}",
                company_id=cls.company.id,
                company_ids=[Command.set(cls.company.ids)],
            )
            for index, (role, group) in enumerate(STAFF.items())
        }

    @classmethod
    def _the_rest(cls):
        """What the demo leaves empty: a ticket tag, a stated need, last month's
        KPI snapshot, an overdue alert and a statement mailed."""
        env, company = cls.env, cls.company
        env["crm.care.tag"].create({"name": "Lắp đặt"})
        customer = env["res.partner"].search(
            [("customer_rank", ">", 0), ("is_company", "=", True)], limit=1
        )
        env["crm.idic.need"].create(
            {"name": "Giao hàng nhanh", "partner_ids": [Command.link(customer.id)]}
        )
        month = fields.Date.context_today(env.user).replace(day=1)
        env["crm.qci.kpi.snapshot"].with_company(company)._take(
            month - relativedelta(months=1), company
        )
        invoice = env["account.move"].search(
            [
                ("company_id", "=", company.id),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
            ],
            limit=1,
        )
        env["crm.reports.alert.log"].create({"move_id": invoice.id, "event": "overdue"})
        env["crm.reports.statement.mailing"].create(
            {
                "company_id": company.id,
                "partner_id": invoice.commercial_partner_id.id,
                "kind": "outstanding",
                "date_to": month,
            }
        )

    def _screens(self):
        """(model, view modes) of every suite window action, and Odoo's screens
        the suite extends."""
        actions = self.env["ir.actions.act_window"].browse(
            self.env["ir.model.data"]
            .search(
                [
                    ("module", "in", SUITE_ADDONS),
                    ("model", "=", "ir.actions.act_window"),
                ]
            )
            .mapped("res_id")
        )
        screens = {}
        for action in actions:
            if self.env[action.res_model]._transient:
                continue
            modes = screens.setdefault(action.res_model, set())
            modes.update(m for m in action.view_mode.split(",") if m in MODES)
        for model in EXTENDED:
            screens.setdefault(model, set()).update(("list", "form"))
        return {model: sorted(modes) for model, modes in screens.items() if modes}

    def _open(self, user, model, mode):
        """Open ``model``'s ``mode`` screen as ``user``; the failure or None."""
        Model = (
            self.env[model]
            .with_user(user)
            .with_context(allowed_company_ids=self.company.ids)
        )
        arch, models = view_of(Model, mode)
        if mode in ANALYSIS:
            return self._analyse(Model, arch, models[model])
        spec = view_read_spec(arch, model, models)
        self.env.invalidate_all()
        try:
            with self.env.cr.savepoint():
                if mode == "form":
                    records = Model.search([], limit=LIMIT, order="id desc")
                    records.web_read(spec)
                else:
                    Model.web_search_read([], spec, limit=LIMIT)
        except Exception as error:  # noqa: BLE001 - every failure is listed
            return self._failing_fields(Model, mode, spec) or str(error)[:200]
        return None

    def _analyse(self, Model, arch, fields):
        """The figures of a pivot or graph view as the web client asks for them:
        grouped by its rows and columns (dates by month), its measures summed as
        the fields aggregate; the failure or None."""
        groupby, aggregates = [], ["__count"]
        for node in arch.iter("field"):
            name = node.get("name")
            info = fields.get(name)
            if not info:
                continue
            if node.get("type") == "measure":
                aggregates.append(f"{name}:{info.get('aggregator') or 'sum'}")
            elif info["type"] in ("date", "datetime"):
                groupby.append(f"{name}:month")
            else:
                groupby.append(name)
        self.env.invalidate_all()
        try:
            with self.env.cr.savepoint():
                Model.formatted_read_group([], groupby, aggregates)
        except Exception as error:  # noqa: BLE001 - every failure is listed
            return f"{groupby} {aggregates}: {str(error)[:200]}"
        return None

    def _failing_fields(self, Model, mode, spec):
        """The fields of ``spec`` that fail to read on their own."""
        records = Model.search([], limit=LIMIT, order="id desc")
        failing = []
        for name, sub in spec.items():
            self.env.invalidate_all()
            try:
                with self.env.cr.savepoint():
                    records.web_read({name: sub})
            except Exception as error:  # noqa: BLE001
                failing.append(f"{name}: {type(error).__name__}")
        return ", ".join(failing)

    def test_world_has_records_of_every_screen(self):
        """The check has something to read: every suite screen shows records."""
        empty = [
            model for model in self._screens() if not self.env[model].search_count([])
        ]
        self.assertEqual(empty, [])

    def test_every_role_opens_every_screen_it_may_read(self):
        failures = []
        opened = dict.fromkeys(STAFF, 0)
        for role, user in self.users.items():
            for model, modes in self._screens().items():
                if not self.env[model].with_user(user).has_access("read"):
                    continue
                for mode in modes:
                    failure = self._open(user, model, mode)
                    if failure:
                        failures.append(f"{role} · {model} {mode}: {failure}")
                    else:
                        opened[role] += 1
        self.assertEqual(failures, [], "\n".join(failures))
        # Each role opens its own screens, not only Odoo's.
        for role, count in opened.items():
            self.assertGreater(count, len(EXTENDED) * 2, role)

    def test_every_button_a_role_sees_it_may_press(self):
        """A button of the suite on a form, shown to a role on a record, is one
        the role may press: it does its work or refuses with the business's
        reason (``UserError``), never with "You are not allowed to…" nor a
        crash. A button the role may not use is hidden from it (``groups``)."""
        failures, pressed = [], dict.fromkeys(STAFF, 0)
        for role, user in self.users.items():
            for model, modes in self._screens().items():
                Model = (
                    self.env[model]
                    .with_user(user)
                    .with_context(allowed_company_ids=self.company.ids)
                )
                if "form" not in modes or not Model.has_access("read"):
                    continue
                arch, _models = view_of(Model, "form")
                for Target, button in _buttons(Model, arch):
                    if not _suite_method(Target, button.get("name")):
                        continue
                    record = self._shown_on(Target, button)
                    if not record:
                        continue
                    failure = self._press(record, button.get("name"))
                    pressed[role] += 1
                    if failure:
                        failures.append(
                            f"{role} · {Target._name}.{button.get('name')}: {failure}"
                        )
        self.assertEqual(failures, [], "\n".join(failures))
        # Every role pressed buttons of its own screens.
        for role, count in pressed.items():
            self.assertGreater(count, 0, role)

    def _shown_on(self, Model, button):
        """The latest record of ``Model`` (of those the user reads) on which
        the form shows ``button``, or an empty recordset."""
        expression = button.get("invisible")
        for record in Model.search([], limit=LIMIT, order="id desc"):
            if not expression or not _evaluate(expression, record):
                return record
        return Model.browse()

    def _press(self, record, method):
        """Press the button ``method`` on ``record``, then undo what it did (the
        next role finds the same world); the failure or None. A button that
        opens a wizard opens one the role may fill in: the wizard is created
        from the action's context, as the web client creates it on "Confirm"."""
        self.env.invalidate_all()
        try:
            with closing(self.env.cr.savepoint()):
                action = getattr(record, method)()
                if _opens_wizard(record.env, action):
                    _fill_in(record.env[action["res_model"]], action)
                self.env.flush_all()
        except AccessError as error:
            return f"AccessError: {str(error)[:160]}"
        except UserError:
            return None
        except Exception as error:  # noqa: BLE001 - every failure is listed
            return f"{type(error).__name__}: {str(error)[:160]}"
        finally:
            self.env.invalidate_all()
        return None


def _buttons(Model, arch):
    """(model, button) of the buttons of a form that call a method: of its
    record, or of a line of one of its x2many fields (a button in the line's
    list, which the web client shows on a read-only form too)."""
    for button in arch.iter("button"):
        if button.get("type") != "object":
            continue
        Target = Model
        for field in reversed(
            [node for node in button.iterancestors() if node.tag == "field"]
        ):
            Target = Target.env[Target._fields[field.get("name")].comodel_name]
        yield Target, button


def _opens_wizard(env, action):
    """Whether a button's result opens a wizard of the suite (a transient model)."""
    return (
        isinstance(action, dict)
        and action.get("type") == "ir.actions.act_window"
        and action.get("res_model") in env
        and env[action["res_model"]]._transient
        and env[action["res_model"]]._original_module in SUITE_ADDONS
    )


def _fill_in(Wizard, action):
    """Create the wizard as its form does: its defaults from the action's
    context, and a value for each required field the defaults leave empty (a
    record the user reads, a selection's first choice, today)."""
    Wizard = Wizard.with_context(**(action.get("context") or {}))
    values = Wizard.default_get(list(Wizard._fields))
    for name, field in Wizard._fields.items():
        if not field.required or values.get(name) or field.compute:
            continue
        if field.type == "many2one":
            values[name] = Wizard.env[field.comodel_name].search([], limit=1).id
        elif field.type == "selection":
            values[name] = field._description_selection(Wizard.env)[0][0]
        elif field.type == "date":
            values[name] = fields.Date.context_today(Wizard)
        else:
            values[name] = "1" if field.type in ("char", "text") else 1
    return Wizard.create(values)


def _suite_method(Model, name):
    """Whether the button ``name`` calls a method the suite defines (Odoo's own
    buttons on the forms the suite extends, overridden or not, are Odoo's to
    answer for)."""
    owners = [cls for cls in type(Model).__mro__ if name in vars(cls)]
    module = owners[-1].__module__ if owners else ""
    return module.startswith(tuple(f"odoo.addons.{addon}." for addon in SUITE_ADDONS))


def _evaluate(expression, record):
    """A view's ``invisible`` expression on ``record``, as the web client
    evaluates it: field names stand for the record's values (a relation's ids);
    an expression this cannot evaluate counts as hiding the button."""
    names = [
        name
        for name in set(re.findall(r"[A-Za-z_]\w*", expression))
        if name in record._fields
    ]
    values = record.read(names)[0] if names else {}
    context = {
        name: value[0] if isinstance(value, tuple) else value
        for name, value in values.items()
    }
    context.update(uid=record.env.uid, context={}, id=record.id)
    try:
        return safe_eval(expression, context)
    except Exception:  # noqa: BLE001 - not evaluable here: taken as hidden
        return True
