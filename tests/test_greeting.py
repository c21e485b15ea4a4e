"""R14: greetings on birthdays, founding anniversaries and professional holidays."""

from datetime import date

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .clock import freeze_time
from .common import CorporateClientCase


@tagged("post_install", "-at_install")
class TestGreeting(CorporateClientCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.corporate_greeting_days = 3
        cls.contact_a = cls.client_a.child_ids[:1]
        cls.activity_type = cls.env.ref("corporate_client.mail_activity_type_greeting")
        cls.Greeting = cls.env["corporate.greeting"]
        # Only the shipped New Year (1 January) and Builder's Day (3 December) matter.
        cls.env["corporate.holiday"].search(
            [
                (
                    "id",
                    "not in",
                    [
                        cls.env.ref("corporate_client.holiday_new_year").id,
                        cls.env.ref("corporate_client.holiday_builder").id,
                    ],
                )
            ]
        ).active = False

    def _greetings(self, client=None):
        return self.Greeting.search([("client_id", "=", (client or self.client_a).id)])

    def _summary(self, greetings):
        return sorted((g.occasion, g.date.isoformat(), g.year) for g in greetings)

    def test_holiday_dates_are_checked(self):
        Holiday = self.env["corporate.holiday"]
        with self.assertRaisesRegex(ValidationError, "does not exist"):
            Holiday.create({"name": "Bad", "day": 30, "month": "2"})
        with self.assertRaisesRegex(ValidationError, "does not exist"):
            Holiday.create({"name": "Bad", "day": 31, "month": "4"})
        self.assertTrue(Holiday.create({"name": "Leap", "day": 29, "month": "2"}))
        with self.assertRaisesRegex(ValidationError, "future"):
            self.contact_a.birthday = date(2999, 1, 1)

    def test_schedule_across_the_year_boundary(self):
        self.contact_a.birthday = date(1985, 12, 31)
        self.client_a.founding_date = date(2010, 1, 2)
        with freeze_time("2026-12-29 07:00:00"):
            self.Greeting._cron_schedule_greetings()
            self.assertEqual(
                self._summary(self._greetings()),
                [("birthday", "2026-12-31", 2026), ("holiday", "2027-01-01", 2027)],
                "29 Dec + 3 days reaches New Year, not yet the founding day",
            )
        with freeze_time("2026-12-30 07:00:00"):
            self.Greeting._cron_schedule_greetings()
            greetings = self._greetings()
            self.assertEqual(
                self._summary(greetings),
                [
                    ("birthday", "2026-12-31", 2026),
                    ("founding", "2027-01-02", 2027),
                    ("holiday", "2027-01-01", 2027),
                ],
            )
            for greeting in greetings:
                activity = greeting.activity_ids
                self.assertEqual(activity.activity_type_id, self.activity_type)
                self.assertEqual(activity.user_id, self.manager_a)
                self.assertEqual(activity.date_deadline, greeting.date)
            self.assertIn(
                self.env.ref("corporate_client.mail_template_greeting_birthday"),
                self.activity_type.mail_template_ids,
            )
        # Later runs never greet twice for the same occasion and year.
        for day in ("2026-12-30 18:00:00", "2026-12-31 07:00:00", "2027-01-02 07:00:00"):
            with freeze_time(day):
                self.Greeting._cron_schedule_greetings()
        self.assertEqual(len(self._greetings()), 3)
        # Next year's occasions come next December.
        with freeze_time("2027-12-30 07:00:00"):
            self.Greeting._cron_schedule_greetings()
            self.assertEqual(
                [g for g in self._summary(self._greetings()) if g[2] >= 2027 and g[0] != "holiday"],
                [
                    ("birthday", "2027-12-31", 2027),
                    ("founding", "2027-01-02", 2027),
                    ("founding", "2028-01-02", 2028),
                ],
            )
        self.assertEqual(len(self._greetings()), 6)

    def test_29_february(self):
        self.contact_a.birthday = date(1988, 2, 29)
        with freeze_time("2027-02-24 07:00:00"):
            self.assertFalse(self.Greeting._cron_schedule_greetings().client_id & self.client_a)
        with freeze_time("2027-02-25 07:00:00"):
            self.Greeting._cron_schedule_greetings()
            self.assertEqual(self._summary(self._greetings()), [("birthday", "2027-02-28", 2027)])
        with freeze_time("2027-03-01 07:00:00"):
            self.Greeting._cron_schedule_greetings()
            self.assertEqual(len(self._greetings()), 1, "not again on 1 March")
        with freeze_time("2028-02-26 07:00:00"):
            self.Greeting._cron_schedule_greetings()
            self.assertEqual(
                self._summary(self._greetings()),
                [("birthday", "2027-02-28", 2027), ("birthday", "2028-02-29", 2028)],
                "leap year: on the day itself",
            )

    def test_professional_holiday_by_industry(self):
        construction = self.env.ref("base.res_partner_industry_F")
        self.client_b.industry_id = construction
        with freeze_time("2026-12-01 07:00:00"):
            self.Greeting._cron_schedule_greetings()
        self.assertEqual(
            self._summary(self._greetings(self.client_b)), [("holiday", "2026-12-03", 2026)]
        )
        self.assertFalse(self._greetings(self.client_a), "not a builder")

    def test_lost_clients_and_cards_without_manager_are_skipped(self):
        self.contact_a.birthday = date(1985, 6, 10)
        self.client_a.stage = "lost"
        with freeze_time("2026-06-08 07:00:00"):
            self.Greeting._cron_schedule_greetings()
        self.assertFalse(self._greetings())

    def test_send_by_email_logs_interaction(self):
        self.contact_a.write({"birthday": date(1985, 6, 10), "email": "rina@alpha.example.com"})
        with freeze_time("2026-06-08 07:00:00"):
            greeting = self.Greeting._cron_schedule_greetings().filtered(
                lambda g: g.client_id == self.client_a
            )
        with freeze_time("2026-06-10 08:00:00"):
            action = greeting.with_user(self.manager_a).action_send()
            composer = (
                self.env["mail.compose.message"]
                .with_user(self.manager_a)
                .with_context(**action["context"])
                .create({})
            )
            self.assertIn("Happy birthday", composer.subject)
            self.assertIn(self.contact_a.name, composer.body)
            self.assertEqual(composer.partner_ids, self.contact_a)
            composer._action_send_mail()
        self.assertEqual(greeting.state, "sent")
        self.assertFalse(greeting.activity_ids, "the activity is done")
        interaction = greeting.interaction_id
        self.assertEqual(interaction.interaction_type, "greeting")
        self.assertEqual(interaction.client_id, self.client_a)
        self.assertEqual(interaction.contact_id, self.contact_a)
        self.assertEqual(interaction.user_id, self.manager_a)
        self.assertEqual(self.client_a.last_contact_date.date(), date(2026, 6, 10))
        # A second message does not log a second greeting.
        greeting.message_post(
            body="Thanks!", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.assertEqual(
            self.env["corporate.interaction"].search_count(
                [("client_id", "=", self.client_a.id), ("interaction_type", "=", "greeting")]
            ),
            1,
        )

    def test_note_does_not_count_and_phone_greeting(self):
        self.client_a.founding_date = date(2001, 9, 9)
        with freeze_time("2026-09-07 07:00:00"):
            greeting = self.Greeting._cron_schedule_greetings().filtered(
                lambda g: g.client_id == self.client_a
            )
        self.assertEqual(greeting.occasion, "founding")
        greeting.with_user(self.manager_a).message_post(body="Call them on Wednesday")
        self.assertEqual(greeting.state, "planned", "an internal note is no greeting")
        with freeze_time("2026-09-09 08:00:00"):
            greeting.with_user(self.manager_a).action_mark_greeted()
        self.assertEqual(greeting.state, "sent")
        self.assertEqual(greeting.interaction_id.interaction_type, "greeting")
        self.assertEqual(self.client_a.with_user(self.manager_a).greeting_count, 1)

    def test_cancel(self):
        self.client_a.write({"founding_date": date(2001, 9, 9)})
        self.client_a.write({"child_ids": [Command.update(self.contact_a.id, {"birthday": False})]})
        with freeze_time("2026-09-07 07:00:00"):
            greeting = self.Greeting._cron_schedule_greetings().filtered(
                lambda g: g.client_id == self.client_a
            )
        greeting.with_user(self.manager_a).action_cancel()
        self.assertEqual(greeting.state, "cancelled")
        self.assertFalse(greeting.activity_ids)
        self.assertFalse(greeting.interaction_id)
