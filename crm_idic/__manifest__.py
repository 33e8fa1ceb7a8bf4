{
    "name": "CRM IDIC Customer Scoring",
    "summary": "IDIC model: identify, differentiate, interact with and customize for every customer",
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
    "installable": True,
    "application": False,
}
