"""R23: exhibitions and presentations, invitations and answers logged as interactions."""

from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .clock import freeze_time
from .common import CorporateClientCase


@tagged("post_install", "-at_install")
class TestEvent(CorporateClientCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env["product.template"].create({"name": "Recycled paper A4"})
        with freeze_time("2026-11-02 08:00:00"):
            cls.event = (
                cls.env["corporate.event"]
                .with_user(cls.head_north)
                .create(
                    {
                        "name": "Jakarta Office Expo",
                        "event_type": "exhibition",
                        "date_begin": "2026-11-20 02:00:00",
                        "date_end": "2026-11-22 10:00:00",
                        "location": "JIExpo Kemayoran",
                        "product_ids": [Command.set(cls.product.ids)],
                        "invitation_ids": [
                            Command.create(
                                {
                                    "client_id": cls.client_a.id,
                                    "contact_id": cls.client_a.child_ids[:1].id,
                                }
                            ),
                            Command.create({"client_id": cls.client_b.id}),
                        ],
                    }
                )
            )
        cls.inv_a = cls.event.invitation_ids.filtered(lambda i: i.client_id == cls.client_a)
        cls.inv_b = cls.event.invitation_ids - cls.inv_a

    def test_dates_checked(self):
        with self.assertRaisesRegex(ValidationError, "cannot end before it starts"):
            self.env["corporate.event"].create(
                {
                    "name": "Backwards",
                    "date_begin": "2026-11-20 10:00:00",
                    "date_end": "2026-11-19 10:00:00",
                }
            )

    def test_invitation_defaults_and_uniqueness(self):
        self.assertEqual(self.inv_a.user_id, self.manager_a)
        self.assertEqual(self.inv_b.user_id, self.manager_b)
        self.assertEqual(self.inv_a.team_id, self.team_north)
        self.assertEqual(self.inv_a.state, "draft")
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.env["corporate.event.invitation"].create(
                {"event_id": self.event.id, "client_id": self.client_a.id}
            )

    def test_invite_answer_attend_logged_as_interactions(self):
        with freeze_time("2026-11-05 09:00:00"):
            self.inv_a.with_user(self.manager_a).action_invite()
        interaction = self.inv_a.interaction_id
        self.assertEqual(self.inv_a.state, "invited")
        self.assertEqual(interaction.interaction_type, "invitation")
        self.assertEqual(interaction.user_id, self.manager_a)
        self.assertEqual(interaction.client_id, self.client_a)
        self.assertEqual(interaction.contact_id, self.client_a.child_ids[:1])
        self.assertIn("Jakarta Office Expo", interaction.note)
        self.assertEqual(self.client_a.last_contact_date, interaction.date)
        with self.assertRaisesRegex(UserError, "cannot be sent again"):
            self.inv_a.with_user(self.manager_a).action_invite()

        self.inv_a.with_user(self.manager_a).action_accept()
        self.assertEqual(self.inv_a.state, "accepted")
        self.assertEqual(interaction.outcome, "interested")
        with freeze_time("2026-11-19 09:00:00"), self.assertRaisesRegex(UserError, "not started"):
            self.inv_a.with_user(self.manager_a).action_attend()
        with freeze_time("2026-11-20 09:00:00"):
            self.inv_a.with_user(self.manager_a).action_attend()
        self.assertEqual(self.inv_a.state, "attended")
        self.assertEqual(interaction.outcome, "deal")
        with self.assertRaisesRegex(UserError, "cannot be declined"):
            self.inv_a.with_user(self.manager_a).action_decline()

    def test_send_all_and_counts(self):
        with freeze_time("2026-11-05 09:00:00"):
            self.event.with_user(self.head_north).action_send_invitations()
        self.assertEqual(set(self.event.invitation_ids.mapped("state")), {"invited"})
        self.assertEqual(
            self.inv_b.interaction_id.user_id,
            self.head_north,
            "logged by whoever sent it",
        )
        self.inv_a.action_accept()
        self.inv_b.action_decline()
        self.assertEqual(self.inv_b.interaction_id.outcome, "not_interested")
        self.event.invalidate_recordset()
        self.assertEqual(
            (
                self.event.invited_count,
                self.event.accepted_count,
                self.event.declined_count,
                self.event.attended_count,
            ),
            (2, 1, 1, 0),
        )
        self.assertEqual(self.client_a.with_user(self.manager_a).invitation_count, 1)
        self.event.action_cancel()
        late = self.env["corporate.event.invitation"].create(
            {"event_id": self.event.id, "client_id": self.client_c.id}
        )
        with self.assertRaisesRegex(UserError, "not planned"):
            late.action_invite()

    def test_managers_see_their_clients_invitations_only(self):
        Invitation = self.env["corporate.event.invitation"]
        self.assertEqual(
            Invitation.with_user(self.manager_a).search([("event_id", "=", self.event.id)]),
            self.inv_a,
        )
        self.assertEqual(
            Invitation.with_user(self.head_north).search([("event_id", "=", self.event.id)]),
            self.event.invitation_ids,
        )
        self.assertFalse(
            Invitation.with_user(self.head_south).search([("event_id", "=", self.event.id)])
        )
        # The event itself is a company plan every manager sees.
        seen = self.env["corporate.event"].with_user(self.manager_c).search([])
        self.assertIn(self.event, seen)
        self.assertEqual(seen, self.env["corporate.event"].search([]))
