# Benchmark of the phone system's call journaling (issue 33): `python3 tools/dev.py bench pbx`.
#
# Executed as the standard input of `odoo-bin shell`: `env` is a superuser
# environment on the benchmark database.  It creates (then rolls back) 20
# account managers with an extension each, 500 client cards with a landline
# and a contact with a mobile, and the phone system's integration user; then
# journals, as that user, one batch of CALLS finished calls
# (``corporate.pbx.call._pbx_journal``, the code path of the API and of the
# CSV import): 85 % to clients' landlines or contacts' mobiles, typed in
# different national and international forms, 10 % to unknown numbers, 5 %
# unanswered.  It prints the wall time, the SQL queries, the statuses, the
# quota figures of a manager, then the time of posting the same batch again
# (all duplicates).  BENCH_ARGS="calls=10000 managers=20 cards=500" changes the sizes.
import os
import time
from collections import Counter
from datetime import timedelta

from odoo import fields

ARGS = dict(arg.split("=", 1) for arg in os.environ.get("BENCH_ARGS", "").split() if "=" in arg)
CALLS = int(ARGS.get("calls", 10000))
MANAGERS = int(ARGS.get("managers", 20))
CARDS = int(ARGS.get("cards", 500))

cr = env.cr  # noqa: F821 (odoo shell)


def say(msg):
    print(msg, flush=True)


def setup():
    env.company.country_id = env.ref("base.id")  # noqa: F821
    Users = env["res.users"].with_context(no_reset_password=True)  # noqa: F821
    manager_group = env.ref("corporate_client.group_account_manager")  # noqa: F821
    user_group = env.ref("base.group_user")  # noqa: F821
    managers = Users.create(
        [
            {
                "name": f"Bench PBX Manager {n:02d}",
                "login": f"bench_pbx_mgr_{n}",
                "tz": "Asia/Jakarta",
                "corporate_pbx_extension": f"7{n:03d}",
                "groups_id": [(6, 0, [user_group.id, manager_group.id])],
            }
            for n in range(MANAGERS)
        ]
    )
    integration = Users.create(
        {
            "name": "Bench Phone System",
            "login": "bench_pbx_integration",
            "groups_id": [
                (6, 0, [user_group.id, env.ref("corporate_client.group_pbx_integration").id])  # noqa: F821
            ],
        }
    )
    Client = env["corporate.client"].with_context(  # noqa: F821
        tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True
    )
    cards = Client.create(
        [
            {
                "name": f"Bench PBX Client {n:04d}",
                "user_id": managers[n % MANAGERS].id,
                "phone": f"+62 21 7{n:03d} {n:04d}",
                "segment": "medium",
                "child_ids": [
                    (0, 0, {"name": f"Buyer {n:04d}", "mobile": f"0812 7{n:03d} {n:04d}"})
                ],
            }
            for n in range(CARDS)
        ]
    )
    env.flush_all()  # noqa: F821
    return managers, integration, cards


def payload(managers, now):
    calls = []
    for n in range(CALLS):
        card = n % CARDS
        if n % 20 < 17:
            # The same numbers as typed on the cards, in other spellings.
            number = f"(021) 7{card:03d}-{card:04d}" if n % 2 else f"+62 812-7{card:03d}-{card:04d}"
        else:
            number = f"0813 9{n:07d}"[:14]
        calls.append(
            {
                "call_id": f"bench-{n}",
                "extension": f"7{card % MANAGERS:03d}",
                "number": number,
                "direction": "outgoing" if n % 3 else "incoming",
                "duration": 0 if n % 20 == 5 else 30 + n % 300,
                "answered": n % 20 != 5,
                "start": (now - timedelta(minutes=n % 600)).isoformat() + "Z",
            }
        )
    return calls


try:
    managers, integration, cards = setup()
    now = fields.Datetime.now().replace(microsecond=0)
    calls = payload(managers, now)
    Pbx = env["corporate.pbx.call"].with_user(integration)  # noqa: F821
    say(f"pbx: {CALLS} calls, {MANAGERS} managers, {CARDS} cards (+ a contact each)")
    start_queries, start = cr.sql_log_count, time.perf_counter()
    results = Pbx._pbx_journal(calls)
    env.flush_all()  # noqa: F821
    elapsed = time.perf_counter() - start
    statuses = Counter(result["status"] for result in results)
    say(
        f"  journal {CALLS} calls            {elapsed:7.2f} s  "
        f"({elapsed / CALLS * 1000:.2f} ms/call)  {cr.sql_log_count - start_queries} queries  "
        f"{dict(statuses)}"
    )
    counted = sum(1 for result in results if result.get("counted"))
    day = fields.Date.context_today(managers[0].with_context(tz="Asia/Jakarta"))
    figures = env["corporate.figure"]._compute(  # noqa: F821
        managers, day - timedelta(days=1), day, keys={"calls"}
    )
    total_calls = sum(values["calls"] for values in figures.values())
    say(f"  counted calls: {counted} journaled, {total_calls} in the quota figures")
    start = time.perf_counter()
    again = Counter(result["status"] for result in Pbx._pbx_journal(calls))
    say(f"  the same batch again             {time.perf_counter() - start:7.2f} s  {dict(again)}")
finally:
    cr.rollback()  # nothing of the benchmark stays in the database
