"""The future-value step of the IDIC engine: fit the company's repeat-purchase and
spend models once a day (``crm.idic.forecast.fit``) and forecast each customer's
orders, revenue, probability of being alive, potential and lifetime value
(``tools/forecast.py``; written back as ``FORECAST`` of ``tools/measures.py``)."""

from odoo import models
from odoo.tools import SQL

from ..tools import forecast
from ..tools.measures import FORECAST

DAYS_PER_WEEK = 7.0


class CrmIdicForecast(models.AbstractModel):
    """Part of the IDIC engine, mixed into ``crm.idic.profile``."""

    _name = "crm.idic.forecast"
    _description = "IDIC engine: future value"

    def _idic_forecast(self, company):
        """Forecast the company's customers: all of them on the first run of the
        company's day (with a new fit), else those gathered again since the last
        scoring (with the day's fit)."""
        today = self._idic_today(company)
        # The recompute's own records, whoever runs it.
        Fit = self.env["crm.idic.forecast.fit"].sudo()  # noqa: N806
        fit = Fit._idic_fit_of(company, today)
        only_gathered = bool(fit)
        ids, summary, past = self._idic_forecast_summary(company, today, only_gathered)
        if not fit:
            fit = Fit._idic_fit(company, today, summary)
        self._idic_clear_forecast(company)
        if len(ids):
            self._idic_write_forecast(company, fit, ids, summary, past)

    def _idic_clear_forecast(self, company):
        """No forecast for a customer without purchases (any more)."""
        self.env.cr.execute(
            SQL(
                """
                UPDATE crm_idic_profile SET %(zero)s
                 WHERE company_id = %(company)s AND purchase_count = 0
                   AND (clv != 0 OR predicted_orders != 0 OR probability_alive != 0)
                """,
                zero=SQL(", ").join(
                    SQL("%s = 0", SQL.identifier(measure.name)) for measure in FORECAST
                ),
                company=company.id,
            )
        )

    def _idic_forecast_summary(self, company, today, only_gathered):
        """(profile ids, :class:`~..tools.forecast.Summary`, revenue of the
        horizon just past) of the company's customers with a purchase, as
        arrays; one query."""
        np = forecast._np()
        only = SQL("AND needs_rescore") if only_gathered else SQL("")
        self.env.cr.execute(
            SQL(
                """
                SELECT id, purchase_count - 1,
                       (last_order_date - first_order_date) / %(week)s,
                       (%(today)s - first_order_date) / %(week)s,
                       CASE WHEN purchase_count > 1
                            THEN repeat_amount / (purchase_count - 1) ELSE 0 END,
                       purchase_amount / purchase_count,
                       amount_past_horizon
                  FROM crm_idic_profile
                 WHERE company_id = %(company)s AND purchase_count > 0 %(only)s
                """,
                week=DAYS_PER_WEEK,
                today=today,
                company=company.id,
                only=only,
            )
        )
        rows = self.env.cr.fetchall()
        columns = (
            np.array(column, dtype=float).reshape(-1)
            for column in (zip(*rows, strict=True) if rows else [()] * 7)
        )
        ids, x, t_x, age, m, mean, past = columns
        summary = forecast.Summary(x, t_x, age, m, mean)
        return ids.astype(int), summary, past

    def _idic_write_forecast(self, company, fit, ids, summary, past):
        """Compute the ``FORECAST`` values of these profiles and write them."""
        np = forecast._np()
        orders, alive, spend, clv = fit._forecast(summary)
        revenue = orders * spend
        currency = company.currency_id
        values = {
            "predicted_orders": np.round(orders, 4),
            "predicted_revenue": np.round(revenue, currency.decimal_places),
            "probability_alive": np.round(alive, 4),
            "potential_value": np.round(
                np.maximum(revenue - past, 0.0), currency.decimal_places
            ),
            "clv": np.round(clv, currency.decimal_places),
        }
        self._idic_write_arrays(
            ids.tolist(),
            [
                (measure.name, measure.type, values[measure.name].tolist())
                for measure in FORECAST
            ],
        )
