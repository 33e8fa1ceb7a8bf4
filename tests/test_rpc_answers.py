"""Every public method of the suite's models answers: Odoo's XML-RPC door
cannot carry ``None``, so a button called by an integration that returns
nothing gives the client a fault after its work is done (the contract's
approval did). Methods named with a leading underscore are not callable over
RPC; ``init`` is Odoo's hook of SQL views, never called over RPC."""

import ast
import unittest

from odoo.tests import tagged

from .suite import ROOT, SUITE_ADDONS

NOT_CALLED_OVER_RPC = {"init"}


def silent_public_methods(path):
    """``Class.method`` of the public methods in ``path`` that return nothing."""
    tree = ast.parse(path.read_text())
    for cls in (node for node in ast.walk(tree) if isinstance(node, ast.ClassDef)):
        for method in cls.body:
            if (
                isinstance(method, ast.FunctionDef)
                and not method.name.startswith("_")
                and method.name not in NOT_CALLED_OVER_RPC
                and not any(
                    isinstance(node, ast.Return) and node.value is not None
                    for node in ast.walk(method)
                )
            ):
                where = f"{path.relative_to(ROOT)}:{method.lineno}"
                yield f"{where} {cls.name}.{method.name}"


@tagged("post_install", "-at_install", "crm_suite")
class TestPublicMethodsAnswer(unittest.TestCase):
    def test_every_public_method_returns_a_value(self):
        silent = [
            found
            for addon in SUITE_ADDONS
            for folder in ("models", "wizard", "report")
            for path in sorted((ROOT / addon / folder).glob("*.py"))
            for found in silent_public_methods(path)
        ]
        self.assertEqual(silent, [])
