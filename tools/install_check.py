"""Run inside `odoo-bin shell` by `tools/dev.py install-check` after `-i corporate_client`.

Writes to $OUT (JSON) what the install did to an Indonesian company's database:
module state and demo data, the company's currency and chart, NPWP numbers,
the pricelist feature, the groups given to admin, the defaults of the settings.
"""

import json
import os

module = env["ir.module.module"].search([("name", "=", "corporate_client")])
company = env.ref("base.main_company")
admin = env.ref("base.user_admin")
cards = env["corporate.client"].sudo().with_context(active_test=False).search([])
partners = cards.partner_id.commercial_partner_id

invalid_vats = []
if hasattr(env["res.partner"], "_run_vat_test"):  # base_vat (pulled in by l10n_id)
    invalid_vats = [
        f"{partner.name}: {partner.vat}"
        for partner in partners
        if partner.vat and not partner._run_vat_test(partner.vat, partner.country_id, True)
    ]

settings = env["res.config.settings"].create({})
warning = settings._onchange_group_sale_pricelist() or {}
category = env.ref("corporate_client.module_category_corporate_client")
facts = {
    "module_state": module.state,
    "demo_loaded": module.demo,
    "client_cards": len(cards),
    "indonesian_addresses": sum(p.country_id.code == "ID" and bool(p.state_id) for p in partners),
    "invalid_vats": invalid_vats,
    "company_country": company.country_id.code,
    "company_currency": company.currency_id.name,
    "chart_template": company.chart_template,
    "pricelist_feature": env.ref("product.group_product_pricelist")
    in env.ref("base.group_user").implied_ids,
    "settings_warning": (warning.get("warning") or {}).get("message"),
    "admin_roles": sorted(
        admin.groups_id.filtered(lambda g: g.category_id == category).mapped("name")
    ),
    "admin_is_sales_administrator": admin.has_group("sales_team.group_sale_manager"),
    "r5_separation_on": company.corporate_separate_retail,
    "active_pricelists": env["product.pricelist"].search_count([]),
}
with open(os.environ["OUT"], "w") as fh:
    json.dump(facts, fh)
