"""R29, R30: the monthly report's figures, its workflow, its cron and who sees it."""

from datetime import date, datetime, time

from dateutil.relativedelta import relativedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged

from .clock import freeze_time
from .report_common import ReportCase


@tagged("post_install", "-at_install")
class TestMonthlyReportFigures(ReportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        a, b = cls.manager_a, cls.manager_b
        # Manager A's portfolio: client_a (since September), two prospects found in
        # October, one lost client (out of the check-in base).
        cls.prospect_1 = cls.create_client("Delta Foods", a)
        cls.prospect_2 = cls.create_client("Epsilon Paper", a)
        cls.lost = cls.create_client("Zeta Lost", a, stage="lost")
        cls.set_create_date(cls.client_a | cls.lost, "2026-09-10 03:00:00")
        cls.set_create_date(cls.prospect_1, "2026-10-06 03:00:00")
        cls.set_create_date(cls.prospect_2, "2026-10-20 03:00:00")
        cls.set_create_date(cls.client_b | cls.client_c, "2026-09-01 03:00:00")
        # Registration: one card due on the 9th, registered on time; one due on the
        # 22nd, registered late; one due in November (not this month's).
        cls.env.cr.execute(
            "UPDATE corporate_client SET registration_deadline = %s, registered_on_time = %s "
            "WHERE id = %s",
            ("2026-10-09 16:59:59", True, cls.prospect_1.id),
        )
        cls.env.cr.execute(
            "UPDATE corporate_client SET registration_deadline = %s, registered_on_time = %s "
            "WHERE id = %s",
            ("2026-10-22 16:59:59", False, cls.prospect_2.id),
        )
        cls.env.cr.execute(
            "UPDATE corporate_client SET registration_deadline = %s WHERE id = %s",
            ("2026-11-03 16:59:59", cls.client_a.id),
        )
        (cls.client_a | cls.prospect_1 | cls.prospect_2).invalidate_recordset()

        # Interactions (UTC; Jakarta is UTC+7).
        log = cls.log
        log(cls.client_a, a, "2026-10-01 02:00:00")  # Thu 1st
        log(cls.client_a, a, "2026-09-30 18:00:00")  # = Thu 1st 01:00 in Jakarta
        log(cls.client_a, a, "2026-10-02 03:00:00")  # Fri 2nd
        log(cls.prospect_1, a, "2026-10-02 04:00:00")
        log(cls.client_a, a, "2026-10-03 03:00:00")  # Saturday: counts, no quota day
        log(cls.client_a, a, "2026-10-03 04:00:00")
        log(cls.client_a, a, "2026-10-05 03:00:00")  # Mon 5th: 1 of 2
        for hour in (2, 3, 4):
            log(cls.client_a, a, f"2026-10-14 0{hour}:00:00")  # the public holiday
        log(cls.client_a, a, "2026-10-31 20:00:00")  # = 1 November in Jakarta: not October
        log(cls.client_a, a, "2026-09-29 10:00:00")  # September
        log(cls.client_a, a, "2026-10-06 03:00:00", "email_offer")
        log(cls.client_a, a, "2026-10-07 03:00:00", "email_offer")
        log(cls.client_a, a, "2026-10-06 04:00:00", "phone_offer")
        log(cls.client_a, a, "2026-10-08 03:00:00", "meeting")
        log(cls.client_a, a, "2026-10-09 03:00:00", "visit")
        log(cls.client_a, a, "2026-10-09 04:00:00", "greeting")
        # Manager B calls client B once; B's figures stay B's.
        log(cls.client_b, b, "2026-10-12 03:00:00")

        # Work plan of A for October.
        cls.plan = cls.Plan.create(
            {
                "user_id": a.id,
                "date_from": "2026-10-01",
                "target_prospects": 4,
                "target_new_contracts": 4,
                "target_turnover": 3600,
            }
        )

        # Accounting: 2 USD per EUR.
        eur = cls.env.ref("base.EUR")
        eur.active = True
        cls.env["res.currency.rate"].create(
            {"name": "2025-01-01", "rate": 0.5, "currency_id": eur.id, "company_id": cls.company.id}
        )
        pa, pb = cls.client_a.partner_id, cls.client_b.partner_id
        cls.invoice(pa, 1000, "2026-10-10")
        cls.invoice(pa, 500, "2026-10-15", currency=eur)  # 1000 USD
        cls.invoice(pa, 200, "2026-10-20", move_type="out_refund")
        cls.invoice(pa, 999, "2026-10-25", post=False)  # draft: ignored
        cls.invoice(pa, 1500, "2026-09-12")
        cls.invoice(pa, 800, "2025-10-08")
        cls.invoice(pa, 700, "2026-11-03")
        cls.invoice(pb, 300, "2026-10-10")
        cls.payment(pa, 600, "2026-10-25")
        cls.payment(pa, 1000, "2026-11-02")

    @freeze_time("2026-11-01 02:00:00")
    def test_every_figure_of_the_month(self):
        report = self.report_for(self.manager_a)
        self.assertEqual(report.date_from, date(2026, 10, 1))
        self.assertEqual(report.date_to, date(2026, 10, 31))
        self.assertEqual(report.date_due, date(2026, 11, 3))
        self.assertEqual(report.team_id, self.team_north)
        self.assertEqual(report.plan_id, self.plan)
        # Quotas: 21 working days (22 weekdays minus the holiday).
        self.assertEqual(report.working_days, 21)
        # 2 (1st) + 1 (2nd, client_a) + 1 (2nd, prospect) + 2 (Sat) + 1 (5th) + 3 (holiday)
        self.assertEqual(report.calls_count, 10)
        self.assertEqual(report.calls_target, 42)
        self.assertEqual(report.calls_days_met, 2)  # 1st and 2nd; not Saturday nor the holiday
        self.assertAlmostEqual(report.calls_pct, 23.8)
        self.assertEqual(report.email_offers_count, 2)
        self.assertEqual(report.email_offers_target, 21)
        self.assertEqual(report.email_offers_days_met, 2)
        self.assertEqual(report.phone_offers_count, 1)
        self.assertEqual(report.phone_offers_days_met, 1)
        self.assertEqual(report.meetings_count, 2)
        self.assertEqual(report.other_interactions_count, 1)
        self.assertEqual(report.interaction_count, 16)
        # Check-in (R7): client_a, prospect_1, prospect_2 (the lost one excluded);
        # contacted: client_a and prospect_1.
        self.assertEqual(report.client_count, 3)
        self.assertEqual(report.contacted_client_count, 2)
        self.assertAlmostEqual(report.checkin_coverage, 66.7)
        self.assertEqual(report.checkin_target, 100)
        # Client search (R30): 2 new prospects against the plan's 4.
        self.assertEqual(report.new_prospects, 2)
        self.assertEqual(report.new_prospects_target, 4)
        self.assertEqual(report.search_plan_pct, 50)
        # R19: target from the plan; the count comes with the contracts module.
        self.assertEqual(report.new_contracts_target, 4)
        # Timely registration (R30): 1 of the 2 cards due in October.
        self.assertEqual((report.cards_due, report.cards_on_time), (2, 1))
        self.assertEqual(report.registration_pct, 50)
        # Turnover: 1000 + 500 EUR (1000 USD) - 200 refund; draft and November ignored.
        self.assertAlmostEqual(report.turnover, 1800)
        self.assertAlmostEqual(report.turnover_previous, 1500)
        self.assertAlmostEqual(report.turnover_last_year, 800)
        self.assertAlmostEqual(report.growth_previous_pct, 20)
        self.assertAlmostEqual(report.growth_last_year_pct, 125)
        self.assertAlmostEqual(report.turnover_target, 3600)
        self.assertAlmostEqual(report.turnover_pct, 50)
        # Receivables at 31 October: 800 + 1500 + 1000 + 1000 - 200 - 600 paid.
        self.assertAlmostEqual(report.receivable_end, 3500)
        self.assertAlmostEqual(report.collected, 600)
        # Manager B's figures are B's own.
        report_b = self.report_for(self.manager_b)
        self.assertEqual(report_b.calls_count, 1)
        self.assertAlmostEqual(report_b.turnover, 300)
        self.assertEqual(report_b.plan_id.id, False)
        self.assertEqual(report_b.new_contracts_target, 4)  # company quota (R19)
        self.assertEqual(report_b.calls_target, 30 * 21)  # company quota (R16)

    @freeze_time("2026-11-01 02:00:00")
    def test_figures_are_frozen_after_submission(self):
        report = self.report_for(self.manager_a)
        self.assertEqual(report.calls_count, 10)
        self.log(self.client_a, self.manager_a, "2026-10-27 03:00:00")
        report.with_user(self.manager_a).action_recompute()  # a draft follows the facts
        self.assertEqual(report.calls_count, 11)
        report.with_user(self.manager_a).write({"achievements": "Two new prospects."})
        report.with_user(self.manager_a).action_submit()
        self.assertEqual(report.state, "submitted")
        self.assertFalse(report.is_late)
        self.log(self.client_a, self.manager_a, "2026-10-28 03:00:00")
        self.invoice(self.client_a.partner_id, 5000, "2026-10-30")
        with self.assertRaisesRegex(UserError, "frozen"):
            report.action_recompute()
        with self.assertRaisesRegex(UserError, "change only through its buttons"):
            report.with_user(self.head_north).write({"calls_count": 99})
        # Generating again leaves it as it is.
        self.assertEqual(self.report_for(self.manager_a), report)
        self.assertEqual(report.calls_count, 11)
        self.assertAlmostEqual(report.turnover, 1800)
        # Returned, it follows the facts again until resubmitted.
        report.with_user(self.head_north).write({"return_reason": "Add the new invoice"})
        report.with_user(self.head_north).action_return()
        self.assertEqual(report.state, "returned")
        report.with_user(self.manager_a).action_recompute()
        self.assertAlmostEqual(report.turnover, 6800)

    @freeze_time("2026-11-01 02:00:00")
    def test_plan_absent_uses_quotas(self):
        self.plan.unlink()
        report = self.report_for(self.manager_a)
        self.assertEqual(report.new_contracts_target, 4)
        self.assertEqual(report.new_prospects_target, 0)
        self.assertEqual(report.search_plan_pct, 0)


@tagged("post_install", "-at_install")
class TestMonthlyReportWorkflow(ReportCase):
    @freeze_time("2026-11-02 02:00:00")
    def test_submit_approve_return(self):
        report = self.report_for(self.manager_a)
        report.with_user(self.manager_a).action_submit()
        approval = report.activity_ids.filtered(
            lambda a: (
                a.activity_type_id
                == self.env.ref("corporate_client.mail_activity_type_report_approval")
            )
        )
        self.assertEqual(approval.user_id, self.head_north)
        report.with_user(self.head_north).action_approve()
        self.assertEqual(report.state, "approved")
        self.assertEqual(report.approved_by_id, self.head_north)
        self.assertFalse(report.activity_ids)
        # A director approves too, in any department.
        report_c = self.report_for(self.manager_c)
        report_c.with_user(self.manager_c).action_submit()
        report_c.with_user(self.director).action_approve()
        self.assertEqual(report_c.state, "approved")

    @freeze_time("2026-11-02 02:00:00")
    def test_bad_input(self):
        report = self.report_for(self.manager_a)
        with self.assertRaisesRegex(ValidationError, "already has a monthly report for 2026-10"):
            self.Report.create({"user_id": self.manager_a.id, "date_from": "2026-10-17"})
        with self.assertRaisesRegex(ValidationError, "one monthly report per month"):
            self.Report.create(
                [
                    {"user_id": self.manager_b.id, "date_from": "2026-09-01"},
                    {"user_id": self.manager_b.id, "date_from": "2026-09-30"},
                ]
            )
        september = self.Report.create({"user_id": self.manager_a.id, "date_from": "2026-09-01"})
        with self.assertRaisesRegex(ValidationError, "already has a monthly report for 2026-10"):
            september.date_from = "2026-10-05"
        with self.assertRaisesRegex(UserError, "only they can submit it"):
            report.with_user(self.head_north).action_submit()
        with self.assertRaisesRegex(UserError, "only they can submit it"):
            report.with_user(self.director).action_submit()
        with self.assertRaisesRegex(UserError, "Only a submitted report"):
            report.with_user(self.head_north).action_approve()
        report.with_user(self.manager_a).action_submit()
        with self.assertRaisesRegex(UserError, "already been submitted"):
            report.with_user(self.manager_a).action_submit()
        with self.assertRaisesRegex(UserError, "Only the head of Corporate North or the director"):
            report.with_user(self.head_south).action_approve()
        with self.assertRaisesRegex(UserError, "Only the head of Corporate North or the director"):
            report.with_user(self.manager_b).action_approve()
        with self.assertRaisesRegex(UserError, "Write the reason"):
            report.with_user(self.head_north).action_return()
        with self.assertRaisesRegex(UserError, "Only a draft monthly report can be deleted"):
            report.unlink()
        self.assertEqual(report.state, "submitted")

    def test_period_across_month_and_year(self):
        with freeze_time("2026-11-01 00:30:00"):
            reports = self.Report._cron_monthly_reports()
            self.assertLessEqual(self.managers, reports.user_id)
            reports = reports.filtered(lambda r: r.user_id in self.managers)
            self.assertEqual(set(reports.mapped("date_from")), {date(2026, 10, 1)})
            self.assertEqual(set(reports.mapped("date_to")), {date(2026, 10, 31)})
        with freeze_time("2027-01-01 00:30:00"):
            december = self.Report._cron_monthly_reports().filtered(
                lambda r: r.user_id in self.managers
            )
            self.assertEqual(set(december.mapped("date_from")), {date(2026, 12, 1)})
            self.assertEqual(set(december.mapped("date_to")), {date(2026, 12, 31)})
            self.assertEqual(set(december.mapped("date_due")), {date(2027, 1, 3)})
            self.assertEqual(set(december.mapped("working_days")), {23})
            # Idempotent: a second run (same day or the next) creates nothing.
            again = self.Report._cron_monthly_reports()
            self.assertEqual(again.filtered(lambda r: r.user_id in self.managers), december)
        with freeze_time("2027-01-02 00:30:00"):
            again = self.Report._cron_monthly_reports()
            self.assertEqual(again.filtered(lambda r: r.user_id in self.managers), december)
        self.assertEqual(
            self.Report.search_count([("date_from", "=", "2026-12-01"), *self.mine]), 3
        )
        self.assertEqual(self.Report.search_count(self.mine), 6)

    def test_due_day_reminders_and_late_flag(self):
        self.company.corporate_report_due_day = 5
        activity_type = self.env.ref("corporate_client.mail_activity_type_monthly_report")

        def reminders(report):
            return report.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)

        with freeze_time("2027-01-01 00:30:00"):
            reports = self.Report._cron_monthly_reports()
            report_a = reports.filtered(lambda r: r.user_id == self.manager_a)
            report_b = reports.filtered(lambda r: r.user_id == self.manager_b)
            self.assertEqual(report_a.date_due, date(2027, 1, 5))
            self.assertFalse(reminders(report_a))
        with freeze_time("2027-01-04 00:30:00"):
            self.Report._cron_monthly_reports()
            self.Report._cron_monthly_reports()
            self.assertEqual(len(reminders(report_a)), 1)
            self.assertEqual(reminders(report_a).user_id, self.manager_a)
            self.assertEqual(report_a.reminder_stage, 1)
            report_b.with_user(self.manager_b).action_submit()  # on time
        with freeze_time("2027-01-05 00:30:00"):
            self.env.invalidate_all()
            self.Report._cron_monthly_reports()
            self.assertEqual(len(reminders(report_a)), 2)
            self.assertFalse(reminders(report_b))
            self.assertFalse(report_a.is_late)
        with freeze_time("2027-01-06 00:30:00"):
            self.env.invalidate_all()
            self.Report._cron_monthly_reports()
            self.assertEqual(len(reminders(report_a)), 2)
            self.assertTrue(report_a.is_late)
            self.assertFalse(report_b.is_late)
            self.assertEqual(
                self.Report.search([("is_late", "=", True), *self.mine]),
                reports.filtered(lambda r: r.user_id in self.managers) - report_b,
            )
            report_a.with_user(self.manager_a).action_submit()
            self.assertTrue(report_a.submitted_late)
            self.assertFalse(reminders(report_a))
        with freeze_time("2027-02-20 00:30:00"):
            self.env.invalidate_all()
            self.assertTrue(report_a.is_late)
            self.assertIn(report_a, self.Report.search([("is_late", "=", True)]))
            self.assertNotIn(report_b, self.Report.search([("is_late", "=", True)]))
        with self.assertRaisesRegex(ValidationError, "between 1 and 28"):
            self.company.corporate_report_due_day = 31

    def test_department_trends(self):
        """Pivot and graph: the departments' figures month by month."""
        self.log(self.client_a, self.manager_a, "2026-10-05 03:00:00")
        self.log(self.client_b, self.manager_b, "2026-10-05 03:00:00")
        self.log(self.client_b, self.manager_b, "2026-11-05 03:00:00")
        self.log(self.client_c, self.manager_c, "2026-11-05 03:00:00")
        with freeze_time("2026-11-01 00:30:00"):
            self.Report._cron_monthly_reports()
        with freeze_time("2026-12-01 00:30:00"):
            self.Report._cron_monthly_reports()
        view = self.env.ref("corporate_client.corporate_monthly_report_view_pivot")
        self.assertTrue(view.arch)
        groups = self.Report.with_user(self.director).read_group(
            self.mine, ["calls_count:sum"], ["team_id", "date_from:month"], lazy=False
        )
        trends = {(g["team_id"][1], g["date_from:month"]): g["calls_count"] for g in groups}
        self.assertEqual(
            trends,
            {
                ("Corporate North", "October 2026"): 2,
                ("Corporate North", "November 2026"): 1,
                ("Corporate South", "October 2026"): 0,
                ("Corporate South", "November 2026"): 1,
            },
        )
        head = self.Report.with_user(self.head_south).read_group(
            [], ["calls_count:sum"], ["team_id"], lazy=False
        )
        self.assertEqual(
            [(g["team_id"][1], g["calls_count"]) for g in head], [("Corporate South", 1)]
        )

    @freeze_time("2026-11-02 02:00:00")
    def test_generation_queries_do_not_grow_with_managers(self):
        """The monthly job reads every source once for all managers (100 in production)."""
        Report = self.Report.sudo()

        def queries(users, month):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            reports = Report._generate_reports(month, users)
            self.env.flush_all()
            self.assertEqual(reports.user_id, users)
            return self.env.cr.sql_log_count - before

        queries(self.manager_c, "2026-06-01")  # warm-up: registry and ormcaches
        # The working days of a calendar are cached per month: warm the months
        # measured (the first report of a month pays them once).
        managers = self.manager_a | self.manager_b | self.manager_c
        for month in (date(2026, 7, 1), date(2026, 8, 1)):
            self.env["corporate.figure"]._activity_summary(
                managers, month, month + relativedelta(day=31)
            )
        one = queries(self.manager_a, "2026-07-01")
        two = queries(self.manager_b | self.manager_c, "2026-07-01")
        three = queries(self.manager_a | self.manager_b | self.manager_c, "2026-08-01")
        self.assertEqual(one, two)
        self.assertEqual(one, three)

    @freeze_time("2026-11-02 02:00:00")
    def test_generate_on_demand_by_role(self):
        Report = self.Report
        mine = Report.with_user(self.manager_a).action_generate_reports()
        self.assertEqual(Report.search(mine["domain"]).user_id, self.manager_a)
        head = Report.with_user(self.head_north).action_generate_reports()
        self.assertEqual(Report.search(head["domain"]).user_id, self.manager_a | self.manager_b)
        everyone = Report.with_user(self.director).action_generate_reports()
        self.assertEqual(len(Report.search(everyone["domain"] + self.mine)), 3)
        self.assertEqual(Report.search_count(self.mine), 3)


