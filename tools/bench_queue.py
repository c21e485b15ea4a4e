# Benchmark of the work queue on My day (issue 19): `python3 tools/dev.py bench queue`.
#
# Executed as the standard input of `odoo-bin shell`: `env` is a superuser
# environment on the benchmark database.  It creates (then rolls back) one
# account manager with 50 client cards and 200 open activities (overdue,
# today and later), callbacks and offers requested on a fifth of the cards
# and check-ins due on another fifth, then times, as that manager, the whole
# My day payload (`corporate.work.queue.get_my_day`: quota bars + queue) and
# the queue alone (`_work_queue`), printing the median server time of RUNS
# runs after a warm-up, the SQL queries and the number of rows.
# BENCH_ARGS="cards=50 activities=200 runs=9" changes the sizes.
import os
import statistics
import time
from datetime import timedelta

from odoo import fields

ARGS = dict(arg.split("=", 1) for arg in os.environ.get("BENCH_ARGS", "").split() if "=" in arg)
CARDS = int(ARGS.get("cards", 50))
ACTIVITIES = int(ARGS.get("activities", 200))
RUNS = int(ARGS.get("runs", 9))

cr = env.cr  # noqa: F821 (odoo shell)
manager_group = env.ref("corporate_client.group_account_manager")  # noqa: F821
user_group = env.ref("base.group_user")  # noqa: F821


def say(msg):
    print(msg, flush=True)


def setup():
    Users = env["res.users"].with_context(no_reset_password=True)  # noqa: F821
    manager = Users.create(
        {
            "name": "Bench Queue Manager",
            "login": "bench_queue_mgr",
            "tz": "Asia/Jakarta",
            "groups_id": [(6, 0, [user_group.id, manager_group.id])],
        }
    )
    Client = env["corporate.client"].with_context(  # noqa: F821
        tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True
    )
    cards = Client.create(
        [
            {
                "name": f"Bench Queue Client {n:02d}",
                "user_id": manager.id,
                "phone": f"+62 21 555 {n:04d}",
                "segment": "medium",
            }
            for n in range(CARDS)
        ]
    )
    today = fields.Date.context_today(env["res.users"].with_context(tz="Asia/Jakarta"))  # noqa: F821
    now = fields.Datetime.now()
    types = [
        env.ref(f"corporate_client.mail_activity_type_{name}")  # noqa: F821
        for name in ("collect_payment", "checkin", "contract_renewal")
    ]
    model_id = env["ir.model"]._get_id("corporate.client")  # noqa: F821
    # Followed first: one batch of activities on a card would subscribe them twice.
    cards.message_subscribe(partner_ids=manager.partner_id.ids)
    env["mail.activity"].with_context(mail_activity_quick_update=True).create(  # noqa: F821
        [
            {
                "res_model_id": model_id,
                "res_id": cards[n % CARDS].id,
                "activity_type_id": types[n % len(types)].id,
                "user_id": manager.id,
                "date_deadline": today + timedelta(days=(n % 7) - 4),
                "summary": f"Bench activity {n}",
            }
            for n in range(ACTIVITIES)
        ]
    )
    Interaction = env["corporate.interaction"]  # noqa: F821
    for n, card in enumerate(cards):
        if n % 5 == 0:
            outcome = "callback" if n % 10 else "offer_requested"
            Interaction.create(
                {
                    "client_id": card.id,
                    "user_id": manager.id,
                    "interaction_type": "call",
                    "outcome": outcome,
                    "date": now - timedelta(hours=2),
                }
            )
        elif n % 5 == 1:
            card.last_contact_date = now - timedelta(days=45)
        else:
            card.last_contact_date = now - timedelta(days=3)
    env.flush_all()  # noqa: F821
    return manager


def measure(label, func):
    func()  # warm-up (caches of groups, rules, views)
    times, queries = [], []
    for _run in range(RUNS):
        env.invalidate_all()  # noqa: F821
        start_queries = cr.sql_log_count
        start = time.perf_counter()
        result = func()
        times.append((time.perf_counter() - start) * 1000)
        queries.append(cr.sql_log_count - start_queries)
    say(
        f"  {label:<34} {statistics.median(times):7.1f} ms  {max(queries):4d} queries  "
        f"{result} rows"
    )


try:
    user = setup()
    Queue = env["corporate.work.queue"].with_user(user).with_context(tz="Asia/Jakarta")  # noqa: F821
    say(f"work queue: 1 manager, {CARDS} cards, {ACTIVITIES} open activities, median of {RUNS}")
    measure("My day (bars + queue)", lambda: len(Queue.get_my_day()["rows"]))
    measure("queue only (_work_queue)", lambda: len(Queue._work_queue(user)))
finally:
    cr.rollback()  # nothing of the benchmark stays in the database
