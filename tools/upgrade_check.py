"""Run inside `odoo-bin shell` by `tools/dev.py upgrade-check` (phase in $PHASE, JSON to $OUT).

The database was installed with the code of a previous release (the "old"
code), then upgraded to this checkout's (the "new" code).  This one script
runs with both, so everything it reads must exist in both: the ORM fields it
names are the stable ones (``user_id``, ``team_id``, ``state``, ``name``), and
records are matched by stable keys (xml ids, else names), never by field
layout.

phase "seed" (old code):     add user data on top of the demo data.
phase "snapshot" (old code): what must survive the upgrade.
phase "compare" (new code):  the same snapshot again, compared with $BEFORE.
phase "uninstall" (new code): uninstall the addon and say what is left of the
                              user data ($SEED).

When a release moves data on purpose, say so here: a monthly report figure
that another field or model now holds goes to MOVED_FIGURES (how to read it
with the new code); a model, rule or index that was dropped on purpose goes
to RETIRED.  Anything else that changed fails the check.
"""

import json
import os
from datetime import timedelta

from odoo import Command, fields

PHASE = os.environ["PHASE"]
OUT = os.environ["OUT"]
ADDON = "corporate_client"

# figure field name of the old code -> function(report) reading it with the new code
MOVED_FIGURES = {}
# what the new code dropped on purpose: model names, rule / index names
RETIRED = {
    # 18.0.2.3.0: team progress holds no record (an abstract model computing
    # the grid): the rule limiting its transient lines to their opener is gone.
    "corporate_client.rule_corporate_quota_progress_own",
}
# report views (SQL views, no data of their own) whose rows mean something else
# in the new code, on purpose: their row count is not compared (empty since
# 18.0.2.1.0: the interaction analysis was redefined in 18.0.2.0.0).
REDEFINED_VIEWS = set()

try:
    from odoo.addons.corporate_client.hooks import FOREIGN_INDEXES
except ImportError:  # a release without the uninstall hook's list
    FOREIGN_INDEXES = []


def addon_models():
    return sorted(
        name
        for name in env.registry
        if name.startswith("corporate.") and not env[name]._transient and not env[name]._abstract
    )


def model(name):
    return env[name].sudo().with_context(active_test=False)


def foreign_indexes():
    """The addon's indexes on other modules' tables that exist now."""
    if not FOREIGN_INDEXES:
        return []
    env.cr.execute(
        "SELECT indexname FROM pg_indexes WHERE indexname IN %s", [tuple(FOREIGN_INDEXES)]
    )
    return sorted(name for (name,) in env.cr.fetchall())


def keys(records):
    """{record: stable key}: its xml id when it has one, else its name (#n if repeated)."""
    data = (
        env["ir.model.data"]
        .sudo()
        .search_read(
            [("model", "=", records._name), ("res_id", "in", records.ids)],
            ["module", "name", "res_id"],
        )
    )
    xmlids = {row["res_id"]: f"{row['module']}.{row['name']}" for row in data}
    result, seen = {}, {}
    for record in records.sorted("id"):
        key = xmlids.get(record.id) or f"name:{record.display_name}"
        seen[key] = seen.get(key, 0) + 1
        result[record] = key if seen[key] == 1 else f"{key} #{seen[key]}"
    return result


def counts():
    result = {name: model(name).search_count([]) for name in addon_models()}
    for name in ("res.partner", "sale.order", "account.move", "res.users", "crm.team"):
        result[name] = model(name).search_count([])
    return result


def clients():
    cards = model("corporate.client").search([])
    return {
        key: {"owner": card.user_id.login or None, "department": card.team_id.name or None}
        for card, key in keys(cards).items()
    }


def report_figure_fields():
    """The frozen figures: the report's stored numbers (old code decides which)."""
    report_fields = env["corporate.monthly.report"]._fields
    return sorted(
        name
        for name, field in report_fields.items()
        if field.store and field.type in ("integer", "float", "monetary") and name != "id"
    )


def reports(figure_names):
    """{manager login / month: state and, once submitted, the frozen figures}."""
    if "corporate.monthly.report" not in env.registry:
        return {}
    result = {}
    report_fields = env["corporate.monthly.report"]._fields
    for report in model("corporate.monthly.report").search([]):
        key = f"{report.user_id.login} {report.date_from}"
        entry = {"state": report.state}
        if report.state in ("submitted", "approved"):
            figures = {}
            for name in figure_names:
                if name in report_fields:
                    figures[name] = report[name]
                elif name in MOVED_FIGURES:
                    figures[name] = MOVED_FIGURES[name](report)
                else:
                    figures[name] = "<no such field: add it to MOVED_FIGURES>"
            entry["figures"] = figures
        result[key] = entry
    return result


