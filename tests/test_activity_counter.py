"""Activity counters (issue 20): kept by every change of an interaction, equal to a
rebuild from the interactions, read by the activity engine."""

import random
from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from ..models.activity.corporate_figure import INTERACTION_METRICS, INTERACTION_TYPE_METRIC
from .clock import freeze_time
from .common import CorporateClientCase, activity_counts

TYPES = ["call", "email_offer", "phone_offer", "meeting", "visit", "greeting", "other"]
OUTCOMES = [False, "reached", "no_answer", "interested", "deal"]


@tagged("post_install", "-at_install")
class TestActivityCounter(CorporateClientCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Counter = cls.env["corporate.activity.counter"]
        cls.Interaction = cls.env["corporate.interaction"]

    def _counters(self):
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT user_id, day, tz, interaction_type, outcome, client_user_id, team_id,"
            " company_id, count FROM corporate_activity_counter WHERE count != 0"
        )
        return sorted(self.env.cr.fetchall())

    def _day_counters(self):
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT user_id, day, tz, calls, email_offers, phone_offers, meetings,"
            " other_interactions FROM corporate_activity_day_counter"
            " WHERE calls != 0 OR email_offers != 0 OR phone_offers != 0 OR meetings != 0"
            " OR other_interactions != 0"
        )
        return sorted(self.env.cr.fetchall())

    def _assert_rebuild_agrees(self):
        incremental = self._counters()
        incremental_days = self._day_counters()
        # The day counters are the counters summed over their other dimensions,
        # a column per metric.
        sums = {}
        for user_id, day, tz, itype, *_dims, count in incremental:
            metric = INTERACTION_TYPE_METRIC.get(itype, "other_interactions")
            row = sums.setdefault((user_id, day, tz), dict.fromkeys(INTERACTION_METRICS, 0))
            row[metric] += count
        self.assertEqual(
            incremental_days,
            sorted(
                (*key, *(row[metric] for metric in INTERACTION_METRICS))
                for key, row in sums.items()
                if any(row.values())
            ),
        )
        self.Counter._rebuild()
        self.assertEqual(incremental, self._counters())
        self.assertEqual(incremental_days, self._day_counters())
        return incremental

    @freeze_time("2026-11-20 10:00:00")
    def test_incremental_equals_rebuild(self):
        """A random sequence of creates, writes and unlinks, cards changing hands and
        departments and a manager changing time zone: the counters kept by the
        triggers are what a rebuild from the interactions gives."""
        rng = random.Random(20)
        now = fields.Datetime.now()
        managers = self.manager_a | self.manager_b | self.manager_c
        clients = self.client_a | self.client_b | self.client_c
        interactions = self.Interaction.browse()

        def random_vals():
            return {
                "client_id": rng.choice(clients).id,
                "user_id": rng.choice(managers).id,
                "interaction_type": rng.choice(TYPES),
                "outcome": rng.choice(OUTCOMES),
                # Around the UTC/Jakarta day split (17:00 UTC) over three days.
                "date": now - timedelta(hours=rng.randint(0, 72), minutes=rng.randint(0, 59)),
            }

        for step in range(60):
            action = rng.random()
            if action < 0.45 or not interactions:
                interactions |= self.Interaction.create(
                    [random_vals() for _n in range(rng.randint(1, 4))]
                )
            elif action < 0.8:
                victim = rng.choice(interactions)
                vals = random_vals()
                keys = rng.sample(sorted(vals), rng.randint(1, len(vals)))
                victim.write({key: vals[key] for key in keys})
            elif action < 0.9:
                victim = rng.choice(interactions)
                interactions -= victim
                victim.unlink()
            else:
                # A card changes hands: its interactions' client's manager follows.
                rng.choice(clients).user_id = rng.choice(managers)
            if step % 15 == 14:
                self._assert_rebuild_agrees()
        # The counters of the test's managers (a database may hold others').
        rows = [row for row in self._assert_rebuild_agrees() if row[0] in managers.ids]
        self.assertEqual(sum(row[-1] for row in rows), len(interactions))
        # The dimensions the analysis groups by are those of the interactions.
        self.assertEqual(
            {(row[3], row[4] or False) for row in rows},
            {(i.interaction_type, i.outcome) for i in interactions},
        )
        # A note changes no dimension: no counter row is touched.
        before = self._counters()
        interactions[:5].write({"note": "called back"})
        self.assertEqual(before, self._counters())

    @freeze_time("2026-11-20 18:30:00")  # 01:30 on the 21st in Jakarta
    def test_engine_reads_the_counters_in_the_local_day(self):
        user = self.manager_a
        today = self.local_today(user)
        self.Interaction.create(
            [
                {"client_id": self.client_a.id, "user_id": user.id, "interaction_type": "call"},
                {"client_id": self.client_a.id, "user_id": user.id, "interaction_type": "call"},
                {"client_id": self.client_a.id, "user_id": user.id, "interaction_type": "visit"},
            ]
        )
        counts = activity_counts(self.env, user, today, today)[user.id][today]
        self.assertEqual((counts["calls"], counts["meetings"]), (2, 1))
        # The same moments are still the 20th in UTC: in another zone, another day.
        user.tz = "UTC"
        self.assertNotIn(today, activity_counts(self.env, user, today, today)[user.id])
        yesterday = today - timedelta(days=1)
        counts = activity_counts(self.env, user, yesterday, yesterday)[user.id][yesterday]
        self.assertEqual(counts["calls"], 2)
        # The stale rows were rebuilt in the new zone.
        self.assertEqual({row[2] for row in self._counters() if row[0] == user.id}, {"UTC"})
        self._assert_rebuild_agrees()

    @freeze_time("2026-11-20 18:30:00")  # 01:30 on the 21st in Jakarta
    def test_time_zone_changes_rebuild_when_saved(self):
        """The counters follow a change of zone when it is saved (the readers
        then never write): the user's own zone, else the company calendar's."""
        user = self.manager_a
        self.Interaction.create(
            {"client_id": self.client_a.id, "user_id": user.id, "interaction_type": "call"}
        )

        def days():
            self.env.flush_all()
            self.env.cr.execute(
                "SELECT day::text, tz, calls FROM corporate_activity_day_counter"
                " WHERE user_id = %s AND calls != 0",
                [user.id],
            )
            return self.env.cr.fetchall()

        self.assertEqual(days(), [("2026-11-21", "Asia/Jakarta", 1)])
        user.tz = "UTC"
        self.assertEqual(days(), [("2026-11-20", "UTC", 1)])
        # Without a zone of their own, the company calendar's counts.
        calendar = self.company.resource_calendar_id
        calendar.tz = "Asia/Jakarta"
        user.tz = False
        self.assertEqual(days(), [("2026-11-21", "Asia/Jakarta", 1)])
        calendar.tz = "Asia/Tokyo"
        self.assertEqual(days(), [("2026-11-21", "Asia/Tokyo", 1)])
        calendar.tz = "UTC"
        self.assertEqual(days(), [("2026-11-20", "UTC", 1)])
        self._assert_rebuild_agrees()
