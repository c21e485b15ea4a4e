from datetime import datetime

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .clock import freeze_time
from .common import CorporateClientCase


@tagged("post_install", "-at_install")
class TestInteraction(CorporateClientCase):
    def _log(self, client, user, **vals):
        return (
            self.env["corporate.interaction"]
            .with_user(user)
            .create({"client_id": client.id, "interaction_type": "call", **vals})
        )

    @freeze_time("2026-11-10 10:00:00")
    def test_interaction_updates_last_contact(self):
        """R7: each interaction moves the client's last contact and next check-in."""
        self._log(self.client_a, self.manager_a, date="2026-11-09 08:00:00")
        self.assertEqual(self.client_a.last_contact_date, datetime(2026, 11, 9, 8, 0))
        self.assertEqual(self.client_a.next_checkin_date.isoformat(), "2026-12-09")
        # An older interaction logged late does not move it back.
        self._log(self.client_a, self.manager_a, date="2026-11-01 08:00:00")
        self.assertEqual(self.client_a.last_contact_date, datetime(2026, 11, 9, 8, 0))

    @freeze_time("2026-11-10 10:00:00")
    def test_bad_input(self):
        with self.assertRaisesRegex(ValidationError, "future"):
            self._log(self.client_a, self.manager_a, date="2026-11-11 08:00:00")

    def test_quota_precedence(self):
        """Most specific wins: user, then department, then company default."""
        Quota = self.env["corporate.quota"]
        day = datetime(2026, 11, 10).date()
        daily = Quota._targets_for(self.manager_a, "day", day)[self.manager_a.id]
        self.assertEqual(
            (daily["calls"], daily["email_offers"], daily["phone_offers"]), (30, 50, 20)
        )
        monthly = Quota._targets_for(self.manager_a, "month", day)[self.manager_a.id]
        self.assertEqual(monthly["new_contracts"], 4)
        Quota.create(
            {"metric": "calls", "period": "day", "target": 25, "team_id": self.team_north.id}
        )
        Quota.create(
            {
                "metric": "calls",
                "period": "day",
                "target": 40,
                "user_id": self.manager_b.id,
                "date_from": "2026-11-01",
                "date_to": "2026-11-30",
            }
        )
        targets = Quota._targets_for(self.manager_a | self.manager_b | self.manager_c, "day", day)
        self.assertEqual(targets[self.manager_a.id]["calls"], 25)
        self.assertEqual(targets[self.manager_b.id]["calls"], 40)
        self.assertEqual(targets[self.manager_c.id]["calls"], 30)
        later = datetime(2026, 12, 1).date()
        targets = Quota._targets_for(self.manager_b, "day", later)
        self.assertEqual(targets[self.manager_b.id]["calls"], 25)
        with self.assertRaisesRegex(ValidationError, "must be positive"):
            Quota.create({"metric": "calls", "period": "day", "target": 0})

    def test_working_days_skip_weekends_and_holidays(self):
        company = self.company
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Public holiday",
                "calendar_id": company.resource_calendar_id.id,
                "date_from": "2026-11-16 00:00:00",
                "date_to": "2026-11-16 23:59:59",
            }
        )
        days = company._corporate_working_days(
            datetime(2026, 11, 1).date(), datetime(2026, 11, 30).date(), tz="UTC"
        )
        self.assertEqual(len(days), 20)  # 21 weekdays in November 2026, minus the holiday
        self.assertNotIn(datetime(2026, 11, 16).date(), days)
        self.assertNotIn(datetime(2026, 11, 14).date(), days)
