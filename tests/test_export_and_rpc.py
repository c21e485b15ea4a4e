"""Issue 30: the director exports his clients; team progress over JSON-RPC."""

import json

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .clock import freeze_time
from .common import CorporateClientCase

NOW = "2026-11-19 05:00:00"  # 12:00 in Jakarta, a Thursday


@tagged("post_install", "-at_install")
class TestExportAndRpc(CorporateClientCase):
    def test_director_exports_his_clients(self):
        """Without Odoo's "Access to export feature" given by hand."""
        self.assertTrue(self.director.has_group("base.group_allow_export"))
        for user in (self.manager_a, self.head_north, self.employee):
            with self.subTest(user=user.login):
                self.assertFalse(user.has_group("base.group_allow_export"))
        Card = self.env["corporate.client"].with_user(self.director)
        cards = Card.search([("id", "in", (self.client_a | self.client_b | self.client_c).ids)])
        rows = cards.export_data(["name", "stage", "user_id", "team_id"])["datas"]
        self.assertEqual(
            sorted(rows),
            [
                ["Alpha Industries", "Prospect", self.manager_a.name, "Corporate North"],
                ["Beta Trading", "Prospect", self.manager_b.name, "Corporate North"],
                ["Gamma Mining", "Prospect", self.manager_c.name, "Corporate South"],
            ],
        )

    @freeze_time(NOW)
    def test_team_progress_rpc_matches_the_screen(self):
        self.log_call(self.client_a, self.manager_a)
        Progress = self.env["corporate.quota.progress"]
        with self.assertRaises(AccessError):
            Progress.with_user(self.manager_a).get_team_progress()
        with self.assertRaises(AccessError):
            Progress.with_user(self.employee).get_team_progress("2026-11-19")
        data = Progress.with_user(self.head_north).get_team_progress("2026-11-19")
        # Plain JSON: another system reads it as it is.
        self.assertEqual(json.loads(json.dumps(data)), data)
        self.assertEqual(
            {row["user_name"] for row in data}, {self.manager_a.name, self.manager_b.name}
        )
        calls = {
            row["user_id"]: row
            for row in data
            if row["metric"] == "calls" and row["period"] == "day"
        }
        self.assertEqual(
            (calls[self.manager_a.id]["actual"], calls[self.manager_a.id]["target"]), (1, 30)
        )
        self.assertEqual(calls[self.manager_a.id]["team_name"], "Corporate North")
        self.assertEqual(calls[self.manager_a.id]["date"], "2026-11-19")
        self.assertFalse(calls[self.manager_a.id]["met"])
        # The same figures as the screen: every line is a cell of its grid, and
        # every cell of today is a line.
        grid = Progress.with_user(self.head_north).get_team_grid("2026-11-19")
        screen = {
            (row["user_id"], metric, period): (cell["done"], cell["target"])
            for department in grid["departments"]
            for row in department["rows"]
            for metric, cells in row["cells"].items()
            for period, cell in cells.items()
            if cell
        }
        lines = {(r["user_id"], r["metric"], r["period"]): (r["actual"], r["target"]) for r in data}
        self.assertEqual({key: screen[key] for key in lines}, lines)
        self.assertEqual(
            {key for key in screen if key[2] == "day"}, {key for key in lines if key[2] == "day"}
        )
        everyone = Progress.with_user(self.director).get_team_progress()
        # Every manager's: the test's and any other (demo data).
        self.assertLessEqual(
            {self.manager_a.name, self.manager_b.name, self.manager_c.name},
            {row["user_name"] for row in everyone},
        )
        # Read only: it may run on a replica.
        self.assertTrue(getattr(type(Progress).get_team_progress, "_readonly", False))
