# Rebuild the activity counters (corporate.activity.counter) and the cards' last
# contact from the interactions.
#
# Executed as the standard input of `odoo-bin shell`:
#   python3 tools/dev.py shell --db <database> < tools/rebuild_activity_counters.py
# The counters and the day counters are kept by triggers in the transaction of
# every change of an interaction; a rebuild is only needed after a bulk load
# that bypassed the triggers, after restoring the tables by hand, or to check
# them (it prints the rows that differed, 0 when they agreed).
import time

from odoo.tools import SQL

cr = env.cr  # noqa: F821 (odoo shell)
Counter = env["corporate.activity.counter"]  # noqa: F821
COLUMNS = {
    "corporate_activity_counter": SQL(
        "user_id, day, tz, interaction_type, outcome, client_user_id, team_id, company_id, count"
    ),
    "corporate_activity_day_counter": SQL(
        "user_id, day, tz, calls, email_offers, phone_offers, meetings, other_interactions"
    ),
}
NONZERO = {
    "corporate_activity_counter": SQL("count != 0"),
    "corporate_activity_day_counter": SQL(
        "calls != 0 OR email_offers != 0 OR phone_offers != 0 OR meetings != 0"
        " OR other_interactions != 0"
    ),
}
for table, columns in COLUMNS.items():
    cr.execute(
        SQL(
            "CREATE TEMP TABLE %s AS SELECT %s FROM %s WHERE %s",
            SQL.identifier(f"{table}_before"),
            columns,
            SQL.identifier(table),
            NONZERO[table],
        )
    )
started = time.perf_counter()
rows = Counter._rebuild()
# The cards' last contact is kept by the same triggers.
Counter._rebuild_last_contacts()
elapsed = time.perf_counter() - started
differed = []
for table, columns in COLUMNS.items():
    before = SQL.identifier(f"{table}_before")
    cr.execute(
        SQL(
            """
            SELECT count(*) FROM (
                (SELECT * FROM %(before)s
                 EXCEPT SELECT %(columns)s FROM %(table)s WHERE %(nonzero)s)
                UNION ALL
                (SELECT %(columns)s FROM %(table)s WHERE %(nonzero)s
                 EXCEPT SELECT * FROM %(before)s)
            ) AS diff
            """,
            before=before,
            columns=columns,
            table=SQL.identifier(table),
            nonzero=NONZERO[table],
        )
    )
    differed.append(f"{table}: {cr.fetchone()[0]} rows differed")
    cr.execute(SQL("DROP TABLE %s", before))
print(f"activity counters rebuilt: {rows} rows in {elapsed:.1f} s; " + ", ".join(differed))
cr.commit()
