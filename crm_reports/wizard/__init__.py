from . import crm_reports_aging_wizard
from . import crm_reports_aging_line
from . import crm_reports_management
from . import crm_reports_setup
from . import crm_reports_credit_release
from . import crm_reports_collections
from . import crm_reports_statement
