from . import test_kpis
from . import test_partner_form
