from . import res_company
from . import crm_reports_receivable_aging
