from . import crm_reports_aging_wizard
