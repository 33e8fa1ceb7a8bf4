from . import res_company
from . import res_partner
from . import sale_order
from . import account_move
from . import crm_reports_receivable_aging
from . import crm_reports_overdue
from . import res_config_settings
from . import crm_reports_dashboard