def contracts():
    if "corporate.contract" not in env.registry:
        return {}
    records = model("corporate.contract").search([])
    return {key: record.state for record, key in keys(records).items()}


def indexes():
    """Indexes of the addon's tables, and its indexes on other modules' tables."""
    tables = tuple(env[name]._table for name in addon_models()) or ("",)
    env.cr.execute("SELECT indexname FROM pg_indexes WHERE tablename IN %s", [tables])
    return sorted({name for (name,) in env.cr.fetchall()} | set(foreign_indexes()))


def rules():
    """{xml id: active} of the addon's record rules."""
    data = env["ir.model.data"].sudo().search([("module", "=", ADDON), ("model", "=", "ir.rule")])
    active = {rule.id: rule.active for rule in model("ir.rule").browse(data.mapped("res_id"))}
    return {f"{ADDON}.{row.name}": active.get(row.res_id, False) for row in data}


def invariants():
    """Derived data that must agree with its source after an upgrade."""
    env.flush_all()
    env.cr.execute(
        """
        SELECT count(*) FROM corporate_client c
         WHERE c.last_contact_date IS DISTINCT FROM
               (SELECT max(i.date) FROM corporate_interaction i WHERE i.client_id = c.id)
        """
    )
    result = {"stale_last_contact": env.cr.fetchone()[0]}
    env.cr.execute("SELECT count(*) FROM corporate_interaction")
    result["interactions"] = env.cr.fetchone()[0]
    env.cr.execute("SELECT to_regclass('corporate_activity_counter') IS NOT NULL")
    if env.cr.fetchone()[0]:
        env.cr.execute("SELECT COALESCE(sum(count), 0) FROM corporate_activity_counter")
        result["counted"] = env.cr.fetchone()[0]
    env.cr.execute(
        "SELECT count(*) FROM information_schema.columns"
        " WHERE table_name = 'corporate_activity_day_counter' AND column_name = 'calls'"
    )
    if env.cr.fetchone()[0]:
        env.cr.execute(
            "SELECT COALESCE(sum(calls + email_offers + phone_offers + meetings"
            " + other_interactions), 0) FROM corporate_activity_day_counter"
        )
        result["day_counted"] = env.cr.fetchone()[0]
    return result


def snapshot(figure_names=None):
    figure_names = figure_names if figure_names is not None else report_figure_fields()
    version = env["ir.module.module"].search([("name", "=", ADDON)]).latest_version
    return {
        "version": version,
        "counts": counts(),
        "clients": clients(),
        "figure_names": figure_names,
        "reports": reports(figure_names),
        "contracts": contracts(),
        "indexes": indexes(),
        "foreign_indexes": foreign_indexes(),
        "rules": rules(),
        "invariants": invariants(),
    }


def same(a, b):
    numbers = (int, float)
    if isinstance(a, float) or isinstance(b, float):
        return isinstance(a, numbers) and isinstance(b, numbers) and abs(a - b) < 1e-6
    return a == b


