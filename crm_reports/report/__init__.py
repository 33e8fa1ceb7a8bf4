from . import crm_reports_sales_analysis
