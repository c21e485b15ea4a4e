# Benchmark of quota progress (issue #4), run by `python3 tools/dev.py bench quotas`.
#
# Executed as the standard input of `odoo-bin shell`: `env` is a superuser
# environment on the benchmark database.  It generates (once; a rerun reuses
# the data) 100 account managers in 10 departments, 10 client cards each, and
# 100 interactions per manager and working day over the 22 working days of
# March 2026 (220,000 interactions, bulk SQL), then times:
#   - a department head's team progress, today and this month (10 managers);
#   - every manager's progress, today and this month (100 managers);
#   - the figures registry, corporate.figure._compute, for 100 managers;
#   - Odoo's gamification computing the equivalent "calls logged" goals for
#     the same 100 managers and month, batch mode and per-user mode;
#   - the plain ORM without counters: one `_read_group` of the interactions per
#     manager, local day and type over the month, cold (a new cursor, the
#     registry's caches cleared, as a fresh worker) and warm, against the
#     counters' read of the same figures (issue 32);
# printing wall time (median of RUNS runs after a warm-up), SQL queries and
# peak Python memory (tracemalloc), and the gamification/ours ratio; then
# gamification computing every figure of the progress screen (a batch goal per
# metric and period: calls, email and phone offers of the day and of the month,
# cards contacted and contracts with new clients of the month) against ours.
# BENCH_ARGS="managers=50 runs=9" changes the sizes.
import os
import statistics
import time
import tracemalloc
from datetime import date

import pytz

from odoo.addons.corporate_client.models.activity.corporate_figure import QUOTA_FIGURES

ARGS = dict(arg.split("=", 1) for arg in os.environ.get("BENCH_ARGS", "").split() if "=" in arg)
MANAGERS = int(ARGS.get("managers", 100))
TEAM_SIZE = int(ARGS.get("team_size", 10))
PER_DAY = int(ARGS.get("per_day", 100))
CARDS = int(ARGS.get("cards", 10))
RUNS = int(ARGS.get("runs", 5))
# Interactions over the whole local day (spread=day, the default) or 08:00-17:00
# (spread=office): a figure by local day must hold for a call at 23:30 too.
SPREAD = ARGS.get("spread", "day")
MONTH_START, DAY = date(2026, 3, 1), date(2026, 3, 31)  # 22 working days, Monday 2 to Tuesday 31
TZ = "Asia/Jakarta"

cr = env.cr  # noqa: F821 (odoo shell)
Users = env["res.users"].with_context(no_reset_password=True, tracking_disable=True)  # noqa: F821
company = env.company  # noqa: F821
manager_group = env.ref("corporate_client.group_account_manager")  # noqa: F821
head_group = env.ref("corporate_client.group_department_head")  # noqa: F821
user_group = env.ref("base.group_user")  # noqa: F821


def say(msg):
    print(msg, flush=True)


