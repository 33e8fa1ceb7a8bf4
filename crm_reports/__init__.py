"""crm_reports — analysis, receivables and management reports, the top of the
suite (crm_idic -> crm_care -> crm_qci -> crm_reports).

Terms:
- Aged receivables: open customer amounts by days past their due date, as of any
  date; DSO (days sales outstanding): receivables / sales x days.
- Customer 360°: one view of a customer's orders, invoices, tickets, contracts and
  scores.

Shared code comes from the addons below; this addon adds ReportsCommon
(tests/common.py) and its demo builder (demo/builder.py).
"""

from . import models
from . import tools
from . import report
from . import wizard
