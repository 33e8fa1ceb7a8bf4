{
    "name": "CRM After-sales Care",
    "summary": "After-sales care: tickets with SLA and warranty, contracts, reminders",
    "version": "19.0.1.0.0",
    "category": "Services/Customer Care",
    "author": "crm-suite",
    "license": "LGPL-3",
    "depends": [
        "sale_management",
        "account",
        "portal",
        "rating",
        "resource",
        "mail",
    ],
    "data": [
        "views/product_template_views.xml",
    ],
    "demo": [
        "demo/product_template_demo.xml",
    ],
    "installable": True,
    "application": False,
}
