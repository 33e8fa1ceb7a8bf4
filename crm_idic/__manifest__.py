{
    "name": "CRM IDIC Customer Scoring",
    "summary": "IDIC model: identify, differentiate, interact, customize per customer",
    "version": "19.0.1.0.0",
    "category": "Sales/CRM",
    "author": "crm-suite",
    "license": "LGPL-3",
    "depends": [
        "crm",
        "sale_management",
        "account",
    ],
    "data": [
        "views/res_partner_views.xml",
    ],
    "demo": [
        "demo/crm_idic_demo.xml",
    ],
    "assets": {
        "web.assets_tests": ["crm_idic/static/tests/tours/**/*"],
    },
    "installable": True,
    "application": False,
}
