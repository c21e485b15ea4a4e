"""Counters that cannot drift (issue 31).

The activity counters and the cards' last contact are kept by triggers on
``corporate_interaction``.  Here interactions are written in SQL and by the
ORM, and after every step both counter tables and the last contacts are
compared with a recount from the interactions, written in Python with pytz,
independently of the triggers' SQL.
"""

import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from unittest.mock import patch

import pytz

from odoo import fields
from odoo.tests import tagged
from odoo.tools import SQL

from ..hooks import uninstall_hook
from ..models.activity.corporate_activity_counter import (
    COUNTER_TABLE,
    DAY_TABLE,
    FINGERPRINT_PARAM,
    TRIGGERS,
    ZONE_TABLE,
)
from ..models.activity.corporate_figure import INTERACTION_METRICS, INTERACTION_TYPE_METRIC
from .clock import freeze_time
from .common import CorporateClientCase, activity_counts

NOW = "2026-11-20 10:00:00"  # 17:00 in Jakarta
TYPES = ["call", "short_call", "email_offer", "phone_offer", "meeting", "visit", "other"]
OUTCOMES = [False, "reached", "no_answer", "callback", "deal"]


def at(moment):
    return datetime.fromisoformat(moment)


@tagged("post_install", "-at_install")
class TestActivityCounterDrift(CorporateClientCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Counter = cls.env["corporate.activity.counter"]
        cls.Interaction = cls.env["corporate.interaction"]
        cls.other_company = cls.env["res.company"].create({"name": "Corporate Sumatra"})

    # ------------------------------------------------------------------ the recount
    def _zones(self):
        """{user_id: pytz zone}: the user's, else the company calendar's, else
        UTC; a zone pytz does not know is UTC."""
        self.env.cr.execute(
            """
            SELECT u.id, p.tz, cal.tz
              FROM res_users u
              JOIN res_partner p ON p.id = u.partner_id
         LEFT JOIN res_company c ON c.id = u.company_id
         LEFT JOIN resource_calendar cal ON cal.id = c.resource_calendar_id
            """
        )
        zones = {}
        for user_id, own, calendar in self.env.cr.fetchall():
            try:
                zones[user_id] = pytz.timezone(own or calendar or "UTC")
            except pytz.UnknownTimeZoneError:
                zones[user_id] = pytz.utc
        return zones

    def _recount(self):
        """(counters, day counters, last contacts) as they should be, counted
        in Python from the interactions."""
        self.env.flush_all()
        zones = self._zones()
        self.env.cr.execute(
            "SELECT id, user_id, date, interaction_type, outcome, client_user_id, team_id,"
            " company_id, client_id FROM corporate_interaction"
        )
        counters = defaultdict(int)
        days = defaultdict(lambda: dict.fromkeys(INTERACTION_METRICS, 0))
        latest = {}
        for row in self.env.cr.fetchall():
            iid, user_id, moment, itype, outcome, client_user_id, team_id, company_id, card = row
            zone = zones[user_id]
            day = pytz.utc.localize(moment).astimezone(zone).date()
            day_start = (
                zone.localize(datetime.combine(day, time.min))
                .astimezone(pytz.utc)
                .replace(tzinfo=None)
            )
            key = (user_id, day, zone.zone, itype, outcome or "", client_user_id or 0)
            counters[(*key, team_id or 0, company_id, day_start)] += 1
            metric = INTERACTION_TYPE_METRIC.get(itype, "other_interactions")
            days[(user_id, day, zone.zone)][metric] += 1
            if card not in latest or (moment, iid) > latest[card][:2]:
                latest[card] = (moment, iid, outcome)
        self.env.cr.execute("SELECT id FROM corporate_client")
        last = {
            card: (latest[card][0], latest[card][2]) if card in latest else (None, None)
            for (card,) in self.env.cr.fetchall()
        }
        day_rows = {key: tuple(row[m] for m in INTERACTION_METRICS) for key, row in days.items()}
        return dict(counters), day_rows, last

    def _stored(self):
        """(counters, day counters, last contacts) as the triggers keep them."""
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(
            "SELECT user_id, day, tz, interaction_type, outcome, client_user_id, team_id,"
            " company_id, day_start, count FROM corporate_activity_counter"
        )
        counters = {row[:-1]: row[-1] for row in cr.fetchall()}
        cr.execute(
            SQL(
                "SELECT user_id, day, tz, %s FROM corporate_activity_day_counter",
                SQL(", ").join(SQL.identifier(metric) for metric in INTERACTION_METRICS),
            )
        )
        days = {row[:3]: tuple(row[3:]) for row in cr.fetchall()}
        cr.execute("SELECT id, last_contact_date, last_outcome FROM corporate_client")
        last = {row[0]: tuple(row[1:]) for row in cr.fetchall()}
        return counters, days, last

    def assertNoDrift(self, step):
        """Both counter tables and the last contacts equal the recount (rows
        of zero included: they must have been deleted)."""
        expected = self._recount()
        problems = []
        names = (COUNTER_TABLE, DAY_TABLE, "corporate_client (last contact, outcome)")
        for name, want, have in zip(names, expected, self._stored(), strict=True):
            for key in sorted(set(want) | set(have), key=repr):
                if want.get(key) != have.get(key):
                    problems.append(
                        f"  {name} {key}: stored {have.get(key)!r}, recount {want.get(key)!r}"
                    )
        if problems:
            self.fail(
                f"After {step}, {len(problems)} rows differ from a recount of the "
                "interactions:\n" + "\n".join(problems[:40])
            )
        return expected

    # ------------------------------------------------------------------ SQL helpers
    def _insert_sql(self, rows):
        """Insert interactions in one SQL statement; ``rows``: (card, user,
        moment, type, outcome).  Returns their ids."""
        values = SQL(", ").join(
            SQL(
                "(%s, %s, %s, %s::timestamp, %s, %s::varchar)",
                index,
                card.id,
                user.id,
                moment,
                itype,
                outcome,
            )
            for index, (card, user, moment, itype, outcome) in enumerate(rows)
        )
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO corporate_interaction (
                    client_id, partner_id, client_user_id, team_id, company_id, user_id, date,
                    interaction_type, direction, outcome, source, create_uid, write_uid,
                    create_date, write_date)
                SELECT card.id, card.partner_id, card.user_id, card.team_id, %(company)s,
                       v.user_id, v.date, v.itype, 'outgoing', v.outcome, 'manual', 1, 1,
                       v.date, v.date
                  FROM (VALUES %(values)s) AS v(ord, client_id, user_id, date, itype, outcome)
                  JOIN corporate_client card ON card.id = v.client_id
              ORDER BY v.ord
             RETURNING corporate_interaction.id
                """,
                company=self.company.id,
                values=values,
            )
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        self.env.invalidate_all()
        return ids

    def _sql(self, query, *args):
        self.env.flush_all()
        self.env.cr.execute(query, args or None)
        self.env.invalidate_all()

    def _day_row(self, user, day):
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT tz, %s FROM corporate_activity_day_counter WHERE user_id = %s AND day = %s",
                SQL(", ").join(SQL.identifier(metric) for metric in INTERACTION_METRICS),
                user.id,
                day,
            )
        )
        return self.env.cr.fetchall()

    # ------------------------------------------------------------------ SQL writes
    @freeze_time(NOW)
    def test_sql_writes_keep_the_counters(self):
        a, b, c = self.manager_a, self.manager_b, self.manager_c
        ids = self._insert_sql(
            [
                # 23:30 and 00:30 in Jakarta: two local days, one UTC day.
                (self.client_a, a, "2026-11-19 16:30:00", "call", "reached"),
                (self.client_a, a, "2026-11-19 17:30:00", "call", None),
                (self.client_a, a, "2026-11-19 17:30:00", "email_offer", "deal"),
                (self.client_b, b, "2026-11-19 09:00:00", "phone_offer", "callback"),
                (self.client_b, b, "2026-11-20 02:00:00", "visit", None),
                (self.client_c, c, "2026-11-18 23:00:00", "short_call", "no_answer"),
                (self.client_c, c, "2026-11-20 03:00:00", "other", None),
                (self.client_c, a, "2026-11-20 04:00:00", "meeting", "reached"),
            ]
        )
        self.assertNoDrift("an INSERT of eight interactions")
        self.assertEqual(
            self.client_a.last_contact_date, at("2026-11-19 17:30:00"), "set by the trigger"
        )
        self._sql("UPDATE corporate_interaction SET user_id = %s WHERE id = ANY(%s)", b.id, ids[:2])
        self.assertNoDrift("an UPDATE of the manager")
        self._sql(
            "UPDATE corporate_interaction SET date = date + interval '1 hour' WHERE id = %s", ids[0]
        )
        self.assertNoDrift("an UPDATE of the date across the local midnight")
        self._sql(
            "UPDATE corporate_interaction SET interaction_type = 'phone_offer' WHERE id = ANY(%s)",
            ids[1:3],
        )
        self.assertNoDrift("an UPDATE of the type")
        self._sql(
            "UPDATE corporate_interaction SET client_user_id = %s, team_id = %s WHERE id = %s",
            c.id,
            self.team_south.id,
            ids[3],
        )
        self.assertNoDrift("an UPDATE of the client's manager and department")
        self._sql(
            "UPDATE corporate_interaction SET company_id = %s WHERE id = %s",
            self.other_company.id,
            ids[4],
        )
        self.assertNoDrift("an UPDATE of the company")
        self._sql(
            "UPDATE corporate_interaction SET outcome = 'interested', client_id = %s,"
            " partner_id = %s WHERE id = %s",
            self.client_b.id,
            self.client_b.partner_id.id,
            ids[7],
        )
        self.assertNoDrift("an UPDATE moving an interaction to another card")
        before = self._stored()
        self._sql("UPDATE corporate_interaction SET note = 'called back' WHERE id = ANY(%s)", ids)
        self.assertEqual(self._stored(), before, "a note changes no counter")
        self._sql(
            "UPDATE corporate_interaction SET date = date - interval '5 hours',"
            " user_id = CASE WHEN user_id = %s THEN %s ELSE user_id END WHERE id = ANY(%s)",
            c.id,
            a.id,
            ids,
        )
        self.assertNoDrift("one UPDATE of many rows, managers and days")
        # The latest interaction of card A deleted: its last contact goes back.
        self.env.cr.execute(
            "SELECT id FROM corporate_interaction WHERE client_id = %s"
            " ORDER BY date DESC, id DESC LIMIT 1",
            [self.client_a.id],
        )
        self._sql("DELETE FROM corporate_interaction WHERE id = %s", self.env.cr.fetchone()[0])
        self.assertNoDrift("a DELETE of a card's latest interaction")
        self.assertTrue(self.client_a.last_contact_date)
        self._sql("DELETE FROM corporate_interaction WHERE client_id = %s", self.client_c.id)
        self.assertNoDrift("a DELETE of all of a card's interactions")
        self.assertFalse(self.client_c.last_contact_date)
        self._sql("DELETE FROM corporate_interaction WHERE id = ANY(%s)", ids)
        self.assertNoDrift("a DELETE of the rest")

    # ------------------------------------------------------------------ ORM writes
    @freeze_time(NOW)
    def test_orm_writes_keep_the_counters(self):
        rng = random.Random(31)
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

        for step in range(24):
            action = rng.random()
            if action < 0.4 or not interactions:
                created = self.Interaction.create(
                    [random_vals() for _n in range(rng.randint(1, 4))]
                )
                interactions |= created
                done = f"step {step}: create of {len(created)}"
            elif action < 0.75:
                victim = rng.choice(interactions)
                vals = random_vals()
                keys = rng.sample(sorted(vals), rng.randint(1, len(vals)))
                victim.write({key: vals[key] for key in keys})
                done = f"step {step}: write of {keys}"
            elif action < 0.9:
                victim = rng.choice(interactions)
                interactions -= victim
                victim.unlink()
                done = f"step {step}: unlink"
            else:
                # A card changes hands: its interactions' client's manager follows.
                card = rng.choice(clients)
                card.user_id = rng.choice(managers - card.user_id)
                done = f"step {step}: a card changing hands"
            self.assertNoDrift(done)
        # Logged as the manager, a card's latest contact as the card shows it.
        call = self.log_call(self.client_a, self.client_a.user_id, outcome="callback")
        self.assertNoDrift("a call logged by the manager")
        self.assertEqual(self.client_a.last_contact_date, call.date)
        self.assertEqual(self.client_a.last_outcome, "callback")
        # The next check-in follows the last contact written by the trigger.
        self.assertEqual(
            self.client_a.next_checkin_date,
            self.company._corporate_local_date(call.date)
            + timedelta(days=self.company.corporate_checkin_days or 30),
        )
        interactions.filtered(lambda i: i.client_id == self.client_b).unlink()
        self.assertNoDrift("the unlink of a card's interactions")
        self.assertFalse(self.client_b.last_contact_date)

    @freeze_time("2026-11-20 18:30:00")  # 01:30 on the 21st in Jakarta
    def test_time_zone_changes_keep_the_counters(self):
        a, c = self.manager_a, self.manager_c
        for user, card in ((a, self.client_a), (c, self.client_c)):
            self.log_call(card, user)
            self.log_call(card, user, date=at("2026-11-20 16:30:00"))
        self.assertNoDrift("calls on both sides of the local midnight")
        a.tz = "Asia/Makassar"
        self.assertNoDrift("a manager's time zone change (ORM)")
        a.partner_id.tz = "UTC"
        self.assertNoDrift("a partner's time zone change (ORM)")
        c.tz = False
        self.assertNoDrift("a manager left without a time zone (calendar's)")
        self.company.resource_calendar_id.tz = "Asia/Tokyo"
        self.assertNoDrift("a change of the company calendar's time zone")
        self.company.resource_calendar_id.tz = "UTC"
        self.assertNoDrift("a second change of the calendar's time zone")

    @freeze_time(NOW)
    def test_zone_changed_in_sql_then_sql_insert(self):
        """A time zone changed in SQL: reading stays right without writing;
        the next interaction of the manager, even in SQL, recounts them."""
        a = self.manager_a
        self.log_call(self.client_a, a, date=at("2026-11-19 17:30:00"))  # the 20th in Jakarta
        self.log_call(self.client_a, a, date=at("2026-11-20 03:00:00"))
        self.assertNoDrift("two calls")
        self._sql("UPDATE res_partner SET tz = 'UTC' WHERE id = %s", a.partner_id.id)
        stored = self._stored()
        counts = self.Counter._read_day_counts(a, date(2026, 11, 19), date(2026, 11, 20))
        calls = {day: figures[INTERACTION_METRICS.index("calls")] for _u, day, figures in counts}
        self.assertEqual(calls, {date(2026, 11, 19): 1, date(2026, 11, 20): 1})
        self.assertEqual(self._stored(), stored, "reading wrote nothing")
        self._insert_sql([(self.client_a, a, "2026-11-20 04:00:00", "call", "reached")])
        self.assertNoDrift("an SQL insert after a zone changed in SQL")
        self.env.cr.execute(
            SQL("SELECT tz FROM %s WHERE user_id = %s", SQL.identifier(ZONE_TABLE), a.id)
        )
        self.assertEqual(self.env.cr.fetchall(), [("UTC",)])

    # ------------------------------------------------------------------ unknown zones
    @freeze_time(NOW)
    def test_unknown_time_zone_counts_in_utc(self):
        a, c = self.manager_a, self.manager_c
        self._sql("UPDATE res_partner SET tz = 'Mars/Base' WHERE id = %s", a.partner_id.id)
        moment = at("2026-11-19 18:00:00")  # the 20th in Jakarta, the 19th in UTC
        self.log_call(self.client_a, a, date=moment)
        self._insert_sql([(self.client_a, a, moment, "call", "reached")])
        self.assertEqual(self._day_row(a, date(2026, 11, 19))[0][:2], ("UTC", 2))
        self.assertFalse(self._day_row(a, date(2026, 11, 20)))
        # Python counts the same day.
        self.assertIs(a._corporate_zones()[a.id], pytz.utc)
        day = date(2026, 11, 19)
        self.assertEqual(activity_counts(self.env, a, day, day)[a.id][day]["calls"], 2)
        self.assertNoDrift("interactions of a manager in an unknown zone")
        # A calendar's zone of garbage, for a manager without a zone of their own.
        c.tz = False
        self._sql(
            "UPDATE resource_calendar SET tz = 'Not a zone' WHERE id = %s",
            self.company.resource_calendar_id.id,
        )
        self.log_call(self.client_c, c, date=moment)
        self._insert_sql([(self.client_c, c, moment, "email_offer", None)])
        row = self._day_row(c, day)[0]
        self.assertEqual(row[0], "UTC")
        self.assertEqual(row[1 + INTERACTION_METRICS.index("calls")], 1)
        self.assertEqual(row[1 + INTERACTION_METRICS.index("email_offers")], 1)
        self.assertEqual(activity_counts(self.env, c, day, day)[c.id][day]["calls"], 1)
        self.assertNoDrift("interactions of a manager whose calendar has an unknown zone")

    # ------------------------------------------------------------------ pruning
    @freeze_time(NOW)
    def test_rows_falling_to_zero_are_deleted(self):
        a = self.manager_a
        day = date(2026, 11, 20)
        call = self.log_call(self.client_a, a)
        offer = self.log_call(self.client_a, a, interaction_type="email_offer", outcome=False)

        def counter_types():
            self.env.flush_all()
            self.env.cr.execute(
                "SELECT interaction_type, count FROM corporate_activity_counter"
                " WHERE user_id = %s AND day = %s ORDER BY 1",
                [a.id, day],
            )
            return self.env.cr.fetchall()

        self.assertEqual(counter_types(), [("call", 1), ("email_offer", 1)])
        call.interaction_type = "email_offer"
        self.assertEqual(counter_types(), [("email_offer", 1), ("email_offer", 1)])
        (call | offer).with_env(self.env).unlink()
        self.assertEqual(counter_types(), [])
        self.assertEqual(self._day_row(a, day), [], "the day row went with its last count")
        ids = self._insert_sql([(self.client_a, a, "2026-11-20 05:00:00", "visit", None)])
        self._sql(
            "UPDATE corporate_interaction SET user_id = %s WHERE id = ANY(%s)",
            self.manager_b.id,
            ids,
        )
        self.assertEqual(self._day_row(a, day), [], "moved to another manager")
        self._sql("DELETE FROM corporate_interaction WHERE id = ANY(%s)", ids)
        self.env.cr.execute(
            SQL(
                "SELECT (SELECT count(*) FROM corporate_activity_counter WHERE count = 0),"
                " (SELECT count(*) FROM corporate_activity_day_counter WHERE %s)",
                SQL(" AND ").join(SQL("%s = 0", SQL.identifier(m)) for m in INTERACTION_METRICS),
            )
        )
        self.assertEqual(self.env.cr.fetchone(), (0, 0))
        self.assertNoDrift("creates, moves and deletes down to nothing")

    # ------------------------------------------------------------------ TRUNCATE
    @freeze_time(NOW)
    def test_truncate_empties_the_counters(self):
        self.log_call(self.client_a, self.manager_a)
        self.log_call(self.client_b, self.manager_b)
        self._sql("TRUNCATE corporate_interaction CASCADE")
        for table in (COUNTER_TABLE, DAY_TABLE, ZONE_TABLE):
            self.env.cr.execute(SQL("SELECT count(*) FROM %s", SQL.identifier(table)))
            self.assertEqual(self.env.cr.fetchone()[0], 0, table)
        self.assertEqual((self.client_a | self.client_b).mapped("last_contact_date"), [False] * 2)
        self.assertNoDrift("a TRUNCATE")
        self.log_call(self.client_a, self.manager_a)
        self.assertNoDrift("a call after the TRUNCATE")

    # ------------------------------------------------------------------ fingerprint
    @freeze_time(NOW)
    def test_fingerprint_rebuilds_only_when_it_changes(self):
        self.log_call(self.client_a, self.manager_a)
        params = self.env["ir.config_parameter"].sudo()
        self.assertEqual(params.get_param(FINGERPRINT_PARAM), self.Counter._fingerprint())
        corrupt = SQL(
            "UPDATE corporate_activity_counter SET count = count + 5 WHERE user_id = %s;"
            " UPDATE corporate_client SET last_contact_date = NULL WHERE id = %s",
            self.manager_a.id,
            self.client_a.id,
        )
        self._sql(corrupt)
        # The same fingerprint: nothing is done (the corrupted rows stay).
        self.assertFalse(self.Counter._init_counters())
        with self.assertRaisesRegex(AssertionError, "stored 6, recount 1"):
            self.assertNoDrift("nothing")
        # Another fingerprint stored (an older mapping or SQL): rebuilt.
        params.set_param(FINGERPRINT_PARAM, "built by another version")
        self.assertTrue(self.Counter._init_counters())
        self.assertNoDrift("a rebuild for another fingerprint")
        self.assertEqual(params.get_param(FINGERPRINT_PARAM), self.Counter._fingerprint())
        self.assertTrue(self.client_a.last_contact_date)

    @freeze_time(NOW)
    def test_a_new_mapping_rebuilds_the_day_counters(self):
        """A visit counted as a call: the fingerprint changes, the triggers and
        the day counters follow."""
        before = self.Counter._fingerprint()
        self.log_call(self.client_a, self.manager_a, interaction_type="visit", outcome=False)
        day = date(2026, 11, 20)
        calls = 1 + INTERACTION_METRICS.index("calls")
        self.assertEqual(self._day_row(self.manager_a, day)[0][calls], 0)
        with patch.dict(INTERACTION_TYPE_METRIC, {"visit": "calls"}):
            self.assertNotEqual(self.Counter._fingerprint(), before)
            self.assertTrue(self.Counter._init_counters())
            self.assertEqual(self._day_row(self.manager_a, day)[0][calls], 1)
            self.log_call(self.client_a, self.manager_a, interaction_type="visit")
            self.assertEqual(self._day_row(self.manager_a, day)[0][calls], 2)
            self.assertNoDrift("visits counted as calls")
        self.assertEqual(self.Counter._fingerprint(), before)
        self.assertTrue(self.Counter._init_counters())
        self.assertEqual(self._day_row(self.manager_a, day)[0][calls], 0)
        self.assertNoDrift("the mapping back")

    # ------------------------------------------------------------------ uninstall
    def test_uninstall_hook_drops_the_counters(self):
        cr = self.env.cr

        def leftovers():
            cr.execute(
                """
                SELECT 'trigger ' || tgname FROM pg_trigger
                 WHERE tgrelid = 'corporate_interaction'::regclass
                   AND tgname LIKE 'corporate_activity%%'
                 UNION ALL
                SELECT 'relation ' || relname FROM pg_class
                 WHERE relname = ANY(%s)
                 UNION ALL
                SELECT 'function ' || proname FROM pg_proc
                 WHERE proname LIKE 'corporate_activity%%'
                    OR proname = 'corporate_client_last_contact_recount'
                """,
                [[COUNTER_TABLE, DAY_TABLE, ZONE_TABLE, "corporate_interaction_analysis"]],
            )
            return sorted(row[0] for row in cr.fetchall())

        self.assertEqual(
            leftovers(),
            sorted(
                [f"trigger {name}" for name in TRIGGERS]
                + [f"relation {name}" for name in (COUNTER_TABLE, DAY_TABLE, ZONE_TABLE)]
                + [
                    f"function {name}"
                    for name in (
                        "corporate_activity_user_tz",
                        "corporate_activity_counter_rows",
                        "corporate_activity_counter_recount",
                        "corporate_client_last_contact_recount",
                        "corporate_activity_counter_on_insert",
                        "corporate_activity_counter_on_update",
                        "corporate_activity_counter_on_delete",
                        "corporate_activity_counter_on_truncate",
                    )
                ]
            ),
        )
        self.env.flush_all()
        savepoint = cr.savepoint(flush=False)
        try:
            uninstall_hook(self.env)
            self.assertEqual(leftovers(), [])
            self.assertFalse(self.env["ir.config_parameter"].sudo().get_param(FINGERPRINT_PARAM))
            # Odoo then drops the models' tables: the analysis, a query on the
            # counters (_table_query) and no view, leaves nothing to drop.
            self.env["ir.model"]._get("corporate.interaction.analysis")._drop_table()
            # Interactions are still written, without counters.
            self._insert_sql([(self.client_a, self.manager_a, "2026-11-20 05:00:00", "call", None)])
        finally:
            savepoint.close(rollback=True)
            self.env.invalidate_all()
            self.env.registry.clear_cache()
        self.assertTrue(self.Counter._is_set_up())
