"""Quota progress: time zones, working days, precedence, query counts, shortfalls."""

from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from ..models.activity.corporate_figure import QUOTA_FIGURES
from .clock import freeze_time
from .common import CorporateClientCase, activity_counts

# Queries of _progress_lines ("My day", team view) and of the registry's
# _compute + activity_counts (the engine's day-by-day rows), whatever the
# number of managers.  Progress lines read the month targets of coverage and
# contracts from the registry (corporate.figure._targets): the month's work
# plans and the departments once more, two queries more than before.
PROGRESS_LINES_QUERIES = 10
PROGRESS_API_QUERIES = 8
# The figures the quotas apply to (what corporate.quota._progress computed).
QUOTA_KEYS = [figure.key for figure in QUOTA_FIGURES]


@tagged("post_install", "-at_install")
class TestQuotaProgress(CorporateClientCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Quota = cls.env["corporate.quota"]
        cls.Progress = cls.env["corporate.progress"]
        cls.Figure = cls.env["corporate.figure"]
        cls.Shortfall = cls.env["corporate.quota.shortfall"]
        cls.Interaction = cls.env["corporate.interaction"]
        # create_date is the transaction's real time, not the frozen one: pin it.
        cls._set_create_date(cls.client_a | cls.client_b | cls.client_c, "2026-10-01 08:00:00")

    @classmethod
    def _set_create_date(cls, cards, when):
        cls.env.flush_all()
        cls.env.cr.execute(
            "UPDATE corporate_client SET create_date = %s WHERE id = ANY(%s)", [when, cards.ids]
        )
        cards.invalidate_recordset(["create_date"])

    def _log(self, client, user, when, itype="call", **vals):
        return self.Interaction.create(
            {
                "client_id": client.id,
                "user_id": user.id,
                "interaction_type": itype,
                "date": when,
                **vals,
            }
        )

    # ------------------------------------------------------------------ time zones
    @freeze_time("2026-11-11 05:00:00")
    def test_counts_by_the_users_midnight_not_utc(self):
        """Jakarta is UTC+7: 17:30 UTC on the 10th is 00:30 on the 11th there."""
        self.manager_b.tz = "UTC"
        for user, client in ((self.manager_a, self.client_a), (self.manager_b, self.client_b)):
            self._log(client, user, "2026-11-10 16:30:00")  # 23:30 in Jakarta
            self._log(client, user, "2026-11-10 17:30:00")  # 00:30 on the 11th in Jakarta
            self._log(client, user, "2026-11-10 17:40:00", itype="email_offer")
        users = self.manager_a | self.manager_b
        nov10, nov11 = date(2026, 11, 10), date(2026, 11, 11)
        day10 = self.Figure._compute(users, nov10, nov10, keys=QUOTA_KEYS)
        day11 = self.Figure._compute(users, nov11, nov11, keys=QUOTA_KEYS)
        self.assertEqual(day10[self.manager_a.id]["calls"], 1)
        self.assertEqual(day11[self.manager_a.id]["calls"], 1)
        self.assertEqual(day11[self.manager_a.id]["email_offers"], 1)
        self.assertEqual(day10[self.manager_b.id]["calls"], 2, "UTC user: both on the 10th")
        self.assertEqual(day11[self.manager_b.id]["calls"], 0)
        daily = activity_counts(self.env, users, nov10, nov11)
        self.assertEqual(daily[self.manager_a.id][nov10]["calls"], 1)
        self.assertEqual(daily[self.manager_a.id][nov11]["calls"], 1)
        self.assertEqual(daily[self.manager_a.id][nov11]["email_offers"], 1)
        self.assertEqual(daily[self.manager_b.id][nov10]["calls"], 2)
        self.assertNotIn(nov11, daily[self.manager_b.id])
        # "My day" at 12:00 in Jakarta on the 11th counts the call made after midnight.
        lines = self.Progress._progress_lines(self.manager_a)
        calls = next(line for line in lines if line["metric"] == "calls")
        self.assertEqual((calls["date"], calls["actual"], calls["target"]), (nov11, 1, 30))

    @freeze_time("2026-04-01 12:00:00")
    def test_counts_across_a_daylight_saving_change(self):
        """Brussels moves from UTC+1 to UTC+2 on 29 March 2026."""
        self.manager_c.tz = "Europe/Brussels"
        self._log(self.client_c, self.manager_c, "2026-03-28 23:30:00")  # 00:30 on the 29th (CET)
        self._log(self.client_c, self.manager_c, "2026-03-29 22:30:00")  # 00:30 on the 30th (CEST)
        self._log(self.client_c, self.manager_c, "2026-03-29 21:30:00")  # 23:30 on the 29th
        daily = activity_counts(self.env, self.manager_c, date(2026, 3, 28), date(2026, 3, 30))
        self.assertEqual(
            {day: counts["calls"] for day, counts in daily[self.manager_c.id].items()},
            {date(2026, 3, 29): 2, date(2026, 3, 30): 1},
        )
        after = activity_counts(self.env, self.manager_c, date(2026, 3, 30), date(2026, 3, 31))
        self.assertEqual(after[self.manager_c.id][date(2026, 3, 30)]["calls"], 1)
        total = self.Figure._compute(
            self.manager_c, date(2026, 3, 29), date(2026, 3, 29), keys=QUOTA_KEYS
        )
        self.assertEqual(total[self.manager_c.id]["calls"], 2)

    # ------------------------------------------------------------------ working days
    def test_holidays_excluded(self):
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Public holiday",
                "calendar_id": self.company.resource_calendar_id.id,
                "date_from": "2026-11-15 12:00:00",
                "date_to": "2026-11-16 23:00:00",
            }
        )
        with freeze_time("2026-11-16 09:00:00"):  # 16:00 in Jakarta, the holiday
            for _n in range(3):
                self._log(self.client_a, self.manager_a, "2026-11-16 03:00:00")
            lines = self.Progress._progress_lines(self.manager_a)
            calls = next(line for line in lines if line["metric"] == "calls")
            self.assertFalse(calls["is_working_day"])
            self.assertEqual(calls["actual"], 3, "calls on a holiday still count")
            # November 2 to 13: ten working days; the 16th is not one.
            self.assertEqual(calls["working_days"], 10)
            self.assertFalse(self.Shortfall._cron_shortfall_summary(), "no shortfall on a holiday")
        with freeze_time("2026-11-17 10:00:00"):  # the next working day, evening in Jakarta
            calls = next(
                line
                for line in self.Progress._progress_lines(self.manager_a)
                if line["metric"] == "calls"
            )
            self.assertTrue(calls["is_working_day"])
            self.assertEqual(calls["working_days"], 11)
            self.assertEqual(calls["month_actual"], 3)

    @freeze_time("2026-11-20 10:00:00")
    def test_days_met(self):
        self.Quota.create(
            {"metric": "calls", "period": "day", "target": 2, "user_id": self.manager_a.id}
        )
        for when in ("2026-11-18 02:00:00", "2026-11-18 03:00:00", "2026-11-19 02:00:00"):
            self._log(self.client_a, self.manager_a, when)
        calls = next(
            line
            for line in self.Progress._progress_lines(self.manager_a)
            if line["metric"] == "calls" and line["period"] == "day"
        )
        self.assertEqual(calls["target"], 2)
        self.assertEqual(calls["days_met"], 1)  # the 18th only
        self.assertEqual(calls["working_days"], 15)  # Nov 2-6, 9-13, 16-20
        self.assertEqual(calls["month_actual"], 3)

    # ------------------------------------------------------------------ monthly metrics
    @freeze_time("2026-11-20 10:00:00")
    def test_monthly_metrics(self):
        lost = self.create_client("Lost Co", self.manager_a, stage="lost")
        other = self.create_client("Delta Paper", self.manager_a)
        self._set_create_date(lost | other, "2026-11-10 08:00:00")
        # Budi (substituting, say) calls Anna's client: the client is covered.
        self._log(self.client_a, self.manager_b, "2026-11-05 03:00:00")
        progress = self.Figure._compute(
            self.manager_a | self.manager_c, date(2026, 11, 1), date(2026, 11, 30), keys=QUOTA_KEYS
        )
        self.assertEqual(progress[self.manager_a.id]["checkin_coverage"], 50.0)  # lost not counted
        self.assertEqual(progress[self.manager_a.id]["new_prospects"], 2)  # created this month
        self.assertEqual(progress[self.manager_c.id]["checkin_coverage"], 0.0)
        self._log(other, self.manager_a, "2026-11-19 03:00:00")
        progress = self.Figure._compute(
            self.manager_a, date(2026, 11, 1), date(2026, 11, 30), keys=QUOTA_KEYS
        )
        self.assertEqual(progress[self.manager_a.id]["checkin_coverage"], 100.0)
        self.assertEqual(progress[self.manager_a.id]["new_contracts"], 0)
        lines = self.Progress._progress_lines(self.manager_a)
        monthly = {line["metric"]: line for line in lines if line["period"] == "month"}
        self.assertEqual(set(monthly), {"new_contracts", "checkin_coverage"})
        self.assertEqual(monthly["checkin_coverage"]["actual"], 100.0)
        self.assertEqual(monthly["new_contracts"]["target"], 4)

    @freeze_time("2026-11-20 10:00:00")
    def test_coverage_follows_deleted_and_moved_interactions(self):
        """Coverage reads the cards' last contact: deleting or moving an
        interaction keeps it, and a past month still finds its contacts."""
        nov = (date(2026, 11, 1), date(2026, 11, 30))
        oct_ = (date(2026, 10, 1), date(2026, 10, 31))

        def covered(period):
            return self.Figure._portfolio_coverage(self.manager_a, *period)[self.manager_a.id]

        self.assertEqual(covered(nov), (1, 0))
        only = self._log(self.client_a, self.manager_a, "2026-11-05 03:00:00")
        self.assertEqual(covered(nov), (1, 1))
        self.Interaction.browse(only.id).with_user(self.head_north).unlink()
        self.assertFalse(self.client_a.last_contact_date)
        self.assertEqual(covered(nov), (1, 0), "a deleted contact covers nothing")
        # An interaction logged on the wrong card and moved to Budi's client.
        moved = self._log(self.client_a, self.manager_a, "2026-11-06 03:00:00", outcome="deal")
        self.assertEqual(self.client_a.last_outcome, "deal")
        moved.client_id = self.client_b
        self.assertFalse(self.client_a.last_contact_date)
        self.assertFalse(self.client_a.last_outcome)
        self.assertEqual(self.client_b.last_contact_date, moved.date)
        self.assertEqual(covered(nov), (1, 0))
        # October: contacted then and again in November (the last contact is
        # after the period: the interactions of October are looked for).
        self._log(self.client_a, self.manager_a, "2026-10-12 03:00:00")
        self._log(self.client_a, self.manager_a, "2026-11-09 03:00:00")
        self.assertEqual(covered(oct_), (1, 1))
        self.assertEqual(covered(nov), (1, 1))
        other = self.create_client("Echo Paper", self.manager_a)
        self._set_create_date(other, "2026-09-01 08:00:00")
        self._log(other, self.manager_a, "2026-11-10 03:00:00")
        self.assertEqual(covered(oct_), (2, 1), "contacted in November only: not in October")

    @freeze_time("2026-11-20 10:00:00")
    def test_quota_and_calendar_changes_apply_at_once(self):
        """Quotas and working days are cached: a change shows on the next read."""

        def calls_line():
            return next(
                line
                for line in self.Progress._progress_lines(self.manager_a)
                if line["metric"] == "calls" and line["period"] == "day"
            )

        self.assertEqual((calls_line()["target"], calls_line()["working_days"]), (30, 15))
        quota = self.Quota.create(
            {"metric": "calls", "period": "day", "target": 12, "team_id": self.team_north.id}
        )
        self.assertEqual(calls_line()["target"], 12)
        quota.target = 14
        self.assertEqual(calls_line()["target"], 14)
        quota.active = False
        self.assertEqual(calls_line()["target"], 30)
        quota.active = True
        quota.unlink()
        self.assertEqual(calls_line()["target"], 30)
        holiday = self.env["resource.calendar.leaves"].create(
            {
                "name": "Public holiday",
                "calendar_id": self.company.resource_calendar_id.id,
                "date_from": "2026-11-10 17:00:00",  # the 11th in Jakarta
                "date_to": "2026-11-11 16:59:59",
            }
        )
        self.assertEqual(calls_line()["working_days"], 14)
        holiday.date_to = "2026-11-12 16:59:59"  # and the 12th
        self.assertEqual(calls_line()["working_days"], 13)
        holiday.unlink()
        self.assertEqual(calls_line()["working_days"], 15)
        # Friday becomes a day off in the company's calendar.
        self.company.resource_calendar_id.attendance_ids.filtered(
            lambda attendance: attendance.dayofweek == "4"
        ).unlink()
        self.assertEqual(calls_line()["working_days"], 12)  # Nov 6, 13, 20 off

    # ------------------------------------------------------------------ quotas
    def test_quota_precedence_and_overlap(self):
        day = date(2026, 11, 10)
        self.Quota.create(
            {"metric": "calls", "period": "day", "target": 25, "team_id": self.team_north.id}
        )
        self.Quota.create(
            {
                "metric": "calls",
                "period": "day",
                "target": 40,
                "user_id": self.manager_a.id,
                "date_from": "2026-11-01",
                "date_to": "2026-11-30",
            }
        )
        targets = self.Quota._targets_for(
            self.manager_a | self.manager_b | self.manager_c | self.head_north, "day", day
        )
        self.assertEqual(targets[self.manager_a.id]["calls"], 40, "the manager's own quota")
        self.assertEqual(targets[self.manager_b.id]["calls"], 25, "the department's")
        self.assertEqual(targets[self.manager_c.id]["calls"], 30, "the company default")
        self.assertEqual(targets[self.head_north.id]["calls"], 25, "a head's team is the one led")
        self.assertEqual(targets[self.manager_a.id]["email_offers"], 50)
        # The next period of the same scope is fine, an overlapping one is not.
        self.Quota.create(
            {
                "metric": "calls",
                "period": "day",
                "target": 35,
                "user_id": self.manager_a.id,
                "date_from": "2026-12-01",
            }
        )
        with self.assertRaisesRegex(ValidationError, "overlaps"):
            self.Quota.create(
                {
                    "metric": "calls",
                    "period": "day",
                    "target": 20,
                    "user_id": self.manager_a.id,
                    "date_from": "2026-11-15",
                    "date_to": "2026-11-20",
                }
            )
        with self.assertRaisesRegex(ValidationError, "overlaps"):
            self.Quota.create({"metric": "calls", "period": "day", "target": 31})
        with self.assertRaisesRegex(ValidationError, "overlaps"):
            self.Quota.create(
                {"metric": "calls", "period": "day", "target": 26, "team_id": self.team_north.id}
            )
        # Another metric, period or manager does not conflict.
        self.Quota.create(
            {"metric": "calls", "period": "month", "target": 500, "user_id": self.manager_a.id}
        )
        self.Quota.create(
            {"metric": "calls", "period": "day", "target": 10, "user_id": self.manager_b.id}
        )
        with self.assertRaisesRegex(ValidationError, "must be positive"):
            self.Quota.create({"metric": "phone_offers", "period": "day", "target": -1})
        with self.assertRaisesRegex(ValidationError, "ends"):
            self.Quota.create(
                {
                    "metric": "new_prospects",
                    "period": "month",
                    "target": 2,
                    "date_from": "2026-12-01",
                    "date_to": "2026-11-01",
                }
            )
        targets = self.Quota._targets_for(self.manager_a, "day", date(2026, 12, 2))
        self.assertEqual(targets[self.manager_a.id]["calls"], 35)

    # ------------------------------------------------------------------ query counts
    def test_progress_query_count_does_not_grow_with_managers(self):
        managers = self.env["res.users"]
        for n in range(10):
            manager = new_test_user(
                self.env,
                login=f"cc_qc_{n}",
                groups="base.group_user,corporate_client.group_account_manager",
                tz="Asia/Jakarta",
            )
            managers |= manager
            card = self.create_client(f"Query Co {n}", manager)
            with freeze_time("2026-11-19 03:00:00"):
                self._log(card, manager, "2026-11-18 03:00:00")
                self._log(card, manager, "2026-11-19 02:00:00", itype="phone_offer")
        self.team_south.member_ids = [Command.link(m.id) for m in managers]
        day = date(2026, 11, 19)
        with freeze_time("2026-11-19 10:00:00"):
            self.Progress._progress_lines(managers, day)  # warm the registry caches
            counts, lines = {}, {}
            for users in (managers[0], managers):
                # "My day"/team view: targets, today's and the month's progress,
                # days met, working days.
                self.env.invalidate_all()
                with self.assertQueryCount(PROGRESS_LINES_QUERIES):
                    start = self.cr.sql_log_count
                    lines[len(users)] = self.Progress._progress_lines(users, day)
                    counts[("lines", len(users))] = self.cr.sql_log_count - start
                # The API of the monthly report.
                self.env.invalidate_all()
                with self.assertQueryCount(PROGRESS_API_QUERIES):
                    start = self.cr.sql_log_count
                    self.Figure._compute(users, date(2026, 11, 1), day, keys=QUOTA_KEYS)
                    activity_counts(self.env, users, date(2026, 11, 1), day)
                    counts[("api", len(users))] = self.cr.sql_log_count - start
        self.assertEqual(
            counts,
            {
                ("lines", 1): PROGRESS_LINES_QUERIES,
                ("lines", 10): PROGRESS_LINES_QUERIES,
                ("api", 1): PROGRESS_API_QUERIES,
                ("api", 10): PROGRESS_API_QUERIES,
            },
        )
        one, ten = lines[1], lines[10]
        self.assertEqual(len(ten), 10 * len(one))
        calls = {line["user_id"]: line for line in ten if line["metric"] == "calls"}
        self.assertEqual(calls[managers[3].id]["actual"], 0)
        self.assertEqual(calls[managers[3].id]["month_actual"], 1)
        offers = {line["user_id"]: line for line in ten if line["metric"] == "phone_offers"}
        self.assertEqual(offers[managers[3].id]["actual"], 1)

    # ------------------------------------------------------------------ views and access
    @freeze_time("2026-11-19 05:00:00")
    def test_team_view(self):
        self._log(self.client_a, self.manager_a, "2026-11-19 02:00:00")
        Progress = self.env["corporate.quota.progress"]
        with self.assertRaises(AccessError):
            Progress.with_user(self.manager_a).action_team_progress()
        with self.assertRaises(AccessError):
            Progress.with_user(self.manager_a).get_team_grid()
        action = Progress.with_user(self.head_north).action_team_progress()
        self.assertEqual(action["tag"], "corporate_client.team_progress")
        grid = Progress.with_user(self.head_north).get_team_grid()
        rows = {row["user_id"]: row for dep in grid["departments"] for row in dep["rows"]}
        self.assertEqual(set(rows), set((self.manager_a | self.manager_b).ids))
        calls = rows[self.manager_a.id]["cells"]["calls"]["day"]
        self.assertEqual((calls["done"], calls["target"], calls["behind"]), (1, 30, True))
        self.assertAlmostEqual(calls["pct"], round(100 / 30, 1))
        grid = Progress.with_user(self.director).get_team_grid()
        everyone = self.env["res.users"].browse(
            row["user_id"] for dep in grid["departments"] for row in dep["rows"]
        )
        # Every manager's, those of the test and any other (demo data).
        self.assertLessEqual(self.manager_a | self.manager_b | self.manager_c, everyone)
        self.assertFalse(
            everyone
            - self.env["res.users"].search(
                [("groups_id", "in", self.env.ref("corporate_client.group_account_manager").ids)]
            )
        )

    # ------------------------------------------------------------------ shortfall cron
    def test_shortfall_summary_sent_once(self):
        for metric in ("email_offers", "phone_offers"):
            self.Quota.create(
                {"metric": metric, "period": "day", "target": 1, "user_id": self.manager_c.id}
            )
        with freeze_time("2026-11-19 10:00:00"):  # 17:00 in Jakarta, a Thursday
            for itype in ["call"] * 30 + ["email_offer", "phone_offer"]:
                self._log(self.client_c, self.manager_c, "2026-11-19 03:00:00", itype=itype)
            self._log(self.client_a, self.manager_a, "2026-11-19 03:00:00")
            Message = self.env["mail.message"]
            before = Message.search_count([])
            logs = self.Shortfall._cron_shortfall_summary()
            # Those of the test's world (a database may hold other managers).
            world = self.manager_a | self.manager_b | self.manager_c
            world |= self.head_north | self.head_south
            self.assertEqual(
                {(log.user_id, log.key) for log in logs if log.user_id in world},
                {
                    (self.manager_a, "manager"),
                    (self.manager_b, "manager"),
                    (self.head_north, f"team:{self.team_north.id}"),
                },
                "Citra met her quotas: nothing to her, nor to her head",
            )
            to_anna = logs.filtered(lambda log: log.user_id == self.manager_a).message_id
            self.assertIn(self.manager_a.partner_id, to_anna.partner_ids)
            self.assertIn("Calls: 1 of 30", to_anna.body)
            to_head = logs.filtered(lambda log: log.user_id == self.head_north).message_id
            self.assertIn(self.manager_b.name, to_head.body)
            # One message per summary.
            self.assertEqual(Message.search_count([]), before + len(logs))
            # Running it again sends nothing twice.
            self.assertFalse(self.Shortfall._cron_shortfall_summary())
            self.assertEqual(Message.search_count([]), before + len(logs))
