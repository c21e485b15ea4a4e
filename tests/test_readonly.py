from contextlib import contextmanager
from datetime import date, datetime
from unittest.mock import patch

from psycopg2.errors import ReadOnlySqlTransaction

from odoo.tests import tagged
from odoo.tools import SQL, mute_logger

from .clock import freeze_time
from .common import CorporateClientCase

NOW = "2026-11-18 03:00:00"  # 10:00 in Jakarta, a Wednesday

# The RPC methods of the screens that only read, so that Odoo runs them on a
# read replica (``db_replica_host``): (model, method).
READONLY_METHODS = [
    ("corporate.work.queue", "get_my_day"),
    ("corporate.work.queue", "get_overview"),
    ("corporate.quota.progress", "get_team_progress"),
    ("corporate.quota.progress", "get_team_grid"),
]


@tagged("post_install", "-at_install")
class TestReadonly(CorporateClientCase):
    """The read paths marked ``api.readonly`` work on a read-only transaction.

    A request routed to a replica runs in a read-only transaction: any write
    raises ``ReadOnlySqlTransaction``, which Odoo's dispatcher catches to run
    the request again on the primary.  Here the test transaction is made
    read-only inside a savepoint, as Odoo's own test cursor does for its
    read-only cursors (``SET TRANSACTION READ ONLY``), then rolled back.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Queue = cls.env["corporate.work.queue"]

    @contextmanager
    def read_only(self):
        """A read-only transaction like a replica's; nothing cached from before."""
        self.env.flush_all()
        self.env.invalidate_all()
        savepoint = self.env.cr.savepoint(flush=False)
        self.env.cr.execute("SET TRANSACTION READ ONLY")
        try:
            yield
        finally:
            savepoint.close(rollback=True)
            self.env.invalidate_all()

    def test_methods_carry_the_readonly_flag(self):
        # What Odoo's call_kw route asks to choose the replica's cursor.
        for model, method in READONLY_METHODS:
            with self.subTest(method=f"{model}.{method}"):
                function = getattr(type(self.env[model]), method)
                self.assertTrue(getattr(function, "_readonly", False))
        # The actions that write stay on the primary.
        for model, method in [
            ("corporate.work.queue", "action_snooze"),
            ("corporate.work.queue", "action_log"),
        ]:
            with self.subTest(method=f"{model}.{method}"):
                function = getattr(type(self.env[model]), method)
                self.assertFalse(getattr(function, "_readonly", False))

    def test_read_only_transaction_refuses_writes(self):
        # The check below means something: this transaction refuses writes.
        with self.read_only(), self.assertRaises(ReadOnlySqlTransaction):
            with mute_logger("odoo.sql_db"):
                self.log_call(self.client_a, self.manager_a)
                self.env.flush_all()

    @freeze_time(NOW)
    def test_my_day_on_a_replica(self):
        self.env["corporate.quota"].create(
            {"metric": "calls", "period": "day", "target": 4, "user_id": self.manager_a.id}
        )
        self.client_a.last_contact_date = datetime.fromisoformat(NOW)
        self.client_b.last_contact_date = datetime.fromisoformat(NOW)
        self.log_call(self.client_a, self.manager_a)
        callback = self.create_client("Zeta Callback", self.manager_a)
        self.log_call(callback, self.manager_a, outcome="callback")
        with self.no_writes():
            data = self.Queue.with_user(self.manager_a).get_my_day()
        bars = {(bar["period"], bar["metric"]): bar for bar in data["bars"]}
        self.assertEqual((bars["day", "calls"]["actual"], bars["day", "calls"]["target"]), (2, 4))
        self.assertEqual(bars["day", "calls"]["pct"], 50)
        self.assertEqual(
            [(row["client_name"], row["kind"]) for row in data["rows"]],
            [("Zeta Callback", "callback")],
        )
        self.assertEqual(data["substitutes"], [])

    @freeze_time(NOW)
    def test_overview_on_a_replica(self):
        self.log_call(self.client_a, self.manager_a)
        self.log_call(self.client_b, self.manager_b)
        self.log_call(self.client_c, self.manager_c)
        with self.no_writes():
            data = self.Queue.with_user(self.director).get_overview()
        figures = {
            department["name"]: {
                f["key"]: (f["actual"], f["target"]) for f in department["figures"]
            }
            for department in data["departments"]
        }
        # 30 calls a day per manager by default: done and target summed per department.
        self.assertEqual(figures["Corporate North"]["day-calls"], (2, 60))
        self.assertEqual(figures["Corporate South"]["day-calls"], (1, 30))

    @freeze_time(NOW)
    def test_team_progress_on_a_replica(self):
        self.log_call(self.client_a, self.manager_a)
        self.log_call(self.client_b, self.manager_b)
        Progress = self.env["corporate.quota.progress"].with_user(self.head_north)
        with self.read_only():
            grid = Progress.get_team_grid()
            lines = Progress.get_team_progress()
        [north] = grid["departments"]
        calls = north["total"]["calls"]["day"]
        self.assertEqual((calls["done"], calls["target"]), (2, 60))
        self.assertEqual(
            sum(
                line["actual"]
                for line in lines
                if line["metric"] == "calls" and line["period"] == "day"
            ),
            2,
        )

    @freeze_time(NOW)
    def test_time_zone_change_keeps_my_day_read_only(self):
        """A manager who changes time zone has their counters rebuilt when the
        change is saved: My day still only reads."""
        self.log_call(self.client_a, self.manager_a)
        self.log_call(self.client_a, self.manager_a, date="2026-11-17 17:30:00")
        with self.read_only():
            bars = self.Queue.with_user(self.manager_a).get_my_day()["bars"]
        calls = {(bar["period"], bar["metric"]): bar["actual"] for bar in bars}
        self.assertEqual(calls["day", "calls"], 2)  # 00:30 and 10:00 in Jakarta
        # In Makassar (UTC+8) the night call was on the 18th at 01:30: still today.
        self.manager_a.with_user(self.manager_a).tz = "Asia/Makassar"
        with self.read_only():
            bars = self.Queue.with_user(self.manager_a).get_my_day()["bars"]
        calls = {(bar["period"], bar["metric"]): bar["actual"] for bar in bars}
        self.assertEqual(calls["day", "calls"], 2)
        # In UTC the night call was on the 17th.
        self.manager_a.with_user(self.manager_a).tz = "UTC"
        with self.read_only():
            bars = self.Queue.with_user(self.manager_a).get_my_day()["bars"]
        calls = {(bar["period"], bar["metric"]): bar["actual"] for bar in bars}
        self.assertEqual(calls["day", "calls"], 1)

    @contextmanager
    def no_writes(self):
        """Fail on any INSERT, UPDATE, DELETE or DDL the ORM sends (the
        read-only transaction refuses those of the triggers and functions)."""
        writes = []
        execute = type(self.env.cr).execute

        def watch(cr, query, params=None, log_exceptions=True):
            code = query.code if isinstance(query, SQL) else str(query)
            first = code.lstrip().split(None, 1)[0].upper() if code.strip() else ""
            if first in ("INSERT", "UPDATE", "DELETE", "CREATE", "DROP", "ALTER", "TRUNCATE"):
                writes.append(code)
            return execute(cr, query, params, log_exceptions)

        with self.read_only(), patch.object(type(self.env.cr), "execute", watch):
            yield
        self.assertEqual(writes, [], "a read-only method wrote")

    @freeze_time(NOW)
    def test_stale_counters_are_read_without_writing(self):
        """Counters of a former time zone (changed in SQL, not saved through
        Odoo) are not rebuilt on read: My day and the overview count those
        days from the interactions and write nothing, on a replica as on the
        primary.  The manager's next interaction, even in SQL, recounts them.
        """
        self.log_call(self.client_a, self.manager_a)
        self.log_call(self.client_a, self.manager_a, date="2026-11-17 17:30:00")
        self.env.flush_all()
        # In UTC the night call (00:30 in Jakarta) was on the 17th.
        self.env.cr.execute(
            "UPDATE res_partner SET tz = 'UTC' WHERE id = %s", [self.manager_a.partner_id.id]
        )
        self.env.invalidate_all()

        def counters():
            self.env.cr.execute(
                "SELECT day, tz, calls FROM corporate_activity_day_counter"
                " WHERE user_id = %s ORDER BY day",
                [self.manager_a.id],
            )
            return self.env.cr.fetchall()

        stale = counters()
        self.assertEqual({row[1] for row in stale}, {"Asia/Jakarta"})
        with self.no_writes():
            data = self.Queue.with_user(self.manager_a).get_my_day()
        bars = {(bar["period"], bar["metric"]): bar for bar in data["bars"]}
        self.assertEqual(bars["day", "calls"]["actual"], 1)
        with self.no_writes():
            overview = self.Queue.with_user(self.director).get_overview()
        figures = {
            department["name"]: {f["key"]: f["actual"] for f in department["figures"]}
            for department in overview["departments"]
        }
        self.assertEqual(figures["Corporate North"]["day-calls"], 1)
        self.assertEqual(counters(), stale, "nothing was rebuilt")
        # The next interaction of the manager, inserted in SQL, recounts them.
        self.env.cr.execute(
            """
            INSERT INTO corporate_interaction (client_id, partner_id, client_user_id, team_id,
                   company_id, user_id, date, interaction_type, direction, source)
            SELECT id, partner_id, user_id, team_id, %s, user_id, %s, 'call', 'outgoing',
                   'manual'
              FROM corporate_client WHERE id = %s
            """,
            [self.company.id, NOW, self.client_a.id],
        )
        self.assertEqual(
            counters(),
            [(date(2026, 11, 17), "UTC", 1), (date(2026, 11, 18), "UTC", 2)],
        )
        with self.no_writes():
            data = self.Queue.with_user(self.manager_a).get_my_day()
        bars = {(bar["period"], bar["metric"]): bar for bar in data["bars"]}
        self.assertEqual(bars["day", "calls"]["actual"], 2)
