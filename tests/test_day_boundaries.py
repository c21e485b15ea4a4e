"""Figures that depend on "today", at the edges of a day (issue 14).

Our users work in Asia/Jakarta (UTC+7): between 17:00 and 24:00 UTC it is
already the next day there, and on a month's last day already the next month.
A user's today is ``fields.Date.context_today`` in the user's time zone; a
scheduled job's today is the company's (its working calendar's time zone).
Each test runs at moments around the last day of November 2026, with Python's
clock and the database's frozen together, and expects the Jakarta date.
"""

from contextlib import closing, contextmanager
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import tagged

from .clock import freeze_time
from .receivable_common import CorporateAccountingCase

# (moment in UTC, the date in Jakarta then)
MOMENTS = [
    ("2026-11-30 00:30:00", date(2026, 11, 30)),  # 07:30 in Jakarta
    ("2026-11-30 16:30:00", date(2026, 11, 30)),  # 23:30 in Jakarta
    ("2026-11-30 17:30:00", date(2026, 12, 1)),  # 00:30 in Jakarta: December already
    ("2026-11-30 23:30:00", date(2026, 12, 1)),  # 06:30 in Jakarta, UTC still in November
    ("2026-12-01 00:30:00", date(2026, 12, 1)),  # 07:30 in Jakarta
]


@tagged("post_install", "-at_install")
class TestDayBoundaries(CorporateAccountingCase):
    @contextmanager
    def at(self, moment, local):
        """Run at ``moment`` (both clocks frozen), then roll back what was done."""
        with (
            self.subTest(moment=moment, jakarta=local.isoformat()),
            freeze_time(moment),
            closing(self.env.cr.savepoint()),
        ):
            yield

    def test_local_today_rule(self):
        """The company's and the user's today are the Jakarta date, not UTC's."""
        for moment, local in MOMENTS:
            with self.at(moment, local):
                self.assertEqual(self.company._corporate_today(), local)
                self.assertEqual(self.local_today(self.manager_a), local)
                self.assertEqual(
                    fields.Date.context_today(self.env["res.users"].with_user(self.manager_a)),
                    local,
                )

    def test_my_day_counts_the_local_day(self):
        """My day: a call made now counts today, in the Jakarta day and month."""
        Progress = self.env["corporate.progress"]
        for moment, local in MOMENTS:
            with self.at(moment, local):
                self.env["corporate.interaction"].with_user(self.manager_a).create(
                    {"client_id": self.client_a.id, "interaction_type": "call"}
                )
                lines = [
                    line
                    for line in Progress._progress_lines(self.manager_a)
                    if line["metric"] == "calls"
                ]
                day = next(line for line in lines if line["period"] == "day")
                self.assertEqual(day["date"], local)
                self.assertEqual(day["actual"], 1)
                self.assertEqual(day["month_actual"], 1, "the call is in the Jakarta month")

    def test_checkin_due_follows_the_local_day(self):
        """R7: the next check-in is 30 days after the local day of the last contact."""
        for moment, local in MOMENTS:
            with self.at(moment, local):
                self.env["corporate.interaction"].with_user(self.manager_a).create(
                    {"client_id": self.client_a.id, "interaction_type": "call"}
                )
                self.assertEqual(self.client_a.next_checkin_date, local + timedelta(days=30))

    def test_checkin_cron_uses_the_company_day(self):
        """The check-in job of the company's day: due on the local date, once a month."""
        activity_type = self.env.ref("corporate_client.mail_activity_type_checkin")
        for moment, local in MOMENTS:
            with self.at(moment, local):
                self.client_a.last_contact_date = fields.Datetime.now() - timedelta(days=31)
                self.client_a.checkin_period = False
                self.env["corporate.client"]._cron_checkin_activities()
                activity = self.client_a.activity_ids.filtered(
                    lambda a, t=activity_type: a.activity_type_id == t
                )
                self.assertEqual(activity.date_deadline, local)
                self.assertEqual(self.client_a.checkin_period, local.strftime("%Y-%m"))

    def test_registration_deadline_in_local_working_days(self):
        """R6: two working days after the local day of creation, until midnight in Jakarta.

        30 November 2026 is a Monday: created on Monday (Jakarta) the deadline
        ends on Wednesday, created on Tuesday it ends on Thursday.
        """
        for moment, local in MOMENTS:
            with self.at(moment, local):
                card = self.create_client("Edge Co", self.manager_a)
                self.assertEqual(card.create_date, fields.Datetime.to_datetime(moment))
                expected = local + timedelta(days=2)
                self.assertEqual(
                    self.company._corporate_local_date(card.registration_deadline), expected
                )
                # The last second of that day in Jakarta, 16:59:59 UTC.
                self.assertEqual(
                    card.registration_deadline,
                    fields.Datetime.to_datetime(f"{expected} 16:59:59"),
                )

    def test_overdue_invoices_follow_the_company_day(self):
        """R9: an invoice due yesterday (Jakarta) is overdue now, one due today is not."""
        for moment, local in MOMENTS:
            with self.at(moment, local):
                yesterday = local - timedelta(days=1)
                overdue = self.invoice(
                    self.client_a, 100, yesterday - timedelta(days=30), yesterday
                )
                due_today = self.invoice(self.client_a, 200, local - timedelta(days=30), local)
                self.env["account.move"]._cron_corporate_collection()
                self.assertEqual(overdue.corporate_collection_stage, "manager")
                self.assertFalse(due_today.corporate_collection_stage)

    def test_greetings_on_the_local_day(self):
        """R14: a birthday on the Jakarta date is greeted on that date."""
        contact = self.client_a.child_ids[:1]
        self.company.corporate_greeting_days = 0
        for moment, local in MOMENTS:
            with self.at(moment, local):
                contact.birthday = local.replace(year=1985)
                self.env["corporate.greeting"]._cron_schedule_greetings()
                greetings = self.env["corporate.greeting"].search(
                    [("client_id", "=", self.client_a.id), ("occasion", "=", "birthday")]
                )
                self.assertEqual(greetings.mapped("date"), [local])

    def test_monthly_report_period(self):
        """R29: on the 1st in Jakarta the job makes last month's reports, and a
        report a manager starts is about the month before the Jakarta month."""
        Report = self.env["corporate.monthly.report"]
        for moment, local in MOMENTS:
            with self.at(moment, local):
                reports = Report._cron_monthly_reports()
                expected = (local - relativedelta(months=1)).replace(day=1)
                self.assertTrue(reports)
                self.assertEqual(set(reports.mapped("date_from")), {expected})
                self.assertEqual(
                    fields.Date.to_date(
                        Report.with_user(self.manager_a).default_get(["date_from"])["date_from"]
                    ),
                    expected,
                )
