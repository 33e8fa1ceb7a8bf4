"""The suite's rule for a record that belongs to another (a contract's lines, an
assessment's answers, a report's lines), declared once: the owner is required,
its records go with it, and they are found by it; the company is the owner's,
stored so that the multi-company record rules can read it."""

from odoo import fields


def owner(comodel, string=None, index=True, **extra):
    """The Many2one to the record this one belongs to (``index=False`` for the
    lines of a wizard, read once)."""
    return fields.Many2one(
        comodel, string, required=True, ondelete="cascade", index=index, **extra
    )


def owner_company(owner_field):
    """The company of the record this one belongs to, stored."""
    return fields.Many2one(related=f"{owner_field}.company_id", store=True)
