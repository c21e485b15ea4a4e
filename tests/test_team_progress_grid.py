"""Issue 31: *Team progress*, managers × the registry's quota figures, in units
that add up (``corporate.quota.progress.get_team_grid``)."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from ..models.activity.corporate_figure import QUOTA_FIGURES
from .clock import freeze_time
from .common import CorporateClientCase

NOW = "2026-11-19 05:00:00"  # 12:00 in Jakarta, a Thursday
SATURDAY = "2026-11-21 05:00:00"
EARLIER = "2026-11-10 03:00:00"  # this month, before today


@tagged("post_install", "-at_install")
class TestTeamProgressGrid(CorporateClientCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Progress = cls.env["corporate.quota.progress"]
        cls.portal = new_test_user(cls.env, login="cc_tp_portal", groups="base.group_portal")
        # Anna (manager A): ten clients.  Budi (manager B): his only card is
        # archived, his portfolio is empty.
        cls.cards_a = cls.client_a
        for n in range(9):
            cls.cards_a |= cls.create_client(f"Anna's Client {n}", cls.manager_a)
        # Cards are created at the real time, not the frozen one: pin it.
        cls.env.flush_all()
        cls.env.cr.execute(
            "UPDATE corporate_client SET create_date = '2026-10-01 08:00:00' WHERE id = ANY(%s)",
            [(cls.cards_a | cls.client_b | cls.client_c).ids],
        )
        cls.env.invalidate_all()

    def _log(self, card, user, when, itype="call"):
        return self.env["corporate.interaction"].create(
            {
                "client_id": card.id,
                "user_id": user.id,
                "interaction_type": itype,
                "direction": "outgoing",
                "outcome": "reached",
                "date": when,
            }
        )

    def _activity(self):
        """Anna: 3 calls today and 2 visits earlier this month, on 5 of her 10
        clients; Budi: 4 calls today, then his card archived."""
        for card in self.cards_a[:3]:
            self._log(card, self.manager_a, NOW)
        for card in self.cards_a[3:5]:
            self._log(card, self.manager_a, EARLIER, itype="visit")
        for _n in range(4):
            self._log(self.client_b, self.manager_b, NOW)
        self.client_b.active = False

    def grid(self, user, date=None):
        return self.Progress.with_user(user).get_team_grid(date)

    @staticmethod
    def rows(grid):
        return {row["user_id"]: row for dep in grid["departments"] for row in dep["rows"]}

    # ------------------------------------------------------------------ access
    @freeze_time(NOW)
    def test_heads_see_their_departments_the_director_all(self):
        grid = self.grid(self.head_north)
        self.assertEqual([dep["name"] for dep in grid["departments"]], ["Corporate North"])
        self.assertEqual(set(self.rows(grid)), set((self.manager_a | self.manager_b).ids))
        grid = self.grid(self.head_south)
        self.assertEqual(set(self.rows(grid)), set(self.manager_c.ids))
        # The director: every corporate department, one block each (and the
        # demo's, when the suite runs on demo data).
        grid = self.grid(self.director)
        names = [dep["name"] for dep in grid["departments"]]
        self.assertLessEqual({"Corporate North", "Corporate South"}, set(names))
        self.assertEqual(names, sorted(names))
        north = next(dep for dep in grid["departments"] if dep["name"] == "Corporate North")
        self.assertEqual(
            {row["user_id"] for row in north["rows"]}, set((self.manager_a | self.manager_b).ids)
        )
        for user in (self.manager_a, self.employee, self.portal):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.grid(user)
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.Progress.with_user(user).action_team_progress()
        with self.assertRaises(UserError):
            self.grid(self.head_north, "19/11/2026")

    def test_the_screen_of_heads(self):
        action = self.Progress.with_user(self.head_north).action_team_progress()
        self.assertEqual(action["type"], "ir.actions.client")
        self.assertEqual(action["tag"], "corporate_client.team_progress")
        menu = self.env.ref("corporate_client.menu_corporate_team_progress")
        self.assertEqual(
            menu.action, self.env.ref("corporate_client.action_corporate_team_progress")
        )
        home = self.env["corporate.work.queue"].with_user(self.head_north).action_home()
        self.assertEqual(home["tag"], "corporate_client.team_progress")
        # One "My day": the client action; the old list of quota lines is gone.
        my_day = self.env.ref("corporate_client.menu_corporate_my_day")
        self.assertEqual(my_day.action, self.env.ref("corporate_client.action_corporate_my_day"))
        for xmlid in (
            "corporate_client.action_my_day",
            "corporate_client.corporate_quota_progress_view_list_my_day",
            "corporate_client.action_team_progress",
            "corporate_client.corporate_quota_progress_view_pivot",
        ):
            self.assertFalse(self.env.ref(xmlid, raise_if_not_found=False), xmlid)
        self.assertFalse(hasattr(self.Progress, "action_my_day"))

    # ------------------------------------------------------------------ columns
    @freeze_time(NOW)
    def test_figures_are_the_registry_quota_figures_in_its_order(self):
        grid = self.grid(self.head_north)
        keys = [figure["key"] for figure in grid["figures"]]
        # The company's default quotas: calls, offers (per day), contracts and
        # coverage (per month); no quota on new prospects here.
        expected = [f.key for f in QUOTA_FIGURES if f.key != "new_prospects"]
        self.assertEqual(keys, expected)
        Figure = self.env["corporate.figure"]
        self.assertEqual(
            [figure["label"] for figure in grid["figures"]],
            [Figure._label(key) for key in expected],
        )
        self.assertEqual(grid["figures"][0]["label"], "Calls")
        described = {figure["key"]: figure for figure in grid["figures"]}
        self.assertEqual(described["calls"]["periods"], ["day", "month"])
        self.assertEqual(described["checkin_coverage"]["periods"], ["month"])
        self.assertEqual(described["checkin_coverage"]["unit"], "percent")
        self.assertEqual(described["checkin_coverage"]["parts"], ["Clients contacted", "Clients"])
        # Every row and the total have a cell (or None) per figure and period,
        # and nothing else: no figure is added to another.
        [north] = grid["departments"]
        for cells in [row["cells"] for row in north["rows"]] + [north["total"]]:
            self.assertEqual(list(cells), expected)
            for figure_cells in cells.values():
                self.assertEqual(set(figure_cells), {"day", "month"})

    # ------------------------------------------------------------------ totals
    @freeze_time(NOW)
    def test_totals_add_up(self):
        self._activity()
        grid = self.grid(self.head_north)
        rows = self.rows(grid)
        anna, budi = rows[self.manager_a.id]["cells"], rows[self.manager_b.id]["cells"]
        [north] = grid["departments"]
        total = north["total"]

        # Calls today: 3 + 4 done, 30 + 30 to do.
        self.assertEqual((anna["calls"]["day"]["done"], anna["calls"]["day"]["target"]), (3, 30))
        self.assertEqual((budi["calls"]["day"]["done"], budi["calls"]["day"]["target"]), (4, 30))
        self.assertEqual((total["calls"]["day"]["done"], total["calls"]["day"]["target"]), (7, 60))
        self.assertEqual(total["calls"]["day"]["pct"], 11.7)
        self.assertEqual(total["calls"]["day"]["managers"], 2)
        # The month so far: the days' calls over the daily quotas of the
        # working days so far.
        month = anna["calls"]["month"]
        self.assertEqual(month["done"], 3)
        self.assertEqual(month["working_days"], 14)  # Mon 2 to Thu 19 November
        self.assertEqual(month["target"], 30 * 14)
        self.assertEqual(month["days_met"], 0)
        self.assertEqual(total["calls"]["month"]["target"], 2 * 30 * 14)
        self.assertEqual(total["calls"]["month"]["done"], 7)
        # Contracts with new clients: a monthly quota of 4 each.
        self.assertIsNone(total["new_contracts"]["day"])
        self.assertEqual(
            (total["new_contracts"]["month"]["done"], total["new_contracts"]["month"]["target"]),
            (0, 8),
        )

        # Coverage: Anna 5 of 10 clients (50 %), Budi none of none (100 %:
        # nobody left to contact); the department 5 of 10, 50 %: neither the
        # sum (150) nor the mean (75) of the percentages.
        self.assertEqual(anna["checkin_coverage"]["month"]["parts"], [5, 10])
        self.assertEqual(anna["checkin_coverage"]["month"]["done"], 50.0)
        self.assertEqual(budi["checkin_coverage"]["month"]["parts"], [0, 0])
        self.assertEqual(budi["checkin_coverage"]["month"]["done"], 100.0)
        coverage = total["checkin_coverage"]["month"]
        self.assertEqual(coverage["parts"], [5, 10])
        self.assertEqual(coverage["done"], 50.0)
        self.assertEqual(coverage["target"], 100.0)
        self.assertEqual(coverage["pct"], 50.0)
        self.assertFalse(coverage["met"])
        self.assertIsNone(total["checkin_coverage"]["day"])

        # The same figures as the lines of the RPC.
        lines = self.Progress.with_user(self.head_north).get_team_progress()
        for line in lines:
            cell = rows[line["user_id"]]["cells"][line["metric"]][line["period"]]
            self.assertEqual((cell["done"], cell["target"]), (line["actual"], line["target"]))

    @freeze_time(NOW)
    def test_coverage_target_weighted_by_the_clients(self):
        """A manager's own coverage target counts for their clients."""
        # Anna: 5 of her 10 clients contacted; Budi: his one client, not yet.
        for card in self.cards_a[:5]:
            self._log(card, self.manager_a, EARLIER, itype="visit")
        self.env["corporate.quota"].create(
            {
                "metric": "checkin_coverage",
                "period": "month",
                "target": 50,
                "user_id": self.manager_b.id,
            }
        )
        [north] = self.grid(self.head_north)["departments"]
        coverage = north["total"]["checkin_coverage"]["month"]
        self.assertEqual(coverage["parts"], [5, 11])
        self.assertEqual(coverage["done"], 45.5)
        # (100 % of 10 clients + 50 % of 1) / 11 clients
        self.assertEqual(coverage["target"], 95.5)

    # ------------------------------------------------------------------ behind today
    @freeze_time(NOW)
    def test_behind_today_first(self):
        # Anna meets today's quotas of her own; Budi does not.
        for metric, target in (("calls", 3), ("email_offers", 1), ("phone_offers", 1)):
            self.env["corporate.quota"].create(
                {"metric": metric, "period": "day", "target": target, "user_id": self.manager_a.id}
            )
        self._activity()
        self._log(self.client_a, self.manager_a, NOW, itype="email_offer")
        self._log(self.client_a, self.manager_a, NOW, itype="phone_offer")
        grid = self.grid(self.head_north)
        [north] = grid["departments"]
        self.assertEqual(
            [row["user_id"] for row in north["rows"]], [self.manager_b.id, self.manager_a.id]
        )
        budi, anna = north["rows"]
        self.assertTrue(budi["behind"])
        self.assertEqual(budi["behind_figures"], ["calls", "email_offers", "phone_offers"])
        self.assertTrue(budi["cells"]["calls"]["day"]["behind"])
        self.assertFalse(anna["behind"])
        self.assertEqual(anna["behind_figures"], [])
        self.assertEqual(
            {key: cells["day"]["met"] for key, cells in anna["cells"].items() if cells["day"]},
            {"calls": True, "email_offers": True, "phone_offers": True},
        )
        self.assertEqual((north["behind"], grid["behind"]), (1, 1))
        self.assertEqual(north["total"]["calls"]["day"]["behind"], 1)
        # A monthly figure is never "behind today".
        self.assertNotIn("behind", anna["cells"]["new_contracts"]["month"])

    @freeze_time(SATURDAY)
    def test_nobody_is_behind_on_a_day_off(self):
        grid = self.grid(self.head_north)
        self.assertEqual(grid["behind"], 0)
        for row in self.rows(grid).values():
            self.assertFalse(row["is_working_day"])
            self.assertFalse(row["behind"])
            self.assertEqual(row["date"], "2026-11-21")
            self.assertEqual(
                (row["cells"]["calls"]["day"]["done"], row["cells"]["calls"]["day"]["target"]),
                (0, 30),
            )
            self.assertFalse(row["cells"]["calls"]["day"]["behind"])

    @freeze_time(NOW)
    def test_a_date_of_the_past(self):
        self._activity()
        grid = self.grid(self.head_north, "2026-11-18")
        rows = self.rows(grid)
        self.assertEqual(rows[self.manager_a.id]["date"], "2026-11-18")
        self.assertEqual(rows[self.manager_a.id]["cells"]["calls"]["day"]["done"], 0)
        self.assertEqual(rows[self.manager_a.id]["cells"]["calls"]["month"]["working_days"], 13)


@tagged("post_install", "-at_install")
class TestTeamProgressTour(HttpCase, CorporateClientCase):
    def test_head_opens_team_progress(self):
        """A head opens Team progress: a manager's row, the department's total,
        the manager's interactions one click away."""
        self.log_call(self.client_a, self.manager_a)
        self.start_tour("/odoo", "corporate_client_team_progress", login="cc_head_north")
