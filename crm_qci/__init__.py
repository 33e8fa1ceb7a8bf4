"""crm_qci — the QCI model and staff KPIs, on top of crm_care and crm_idic.

Terms:
- QCI (Quality Competitive Index, QCi Assessment Ltd.): an 8-component scorecard of
  customer management, each component measured from data and from a questionnaire.
- CMA (Customer Management Assessment): the published benchmark database of QCI
  scores (average 35, best 67).
- KPI: a salesperson's or team's figures of a period, against its targets.

Shared code comes from the addons below; this addon adds QciCommon
(tests/common.py) and its demo builder (demo/builder.py).
"""

from . import models
from . import report
from . import wizard