@tagged("post_install", "-at_install")
class TestMonthlyReportAccess(ReportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time("2026-11-02 02:00:00"):
            reports = cls.env["corporate.monthly.report"]._generate_reports(
                "2026-10-01", cls.manager_a | cls.manager_b | cls.manager_c
            )
        cls.report_a, cls.report_b, cls.report_c = (
            reports.filtered(lambda r, u=u: r.user_id == u)
            for u in (cls.manager_a, cls.manager_b, cls.manager_c)
        )

    def visible(self, user):
        return self.Report.with_user(user).search([])

    def test_read_per_role(self):
        a, b, c = self.report_a, self.report_b, self.report_c
        self.assertEqual(self.visible(self.manager_a), a)
        self.assertEqual(self.visible(self.manager_b), b)
        self.assertEqual(self.visible(self.head_north), a | b)
        self.assertEqual(self.visible(self.head_south), c)
        # Every report, the test's and any other (demo data).
        self.assertEqual(self.visible(self.director), self.Report.search([]))
        self.assertLessEqual(a | b | c, self.visible(self.director))
        with self.assertRaises(AccessError):
            b.with_user(self.manager_a).read(["turnover"])
        with self.assertRaises(AccessError):
            c.with_user(self.head_north).read(["turnover"])
        for user in (self.accountant, self.logistics, self.employee):
            with self.assertRaises(AccessError):
                self.Report.with_user(user).search([])
            with self.assertRaises(AccessError):
                a.with_user(user).read(["turnover"])

    def test_write_per_role_and_state(self):
        a = self.report_a
        a.with_user(self.manager_a).write({"achievements": "Draft: mine to edit"})
        with self.assertRaises(AccessError):
            self.report_b.with_user(self.manager_a).write({"achievements": "Not mine"})
        a.with_user(self.manager_a).action_submit()
        with self.assertRaises(AccessError):
            a.with_user(self.manager_a).write({"achievements": "Submitted: frozen"})
        a.with_user(self.head_north).write({"return_reason": "Comment the calls"})
        with self.assertRaises(AccessError):
            self.report_c.with_user(self.head_north).write({"return_reason": "Not my department"})
        a.with_user(self.head_north).action_return()
        a.with_user(self.manager_a).write({"achievements": "Returned: mine to fix"})
        self.assertEqual(a.achievements, "Returned: mine to fix")
        # A manager cannot create a report for someone else.
        with self.assertRaises(AccessError):
            self.Report.with_user(self.manager_a).create(
                {"user_id": self.manager_b.id, "date_from": "2026-09-01"}
            )
        own = self.Report.with_user(self.manager_a).create({"date_from": "2026-09-01"})
        self.assertEqual(own.user_id, self.manager_a)
        self.assertTrue(own.figures_date)  # computed at creation
        self.assertEqual(own.working_days, 22)  # September 2026
        with self.assertRaises(AccessError):
            self.report_b.with_user(self.manager_a).unlink()


@tagged("post_install", "-at_install")
class TestMonthlyReportTours(HttpCase, ReportCase):
    def test_manager_submits_head_approves(self):
        month = self.local_today(self.manager_a) - relativedelta(months=1)
        for day in (1, 2, 3):
            when = datetime.combine(month.replace(day=day), time(3, 0))
            self.log(self.client_a, self.manager_a, when)
        report = self.report_for(self.manager_a, month)
        self.assertEqual(report.calls_count, 3)
        self.start_tour(
            "/odoo/action-corporate_client.action_corporate_monthly_report",
            "corporate_monthly_report_submit",
            login="cc_manager_a",
        )
        self.assertEqual(report.state, "submitted")
        self.assertEqual(report.achievements, "Signed two contracts with new clients.")
        self.start_tour(
            "/odoo/action-corporate_client.action_corporate_monthly_report",
            "corporate_monthly_report_approve",
            login="cc_head_north",
        )
        self.assertEqual(report.state, "approved")
        self.assertEqual(report.approved_by_id, self.head_north)