# ---------------------------------------------------------------------- data
def ensure_users():
    logins = [f"bench_mgr_{n:03d}" for n in range(MANAGERS)]
    heads = [f"bench_head_{n:02d}" for n in range((MANAGERS + TEAM_SIZE - 1) // TEAM_SIZE)]
    existing = {u.login: u for u in Users.search([("login", "in", logins + heads)])}
    missing = [login for login in logins + heads if login not in existing]
    if missing:
        say(f"  creating {len(missing)} users")
        created = Users.create(
            [
                {
                    "name": login.replace("_", " ").title(),
                    "login": login,
                    "email": f"{login}@bench.example.com",
                    "tz": TZ,
                    "groups_id": [
                        (
                            6,
                            0,
                            [user_group.id, (head_group if "head" in login else manager_group).id],
                        )
                    ],
                }
                for login in missing
            ]
        )
        existing.update({u.login: u for u in created})
    managers = Users.browse([existing[login].id for login in logins])
    head_users = Users.browse([existing[login].id for login in heads])
    Team = env["crm.team"].with_context(tracking_disable=True)  # noqa: F821
    teams = Team.browse()
    for n, head in enumerate(head_users):
        name = f"Bench Department {n:02d}"
        members = managers[n * TEAM_SIZE : (n + 1) * TEAM_SIZE]
        team = Team.search([("name", "=", name)], limit=1) or Team.create(
            {"name": name, "is_corporate": True, "user_id": head.id}
        )
        if set(team.member_ids.ids) != set(members.ids):
            team.member_ids = [(6, 0, members.ids)]
        teams |= team
    return managers, head_users, teams


def ensure_cards(managers, teams):
    Client = env["corporate.client"].with_context(  # noqa: F821
        tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True
    )
    counts = dict(Client._read_group([("user_id", "in", managers.ids)], ["user_id"], ["__count"]))
    team_of = {m.id: team.id for team in teams for m in team.member_ids}
    vals = []
    for manager in managers:
        for n in range(counts.get(manager, 0), CARDS):
            vals.append(
                {
                    "name": f"Bench Client {manager.login[-3:]}-{n:02d}",
                    "is_company": True,
                    "user_id": manager.id,
                    "team_id": team_of[manager.id],
                    "email": f"buyer{n}@{manager.login}.example.com",
                    "segment": "medium",
                }
            )
    if vals:
        say(f"  creating {len(vals)} client cards")
        for start in range(0, len(vals), 500):
            Client.create(vals[start : start + 500])


def set_last_contacts(managers):
    """What the ORM keeps on each card: its latest interaction (check-in coverage
    reads it).  Bulk SQL bypasses the ORM: the interactions' own update sets it
    (it writes only the cards whose last contact differs)."""
    cards = env["corporate.client"].search([("user_id", "in", managers.ids)])  # noqa: F821
    env["corporate.interaction"].browse()._update_client_last_contact(cards)  # noqa: F821
    env.flush_all()  # noqa: F821


def ensure_interactions(managers, days):
    expected = len(managers) * len(days) * PER_DAY
    cr.execute(
        """SELECT count(*),
                  count(*) FILTER (WHERE extract(hour FROM timezone(%s, timezone('UTC', date)))
                                         NOT BETWEEN 8 AND 16)
             FROM corporate_interaction WHERE user_id = ANY(%s)""",
        [TZ, managers.ids],
    )
    count, off_hours = cr.fetchone()
    if count == expected and bool(off_hours) == (SPREAD == "day"):
        set_last_contacts(managers)
        return expected
    say(f"  generating {expected} interactions (bulk SQL, spread over the {SPREAD})")
    env.flush_all()  # noqa: F821
    cr.execute("DELETE FROM corporate_interaction WHERE user_id = ANY(%s)", [managers.ids])
    cr.execute(
        """
        CREATE TEMP TABLE bench_cards ON COMMIT DROP AS
        SELECT c.id, c.partner_id, p.user_id, c.team_id,
               (row_number() OVER (PARTITION BY p.user_id ORDER BY c.id) - 1)::int AS idx
          FROM corporate_client c JOIN res_partner p ON p.id = c.partner_id
         WHERE p.user_id = ANY(%s)
        """,
        [managers.ids],
    )
    cr.execute("SELECT setseed(0.42)")
    cr.execute(
        """
        INSERT INTO corporate_interaction
               (client_id, partner_id, user_id, team_id, company_id, date, interaction_type,
                direction, outcome, duration, create_uid, create_date, write_uid, write_date)
        SELECT bc.id, bc.partner_id, u.uid, bc.team_id, %(company)s,
               -- 00:00-24:00 (spread=day) or 08:00-17:00 (office) in Jakarta (UTC+7)
               d.day::timestamp + %(first)s * interval '1 minute'
                   + floor(r.r1 * %(minutes)s) * interval '1 minute',
               CASE WHEN r.r2 < 0.45 THEN 'call' WHEN r.r2 < 0.75 THEN 'email_offer'
                    WHEN r.r2 < 0.90 THEN 'phone_offer' WHEN r.r2 < 0.95 THEN 'meeting'
                    ELSE 'other' END,
               'outgoing',
               (ARRAY['reached', 'no_answer', 'interested', 'not_interested', 'callback',
                      'offer_requested', 'deal'])[1 + floor(r.r3 * 7)::int],
               floor(r.r1 * 15), 1, now() AT TIME ZONE 'UTC', 1, now() AT TIME ZONE 'UTC'
          FROM unnest(%(users)s::int[]) AS u(uid)
         CROSS JOIN unnest(%(days)s::date[]) AS d(day)
         CROSS JOIN generate_series(0, %(per_day)s - 1) AS n(n)
         CROSS JOIN LATERAL (SELECT random() AS r1, random() AS r2, random() AS r3
                              WHERE n.n >= 0) AS r
          JOIN bench_cards bc ON bc.user_id = u.uid AND bc.idx = n.n %% %(cards)s
        """,
        {
            "company": company.id,
            "users": managers.ids,
            "days": list(days),
            "per_day": PER_DAY,
            "cards": CARDS,
            "first": -7 * 60 if SPREAD == "day" else 60,
            "minutes": 1440 if SPREAD == "day" else 540,
        },
    )
    set_last_contacts(managers)
    return expected


# ---------------------------------------------------------------------- measuring
def measure(label, func, reset=None):
    """Median wall time of RUNS runs (after a warm-up), queries and peak memory."""
    if reset:
        reset()
    func()  # warm-up: registry caches, PostgreSQL buffers
    times, queries = [], None
    for _n in range(RUNS):
        if reset:
            reset()
        env.invalidate_all()  # noqa: F821
        start_q = cr.sql_log_count
        start = time.perf_counter()
        func()
        env.flush_all()  # noqa: F821
        times.append(time.perf_counter() - start)
        queries = cr.sql_log_count - start_q
    if reset:
        reset()
    env.invalidate_all()  # noqa: F821
    tracemalloc.start()
    func()
    env.flush_all()  # noqa: F821
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    median = statistics.median(times)
    say(
        f"  {label:<58} {median * 1000:8.1f} ms  (min {min(times) * 1000:.1f})"
        f"  {queries:5d} queries  peak {peak / 2**20:6.2f} MiB"
    )
    return median, queries


def main():
    started = time.perf_counter()
    say(
        f"bench quotas: {MANAGERS} managers x 22 working days x {PER_DAY} interactions, "
        f"{CARDS} cards each, departments of {TEAM_SIZE}"
    )
    managers, heads, teams = ensure_users()
    ensure_cards(managers, teams)
    days = company._corporate_working_days(MONTH_START, DAY, tz=TZ)
    total = ensure_interactions(managers, days)
    cr.commit()
    # What autovacuum does on a live database: statistics and the visibility
    # map (index-only scans).  VACUUM cannot run inside a transaction.
    with env.registry.cursor() as vacuum_cr:  # noqa: F821
        vacuum_cr._cnx.autocommit = True
        vacuum_cr.execute("VACUUM ANALYZE corporate_interaction")
        vacuum_cr._cnx.autocommit = False
    say(
        f"  data: {total} interactions over {len(days)} working days "
        f"({days[0]} to {days[-1]}), ready in {time.perf_counter() - started:.1f} s"
    )
    Progress = env["corporate.progress"]  # noqa: F821
    Figure = env["corporate.figure"]  # noqa: F821
    quota_keys = [figure.key for figure in QUOTA_FIGURES]
    head = heads[0]
    team_users = Progress.with_user(head)._managed_users(head)
    results = {}
    say(f"progress on {DAY} (day) and {MONTH_START} to {DAY} (month):")
    results["team"] = measure(
        f"team progress, head of {len(team_users)} managers (day + month)",
        lambda: Progress._progress_lines(team_users, DAY),
    )
    results["all"] = measure(
        f"every manager's progress, {len(managers)} managers (day + month)",
        lambda: Progress._progress_lines(managers, DAY),
    )
    results["one"] = measure(
        'one manager\'s progress, "My day" (day + month)',
        lambda: Progress._progress_lines(managers[0], DAY),
    )
    results["api"] = measure(
        f"registry _compute, {len(managers)} managers, month (all quota figures)",
        lambda: Figure._compute(managers, MONTH_START, DAY, keys=quota_keys),
    )
    results["calls"] = measure(
        f"the same figure as gamification: calls in the month, {len(managers)} managers",
        lambda: Figure._compute(managers, MONTH_START, DAY, keys={"calls"}),
    )
    lines = Progress._progress_lines(managers, DAY)
    calls_ours = sum(
        line["month_actual"]
        for line in lines
        if line["metric"] == "calls" and line["period"] == "day"
    )
    plain_read_group(managers, results)
    say(
        f"  query count: {results['one'][1]} for 1 manager, {results['team'][1]} for "
        f"{len(team_users)}, {results['all'][1]} for {len(managers)}"
    )
    if "gamification.goal" not in env:  # noqa: F821
        say("gamification is not installed: no comparison")
        return
    say("gamification, the same figure (calls logged in the month, per manager):")
    model = env["ir.model"]._get("corporate.interaction")  # noqa: F821
    fields_ = {f.name: f for f in model.field_id if f.name in ("date", "user_id")}
    Definition = env["gamification.goal.definition"]  # noqa: F821
    Goal = env["gamification.goal"].with_context(no_remind_goal=True)  # noqa: F821
    goals = {}
    for batch in (True, False):
        name = f"Bench: calls logged ({'batch' if batch else 'per user'})"
        definition = Definition.search([("name", "=", name)], limit=1) or Definition.create(
            {
                "name": name,
                "computation_mode": "count",
                "model_id": model.id,
                "field_date_id": fields_["date"].id,
                "domain": "[('interaction_type', '=', 'call')]"
                if batch
                else "[('interaction_type', '=', 'call'), ('user_id', '=', user.id)]",
                "batch_mode": batch,
                "batch_distinctive_field": fields_["user_id"].id if batch else False,
                "batch_user_expression": "user.id" if batch else False,
            }
        )
        goals[batch] = ensure_goals(Goal, definition, managers, MONTH_START, 30 * len(days))
    cr.commit()

    def reset(goal_set):
        def _reset():
            env.flush_all()  # noqa: F821
            cr.execute(
                "UPDATE gamification_goal SET current = 0, state = 'inprogress' WHERE id = ANY(%s)",
                [goal_set.ids],
            )
            env.invalidate_all()  # noqa: F821

        return _reset

    results["gam_batch"] = measure(
        f"gamification update_goal, {len(managers)} goals, batch mode",
        lambda: goals[True].update_goal(),
        reset=reset(goals[True]),
    )
    results["gam_user"] = measure(
        f"gamification update_goal, {len(managers)} goals, per-user domain",
        lambda: goals[False].update_goal(),
        reset=reset(goals[False]),
    )
    calls_gam = sum(goals[True].mapped("current"))
    cr.commit()
    say(
        f"  calls in the month: ours {calls_ours:.0f} (users' local days), "
        f"gamification {calls_gam:.0f} (UTC days)"
    )
    for key, label in (("gam_batch", "batch"), ("gam_user", "per-user")):
        say(
            f"  ratio gamification ({label}) / ours for the same figure: "
            f"{results[key][0] / results['calls'][0]:.2f}  (gamification also writes "
            f"{len(managers)} goal records; ours stores nothing)"
        )
    screen = screen_goals(managers, Definition, Goal)
    cr.commit()
    say(
        f"gamification, the figures of the progress screen ({len(screen)} goals: "
        f"{len(screen) // len(managers)} batch goals per manager):"
    )
    results["gam_screen"] = measure(
        f"gamification update_goal, {len(screen)} goals, batch mode (day + month)",
        lambda: screen.update_goal(),
        reset=reset(screen),
    )
    lines_ours = {
        (line["user_id"], line["metric"], line["period"]): line
        for line in Progress._progress_lines(managers, DAY)
    }
    agree = sum(
        1
        for goal in screen
        if goal.definition_id.name in SCREEN_CHECKS
        and SCREEN_CHECKS[goal.definition_id.name](lines_ours, goal)
    )
    checked = sum(1 for goal in screen if goal.definition_id.name in SCREEN_CHECKS)
    say(f"  interaction goals equal to our lines: {agree} of {checked}")
    say(
        f"  ratio gamification (batch, the screen's {len(screen) // len(managers)} figures) / "
        f"ours (day + month, every figure and the days met): "
        f"{results['gam_screen'][0] / results['all'][0]:.2f}"
    )
    say(
        f"  ratio gamification (batch, calls of the month alone) / ours (day + month, every "
        f"figure): {results['gam_batch'][0] / results['all'][0]:.2f}"
    )


# What the progress screen shows per manager (the company quotas of the bench:
# calls, email offers and phone offers per day; coverage and contracts with new
# clients per month), as gamification goals in batch mode: each figure of the
# day and of the month is one goal.  Gamification cannot count the days met.
SCREEN_TYPES = {"calls": "call", "email_offers": "email_offer", "phone_offers": "phone_offer"}
SCREEN_CHECKS = {
    f"Bench screen: {metric} ({period})": (
        lambda lines, goal, metric=metric, period=period: (
            lines[(goal.user_id.id, metric, "day")]["actual" if period == "day" else "month_actual"]
            == goal.current
        )
    )
    for metric in SCREEN_TYPES
    for period in ("day", "month")
}


def plain_read_group(managers, results):
    """The month's interactions per manager, local day and type: the plain ORM
    (`_read_group` of the interactions, no counters) against the counters."""
    Figure = env["corporate.figure"]  # noqa: F821
    Interaction = env["corporate.interaction"].with_context(tz=TZ)  # noqa: F821
    start, stop = Figure._utc_bounds(pytz.timezone(TZ), MONTH_START, DAY)

    def plain():
        return Interaction._read_group(
            [("user_id", "in", managers.ids), ("date", ">=", start), ("date", "<", stop)],
            ["user_id", "date:day", "interaction_type"],
            ["__count"],
        )

    def counters():
        return env["corporate.activity.counter"]._read_day_counts(managers, MONTH_START, DAY)  # noqa: F821

    def cold():
        # A fresh worker: the registry's caches empty, a new connection.
        env.registry.clear_all_caches()  # noqa: F821
        env.invalidate_all()  # noqa: F821

    total_plain = sum(count for *_key, count in plain())
    total_ours = sum(sum(row[2]) for row in counters())
    say(
        f"the plain ORM without counters, the month per manager, local day and type "
        f"({total_plain} interactions; counters {total_ours}):"
    )
    for label, func in (("_read_group of the interactions", plain), ("counters", counters)):
        results[f"{label} warm"] = measure(f"{label}, warm", func)
        results[f"{label} cold"] = measure(f"{label}, cold (caches cleared)", func, reset=cold)
    warm = results["_read_group of the interactions warm"][0] / results["counters warm"][0]
    cold_ratio = results["_read_group of the interactions cold"][0] / results["counters cold"][0]
    say(f"  ratio plain _read_group / counters: warm {warm:.1f}, cold {cold_ratio:.1f}")


def ensure_goals(Goal, definition, managers, start, target):
    """The goals of ``definition`` of every manager, from ``start`` to DAY (kept
    from a previous run when they are the same managers')."""
    existing = Goal.search([("definition_id", "=", definition.id)])
    if set(existing.user_id.ids) == set(managers.ids):
        return existing
    existing.unlink()
    return Goal.create(
        [
            {
                "definition_id": definition.id,
                "user_id": manager.id,
                "start_date": start,
                "end_date": DAY,
                "target_goal": target,
                "state": "inprogress",
            }
            for manager in managers
        ]
    )


def screen_goals(managers, Definition, Goal):
    def field(model, name):
        return env["ir.model.fields"]._get(model, name)  # noqa: F821

    specs = []
    for metric, itype in SCREEN_TYPES.items():
        for period, start in (("day", DAY), ("month", MONTH_START)):
            specs.append(
                (
                    f"Bench screen: {metric} ({period})",
                    "corporate.interaction",
                    "date",
                    f"[('interaction_type', '=', '{itype}')]",
                    start,
                )
            )
    specs.append(
        (
            "Bench screen: cards contacted (month)",
            "corporate.client",
            "last_contact_date",
            "[('stage', '!=', 'lost')]",
            MONTH_START,
        )
    )
    specs.append(
        (
            "Bench screen: contracts with new clients (month)",
            "corporate.contract",
            "date_signed",
            "[('is_new_client', '=', True), ('state', 'in', ('signed', 'expired', 'terminated'))]",
            MONTH_START,
        )
    )
    goals = Goal.browse()
    for name, model_name, date_field, domain, start in specs:
        definition = Definition.search([("name", "=", name)], limit=1) or Definition.create(
            {
                "name": name,
                "computation_mode": "count",
                "model_id": env["ir.model"]._get(model_name).id,  # noqa: F821
                "field_date_id": field(model_name, date_field).id,
                "domain": domain,
                "batch_mode": True,
                "batch_distinctive_field": field(model_name, "user_id").id,
                "batch_user_expression": "user.id",
            }
        )
        goals |= ensure_goals(Goal, definition, managers, start, 1)
    return goals


main()
