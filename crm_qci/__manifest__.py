{
    "name": "CRM QCI Scorecard",
    "summary": "QCI model: 8-component scorecard, staff KPIs, targets, daily reports",
    "version": "19.0.1.0.0",
    "category": "Sales/CRM",
    "author": "crm-suite",
    "license": "LGPL-3",
    "depends": [
        "crm_idic",
        "crm_care",
    ],
    "data": [
        "security/ir.model.access.csv",
        "security/crm_qci_security.xml",
        "data/ir_cron_data.xml",
        "data/crm_qci_component_data.xml",
        "report/crm_qci_reports.xml",
        "report/crm_qci_workload_views.xml",
        "views/crm_qci_kpi_snapshot_views.xml",
        "views/crm_qci_assessment_views.xml",
        "views/crm_qci_daily_report_views.xml",
        "wizard/crm_qci_leaderboard_views.xml",
        "wizard/crm_qci_reassign_views.xml",
        "views/crm_qci_menus.xml",
    ],
    "demo": [
        "demo/crm_qci_demo.xml",
    ],
    "assets": {
        "web.assets_tests": ["crm_qci/static/tests/tours/**/*"],
    },
    "installable": True,
    "application": False,
}
