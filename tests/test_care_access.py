"""R15 for relationship care: complaints, greetings, invitations follow the card."""

from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .clock import freeze_time
from .common import CorporateClientCase

R, W, C, U = "read", "write", "create", "unlink"
ALL = (R, W, C, U)


@tagged("post_install", "-at_install")
class TestCareAccess(CorporateClientCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.complaint = cls.env["corporate.complaint"].create(
            {"client_id": cls.client_a.id, "description": "<p>Broken boxes</p>"}
        )
        cls.client_a.child_ids[:1].birthday = date(1980, 3, 10)
        with freeze_time("2026-03-08 07:00:00"):
            cls.greeting = (
                cls.env["corporate.greeting"]
                ._cron_schedule_greetings()
                .filtered(lambda g: g.client_id == cls.client_a)
            )
        cls.event = cls.env["corporate.event"].create(
            {
                "name": "Expo",
                "date_begin": "2026-12-01 02:00:00",
                "date_end": "2026-12-01 10:00:00",
            }
        )
        cls.invitation = cls.env["corporate.event.invitation"].create(
            {"event_id": cls.event.id, "client_id": cls.client_a.id}
        )
        cls.roles = {
            "manager A": cls.manager_a,
            "manager B": cls.manager_b,
            "head of A's department": cls.head_north,
            "head of another department": cls.head_south,
            "director": cls.director,
            "accountant": cls.accountant,
            "internal user": cls.employee,
        }

    def _assert_matrix(self, target, expected):
        for role, user in self.roles.items():
            for operation in ALL:
                allowed = operation in expected.get(role, ())
                with self.subTest(role=role, operation=operation):
                    self.assertEqual(
                        self._attempt(user, operation, target),
                        allowed,
                        f"{role} {'should' if allowed else 'must not'} {operation}",
                    )

    def _complaint_op(self, env, operation):
        complaint = env["corporate.complaint"].browse(self.complaint.id)
        if operation == R:
            complaint.read(["state", "description", "deadline"])
        elif operation == W:
            complaint.write({"root_cause": "Packaging"})
        elif operation == C:
            env["corporate.complaint"].create(
                {"client_id": self.client_a.id, "description": "<p>Late</p>"}
            )
        elif operation == U:
            complaint.unlink()

    def _greeting_op(self, env, operation):
        greeting = env["corporate.greeting"].browse(self.greeting.id)
        if operation == R:
            greeting.read(["name", "state"])
        elif operation == W:
            greeting.write({"user_id": self.manager_a.id})
        elif operation == C:
            env["corporate.greeting"].create(
                {
                    "client_id": self.client_a.id,
                    "occasion": "founding",
                    "year": 2030,
                    "date": "2030-01-01",
                    "occasion_key": "founding:2030",
                }
            )
        elif operation == U:
            greeting.unlink()

    def _invitation_op(self, env, operation):
        invitation = env["corporate.event.invitation"].browse(self.invitation.id)
        if operation == R:
            invitation.read(["state", "client_id"])
        elif operation == W:
            invitation.write({"note": "Bring the catalogue"})
        elif operation == C:
            env["corporate.event.invitation"].create(
                {"event_id": self.event.id, "client_id": self.client_b.id}
            )
        elif operation == U:
            invitation.unlink()

    def test_complaint_matrix(self):
        self._assert_matrix(
            self._complaint_op,
            {
                "manager A": (R, W, C),
                "head of A's department": ALL,
                "director": ALL,
            },
        )

    def test_greeting_matrix(self):
        self.assertTrue(self.greeting)
        self._assert_matrix(
            self._greeting_op,
            {
                "manager A": (R, W, C),
                "head of A's department": ALL,
                "director": ALL,
            },
        )

    def test_invitation_matrix(self):
        # The invitation created is client B's: its manager may, manager A may not.
        self._assert_matrix(
            self._invitation_op,
            {
                "manager A": (R, W, U),
                "manager B": (C,),
                "head of A's department": ALL,
                "director": ALL,
            },
        )

    def test_holidays_and_events(self):
        Holiday = self.env["corporate.holiday"]
        self.assertTrue(Holiday.with_user(self.employee).search([]))
        with self.assertRaises(AccessError):
            Holiday.with_user(self.manager_a).create({"name": "Mine", "day": 1, "month": "3"})
        self.assertTrue(
            Holiday.with_user(self.head_north).create({"name": "Ours", "day": 1, "month": "3"})
        )
        Event = self.env["corporate.event"]
        # Every event of the company (the test's and any other) is a manager's.
        seen = Event.with_user(self.manager_b).search([])
        self.assertIn(self.event, seen)
        self.assertEqual(seen, Event.search([]))
        with self.assertRaises(AccessError):
            Event.with_user(self.accountant).search([])
        with self.assertRaises(AccessError):
            self.event.with_user(self.manager_b).unlink()

    def test_card_care_fields_hidden_from_accountant(self):
        card = self.client_a.with_user(self.accountant)
        self.assertEqual(card.read(["abc_class", "delivery_zone"])[0]["id"], self.client_a.id)
        for field in (
            "complaint_count",
            "open_complaint_count",
            "special_conditions",
            "lost_to_competitor_id",
        ):
            with self.subTest(field=field), self.assertRaises(AccessError):
                card.read([field])
        # The card form still opens for them.
        view = self.env["corporate.client"].with_user(self.accountant).get_views([(False, "form")])
        arch = view["views"]["form"]["arch"]
        self.assertNotIn("complaint_count", arch)
        self.assertIn("delivery_zone", arch)
        # Their manager and head see the counts.
        self.assertEqual(self.client_a.with_user(self.manager_a).open_complaint_count, 1)
        self.assertEqual(self.client_a.with_user(self.head_north).open_complaint_count, 1)
