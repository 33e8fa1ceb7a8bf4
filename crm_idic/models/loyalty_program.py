from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import scoring


class LoyaltyProgram(models.Model):
    """Odoo's loyalty programmes, driven by the IDIC value tiers (Customize):
    the points a customer earns on a loyalty card are multiplied by the
    multiplier of its tier (not the points of promotions, coupons or eWallets)."""

    _inherit = "loyalty.program"

    idic_multiplier_mvc = fields.Float("Points × most valuable", default=1.0)
    idic_multiplier_mgc = fields.Float("Points × most growable", default=1.0)
    idic_multiplier_standard = fields.Float("Points × standard", default=1.0)
    idic_multiplier_bz = fields.Float("Points × below zero", default=1.0)
    idic_segment_ids = fields.One2many(
        "crm.idic.segment", "loyalty_program_id", "Segments enrolled"
    )

    @api.constrains(
        *[f"idic_multiplier_{tier}" for tier, _label in scoring.VALUE_TIERS]
    )
    def _check_idic_multipliers(self):
        for program in self:
            for tier, _label in scoring.VALUE_TIERS:
                name = f"idic_multiplier_{tier}"
                if not 0 <= program[name] <= 100:
                    raise ValidationError(
                        self.env._(
                            "%(program)s: %(setting)s must be between 0 and 100.",
                            program=program.name,
                            setting=self._fields[name]._description_string(self.env),
                        )
                    )

    def _idic_multiplier(self, tier):
        """The points multiplier of a customer of value tier ``tier`` (1 without
        a tier)."""
        self.ensure_one()
        return self[f"idic_multiplier_{tier}"] if tier else 1.0
