"""The measures of the IDIC engine, each named once.

``GATHERED``: a customer's own numbers (days are the company's local days),
gathered by one query per company from orders, invoices, chatter, activities and
the partner itself (the query's common
table expressions are named in the SQL expressions: ``o`` orders, ``od`` order
dates, ``c`` categories, ``i`` invoices, ``q`` quotations, ``it``
interactions, ``a`` activities, ``cp`` campaigns, ``idn`` identity). The SELECT
of the gathering, its write onto the profile and the reading of a profile by the
scoring are derived from this list.

``SCORED``: what the scoring writes back, with the PostgreSQL type of the array
it is written from. ``FORECAST``: what the future-value step writes back
(``crm_idic_forecast.py``).

To add a measure: a field on ``crm.idic.profile``, a line here, and, when it comes
from a new table, a common table expression in the gathering query.
"""

from collections import namedtuple

Measure = namedtuple("Measure", "name sql type")

GATHERED = [
    Measure("rfm_frequency", "COALESCE(o.frequency, 0)", "int4"),
    Measure("rfm_monetary", "COALESCE(o.monetary, 0)", "numeric"),
    Measure("amount_last6", "COALESCE(o.last6, 0)", "numeric"),
    Measure("amount_prev6", "COALESCE(o.prev6, 0)", "numeric"),
    Measure("first_order_date", "od.first_order", "date"),
    Measure("last_order_date", "od.last_order", "date"),
    Measure("purchase_count", "COALESCE(od.purchases, 0)", "int4"),
    Measure("purchase_amount", "COALESCE(od.amount, 0)", "numeric"),
    Measure("repeat_amount", "COALESCE(od.repeat_amount, 0)", "numeric"),
    Measure("amount_past_horizon", "COALESCE(od.past_horizon, 0)", "numeric"),
    Measure("categories_count", "COALESCE(cardinality(c.categ_ids), 0)", "int4"),
    Measure("revenue_invoiced", "COALESCE(i.revenue, 0)", "numeric"),
    Measure("has_invoices", "COALESCE(i.moves, 0) > 0", "bool"),
    Measure("quotes_sent", "COALESCE(q.sent, 0)", "int4"),
    Measure("quotes_confirmed", "COALESCE(q.confirmed, 0)", "int4"),
    Measure("rewards_used", "COALESCE(q.rewarded, 0)", "int4"),
    Measure("interaction_count", "COALESCE(it.n, 0)", "int4"),
    Measure("last_interaction_date", "it.last", "date"),
    Measure("planned_activity_count", "COALESCE(a.planned, 0)", "int4"),
    Measure("overdue_activity_count", "COALESCE(a.overdue, 0)", "int4"),
    Measure("campaign_count", "COALESCE(cp.n, 0)", "int4"),
    Measure("identify_weight_got", "COALESCE(idn.got, 0)", "numeric"),
    Measure("identify_weight_possible", "COALESCE(idn.possible, 0)", "numeric"),
    Measure("duplicate_count", "COALESCE(idn.duplicates, 0)", "int4"),
]

SCORED = [
    Measure("rfm_recency_days", None, "int4"),
    Measure("rfm_r_score", None, "int4"),
    Measure("rfm_f_score", None, "int4"),
    Measure("rfm_m_score", None, "int4"),
    Measure("rfm_segment", None, "varchar"),
    Measure("value_tier", None, "varchar"),
    Measure("identify_score", None, "numeric"),
    Measure("differentiate_score", None, "numeric"),
    Measure("interact_score", None, "numeric"),
    Measure("customize_score", None, "numeric"),
    Measure("idic_score", None, "numeric"),
    Measure("cadence_overdue", None, "bool"),
]

FORECAST = [
    Measure("predicted_orders", None, "float8"),
    Measure("predicted_revenue", None, "numeric"),
    Measure("probability_alive", None, "float8"),
    Measure("potential_value", None, "numeric"),
    Measure("clv", None, "numeric"),
]
