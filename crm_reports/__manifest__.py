{
    "name": "CRM Management Reports",
    "summary": "Sales analysis, aged receivables, management reports, customer 360°",
    "version": "19.0.1.0.0",
    "category": "Sales/CRM",
    "author": "crm-suite",
    "license": "LGPL-3",
    "depends": [
        "crm_qci",
    ],
    "data": [
        "security/ir.model.access.csv",
        "security/crm_reports_security.xml",
        "data/crm_reports_data.xml",
        "views/crm_reports_views.xml",
        "views/crm_reports_dashboard_views.xml",
        "report/crm_reports_reports.xml",
        "report/crm_reports_sales_analysis_views.xml",
        "wizard/crm_reports_aging_wizard_views.xml",
        "wizard/crm_reports_management_views.xml",
    ],
    "demo": [],
    "assets": {
        "web.assets_backend": ["crm_reports/static/src/**/*"],
        "web.assets_tests": ["crm_reports/static/tests/tours/**/*"],
    },
    "installable": True,
    "application": False,
}
