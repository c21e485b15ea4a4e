# Copyright 2026 corporate_client authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Corporate Clients",
    "summary": "Corporate account management: client cards, activity quotas, "
    "contracts, receivables, supply requests and monthly reports",
    "version": "18.0.1.0.0",
    "category": "Sales",
    "website": "https://github.com/corporate-client/corporate_client",
    "author": "corporate_client authors",
    "license": "LGPL-3",
    "application": True,
    "installable": True,
    "depends": ["sale_management", "sale_stock", "account", "mail"],
    "external_dependencies": {"python": []},
    "data": [
        "security/corporate_client_security.xml",
        "security/ir.model.access.csv",
        "security/corporate_client_rules.xml",
        "security/corporate_interaction_rules.xml",
        "security/corporate_logistics_rules.xml",
        "data/corporate_quota_data.xml",
        "data/mail_activity_type_data.xml",
        "data/ir_cron_data.xml",
        "data/corporate_logistics_data.xml",
        "views/crm_team_views.xml",
        "views/corporate_client_views.xml",
        "views/corporate_substitution_views.xml",
        "views/corporate_interaction_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "views/corporate_logistics_request_views.xml",
        "views/product_template_views.xml",
        "views/sale_order_views.xml",
        "views/res_config_settings_logistics_views.xml",
        "wizards/corporate_out_of_stock_wizard_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/corporate_client_demo.xml",
        "demo/corporate_logistics_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "corporate_client/static/tests/tours/*.js",
        ],
    },
}
