import importlib

from odoo import api, fields, models
from odoo.exceptions import ValidationError

SUITE_ADDONS = ("crm_idic", "crm_care", "crm_qci", "crm_reports")

# Identify: the profile fields whose completeness counts, with their default weights.
IDENTIFY_FIELDS = [
    ("email", 15),
    ("phone", 15),
    ("address", 15),
    ("country", 10),
    ("vat", 10),
    ("birthday", 10),
    ("tags", 10),
    ("salesperson", 10),
    ("industry", 5),
]

IDIC_COMPONENTS = ("identify", "differentiate", "interact", "customize")

# The company settings with a range: lowest, highest, whether the lowest itself
# is refused.
IDIC_RANGES = {
    "idic_rfm_months": (1, 120, False),
    "idic_interaction_days": (1, 730, False),
    "idic_forecast_months": (1, 60, False),
    "idic_clv_years": (1, 10, False),
    "idic_discount_rate": (0, 100, False),
    "idic_winback_threshold": (0, 100, False),
    "idic_mvc_share": (0, 100, True),
}


class ResCompany(models.Model):
    _inherit = "res.company"

    idic_weight_identify = fields.Integer("Identify weight", default=25)
    idic_weight_differentiate = fields.Integer("Differentiate weight", default=25)
    idic_weight_interact = fields.Integer("Interact weight", default=25)
    idic_weight_customize = fields.Integer("Customize weight", default=25)
    idic_rfm_months = fields.Integer(
        "RFM window (months)",
        default=24,
        help="Orders confirmed in this many months up to today count in RFM.",
    )
    idic_interaction_days = fields.Integer(
        "Interaction window (days)",
        default=90,
        help="Emails, notes, activities and meetings of this many days count.",
    )
    idic_forecast_months = fields.Integer(
        "Forecast horizon (months)",
        default=12,
        help="Expected orders and revenue of each customer over this many months.",
    )
    idic_clv_years = fields.Integer(
        "Lifetime value horizon (years)",
        default=3,
        help="The lifetime value adds the expected purchases of this many years.",
    )
    idic_tier_method = fields.Selection(
        [("rfm", "RFM rules"), ("forecast", "Forecast")],
        "Value tiers from",
        default="rfm",
        required=True,
        help="RFM rules: most valuable = top monetary score, most growable = "
        "frequent or growing. Forecast: most valuable = the top share of buyers by "
        "expected revenue, most growable = the top share of those with a potential.",
    )
    idic_mvc_share = fields.Float(
        "Most valuable share (%)",
        default=20.0,
        help="With value tiers from the forecast: the share of the buyers with the "
        "highest expected revenue who are most valuable (and of those with a "
        "potential who are most growable).",
    )
    idic_winback_threshold = fields.Float(
        "Win-back below (% likely active)",
        default=30.0,
        help="A most valuable customer whose probability of being still active falls "
        "below this gets a win-back call for its salesperson, once per fall.",
    )
    # The tier method of the last recompute: the first one after a switch
    # schedules no win-back calls (the tiers it starts from are the old method's).
    idic_tier_method_applied = fields.Char(
        "Tier method of the last recompute", readonly=True
    )
    idic_discount_rate = fields.Float(
        "Discount rate (% a year)",
        default=10.0,
        help="Future purchases count less the later they come: each month's "
        "expected revenue is discounted at this yearly rate.",
    )
    idic_full_recompute_date = fields.Date(
        "Last full IDIC recompute",
        readonly=True,
        help="Day the daily recompute last marked every customer of the company.",
    )
    idic_public_holidays = fields.Boolean(
        "Public holidays in the working calendar",
        help="Every month, load this year's and next year's public holidays of the "
        "company's country (Vietnam: Tết and Hùng Kings' day included) as leaves of "
        "its working calendar, once per year: SLA hours, missing daily reports and "
        "scheduled mails skip them.",
    )
    idic_fw_email = fields.Integer("Email weight", default=15)
    idic_fw_phone = fields.Integer("Phone weight", default=15)
    idic_fw_address = fields.Integer("Street and city weight", default=15)
    idic_fw_country = fields.Integer("Country weight", default=10)
    idic_fw_vat = fields.Integer("Tax ID weight (companies)", default=10)
    idic_fw_birthday = fields.Integer("Birthday weight (individuals)", default=10)
    idic_fw_tags = fields.Integer("Tags weight", default=10)
    idic_fw_salesperson = fields.Integer("Salesperson weight", default=10)
    idic_fw_industry = fields.Integer("Industry weight", default=5)

    def write(self, vals):
        changed = self._idic_settings_changing(vals)
        result = super().write(vals)
        # A changed setting is applied by the next 15-minute recompute, to every
        # customer of the company, not by tomorrow's.
        Profile = self.env["crm.idic.profile"].sudo()  # noqa: N806
        for company in changed:
            Profile._idic_mark_all(company, Profile._idic_today(company))
        return result

    def _idic_settings_changing(self, vals):
        """The companies whose IDIC recompute reads a setting ``vals`` changes (the
        settings page writes every setting, changed or not)."""
        settings = self._idic_recompute_settings()
        names = [name for name in vals if name in settings]
        return self.filtered(
            lambda company: any(company[name] != vals[name] for name in names)
        )

    @api.model
    def _idic_recompute_settings(self):
        """The company settings the IDIC recompute reads."""
        return {
            *(f"idic_weight_{part}" for part in IDIC_COMPONENTS),
            *IDIC_RANGES,
            "idic_tier_method",
            *(f"idic_fw_{name}" for name, _weight in IDENTIFY_FIELDS),
        }

    @api.constrains(
        "idic_weight_identify",
        "idic_weight_differentiate",
        "idic_weight_interact",
        "idic_weight_customize",
    )
    def _check_idic_weights(self):
        for company in self:
            weights = company._idic_component_weights()
            if min(weights) < 0 or sum(weights) != 100:
                raise ValidationError(
                    self.env._(
                        "The four IDIC weights of %(company)s must be whole numbers "
                        "from 0 to 100 that sum to 100 (now %(total)s).",
                        company=company.name,
                        total=sum(weights),
                    )
                )

    @api.constrains(*IDIC_RANGES)
    def _check_idic_ranges(self):
        for company in self:
            for name, (low, high, above_low) in IDIC_RANGES.items():
                value = company[name]
                if low <= value <= high and not (above_low and value == low):
                    continue
                raise ValidationError(company._idic_range_error(name, value))

    def _idic_range_error(self, name, value):
        low, high, above_low = IDIC_RANGES[name]
        params = {
            "setting": self._fields[name]._description_string(self.env),
            "low": low,
            "high": high,
            "value": value,
        }
        if above_low:
            return self.env._(
                "%(setting)s must be above %(low)s and at most %(high)s "
                "(not %(value)s).",
                **params,
            )
        return self.env._(
            "%(setting)s must be between %(low)s and %(high)s (not %(value)s).",
            **params,
        )

    @api.constrains(*[f"idic_fw_{name}" for name, _weight in IDENTIFY_FIELDS])
    def _check_idic_field_weights(self):
        for company in self:
            weights = company._idic_field_weights()
            if min(weights.values()) < 0 or not sum(weights.values()):
                raise ValidationError(
                    self.env._(
                        "Identify field weights cannot be negative and at least one "
                        "must be above 0."
                    )
                )

    def _idic_component_weights(self):
        """Weights of Identify, Differentiate, Interact, Customize (sum 100)."""
        self.ensure_one()
        return (
            self.idic_weight_identify,
            self.idic_weight_differentiate,
            self.idic_weight_interact,
            self.idic_weight_customize,
        )

    def _idic_field_weights(self):
        """Identify field weights by field key."""
        self.ensure_one()
        return {name: self[f"idic_fw_{name}"] for name, _weight in IDENTIFY_FIELDS}

    @api.model
    def _crm_suite_load_demo(self, addon):
        """Build the demo records of ``addon`` of the suite: the one door from the
        demo data (a ``<function>`` in each addon's demo XML) to the builder in that
        addon's ``demo/`` folder, plain Python imported only here."""
        if addon not in SUITE_ADDONS:
            raise ValueError(f"{addon} is not an addon of the suite")
        importlib.import_module(f"odoo.addons.{addon}.demo.builder").build(self.env)
