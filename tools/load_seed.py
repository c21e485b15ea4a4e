"""Run inside `odoo-bin shell` by `tools/dev.py load`: $LOAD_MANAGERS managers (default 20,
up to 100: logins load_mgr_00..load_mgr_99) with 10 clients each."""

import os

from odoo import Command

N = int(os.environ.get("LOAD_MANAGERS", "20"))
group = env.ref("corporate_client.group_account_manager")
users = env["res.users"]
for i in range(N):
    login = f"load_mgr_{i:02d}"
    user = env["res.users"].search([("login", "=", login)])
    if not user:
        user = env["res.users"].create(
            {
                "name": f"Load Manager {i:02d}",
                "login": login,
                "password": login,
                "groups_id": [Command.link(env.ref("base.group_user").id), Command.link(group.id)],
            }
        )
    users |= user
team = env["crm.team"].search([("name", "=", "Load department")]) or env["crm.team"].create(
    {"name": "Load department", "is_corporate": True}
)
# A later run with more managers adds them to the department.
team.member_ids |= users
Client = env["corporate.client"]
for user in users:
    have = Client.search_count([("user_id", "=", user.id)])
    Client.create(
        [
            {"name": f"{user.name} client {n}", "user_id": user.id, "team_id": team.id}
            for n in range(have, 10)
        ]
    )
env.cr.commit()
print(f"seeded {len(users)} managers")
