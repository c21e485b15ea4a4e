"""Run inside `odoo-bin shell` by `tools/dev.py upgrade-check` (phase in $PHASE).

phase "seed":  add user data (a client card, a quotation, a posted invoice, an
               interaction) on top of the demo data and print the counts.
phase "count": print the counts (after `-u corporate_client`).
phase "uninstall": uninstall the addon and print what is left of the user data.
"""

import json
import os

from odoo import Command, fields
from odoo.addons.corporate_client.hooks import FOREIGN_INDEXES

PHASE = os.environ["PHASE"]
OUT = os.environ["OUT"]

ADDON_MODELS = [
    name
    for name in env.registry
    if name.startswith("corporate.") and not env[name]._transient and not env[name]._abstract
]


def foreign_indexes():
    """The addon's indexes on other modules' tables that exist now."""
    env.cr.execute(
        "SELECT indexname FROM pg_indexes WHERE indexname IN %s", [tuple(FOREIGN_INDEXES)]
    )
    return sorted(name for (name,) in env.cr.fetchall())


def counts():
    result = {
        model: env[model].sudo().with_context(active_test=False).search_count([])
        for model in ADDON_MODELS
    }
    for model in ("res.partner", "sale.order", "account.move", "res.users", "crm.team"):
        result[model] = env[model].sudo().with_context(active_test=False).search_count([])
    result["foreign indexes missing"] = len(set(FOREIGN_INDEXES) - set(foreign_indexes()))
    return result


if PHASE == "seed":
    Partner = env["res.partner"]
    manager = env.ref("corporate_client.user_manager_anna")
    partner = Partner.create(
        {"name": "Upgrade Check Ltd", "is_company": True, "user_id": manager.id}
    )
    card = env["corporate.client"].create({"partner_id": partner.id, "segment": "large"})
    env["corporate.interaction"].create(
        {
            "client_id": card.id,
            "user_id": manager.id,
            "interaction_type": "call",
            "outcome": "reached",
        }
    )
    product = env["product.product"].create(
        {
            "name": "Upgrade check product",
            "list_price": 10.0,
            "invoice_policy": "order",
        }
    )
    order = env["sale.order"].create(
        {
            "partner_id": partner.id,
            "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 2})],
        }
    )
    order.action_confirm()
    invoice = order._create_invoices()
    invoice.invoice_date = fields.Date.today()
    invoice.action_post()
    user_data = {"partner": partner.id, "order": order.id, "invoice": invoice.id}
    env.cr.commit()
    json.dump({"counts": counts(), "user_data": user_data}, open(OUT, "w"))
elif PHASE == "count":
    json.dump({"counts": counts()}, open(OUT, "w"))
elif PHASE == "uninstall":
    seed = json.load(open(os.environ["SEED"]))["user_data"]
    module = env["ir.module.module"].search([("name", "=", "corporate_client")])
    module.button_immediate_uninstall()
    env.cr.commit()
    left = {
        "module_state": module.state,
        "partner": bool(env["res.partner"].browse(seed["partner"]).exists()),
        "order": bool(env["sale.order"].browse(seed["order"]).exists()),
        "invoice": bool(env["account.move"].browse(seed["invoice"]).exists()),
        "invoice_state": env["account.move"].browse(seed["invoice"]).state,
        "card_table": "corporate.client" in env.registry,
        "foreign_indexes": foreign_indexes(),
    }
    json.dump(left, open(OUT, "w"))
