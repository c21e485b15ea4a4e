# Rebuild the activity counters (corporate.activity.counter) from the interactions.
#
# Executed as the standard input of `odoo-bin shell`:
#   python3 tools/dev.py shell --db <database> < tools/rebuild_activity_counters.py
# The counters are kept by triggers in the transaction of every change of an
# interaction; a rebuild is only needed after restoring the table by hand or
# to check them (it prints the rows that differed, 0 when they agreed).
import time

from odoo.tools import SQL

cr = env.cr  # noqa: F821 (odoo shell)
Counter = env["corporate.activity.counter"]  # noqa: F821
cr.execute("CREATE TEMP TABLE counter_before AS SELECT * FROM corporate_activity_counter")
started = time.perf_counter()
rows = Counter._rebuild()
elapsed = time.perf_counter() - started
cr.execute(
    SQL(
        """
        SELECT count(*) FROM (
            (SELECT * FROM counter_before WHERE count != 0
             EXCEPT SELECT * FROM corporate_activity_counter)
            UNION ALL
            (SELECT * FROM corporate_activity_counter
             EXCEPT SELECT * FROM counter_before WHERE count != 0)
        ) AS diff
        """
    )
)
print(f"activity counters rebuilt: {rows} rows in {elapsed:.1f} s, {cr.fetchone()[0]} differed")
cr.execute("DROP TABLE counter_before")
cr.commit()
