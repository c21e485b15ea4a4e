"""R2, R20, R30: the personal monthly work plan."""

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .clock import freeze_time
from .common import CorporateClientCase


@tagged("post_install", "-at_install")
class TestPlan(CorporateClientCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Plan = cls.env["corporate.plan"]

    def _plan(self, user, **vals):
        return self.Plan.with_user(user).create({"date_from": "2026-12-01", **vals})

    @freeze_time("2026-11-25 03:00:00")
    def test_plan_of_a_month(self):
        plan = self._plan(
            self.manager_a,
            date_from="2026-12-17",
            target_prospects=6,
            target_turnover=25000,
            line_ids=[
                Command.create(
                    {
                        "line_type": "negotiation",
                        "name": "Annual contract",
                        "client_id": self.client_a.id,
                        "date": "2026-12-03",
                    }
                ),
                Command.create({"line_type": "exhibition", "name": "Office Expo"}),
                Command.create({"line_type": "presentation", "name": "New paper range"}),
            ],
        )
        self.assertEqual(plan.user_id, self.manager_a)
        self.assertEqual(plan.team_id, self.team_north)
        self.assertEqual(plan.date_from.isoformat(), "2026-12-01")  # any day: the month
        self.assertEqual(plan.date_to.isoformat(), "2026-12-31")
        self.assertEqual(plan.target_new_contracts, 4)  # R19 default
        self.assertEqual((plan.negotiation_count, plan.exhibition_count), (1, 2))
        self.assertEqual(plan.name, "Plan 2026-12, Cc Manager A")
        self.assertEqual(plan.state, "draft")
        plan.with_user(self.manager_a).action_submit()
        self.assertEqual(plan.state, "submitted")
        plan.with_user(self.head_north).action_approve()
        self.assertEqual(plan.state, "approved")
        self.assertEqual(plan.approved_by_id, self.head_north)
        plan.with_user(self.head_north).action_reset_draft()
        self.assertEqual(plan.state, "draft")
        plan.with_user(self.director).action_approve()
        self.assertEqual(plan.approved_by_id, self.director)

    def test_bad_input(self):
        plan = self._plan(self.manager_a)
        with self.assertRaisesRegex(ValidationError, "already has a work plan for 2026-12"):
            self._plan(self.manager_a, date_from="2026-12-20")
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self._plan(self.manager_b, target_prospects=-1)
        with self.assertRaisesRegex(UserError, "Only Cc Manager A can submit"):
            plan.with_user(self.head_north).action_submit()
        with self.assertRaisesRegex(UserError, "Only the head of Corporate North or the director"):
            plan.with_user(self.head_south).sudo().action_approve()
        with self.assertRaisesRegex(UserError, "Only the head of Corporate North or the director"):
            plan.with_user(self.manager_a).action_approve()
        plan.with_user(self.head_north).action_approve()
        with self.assertRaisesRegex(UserError, "already approved"):
            plan.with_user(self.director).action_approve()
        with self.assertRaisesRegex(UserError, "Only a draft plan"):
            plan.with_user(self.manager_a).action_submit()

    def test_access_per_role(self):
        plan_a = self._plan(self.manager_a)
        plan_b = self._plan(self.manager_b)
        plan_c = self._plan(self.manager_c)

        def visible(user):
            return self.Plan.with_user(user).search([])

        self.assertEqual(visible(self.manager_a), plan_a)
        self.assertEqual(visible(self.head_north), plan_a | plan_b)
        self.assertEqual(visible(self.head_south), plan_c)
        # Every plan, the test's and any other (demo data).
        self.assertEqual(visible(self.director), self.Plan.search([]))
        self.assertLessEqual(plan_a | plan_b | plan_c, visible(self.director))
        for user in (self.accountant, self.logistics, self.employee):
            with self.assertRaises(AccessError):
                visible(user)
        with self.assertRaises(AccessError):
            plan_b.with_user(self.manager_a).read(["target_turnover"])
        with self.assertRaises(AccessError):
            self.Plan.with_user(self.manager_a).create(
                {"user_id": self.manager_b.id, "date_from": "2027-01-01"}
            )
        # Draft: the manager edits; approved: only the head.
        plan_a.with_user(self.manager_a).write({"target_prospects": 5})
        plan_a.with_user(self.head_north).action_approve()
        with self.assertRaises(AccessError):
            plan_a.with_user(self.manager_a).write({"target_prospects": 50})
        with self.assertRaises(AccessError):
            plan_a.with_user(self.manager_a).unlink()
        plan_a.with_user(self.head_north).write({"target_prospects": 7})
        with self.assertRaises(AccessError):
            plan_c.with_user(self.head_north).write({"target_prospects": 1})
        self.assertEqual(plan_a.target_prospects, 7)
