"""Run inside `odoo-bin shell` by `tools/dev.py load`: $LOAD_MANAGERS managers (default 20;
logins load_mgr_00, load_mgr_01...) with 10 clients each, in departments of 10
(head load_head_NN), plus load_director and load_accountant. Passwords = logins.
A rerun adds what a larger office lacks."""

import os

from odoo import Command

N = int(os.environ.get("LOAD_MANAGERS", "20"))
TEAM_SIZE = 10
Users = env["res.users"].with_context(no_reset_password=True, tracking_disable=True)  # noqa: F821
base_user = env.ref("base.group_user")  # noqa: F821


def ensure_user(login, name, groups):
    user = Users.search([("login", "=", login)])
    if not user:
        user = Users.create(
            {
                "name": name,
                "login": login,
                "password": login,
                "tz": "Asia/Jakarta",
                "groups_id": [Command.link(base_user.id)]
                + [Command.link(env.ref(xmlid).id) for xmlid in groups],  # noqa: F821
            }
        )
    return user


ensure_user("load_director", "Load Director", ["corporate_client.group_director"])
ensure_user("load_accountant", "Load Accountant", ["account.group_account_invoice"])
Client = env["corporate.client"].with_context(tracking_disable=True)  # noqa: F821
for first in range(0, N, TEAM_SIZE):
    number = first // TEAM_SIZE
    head = ensure_user(
        f"load_head_{number:02d}",
        f"Load Head {number:02d}",
        ["corporate_client.group_department_head"],
    )
    users = Users.browse()
    for i in range(first, min(N, first + TEAM_SIZE)):
        users |= ensure_user(
            f"load_mgr_{i:02d}", f"Load Manager {i:02d}", ["corporate_client.group_account_manager"]
        )
    name = f"Load department {number:02d}"
    team = env["crm.team"].search([("name", "=", name)]) or env["crm.team"].create(  # noqa: F821
        {"name": name, "is_corporate": True, "user_id": head.id}
    )
    team.member_ids |= users
    for user in users:
        have = Client.search_count([("user_id", "=", user.id)])
        Client.create(
            [
                {"name": f"{user.name} client {n}", "user_id": user.id, "team_id": team.id}
                for n in range(have, 10)
            ]
        )
    env.cr.commit()  # noqa: F821
print(f"seeded {N} managers, {(N + TEAM_SIZE - 1) // TEAM_SIZE} heads")
