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
        "views/res_partner_views.xml",
    ],
    "demo": [
        "demo/crm_qci_demo.xml",
    ],
    "installable": True,
    "application": False,
}
