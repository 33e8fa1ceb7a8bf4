"""How good the future-value forecast is on the company's own history: the
models fitted as they would have been at a past cutoff (on the purchases known
then), their forecast of the horizon that followed against what the customers
then bought, and beside them the two rankings staff use today."""

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL
from odoo.tools.misc import format_date

from ..tools import forecast
from ..tools.display import dated_name
from ..tools.localtime import company_tz, local_date_sql, local_today, utc_start
from ..tools.records import form_action

DAYS_PER_WEEK = 7.0
# The top of the customers whose share of the revenue the report measures.
TOP_SHARE = 0.2


class CrmIdicForecastAccuracy(models.TransientModel):
    _name = "crm.idic.forecast.accuracy"
    _inherit = ["crm.idic.company.report"]
    _description = "Forecast accuracy"

    cutoff = fields.Date(
        required=True,
        default=lambda self: self._default_cutoff(),
        help="The models are fitted on the purchases before this day and forecast "
        "the company's horizon after it.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    horizon_months = fields.Integer(
        related="company_id.idic_forecast_months", string="Horizon (months)"
    )
    done = fields.Boolean(readonly=True)
    method = fields.Selection(
        [("model", "Pareto/NBD and Gamma-Gamma"), ("rule", "Simple rule")],
        readonly=True,
    )
    note = fields.Char(readonly=True)
    customer_count = fields.Integer("Customers", readonly=True)
    actual_orders = fields.Float("Purchases made", readonly=True)
    predicted_orders = fields.Float("Purchases forecast", readonly=True)
    actual_revenue = fields.Monetary("Revenue made", readonly=True)
    predicted_revenue = fields.Monetary("Revenue forecast", readonly=True)
    revenue_error = fields.Float(
        "Revenue error (%)",
        readonly=True,
        help="Forecast revenue against the revenue made, in % of the latter.",
    )
    line_ids = fields.One2many(
        "crm.idic.forecast.accuracy.line", "accuracy_id", "Rankings", readonly=True
    )

    @api.depends("cutoff")
    def _compute_display_name(self):
        """The dialog's title once computed: the report and its cutoff."""
        for report in self:
            report.display_name = dated_name(
                self.env, self.env._("Forecast accuracy"), report.cutoff
            )

    @api.model
    def _default_cutoff(self):
        return self._default_cutoff_of(self.env.company)

    @api.model
    def _default_cutoff_of(self, company):
        """The latest cutoff whose whole horizon has passed: a horizon ago."""
        today = local_today(company_tz(company))
        return today - relativedelta(months=company.idic_forecast_months)

    @api.constrains("cutoff", "company_id")
    def _check_cutoff(self):
        for report in self:
            latest = self._default_cutoff_of(report.company_id)
            if report.cutoff > latest:
                raise ValidationError(
                    self.env._(
                        "The cutoff must leave the whole forecast horizon before "
                        "today: %(latest)s at the latest.",
                        latest=format_date(self.env, latest),
                    )
                )

    def action_compute(self):
        """Fit at the cutoff, forecast, compare; the form shows the figures."""
        self.ensure_one()
        rows = self._customer_rows()
        if not rows:
            raise UserError(
                self.env._(
                    "No customer had bought before %(day)s.",
                    day=format_date(self.env, self.cutoff),
                )
            )
        columns = self._columns(rows)
        fit = self._fit(columns["summary"])
        orders, _alive, spend, _clv = fit._forecast(columns["summary"])
        revenue = orders * spend
        actual = columns["actual_revenue"]
        rankings = [
            ("forecast", revenue),
            ("last_period", columns["last_period"]),
            ("rfm", columns["rfm"]),
        ]
        if fit.method == "model":
            summary = columns["summary"]
            rankings[1:1] = [
                ("plain_spend", self._plain_spend_revenue(fit, orders, summary)),
                ("bgnbd", self._bgnbd_revenue(fit, summary)),
            ]
        self.write(
            {
                "done": True,
                "method": fit.method,
                "note": fit.note,
                "customer_count": len(actual),
                "actual_orders": float(columns["actual_orders"].sum()),
                "predicted_orders": float(orders.sum()),
                "actual_revenue": float(actual.sum()),
                "predicted_revenue": float(revenue.sum()),
                "revenue_error": 100.0 * (revenue.sum() / actual.sum() - 1)
                if actual.sum()
                else 0.0,
                "line_ids": [fields.Command.clear()]
                + [
                    fields.Command.create(self._ranking_values(name, score, actual))
                    for name, score in rankings
                    if score is not None
                ],
            }
        )
        return form_action(self, target="new", name=self.display_name)

    def _bgnbd_revenue(self, fit, summary):
        """The revenue the BG/NBD would have forecast, with the same spend: the
        model the suite did not choose, measured on the company's own data
        (None when it does not converge or gives no number)."""
        repeat, _log_likelihood = forecast.fit_bgnbd(summary.x, summary.t_x, summary.T)
        if repeat is None:
            return None
        orders, _alive, spend, _clv = fit._forecast(summary, repeat=repeat)
        revenue = orders * spend
        return revenue if forecast._np().isfinite(revenue).all() else None

    def _plain_spend_revenue(self, fit, orders, summary):
        """The revenue forecast with the plain Gamma-Gamma, every one-time buyer
        expected to spend the same: what weighing the first purchase changes,
        on the company's own data (None when the fit does not weigh it)."""
        if not fit.c:
            return None
        plain = forecast.fit_gamma_gamma(summary.x, summary.m)
        if plain is None:
            return None
        return orders * forecast.expected_spend(plain, summary.x, summary.m)

    def _ranking_values(self, ranking, score, actual):
        return {
            "ranking": ranking,
            "top_capture": 100.0 * forecast.top_share_capture(score, actual, TOP_SHARE),
            "rank_correlation": forecast.rank_correlation(score, actual),
        }

    def _customer_rows(self):
        """Per customer who bought before the cutoff: purchases (local days)
        before it, days from the first and from the last to the cutoff's eve
        (the day the recompute would have run on: the same summary), amount,
        first purchase's amount, revenue of the horizon just before it,
        purchases and amount of the RFM window, and purchases and revenue of
        the horizon after it; one query."""
        company = self.company_id
        tz = company_tz(company)
        months = company.idic_forecast_months
        cutoff = self.cutoff
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                WITH days AS (
                    SELECT p.commercial_partner_id AS partner_id, %(day)s AS day,
                           sum(so.amount_untaxed / NULLIF(so.currency_rate, 0))
                               AS amount
                      FROM sale_order so
                      JOIN res_partner p ON p.id = so.partner_id
                     WHERE so.company_id = %(company)s AND so.state = 'sale'
                       AND so.date_order < %(until)s
                     GROUP BY 1, 2
                )
                SELECT count(*) FILTER (WHERE day < %(cutoff)s),
                       %(eve)s - min(day), %(eve)s - max(day)
                           FILTER (WHERE day < %(cutoff)s),
                       COALESCE(sum(amount) FILTER (WHERE day < %(cutoff)s), 0),
                       (array_agg(amount ORDER BY day))[1],
                       COALESCE(sum(amount) FILTER (
                           WHERE day >= %(past)s AND day < %(cutoff)s), 0),
                       count(*) FILTER (WHERE day >= %(window)s AND day < %(cutoff)s),
                       COALESCE(sum(amount) FILTER (
                           WHERE day >= %(window)s AND day < %(cutoff)s), 0),
                       count(*) FILTER (WHERE day >= %(cutoff)s),
                       COALESCE(sum(amount) FILTER (WHERE day >= %(cutoff)s), 0)
                  FROM days
                 GROUP BY partner_id
                HAVING min(day) < %(cutoff)s
                 ORDER BY partner_id
                """,
                day=local_date_sql(SQL("so.date_order"), tz),
                company=company.id,
                until=utc_start(tz, cutoff + relativedelta(months=months)),
                cutoff=cutoff,
                eve=cutoff - relativedelta(days=1),
                past=cutoff - relativedelta(months=months),
                window=cutoff - relativedelta(months=company.idic_rfm_months),
            )
        )
        return self.env.cr.fetchall()

    def _columns(self, rows):
        """The rows as arrays: the model's summary at the cutoff (weeks), the
        last period's revenue, the RFM score (R + F + M quintiles) and what
        followed."""
        np = forecast._np()
        (
            count,
            age,
            silence,
            amount,
            first_amount,
            last_period,
            window_count,
            window_amount,
            actual_orders,
            actual_revenue,
        ) = (np.array(column, dtype=float) for column in zip(*rows, strict=True))
        x = count - 1
        repeat = amount - first_amount
        summary = forecast.Summary(
            x=x,
            t_x=(age - silence) / DAYS_PER_WEEK,
            T=age / DAYS_PER_WEEK,
            m=np.where(x > 0, repeat / np.maximum(x, 1), 0.0),
            mean=amount / count,
        )
        rfm = (
            forecast.quintiles(-silence)
            + forecast.quintiles(window_count)
            + forecast.quintiles(window_amount)
        )
        return {
            "summary": summary,
            "last_period": last_period,
            "rfm": rfm,
            "actual_orders": actual_orders,
            "actual_revenue": actual_revenue,
        }

    def _fit(self, summary):
        """The fit as it would have been made at the cutoff (not stored)."""
        Fit = self.env["crm.idic.forecast.fit"]  # noqa: N806
        repeat = int((summary.x > 0).sum())
        values = {"company_id": self.company_id.id, "date": self.cutoff}
        if repeat < forecast.MIN_REPEAT_CUSTOMERS:
            values.update(
                method="rule",
                note=self.env._(
                    "%(count)s repeat customers: a model needs at least %(min)s.",
                    count=repeat,
                    min=forecast.MIN_REPEAT_CUSTOMERS,
                ),
            )
        else:
            values.update(Fit._idic_model_values(summary))
        return Fit.new(values)
