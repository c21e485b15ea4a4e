from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .clock import freeze_time
from .common import CorporateClientCase


@tagged("post_install", "-at_install")
class TestSubstitution(CorporateClientCase):
    def _new(self, **vals):
        return self.env["corporate.substitution"].create(
            {
                "absent_user_id": self.manager_a.id,
                "substitute_user_id": self.manager_b.id,
                "date_from": "2026-12-01",
                "date_to": "2026-12-10",
                "order_ref": "Order 1",
                **vals,
            }
        )

    def test_bad_input(self):
        with self.assertRaisesRegex(ValidationError, "ends before it starts"):
            self._new(date_from="2026-12-10", date_to="2026-12-01")
        with self.assertRaisesRegex(ValidationError, "cannot substitute themselves"):
            self._new(substitute_user_id=self.manager_a.id)
        self._new()
        with self.assertRaisesRegex(ValidationError, "overlapping"):
            self._new(
                substitute_user_id=self.manager_c.id, date_from="2026-12-08", date_to="2026-12-20"
            )
        # Another absent manager, or a cancelled one, does not conflict.
        self._new(absent_user_id=self.manager_c.id, substitute_user_id=self.manager_b.id)

    def test_only_director_confirms(self):
        sub = self._new()
        for user in (self.manager_a, self.head_north):
            with self.assertRaisesRegex(UserError, "Only a director"):
                sub.with_user(user).action_confirm()
        no_order = self._new(absent_user_id=self.manager_c.id, order_ref=False)
        with self.assertRaisesRegex(UserError, "director's order"):
            no_order.with_user(self.director).action_confirm()
        with freeze_time("2026-11-25"):
            sub.with_user(self.director).action_confirm()
        self.assertEqual(sub.state, "confirmed")
        with self.assertRaisesRegex(UserError, "Cancel a confirmed"):
            sub.unlink()

    def test_states_follow_the_calendar(self):
        with freeze_time("2026-11-25"):
            sub = self._new()
            sub.with_user(self.director).action_confirm()
            self.assertEqual(sub.state, "confirmed")
        with freeze_time("2026-12-03"):
            self.env["corporate.substitution"]._cron_update_states()
            self.assertEqual(sub.state, "active")
            self.env.invalidate_all()
            self.assertEqual(self.manager_b.corporate_substituted_user_ids, self.manager_a)
        with freeze_time("2026-12-11"):
            self.env["corporate.substitution"]._cron_update_states()
            self.assertEqual(sub.state, "done")
            self.env.invalidate_all()
            self.assertFalse(self.manager_b.corporate_substituted_user_ids)

    def test_cancelled_substitution_grants_nothing(self):
        with freeze_time("2026-11-25"):
            sub = self._new()
            sub.with_user(self.director).action_confirm()
            sub.with_user(self.director).action_cancel()
        with freeze_time("2026-12-03"):
            self.env.invalidate_all()
            self.assertFalse(self.manager_b.corporate_substituted_user_ids)
            cards = self.env["corporate.client"].with_user(self.manager_b).search([])
            self.assertNotIn(self.client_a, cards)

    def test_substitute_sees_open_activities(self):
        activity = self.client_a.activity_schedule(
            "corporate_client.mail_activity_type_checkin", user_id=self.manager_a.id
        )
        with freeze_time("2026-11-25"):
            sub = self._new()
            sub.with_user(self.director).action_confirm()
        with freeze_time("2026-12-03"):
            self.env.invalidate_all()
            action = (
                self.env["corporate.substitution"]
                .with_user(self.manager_b)
                .action_my_substituted_activities()
            )
            found = self.env["mail.activity"].with_user(self.manager_b).search(action["domain"])
            self.assertEqual(found, activity)
            self.assertEqual(found.res_id, self.client_a.id)
        with freeze_time("2026-12-20"):
            self.env.invalidate_all()
            action = (
                self.env["corporate.substitution"]
                .with_user(self.manager_b)
                .action_my_substituted_activities()
            )
            self.assertFalse(
                self.env["mail.activity"].with_user(self.manager_b).search(action["domain"])
            )
