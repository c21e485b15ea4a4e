"""One source of truth: the monthly report agrees with the days the manager saw.

The report of a month (R29, R30) is the sum of that month's *My day* figures
(R16-R18), *Team progress* and the interaction analysis show the same numbers,
and a card's receivables aging is the receivables analysis's (R9).
"""

from datetime import date, timedelta

from odoo import Command
from odoo.tests import tagged

from ..models.activity.corporate_figure import INTERACTION_METRICS
from ..models.sales.corporate_client_receivable import AGING_FIELDS
from .clock import freeze_time
from .common import activity_counts
from .report_common import ReportCase

OCTOBER = [date(2026, 10, 1) + timedelta(days=n) for n in range(31)]


@tagged("post_install", "-at_install")
class TestFiguresConsistency(ReportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Quota = cls.env["corporate.quota"]
        a, b = cls.manager_a, cls.manager_b
        # Mid-month quota change: manager A's calls quota is 2 a day until the
        # 15th, 4 a day from the 16th.
        Quota.search([("user_id", "=", a.id), ("metric", "=", "calls")]).date_to = "2026-10-15"
        Quota.create(
            {
                "metric": "calls",
                "period": "day",
                "target": 4,
                "user_id": a.id,
                "date_from": "2026-10-16",
            }
        )
        # Manager B moved from North to South, whose quotas now apply to B.
        cls.team_north.member_ids = [Command.unlink(b.id)]
        cls.team_south.member_ids = [Command.link(b.id)]
        for metric, target in (("calls", 5), ("new_prospects", 1)):
            Quota.create(
                {
                    "metric": metric,
                    "period": "day",
                    "target": target,
                    "team_id": cls.team_south.id,
                }
            )
        # Cards: A's client since September and a prospect found on 7 October,
        # archived since; B's client and a prospect found on 20 October.
        cls.archived = cls.create_client("Eta Archived", a)
        cls.prospect_b = cls.create_client("Theta Prospect", b)
        cls.set_create_date(cls.client_a, "2026-09-10 03:00:00")
        cls.set_create_date(cls.client_b, "2026-09-01 03:00:00")
        cls.set_create_date(cls.archived, "2026-10-07 03:00:00")
        cls.set_create_date(cls.prospect_b, "2026-10-20 03:00:00")

        log = cls.log
        # Jakarta is UTC+7: 23:30 UTC is 06:30 the next day there.
        log(cls.client_a, a, "2026-09-30 23:30:00")  # Thu 1 October
        log(cls.client_a, a, "2026-10-01 02:00:00")
        log(cls.client_a, a, "2026-10-02 03:00:00")
        log(cls.client_a, a, "2026-10-02 04:00:00")
        log(cls.client_a, a, "2026-10-15 23:30:00")  # Fri 16th, the new quota's first day
        for hour in (3, 4, 5):
            log(cls.client_a, a, f"2026-10-16 0{hour}:00:00")
        log(cls.client_a, a, "2026-10-19 03:00:00")  # Mon 19th: 2 calls, quota 4
        log(cls.client_a, a, "2026-10-19 04:00:00")
        log(cls.archived, a, "2026-10-08 03:00:00", "email_offer")
        log(cls.archived, a, "2026-10-08 04:00:00", "phone_offer")
        log(cls.archived, a, "2026-10-09 03:00:00", "meeting")
        log(cls.client_a, a, "2026-10-09 04:00:00", "greeting")
        log(cls.client_a, a, "2026-10-31 20:00:00")  # 1 November in Jakarta
        for minute in range(5):
            log(cls.client_b, b, f"2026-10-05 03:0{minute}:00")
        log(cls.client_b, b, "2026-10-06 03:00:00")
        cls.archived.action_archive()

        # Receivables of client A: an invoice due on 20 September, and a journal
        # item without a due date, of 1 August (aged by its date, as Odoo does).
        partner = cls.client_a.partner_id
        cls.invoice(partner, 1000, "2026-09-20")
        receivable = partner.with_company(cls.company).property_account_receivable_id
        income = cls.env["account.account"].search(
            [("account_type", "=", "income"), ("company_ids", "in", cls.company.ids)], limit=1
        )
        cls.undated = cls.env["account.move"].create(
            {
                "move_type": "entry",
                "date": "2026-08-01",
                "line_ids": [
                    Command.create(
                        {
                            "account_id": receivable.id,
                            "partner_id": partner.id,
                            "debit": 300,
                            "date_maturity": False,
                        }
                    ),
                    Command.create({"account_id": income.id, "credit": 300}),
                ],
            }
        )
        cls.undated.action_post()

        with freeze_time("2026-11-02 02:00:00"):
            cls.reports = cls.Report._generate_reports(cls.oct, a | b)

    def report(self, user):
        return self.reports.filtered(lambda report: report.user_id == user)

    def my_days(self, user):
        """{day: {metric: line}}: *My day* of each day of October, daily quotas."""
        Progress = self.env["corporate.progress"]
        return {
            day: {
                line["metric"]: line
                for line in Progress._progress_lines(user, on_date=day)
                if line["period"] == "day"
            }
            for day in OCTOBER
        }

    def test_report_is_the_sum_of_the_days(self):
        for user in (self.manager_a, self.manager_b):
            report = self.report(user)
            days = self.my_days(user)
            last = days[OCTOBER[-1]]
            for metric in report._quota_metrics():
                lines = [lines[metric] for lines in days.values()]
                self.assertEqual(
                    report[f"{metric}_count"], sum(line["actual"] for line in lines), metric
                )
                self.assertEqual(report[f"{metric}_count"], last[metric]["month_actual"], metric)
                self.assertEqual(
                    report[f"{metric}_target"],
                    round(sum(line["target"] for line in lines if line["is_working_day"])),
                    metric,
                )
                met = [
                    line
                    for line in lines
                    if line["is_working_day"] and line["actual"] >= line["target"]
                ]
                self.assertEqual(report[f"{metric}_days_met"], len(met), metric)
                self.assertEqual(report[f"{metric}_days_met"], last[metric]["days_met"], metric)
            self.assertEqual(report.working_days, last["calls"]["working_days"])
            # The other activity figures: the sums of the days' counts.
            daily = [
                activity_counts(self.env, user, day, day)[user.id].get(day, {}) for day in OCTOBER
            ]
            total = {
                metric: sum(counts.get(metric, 0) for counts in daily)
                for metric in (*INTERACTION_METRICS, "new_prospects")
            }
            self.assertEqual(report.meetings_count, total["meetings"])
            self.assertEqual(report.other_interactions_count, total["other_interactions"])
            self.assertEqual(report.new_prospects, total["new_prospects"])
            self.assertEqual(
                report.interaction_count, sum(total[metric] for metric in INTERACTION_METRICS)
            )

    def test_what_the_month_holds(self):
        """The figures themselves: quota changed on the 16th, days in Jakarta."""
        a, b = self.report(self.manager_a), self.report(self.manager_b)
        # Calls of A: 2 on the 1st (one at 23:30 UTC the day before), 2 on the
        # 2nd, 4 on the 16th (one at 23:30 UTC on the 15th), 2 on the 19th.
        self.assertEqual(a.calls_count, 10)
        # 10 working days at 2 until the 15th (the 14th is a holiday), 11 at 4.
        self.assertEqual(a.calls_target, 10 * 2 + 11 * 4)
        self.assertEqual(a.calls_days_met, 3, "the 19th's 2 calls miss the new quota of 4")
        self.assertEqual((a.email_offers_count, a.phone_offers_count), (1, 1))
        self.assertEqual((a.meetings_count, a.other_interactions_count), (1, 1))
        self.assertEqual(a.interaction_count, 14)
        # The archived prospect was found in October; it is no longer in the portfolio.
        self.assertEqual(a.new_prospects, 1)
        self.assertEqual((a.client_count, a.contacted_client_count), (1, 1))
        self.assertEqual(a.checkin_coverage, 100.0)
        # B's department is the one B moved to, and so are B's quotas.
        self.assertEqual(b.team_id, self.team_south)
        self.assertEqual(self.manager_b.corporate_team_id, self.team_south)
        self.assertEqual((b.calls_count, b.calls_target, b.calls_days_met), (6, 5 * 21, 1))
        self.assertEqual(b.new_prospects, 1)
        self.assertEqual(b.email_offers_target, 50 * 21, "the company default")

    def test_team_progress_and_analysis_agree(self):
        Progress = self.env["corporate.quota.progress"]
        for head, user in ((self.head_north, self.manager_a), (self.head_south, self.manager_b)):
            report = self.report(user)
            with freeze_time("2026-10-31 10:00:00"):  # 17:00 in Jakarta
                grid = Progress.with_user(head).get_team_grid()
            [row] = [
                row
                for department in grid["departments"]
                for row in department["rows"]
                if row["user_id"] == user.id
            ]
            for metric in report._quota_metrics():
                month = row["cells"][metric]["month"]
                self.assertEqual(month["done"], report[f"{metric}_count"], metric)
                self.assertEqual(month["target"], report[f"{metric}_target"], metric)
                self.assertEqual(month["days_met"], report[f"{metric}_days_met"], metric)
            # The call results analysis, over the same local days.
            Figure = self.env["corporate.figure"]
            zone = user._corporate_zones()[user.id]
            start, stop = Figure._utc_bounds(zone, OCTOBER[0], OCTOBER[-1])
            [[calls, offers]] = self.env["corporate.interaction.analysis"]._read_group(
                [("user_id", "=", user.id), ("date", ">=", start), ("date", "<", stop)],
                [],
                ["call_count:sum", "offer_count:sum"],
            )
            self.assertEqual(calls, report.calls_count)
            self.assertEqual(offers, report.email_offers_count + report.phone_offers_count)

    @freeze_time("2026-11-02 02:00:00")
    def test_card_aging_is_the_aging_report(self):
        self.assertFalse(self.undated.line_ids.filtered("partner_id").date_maturity)
        card = self.client_a.with_user(self.manager_a)
        report = dict(
            self.env["corporate.receivable.report"]._read_group(
                [("client_id", "=", self.client_a.id)], ["aging"], ["amount_residual:sum"]
            )
        )
        for aging, fname in AGING_FIELDS.items():
            self.assertAlmostEqual(card[fname], report.get(aging, 0.0), msg=fname)
        self.assertAlmostEqual(card.receivable_total, sum(report.values()))
        # The item without a due date is aged by its date (93 days), on both.
        self.assertAlmostEqual(card.receivable_over_90, 300)
        self.assertAlmostEqual(card.receivable_total, 1300)
        self.assertEqual(card.receivable_oldest_overdue_days, 93)