def compare(before, after):
    """Lines to print and failures, comparing two snapshots key by key."""
    lines = [f"version {before['version']} -> {after['version']}"]
    failures = []
    for name, count in sorted(before["counts"].items()):
        now = after["counts"].get(name)
        if now is None and name in RETIRED:
            lines.append(f"{name:40} {count:>7} -> retired")
            continue
        if name in REDEFINED_VIEWS:
            lines.append(f"{name:40} {count:>7} -> {now}  (view redefined: not compared)")
            continue
        flag = "ok" if now == count else "CHANGED"
        lines.append(f"{name:40} {count:>7} -> {now if now is not None else 'missing':>7}  {flag}")
        if now != count:
            failures.append(f"{name}: {count} records before the upgrade, {now} after")
    checks = [
        ("client", "clients", lambda v: v),
        ("contract", "contracts", lambda v: {"state": v}),
        ("monthly report", "reports", lambda v: v),
    ]
    for label, section, norm in checks:
        changed = 0
        for key, old in sorted(before[section].items()):
            new = after[section].get(key)
            if new is None:
                failures.append(f"{label} {key} is gone")
                changed += 1
                continue
            old, new = norm(old), norm(new)
            for attr, value in sorted(old.items()):
                if attr == "figures":
                    for figure, number in sorted(value.items()):
                        now = new.get("figures", {}).get(figure)
                        if not same(number, now):
                            failures.append(
                                f"{label} {key}: frozen figure {figure} was {number}, is {now}"
                            )
                            changed += 1
                elif new.get(attr) != value:
                    failures.append(f"{label} {key}: {attr} was {value!r}, is {new.get(attr)!r}")
                    changed += 1
        frozen = sum("figures" in v for v in before[section].values())
        extra = f", {frozen} with frozen figures" if frozen else ""
        lines.append(
            f"{label + 's':16} {len(before[section]):>4} compared{extra}: "
            + ("ok" if not changed else f"{changed} CHANGED")
        )
    missing = sorted(set(before["indexes"]) - set(after["indexes"]) - RETIRED)
    lines.append(
        f"indexes          {len(before['indexes']):>4} before, {len(after['indexes'])} after: "
        + ("ok" if not missing else f"{len(missing)} MISSING")
    )
    failures += [f"index {name} is missing after the upgrade" for name in missing]
    if len(after["foreign_indexes"]) != len(FOREIGN_INDEXES):
        failures.append(f"the addon's indexes on other tables: {after['foreign_indexes']}")
    lost = sorted(
        rule
        for rule, active in before["rules"].items()
        if rule not in RETIRED and active and not after["rules"].get(rule)
    )
    lines.append(
        f"record rules     {len(before['rules']):>4} before, {len(after['rules'])} after: "
        + ("ok" if not lost else f"{len(lost)} MISSING or inactive")
    )
    failures += [f"record rule {rule} is missing or inactive" for rule in lost]
    now = after["invariants"]
    was = before.get("invariants", {})
    lines.append(
        f"last contacts    {now['stale_last_contact']} cards disagree with their interactions"
        f" after ({was.get('stale_last_contact', '?')} before)"
    )
    if now["stale_last_contact"]:
        failures.append(
            f"{now['stale_last_contact']} cards' last contact is not their latest interaction"
        )
    counted = (now.get("counted"), now.get("day_counted"))
    lines.append(
        f"activity counters {now['interactions']} interactions, counters {counted[0]},"
        f" day counters {counted[1]}"
    )
    if counted != (now["interactions"], now["interactions"]):
        failures.append(
            f"activity counters do not count the {now['interactions']} interactions: {counted}"
        )
    return lines, failures


def seed():
    """User data on top of the demo data (with the old code's API)."""
    Partner = env["res.partner"]
    manager = env.ref("corporate_client.user_manager_anna")
    partner = Partner.create(
        {"name": "Upgrade Check Ltd", "is_company": True, "user_id": manager.id}
    )
    card = env["corporate.client"].create({"partner_id": partner.id, "segment": "large"})
    Interaction = env["corporate.interaction"]
    Interaction.create(
        {
            "client_id": card.id,
            "user_id": manager.id,
            "interaction_type": "call",
            "outcome": "reached",
            "date": fields.Datetime.now() - timedelta(days=2),
        }
    )
    # Deleting the latest interaction left the card's last contact on it until
    # 18.0.2.0.0: the upgrade recomputes it.
    Interaction.create(
        {"client_id": card.id, "user_id": manager.id, "interaction_type": "email_offer"}
    ).unlink()
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
    # A second frozen monthly report: submitted by its manager, approved.
    report = env.ref("corporate_client.report_budi_last")
    report.with_user(report.user_id).action_submit()
    report.action_approve()
    env.cr.commit()
    return {"partner": partner.id, "order": order.id, "invoice": invoice.id}


if PHASE == "seed":
    result = {"user_data": seed()}
elif PHASE == "snapshot":
    result = snapshot()
elif PHASE == "compare":
    with open(os.environ["BEFORE"]) as fh:
        before = json.load(fh)
    after = snapshot(before["figure_names"])
    lines, failures = compare(before, after)
    result = {"lines": lines, "failures": failures}
elif PHASE == "uninstall":
    with open(os.environ["SEED"]) as fh:
        user_data = json.load(fh)["user_data"]
    module = env["ir.module.module"].search([("name", "=", ADDON)])
    module.button_immediate_uninstall()
    env.cr.commit()
    result = {
        "module_state": module.state,
        "partner": bool(env["res.partner"].browse(user_data["partner"]).exists()),
        "order": bool(env["sale.order"].browse(user_data["order"]).exists()),
        "invoice": bool(env["account.move"].browse(user_data["invoice"]).exists()),
        "invoice_state": env["account.move"].browse(user_data["invoice"]).state,
        "card_table": "corporate.client" in env.registry,
        "foreign_indexes": foreign_indexes(),
    }
with open(OUT, "w") as fh:
    json.dump(result, fh, default=str)
