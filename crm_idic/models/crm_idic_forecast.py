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

    def _idic_slipping(self, company):
        """Mark the most valuable customers whose probability of being still
        active fell below the company's win-back threshold (they stay marked,
        whatever their tier becomes, until it rises again) and give each newly
        marked one a win-back call for its salesperson. Run between the forecast
        and the scoring: "most valuable" is the tier the customer had until now.
        No call on the company's first forecast with today's model (the
        Pareto/NBD) nor on the first recompute after a switch of tier method:
        what came before says nothing of a fall."""
        # One pass over the company's profiles, no self-join: only the rows
        # whose mark changes are written.
        slipping = SQL(
            """(purchase_count > 0 AND probability_alive < %s
                AND (value_tier = 'mvc' OR slipping_away IS TRUE))""",
            company.idic_winback_threshold / 100.0,
        )
        self.env.cr.execute(
            SQL(
                """
                UPDATE crm_idic_profile SET slipping_away = %(slipping)s
                 WHERE company_id = %(company)s
                   AND slipping_away IS DISTINCT FROM %(slipping)s
                   AND (%(slipping)s OR slipping_away)
             RETURNING id, slipping_away
                """,
                slipping=slipping,
                company=company.id,
            )
        )
        fallen = [row[0] for row in self.env.cr.fetchall() if row[1]]
        method = company.idic_tier_method
        switched = company.sudo().idic_tier_method_applied not in (False, method)
        if method != company.sudo().idic_tier_method_applied:
            company.sudo().idic_tier_method_applied = method
        if fallen and not switched and self._idic_forecast_before_today(company):
            self.browse(fallen)._idic_winback_calls(company)
        return fallen

    def _idic_forecast_before_today(self, company):
        """Whether the company was forecast on an earlier day as it is today: a
        forecast of the BG/NBD, which took every one-time buyer as surely
        active, says nothing of a fall under the Pareto/NBD."""
        Fit = self.env["crm.idic.forecast.fit"].sudo()  # noqa: N806
        return bool(
            Fit.search_count(
                Fit._idic_current_domain(company)
                + [("date", "<", self._idic_today(company))],
                limit=1,
            )
        )

    def _idic_winback_calls(self, company):
        """One win-back call per profile for the customer's salesperson (else its
        sales team's leader), in the salesperson's language."""
        # The forecast was just written in SQL: read afresh.
        self.invalidate_model()
        activities = []
        call = self.env.ref("mail.mail_activity_data_call")
        model = self.env["ir.model"]._get_id("res.partner")
        profiles = self.sudo()
        owners = profiles.partner_id._idic_account_owners(company)
        for profile in profiles:
            partner = profile.partner_id
            user = owners[partner.id]
            if not user:
                continue
            activities.append(
                {
                    "res_model_id": model,
                    "res_id": partner.id,
                    "activity_type_id": call.id,
                    "user_id": user.id,
                    "summary": self.with_context(lang=user.lang).env._(
                        "Win back: %(alive)s %% likely still active",
                        alive=round(profile.probability_alive * 100),
                    ),
                    "note": profile.with_context(lang=user.lang).future_explanation,
                }
            )
        self.env["mail.activity"].sudo().create(activities)

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
