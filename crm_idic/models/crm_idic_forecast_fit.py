import logging

from odoo import api, fields, models

from ..tools import forecast
from ..tools.display import company_language, dated_name
from ..tools.relations import owner

_logger = logging.getLogger(__name__)


class CrmIdicForecastFit(models.Model):
    """One day's fit of a company's future-value models: the Pareto/NBD
    parameters (repeat purchases and drop-out), the Gamma-Gamma ones (spend,
    weighed by the first purchase),
    and how well they describe the customers they were fitted on — or why the
    simple rule stands in for them."""

    _name = "crm.idic.forecast.fit"
    _description = "Future-value model of a company"
    _order = "date desc, id desc"
    _rec_name = "date"

    company_id = owner("res.company")
    date = fields.Date(required=True, readonly=True)
    method = fields.Selection(
        [("model", "Pareto/NBD and Gamma-Gamma"), ("rule", "Simple rule")],
        required=True,
        readonly=True,
    )
    note = fields.Char(readonly=True, help="Why the simple rule was used.")
    customer_count = fields.Integer("Customers", readonly=True)
    repeat_customer_count = fields.Integer("Repeat customers", readonly=True)
    r = fields.Float("r", digits=(16, 6), readonly=True)
    alpha = fields.Float("α (alpha)", digits=(16, 6), readonly=True)
    s = fields.Float("s", digits=(16, 6), readonly=True)
    beta = fields.Float("β (beta)", digits=(16, 6), readonly=True)
    p = fields.Float("p", digits=(16, 6), readonly=True)
    q = fields.Float("q", digits=(16, 6), readonly=True)
    v = fields.Float("γ (gamma)", digits=(16, 6), readonly=True)
    c = fields.Float(
        "Weight of the first purchase (c)",
        digits=(16, 6),
        readonly=True,
        help="How much a customer's first purchase moves its expected spend: each "
        "customer's γ is scaled by e^(c·z), z the logarithm of its first "
        "purchase's value standardised by the two figures below; 0: not at all.",
    )
    z_mean = fields.Float(
        "First purchase: mean logarithm", digits=(16, 6), readonly=True
    )
    z_sd = fields.Float(
        "First purchase: standard deviation of the logarithm",
        digits=(16, 6),
        readonly=True,
    )
    log_likelihood = fields.Float(digits=(16, 2), readonly=True)
    repeat_actual = fields.Integer(
        "Repeat purchases made",
        readonly=True,
        help="Purchases after their first of the customers fitted on.",
    )
    repeat_expected = fields.Float(
        "Repeat purchases the model expects",
        digits=(16, 1),
        readonly=True,
        help="What the fitted model expects the same customers to have bought in "
        "the time each has been a customer: close to the purchases made when the "
        "model describes them well.",
    )

    @api.depends("company_id", "date")
    @api.depends_context("lang")
    def _compute_display_name(self):
        """ "Công ty Phương Nam – 04/12/2026": the day as the reader writes dates."""
        for fit in self:
            fit.display_name = dated_name(self.env, fit.company_id.name, fit.date)

    @api.model
    def _idic_current_domain(self, company):
        """The company's fits made as the suite fits today: by the simple rule or
        with the Pareto/NBD (a model fit made before, with the BG/NBD, has no
        ``s``): its forecasts are not those of today's model."""
        return [
            ("company_id", "=", company.id),
            "|",
            ("method", "=", "rule"),
            ("s", ">", 0),
        ]

    @api.model
    def _idic_fit_of(self, company, day):
        """The company's fit of that day, if any."""
        return self.search(
            self._idic_current_domain(company) + [("date", "=", day)], limit=1
        )

    @api.model
    def _idic_fit(self, company, day, summary):
        """Fit the company's models on its customers' ``summary`` (weeks), and
        record the fit; the simple rule when there are too few repeat customers
        or the optimiser does not converge."""
        repeat = int((summary.x > 0).sum())
        values = {
            "company_id": company.id,
            "date": day,
            "customer_count": len(summary.x),
            "repeat_customer_count": repeat,
            "repeat_actual": int(summary.x.sum()),
        }
        # The recompute's own record, whoever runs it; its note in the company's
        # language, as its sales manager reads it.
        records = company_language(self.sudo().with_company(company))
        if repeat < forecast.MIN_REPEAT_CUSTOMERS:
            return records.create(
                dict(
                    values,
                    method="rule",
                    note=records.env._(
                        "%(count)s repeat customers: a model needs at least %(min)s.",
                        count=repeat,
                        min=forecast.MIN_REPEAT_CUSTOMERS,
                    ),
                )
            )
        return records.create(dict(values, **records._idic_model_values(summary)))

    @api.model
    def _idic_model_values(self, summary):
        """The fitted parameters and fit quality, or the rule and why."""
        repeat, log_likelihood = forecast.fit_pareto_nbd(
            summary.x, summary.t_x, summary.T
        )
        gg = forecast.fit_gamma_gamma(
            summary.x, summary.m, forecast.first_purchase(summary)
        )
        if repeat is None or gg is None:
            _logger.info("IDIC forecast: no convergence, the simple rule is used")
            return {
                "method": "rule",
                "note": self.env._("The model did not converge on these customers."),
            }
        # One evaluation per distinct age: many customers share theirs.
        ages, inverse = forecast._np().unique(summary.T, return_inverse=True)
        expected = forecast.pareto_expected_repeat_purchases(repeat, ages)[inverse]
        return {
            "method": "model",
            "log_likelihood": log_likelihood,
            "repeat_expected": float(expected.sum()),
            **repeat._asdict(),
            **gg._asdict(),
        }

    def _forecast(self, summary, repeat=None):
        """(expected orders in the horizon, probability alive, expected spend, CLV)
        of the customers of ``summary`` with this fit (its purchases from
        ``repeat`` instead when given: the BG/NBD the accuracy report compares)."""
        self.ensure_one()
        company = self.company_id
        args = (
            summary,
            company.idic_forecast_months,
            company.idic_clv_years * 12,
            company.idic_discount_rate / 100.0,
        )
        if self.method == "rule":
            return forecast.rule_forecast(*args)
        repeat = repeat or forecast.ParetoNbd(self.r, self.alpha, self.s, self.beta)
        gg = forecast.GammaGamma(self.p, self.q, self.v, self.c, self.z_mean, self.z_sd)
        return forecast.model_forecast(repeat, gg, *args)
