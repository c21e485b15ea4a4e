"""R4: account managers are attested every 6 months; the director is reminded."""

from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .clock import freeze_time
from .common import CorporateClientCase


@tagged("post_install", "-at_install")
class TestAttestation(CorporateClientCase):
    def _reminders(self, manager):
        activity_type = self.env.ref("corporate_client.mail_activity_type_attestation")
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "=", manager.partner_id.id),
                ("activity_type_id", "=", activity_type.id),
            ]
        )

    def test_next_date_and_who_sets_it(self):
        self.manager_a.with_user(self.director).write(
            {"corporate_attestation_last_date": "2026-08-31"}
        )
        self.assertEqual(self.manager_a.corporate_attestation_last_date, date(2026, 8, 31))
        self.assertEqual(self.manager_a.corporate_attestation_next_date, date(2027, 2, 28))
        # The director may move the next one.
        self.manager_a.with_user(self.director).write(
            {"corporate_attestation_next_date": "2027-03-15"}
        )
        self.assertEqual(self.manager_a.corporate_attestation_next_date, date(2027, 3, 15))
        for user in (self.manager_a, self.head_north, self.accountant):
            with self.assertRaises(AccessError):
                self.manager_a.with_user(user).write(
                    {"corporate_attestation_last_date": "2026-09-01"}
                )
        self.assertEqual(self.manager_a.corporate_attestation_last_date, date(2026, 8, 31))
        # A director is no user administrator for anything else.
        with self.assertRaises(AccessError):
            self.manager_a.with_user(self.director).write({"login": "hijacked"})

    def test_reminder_14_days_ahead(self):
        self.manager_a.corporate_attestation_last_date = "2026-06-20"  # next: 2026-12-20
        self.manager_b.corporate_attestation_last_date = "2026-07-01"  # next: 2027-01-01
        Users = self.env["res.users"]
        with freeze_time("2026-12-05 01:00:00"):
            Users._cron_attestation_reminders()
            self.assertFalse(self._reminders(self.manager_a))
        with freeze_time("2026-12-06 01:00:00"):
            reminded = Users._cron_attestation_reminders()
            self.assertEqual(reminded, self.manager_a)
            activities = self._reminders(self.manager_a)
            self.assertIn(self.director, activities.user_id)
            self.assertEqual(len(activities.filtered(lambda a: a.user_id == self.director)), 1)
            self.assertNotIn(self.manager_a, activities.user_id)
            self.assertEqual(set(activities.mapped("date_deadline")), {date(2026, 12, 20)})
            # Idempotent.
            self.assertFalse(Users._cron_attestation_reminders())
            self.assertEqual(self._reminders(self.manager_a), activities)
            self.assertFalse(self._reminders(self.manager_b))
        # After the attestation, the next one is reminded again in time.
        self.manager_a.with_user(self.director).write(
            {"corporate_attestation_last_date": "2026-12-20"}
        )
        with freeze_time("2027-06-06 01:00:00"):
            self.assertIn(self.manager_a, Users._cron_attestation_reminders())

    @freeze_time("2026-11-02 02:00:00")
    def test_shown_on_the_report(self):
        self.manager_a.corporate_attestation_last_date = "2026-06-20"
        report = self.env["corporate.monthly.report"]._generate_reports(
            "2026-10-01", self.manager_a
        )
        self.assertEqual(report.with_user(self.manager_a).attestation_last_date, date(2026, 6, 20))
        self.assertEqual(report.with_user(self.manager_a).attestation_next_date, date(2026, 12, 20))

    def test_attestation_list_of_the_director(self):
        action = self.env.ref("corporate_client.action_corporate_attestation")
        users = self.env["res.users"].with_user(self.director).search(safe_eval(action.domain))
        self.assertLessEqual(self.manager_a | self.manager_b | self.head_north, users)
        self.assertNotIn(self.accountant, users)
        self.assertNotIn(self.employee, users)
