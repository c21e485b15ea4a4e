"""Issue 31: the states of invitations, greetings and disagreements change only
through their buttons, which check who may and from which state.

A state written directly (RPC ``write``, a form, ``create`` with a state, a
``default_state`` key) would skip what the buttons log or check: an invitation
put back to draft is invited (and attended: a deal) a second time, a greeting
put back to planned is greeted twice, a dropped point unblocks the signature.
"""

from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .clock import freeze_time
from .common import CorporateClientCase

REFUSED = "change only through its buttons"
REFUSED_DEFAULT = "cannot come from a default value"


@tagged("post_install", "-at_install")
class TestWorkflowStates(CorporateClientCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time("2026-11-02 08:00:00"):
            cls.event = cls.env["corporate.event"].create(
                {
                    "name": "Jakarta Office Expo",
                    "date_begin": "2026-11-20 02:00:00",
                    "date_end": "2026-11-22 10:00:00",
                    "invitation_ids": [Command.create({"client_id": cls.client_a.id})],
                }
            )
        cls.invitation = cls.event.invitation_ids
        cls.other_event = cls.event.copy({"name": "Surabaya Presentation"})
        cls.client_a.founding_date = date(2001, 9, 9)
        with freeze_time("2026-09-07 07:00:00"):
            cls.greeting = (
                cls.env["corporate.greeting"]
                ._cron_schedule_greetings()
                .filtered(lambda g: g.client_id == cls.client_a and g.occasion == "founding")
            )
        cls.contract = (
            cls.env["corporate.contract"]
            .with_user(cls.manager_a)
            .create(
                {
                    "client_id": cls.client_a.id,
                    "disagreement_ids": [
                        Command.create({"clause": "7.1 Penalties", "client_position": "0.01 %"})
                    ],
                }
            )
        )
        cls.point = cls.contract.disagreement_ids

    # ------------------------------------------------------------------ helpers
    def _deals(self, user):
        """The deals of ``user`` in the interaction analysis (what the screens count)."""
        self.env.flush_all()
        [(deals,)] = self.env["corporate.interaction.analysis"]._read_group(
            [("user_id", "=", user.id)], [], ["deal_count:sum"]
        )
        return deals or 0

    def _interactions(self, interaction_type):
        return self.env["corporate.interaction"].search_count(
            [("client_id", "=", self.client_a.id), ("interaction_type", "=", interaction_type)]
        )

    # ------------------------------------------------------------------ direct writes
    def test_manager_cannot_write_states(self):
        cases = [
            (self.invitation, "attended", {"event_id": self.other_event.id}),
            (
                self.greeting,
                "sent",
                {
                    "occasion": "founding",
                    "year": 2030,
                    "date": date(2030, 9, 9),
                    "occasion_key": "founding:2030",
                },
            ),
            (self.point, "dropped", {"contract_id": self.contract.id, "clause": "9.9 Other"}),
        ]
        for record, state, create_vals in cases:
            with self.subTest(model=record._name):
                before = record.state
                Model = self.env[record._name].with_user(self.manager_a)
                with self.assertRaisesRegex(UserError, REFUSED):
                    record.with_user(self.manager_a).write({"state": state})
                vals = dict(create_vals)
                if "contract_id" not in vals:
                    vals["client_id"] = self.client_a.id
                with self.assertRaisesRegex(UserError, REFUSED):
                    Model.create({**vals, "state": state})
                with self.assertRaisesRegex(UserError, REFUSED_DEFAULT):
                    Model.with_context(default_state=state).create(vals)
                # A head and the director cannot either: the buttons are the way.
                for user in (self.head_north, self.director):
                    with self.assertRaisesRegex(UserError, REFUSED):
                        record.with_user(user).write({"state": state})
                self.env.invalidate_all()
                self.assertEqual(record.state, before)
                # The default state itself is accepted (the form sends it back).
                created = Model.create({**vals, "state": before})
                self.assertEqual(created.state, before)

    def test_stamps_are_guarded_too(self):
        interaction = self.log_call(self.client_a, self.manager_a)
        with self.assertRaisesRegex(UserError, REFUSED):
            self.invitation.with_user(self.manager_a).write({"interaction_id": interaction.id})
        with self.assertRaisesRegex(UserError, REFUSED):
            self.greeting.with_user(self.manager_a).write({"date_sent": "2026-09-09 08:00:00"})

    # ------------------------------------------------------------------ the deal count
    def test_attended_invitation_cannot_be_counted_twice(self):
        invitation = self.invitation.with_user(self.manager_a)
        with freeze_time("2026-11-05 09:00:00"):
            invitation.action_invite()
        with freeze_time("2026-11-20 09:00:00"):
            invitation.action_attend()
        self.assertEqual(invitation.state, "attended")
        self.assertEqual(self._deals(self.manager_a), 1)
        # Back to draft, to invite and attend again: refused.
        for state in ("draft", "invited", "accepted"):
            with self.assertRaisesRegex(UserError, REFUSED):
                invitation.write({"state": state})
        with self.assertRaisesRegex(UserError, "cannot be sent again"):
            invitation.action_invite()
        with self.assertRaisesRegex(UserError, "cannot be marked as attended"):
            invitation.action_attend()
        self.assertEqual(self._deals(self.manager_a), 1)
        self.assertEqual(self._interactions("invitation"), 1)
        self.event.invalidate_recordset()
        self.assertEqual((self.event.accepted_count, self.event.attended_count), (1, 1))

    def test_answers_by_role(self):
        with freeze_time("2026-11-05 09:00:00"):
            self.invitation.with_user(self.manager_a).action_invite()
        # A manager of the same department who does not manage the client: no.
        with self.assertRaises(AccessError):
            self.invitation.with_user(self.manager_b).action_accept()
        self.invitation.with_user(self.head_north).action_accept()
        self.assertEqual(self.invitation.state, "accepted")
        self.assertEqual(self.invitation.interaction_id.outcome, "interested")
        self.invitation.with_user(self.director).action_decline()
        self.assertEqual(self.invitation.state, "declined")
        self.assertEqual(self._deals(self.manager_a), 0)

    def test_greeted_once(self):
        greeting = self.greeting.with_user(self.manager_a)
        with freeze_time("2026-09-09 08:00:00"):
            greeting.action_mark_greeted()
        self.assertEqual(greeting.state, "sent")
        with self.assertRaisesRegex(UserError, REFUSED):
            greeting.write({"state": "planned"})
        with self.assertRaisesRegex(UserError, "already been handled"):
            greeting.action_mark_greeted()
        self.assertEqual(self._interactions("greeting"), 1)
        # Cancelling keeps what was greeted, and needs the right to edit it.
        greeting.action_cancel()
        self.assertEqual(greeting.state, "sent")
        with self.assertRaises(AccessError):
            self.greeting.with_user(self.manager_b).action_mark_greeted()

    def test_cancel_by_head(self):
        self.greeting.with_user(self.head_north).action_cancel()
        self.assertEqual(self.greeting.state, "cancelled")
        self.assertFalse(self.greeting.activity_ids)
        with self.assertRaises(AccessError):
            self.greeting.with_user(self.head_south).action_cancel()

    # ------------------------------------------------------------------ disagreements
    def test_dropped_only_by_its_button_before_signing(self):
        contract = self.contract.with_user(self.manager_a)
        with self.assertRaisesRegex(UserError, REFUSED):
            contract.write(
                {"disagreement_ids": [Command.update(self.point.id, {"state": "dropped"})]}
            )
        with self.assertRaisesRegex(UserError, "open disagreements"):
            contract.action_sign()
        self.assertEqual(contract.state, "draft")
        self.assertFalse(contract.is_new_client)

    def test_resolve_drop_reopen_by_role(self):
        point = self.point.with_user(self.manager_a)
        with self.assertRaisesRegex(UserError, "Write the resolution agreed"):
            point.action_resolve()
        point.resolution = "0.05 % a day"
        point.action_resolve()
        self.assertEqual(point.state, "resolved")
        with self.assertRaisesRegex(UserError, "is already “Resolved”: reopen it first"):
            point.action_drop()
        self.point.with_user(self.head_north).action_reopen()
        self.assertEqual(point.state, "open")
        with self.assertRaisesRegex(UserError, "still open: there is nothing to reopen"):
            point.action_reopen()
        # Neither a colleague nor the head of another department, nor an accountant.
        for user in (self.manager_b, self.head_south):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.point.with_user(user).action_drop()
        with self.assertRaisesRegex(UserError, "Only the account manager of the contract"):
            self.point.with_user(self.accountant).action_drop()
        self.point.with_user(self.director).action_drop()
        self.assertEqual(point.state, "dropped")
        with freeze_time("2026-03-10 05:00:00"):
            self.contract.with_user(self.manager_a).action_sign()
        self.assertEqual(self.contract.state, "signed")
        with self.assertRaisesRegex(UserError, "no longer negotiated"):
            point.action_reopen()
