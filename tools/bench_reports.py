"""Benchmark: the monthly reports of 100 managers over a 220k-interaction month.

Run by ``python3 tools/dev.py bench reports`` as the standard input of
``odoo-bin shell`` (``env`` is the superuser's).  It reuses the month with the
most interactions when it holds 200k of them (the quotas benchmark's data set),
else it builds its own once (committed, reused by later runs): 100 managers in
one corporate department, 5 client cards each, and 100 interactions per
manager on each of the 22 working days of last month, inserted in bulk.
Then it times the generation of the 100 reports (figures included), prints the
time and the query count, and rolls the reports back.
"""

import time as _time
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command

MANAGERS = 100
CARDS_PER_MANAGER = 5
PER_DAY = 100
TARGET_S = 10.0
Report = env["corporate.monthly.report"]  # noqa: F821 (odoo shell)
cr = env.cr  # noqa: F821


def busiest_month():
    cr.execute(
        "SELECT date_trunc('month', date)::date, count(*) FROM corporate_interaction "
        "GROUP BY 1 ORDER BY 2 DESC LIMIT 1"
    )
    row = cr.fetchone()
    return row or (None, 0)


def top_users(month):
    cr.execute(
        "SELECT user_id FROM corporate_interaction WHERE date >= %s AND date < %s "
        "GROUP BY user_id ORDER BY count(*) DESC LIMIT %s",
        (month, month + relativedelta(months=1), MANAGERS),
    )
    return env["res.users"].browse([r[0] for r in cr.fetchall()])  # noqa: F821


def build_data_set(month):
    started = _time.time()
    group = env.ref("corporate_client.group_account_manager")  # noqa: F821
    Users = env["res.users"].with_context(no_reset_password=True, tracking_disable=True)  # noqa: F821
    users = Users.create(
        [
            {
                "name": f"Bench Manager {n:03d}",
                "login": f"bench_report_manager_{n:03d}",
                "groups_id": [Command.set([env.ref("base.group_user").id, group.id])],  # noqa: F821
                "tz": "Asia/Jakarta",
            }
            for n in range(MANAGERS)
        ]
    )
    team = env["crm.team"].create(  # noqa: F821
        {
            "name": "Bench corporate department",
            "is_corporate": True,
            "member_ids": [Command.set(users.ids)],
        }
    )
    env["corporate.client"].with_context(tracking_disable=True).create(  # noqa: F821
        [
            {
                "name": f"Bench Client {u.id}-{k}",
                "user_id": u.id,
                "team_id": team.id,
                "is_company": True,
            }
            for u in users
            for k in range(CARDS_PER_MANAGER)
        ]
    )
    env.flush_all()  # noqa: F821
    days = [
        month + timedelta(days=n)
        for n in range((month + relativedelta(day=31) - month).days + 1)
        if (month + timedelta(days=n)).weekday() < 5
    ][:22]
    # 100 interactions a day per manager, spread over the working hours (UTC+7),
    # over the manager's cards, of the three quota types and a few others.
    cr.execute(
        """
        WITH cards AS (
            SELECT cc.id, cc.partner_id, p.user_id,
                   row_number() OVER (PARTITION BY p.user_id ORDER BY cc.id) - 1 AS k
              FROM corporate_client cc
              JOIN res_partner p ON p.id = cc.partner_id
             WHERE p.user_id = ANY(%(users)s)
        )
        INSERT INTO corporate_interaction
            (client_id, partner_id, user_id, team_id, company_id, date,
             interaction_type, direction, create_uid, create_date, write_uid, write_date)
        SELECT c.id, c.partner_id, c.user_id, %(team)s, %(company)s,
               d.day + interval '1 hour' + (s.n * interval '4 minutes'),
               (ARRAY['call','call','call','email_offer','email_offer','email_offer',
                      'email_offer','phone_offer','phone_offer','meeting'])[1 + s.n %% 10],
               'outgoing', 1, now() at time zone 'UTC', 1, now() at time zone 'UTC'
          FROM cards c
          CROSS JOIN unnest(%(days)s::date[]) AS d(day)
          JOIN generate_series(0, %(per_day)s - 1) AS s(n) ON s.n %% %(cards)s = c.k
        """,
        {
            "team": team.id,
            "company": env.company.id,  # noqa: F821
            "users": users.ids,
            "days": days,
            "per_day": PER_DAY,
            "cards": CARDS_PER_MANAGER,
        },
    )
    inserted = cr.rowcount
    cr.execute("ANALYZE corporate_interaction")
    cr.commit()
    print(
        f"built the data set: {MANAGERS} managers, {len(users) * CARDS_PER_MANAGER} cards, "
        f"{inserted} interactions over {len(days)} days in {_time.time() - started:.1f} s"
    )
    return users


month_start, count = busiest_month()
if count >= 200_000:
    managers = top_users(month_start)
    print(f"reusing {count} interactions of {month_start:%Y-%m} ({len(managers)} managers)")
else:
    month_start = date.today().replace(day=1) - relativedelta(months=1)
    managers = env["res.users"].search(  # noqa: F821
        [("login", "=like", "bench_report_manager_%")], order="login"
    )
    if len(managers) < MANAGERS:
        managers = build_data_set(month_start)
    month_start, count = busiest_month()

cr.execute(
    "SELECT count(*) FROM corporate_interaction WHERE date >= %s AND date < %s",
    (month_start, month_start + relativedelta(months=1)),
)
in_month = cr.fetchone()[0]
Report.search([("user_id", "in", managers.ids), ("date_from", "=", month_start)]).unlink()
env.flush_all()  # noqa: F821
env.invalidate_all()  # noqa: F821

queries_before = cr.sql_log_count
started = _time.time()
reports = Report._generate_reports(month_start, managers)
env.flush_all()  # noqa: F821
elapsed = _time.time() - started
queries = cr.sql_log_count - queries_before

calls = sum(reports.mapped("calls_count"))
interactions = sum(reports.mapped("interaction_count"))
print(
    f"monthly reports: {len(reports)} managers, month {month_start:%Y-%m}, "
    f"{in_month} interactions in the month ({interactions} counted, {calls} calls)"
)
print(
    f"monthly reports: generated in {elapsed:.2f} s with {queries} queries "
    f"(target < {TARGET_S:.0f} s: {'OK' if elapsed < TARGET_S else 'TOO SLOW'})"
)
cr.rollback()
