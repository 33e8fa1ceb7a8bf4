{
    "name": "CRM IDIC Customer Scoring",
    "summary": "IDIC model: identify, differentiate, interact, customize per customer",
    "version": "19.0.1.2.0",
    "category": "Sales/CRM",
    "author": "crm-suite",
    "license": "LGPL-3",
    "depends": [
        "crm",
        "sale_management",
        "account",
        # Loyalty cards, points, coupons and codes on sale orders (Odoo's engine,
        # driven by the IDIC tiers and segments; the festive gifts of crm_care).
        "sale_loyalty",
    ],
    # The future-value model (tools/forecast.py), imported when a forecast runs.
    "external_dependencies": {"python": ["numpy", "scipy"]},
    "data": [
        "security/ir.model.access.csv",
        "security/crm_idic_security.xml",
        "data/mail_data.xml",
        "data/ir_cron_data.xml",
        "views/crm_idic_profile_views.xml",
        "views/crm_idic_segment_views.xml",
        "views/crm_idic_tier_move_views.xml",
        "views/res_partner_views.xml",
        "views/crm_lead_views.xml",
        "views/sale_order_views.xml",
        "views/res_config_settings_views.xml",
        "views/resource_calendar_views.xml",
        "wizard/crm_idic_backtest_views.xml",
        "wizard/crm_idic_forecast_accuracy_views.xml",
        "views/crm_idic_menus.xml",
    ],
    "demo": [
        "demo/res_users_demo.xml",
        "demo/crm_idic_demo.xml",
    ],
    "assets": {
        "web.assets_tests": ["crm_idic/static/tests/tours/**/*"],
    },
    "installable": True,
    "application": False,
}
