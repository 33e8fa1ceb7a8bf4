from . import crm_reports_aging_wizard
from . import crm_reports_aging_line
from . import crm_reports_management
from . import crm_reports_setup
from . import crm_reports_credit_release
from . import crm_reports_dispute
from . import crm_reports_promise
from . import crm_reports_statement
