"""Databases whose future-value models were fitted with the BG/NBD, before the
suite moved to the Pareto/NBD: those fits say so in their note (their ``a`` and
``b`` stay in the table, no longer shown), and the day's recompute fits again
(``crm.idic.forecast.fit._idic_fit_of`` skips a model fit without ``s``)."""

NOTE = (
    "Fitted with the BG/NBD, before the Pareto/NBD: r, α and the spend "
    "parameters are its own; its a and b are no longer shown."
)


def migrate(cr, version):
    cr.execute(
        """
        UPDATE crm_idic_forecast_fit
           SET note = %s
         WHERE method = 'model' AND COALESCE(s, 0) = 0 AND note IS NULL
        """,
        (NOTE,),
    )
