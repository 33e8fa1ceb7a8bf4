"""crm_care — after-sales care, on top of crm_idic.

Terms:
- SLA (service level agreement): the first-response and resolution times of a
  ticket, counted in the care team's working hours, paused while waiting for the
  customer.
- Warranty: months from delivery, per product; a claim out of warranty needs a care
  manager's approval.

Shared code comes from crm_idic (tools, test base IdicCommon); this addon adds
CareCommon (tests/common.py) and its demo builder (demo/builder.py).
"""

from . import controllers
from . import models
from . import report
from . import tools
from . import wizard
