# Write cost of the activity counters (issue 32), run by `python3 tools/dev.py bench writes`.
#
# Executed as the standard input of `odoo-bin shell`: `env` is a superuser
# environment on the benchmark database.  Times inserting interactions with and
# without the counters' statement-level triggers on corporate_interaction
# (`ALTER TABLE ... DISABLE TRIGGER` inside a savepoint that is rolled back:
# nothing is kept, the triggers are back after each run):
#   - a single interaction, one INSERT statement (SQL) and one ORM create;
#   - a batch of 2,000 interactions (10 managers, 50 cards, spread over the
#     day), one INSERT ... SELECT (SQL) and one ORM create of 2,000;
# printing the median of RUNS runs (after a warm-up) and the overhead of the
# triggers.  BENCH_ARGS="runs=9 batch=5000" changes the sizes.
import os
import statistics
import time

from odoo import Command

ARGS = dict(arg.split("=", 1) for arg in os.environ.get("BENCH_ARGS", "").split() if "=" in arg)
RUNS = int(ARGS.get("runs", 7))
BATCH = int(ARGS.get("batch", 2000))
SINGLES = int(ARGS.get("singles", 50))
MANAGERS = 10
TRIGGERS = ("corporate_activity_counter_insert",)

cr = env.cr  # noqa: F821 (odoo shell)
Users = env["res.users"].with_context(no_reset_password=True, tracking_disable=True)  # noqa: F821


def say(msg):
    print(msg, flush=True)


def ensure_data():
    logins = [f"bench_writer_{n:02d}" for n in range(MANAGERS)]
    users = Users.search([("login", "in", logins)])
    missing = sorted(set(logins) - set(users.mapped("login")))
    if missing:
        group = env.ref("corporate_client.group_account_manager")  # noqa: F821
        users |= Users.create(
            [
                {
                    "name": login.replace("_", " ").title(),
                    "login": login,
                    "tz": "Asia/Jakarta",
                    "groups_id": [
                        Command.link(env.ref("base.group_user").id),
                        Command.link(group.id),
                    ],  # noqa: F821
                }
                for login in missing
            ]
        )
    Client = env["corporate.client"].with_context(tracking_disable=True)  # noqa: F821
    cards = Client.search([("user_id", "in", users.ids)])
    if len(cards) < 5 * MANAGERS:
        cards |= Client.create(
            [
                {"name": f"Bench writes client {user.login} {n}", "user_id": user.id}
                for user in users
                for n in range(5)
            ]
        )
    env.cr.commit()  # noqa: F821
    return users, cards.sorted("id")


def rows(cards, count):
    """ORM values of ``count`` interactions over the cards, spread over the day."""
    types = ["call", "email_offer", "phone_offer", "meeting", "other"]
    outcomes = ["reached", "no_answer", "interested", "callback", "offer_requested"]
    return [
        {
            "client_id": cards[n % len(cards)].id,
            "user_id": cards[n % len(cards)].user_id.id,
            "interaction_type": types[n % len(types)],
            "outcome": outcomes[(n // 5) % len(outcomes)],
            "date": f"2026-03-{2 + n % 20:02d} {n % 24:02d}:{n % 60:02d}:00",
            "note": f"bench writes {n}",
        }
        for n in range(count)
    ]


SQL_BATCH = """
INSERT INTO corporate_interaction
       (client_id, partner_id, user_id, client_user_id, team_id, company_id, date,
        interaction_type, direction, outcome, duration, note, source,
        create_uid, create_date, write_uid, write_date)
SELECT c.id, c.partner_id, p.user_id, p.user_id, c.team_id, %(company)s,
       timestamp '2026-03-02' + (n %% 20) * interval '1 day' + (n %% 1440) * interval '1 minute',
       (ARRAY['call', 'email_offer', 'phone_offer', 'meeting', 'other'])[1 + n %% 5],
       'outgoing',
       (ARRAY['reached', 'no_answer', 'interested', 'callback', 'offer_requested'])
           [1 + (n / 5) %% 5],
       3, 'bench writes', 'manual', 1, now() AT TIME ZONE 'UTC', 1, now() AT TIME ZONE 'UTC'
  FROM generate_series(0, %(count)s - 1) AS s(n)
  JOIN corporate_client c ON c.id = (%(cards)s::int[])[1 + n %% %(ncards)s]
  JOIN res_partner p ON p.id = c.partner_id
"""


def timed(func, triggers):
    """Seconds ``func`` takes, in a savepoint rolled back after it."""
    env.flush_all()  # noqa: F821
    cr.execute("SAVEPOINT bench_writes")
    try:
        if not triggers:
            for name in TRIGGERS:
                cr.execute(f'ALTER TABLE corporate_interaction DISABLE TRIGGER "{name}"')
        start = time.perf_counter()
        func()
        env.flush_all()  # noqa: F821
        return time.perf_counter() - start
    finally:
        cr.execute("ROLLBACK TO SAVEPOINT bench_writes")
        env.invalidate_all()  # noqa: F821
        env.transaction.clear()  # noqa: F821


def paired(func, per=1):
    """Medians (without, with the triggers) of RUNS runs each, the two alternated
    (a busy machine slows both alike), and the median of the paired overheads."""
    timed(func, False)  # warm-up
    timed(func, True)
    without, with_, ratios = [], [], []
    for _n in range(RUNS):
        a = timed(func, False) / per
        b = timed(func, True) / per
        without.append(a)
        with_.append(b)
        ratios.append(b / a - 1)
    return statistics.median(without), statistics.median(with_), statistics.median(ratios)


def main():
    users, cards = ensure_data()
    Interaction = env["corporate.interaction"].with_context(tracking_disable=True)  # noqa: F821
    company = env.company.id  # noqa: F821
    single_values = rows(cards, SINGLES)
    batch_values = rows(cards, BATCH)

    def sql_single():
        for n in range(SINGLES):
            cr.execute(
                SQL_BATCH,
                {"company": company, "count": 1, "cards": [cards[n % len(cards)].id], "ncards": 1},
            )

    def sql_batch():
        cr.execute(
            SQL_BATCH,
            {"company": company, "count": BATCH, "cards": cards.ids, "ncards": len(cards)},
        )

    def orm_single():
        for values in single_values:
            Interaction.create(values)
            env.flush_all()  # noqa: F821

    def orm_batch():
        Interaction.create(batch_values)

    say(
        f"Write cost of the activity counters' triggers (median of {RUNS} runs, "
        f"{len(users)} managers, {len(cards)} cards, rolled back)"
    )
    say(f"  {'insert':40} {'without':>11} {'with':>11} {'overhead':>9}  (paired median)")
    for label, func, per in (
        ("single, SQL INSERT (1 row)", sql_single, SINGLES),
        (f"batch, SQL INSERT ... SELECT ({BATCH} rows)", sql_batch, 1),
        ("single, ORM create (1 record)", orm_single, SINGLES),
        (f"batch, ORM create ({BATCH} records)", orm_batch, 1),
    ):
        without, with_, overhead = paired(func, per)
        say(
            f"  {label:40} {without * 1000:8.2f} ms {with_ * 1000:8.2f} ms "
            f"{100 * (with_ - without) / without:+8.1f} %  ({100 * overhead:+.1f} %)"
        )


main()
