from . import test_assessment
from . import test_kpis
from . import test_partner_form
