"""crm_idic — the foundation of the CRM suite.

Terms:
- IDIC (Peppers & Rogers): Identify who each customer is, Differentiate customers
  by value and needs, Interact with them, Customize the treatment of each.
- RFM: Recency (days since the last order), Frequency (orders), Monetary (revenue),
  each scored 1-5 by quintile among the company's buyers.
- Value tiers: MVC (most valuable customers), MGC (most growable customers),
  standard, BZ (below zero: costs more than it brings).

Layers: crm_idic -> crm_care -> crm_qci -> crm_reports; each addon imports shared
code only from the addons below it. This one holds who the customer is (identity
fields), the shared tools (tools/: committed batches of scheduled actions, SQL and
period helpers, the IDIC arithmetic and measures), the test base class
(tests/common.py: IdicCommon) and the demo world (demo/, loaded as demo data).
"""

from . import controllers
from . import models
from . import wizard
from . import tools
