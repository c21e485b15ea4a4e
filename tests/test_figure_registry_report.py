"""Issue 31: the monthly report reads every figure from the figures registry.

Its frozen fields are generated from ``FIGURES``; its KPI table, trend charts,
quota rows and department summary list the registry's figures, with the
registry's labels in the reader's language; a department's figures are
``combine()`` of its managers' (ratios of sums, never sums or means of
percentages).
"""

from datetime import date

from lxml import etree

from odoo.tests import tagged

from ..models.activity.corporate_figure import FIGURES, combine
from .clock import freeze_time
from .report_common import ReportCase

FIELD_TYPES = {"count": "integer", "days": "integer", "percent": "float", "money": "monetary"}

# The report's stored figures: their names are the stored data's, the views'
# and the upgrade check's, whatever the registry becomes.
REPORT_FIGURE_FIELDS = {
    "working_days",
    "calls_count",
    "calls_target",
    "calls_days_met",
    "calls_pct",
    "email_offers_count",
    "email_offers_target",
    "email_offers_days_met",
    "email_offers_pct",
    "phone_offers_count",
    "phone_offers_target",
    "phone_offers_days_met",
    "phone_offers_pct",
    "meetings_count",
    "other_interactions_count",
    "interaction_count",
    "client_count",
    "contacted_client_count",
    "checkin_coverage",
    "checkin_target",
    "new_prospects",
    "new_prospects_target",
    "search_plan_pct",
    "new_contracts",
    "new_contracts_target",
    "new_contracts_pct",
    "turnover",
    "turnover_previous",
    "turnover_last_year",
    "turnover_target",
    "turnover_pct",
    "growth_previous_pct",
    "growth_last_year_pct",
    "receivable_end",
    "collected",
    "cards_due",
    "cards_on_time",
    "registration_pct",
    "complaints_opened",
    "complaints_resolved",
    "logistics_requests",
}


@tagged("post_install", "-at_install")
class TestFigureRegistryReport(ReportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        a = cls.manager_a
        cls.set_create_date(cls.client_a | cls.client_b, "2026-09-10 03:00:00")
        for day in ("01", "02", "05"):
            cls.log(cls.client_a, a, f"2026-10-{day} 02:00:00")
        cls.log(cls.client_a, a, "2026-10-06 03:00:00", "email_offer")
        cls.invoice(cls.client_a.partner_id, 5000, "2026-10-10")
        cls.invoice(cls.client_a.partner_id, 4000, "2026-09-10")
        with freeze_time("2026-11-02 02:00:00"):
            cls.reports = cls.Report._generate_reports("2026-10-01", a | cls.manager_b)
        cls.report_a = cls.reports.filtered(lambda r: r.user_id == a)
        cls.report_b = cls.reports - cls.report_a

    # ------------------------------------------------------------------ fields
    def test_every_figure_has_its_report_fields(self):
        report_fields = self.Report._fields
        generated = set()
        for figure in FIGURES:
            label = figure.label._source
            field = report_fields[figure.fname]
            generated.add(figure.fname)
            self.assertEqual(field.type, FIELD_TYPES[figure.unit], figure.key)
            self.assertTrue(field.store and field.readonly, figure.key)
            self.assertTrue(field.string.startswith(label), figure.key)
            summed = figure.combine in ("sum", "total")
            self.assertEqual(field.figure, "sum" if summed else "frozen", figure.key)
            if figure.unit == "percent":
                self.assertEqual(field.aggregator, "avg", figure.key)
            for extra, fname in figure.report.items():
                field = report_fields[fname]
                generated.add(fname)
                self.assertTrue(field.store and field.readonly, fname)
                if extra == "target":
                    self.assertEqual(field.type, FIELD_TYPES[figure.unit], fname)
                    self.assertTrue(field.string.startswith(f"{label} target"), fname)
                    self.assertEqual(field.figure, "sum" if summed else "frozen", fname)
                elif extra == "pct":
                    self.assertEqual((field.type, field.aggregator), ("float", "avg"), fname)
                    self.assertEqual(field.string, f"{label} %")
                    self.assertEqual(field.figure, "frozen", fname)
                else:
                    self.assertEqual(extra, "days_met")
                    self.assertEqual(field.type, "integer", fname)
                    self.assertFalse(field.aggregator, fname)  # a manager's own days
                    self.assertRegex(field.string, r"^Days .* met$")
                    self.assertEqual(field.figure, "frozen", fname)
        # Every name the stored reports hold, and only the registry's.
        self.assertEqual(generated, REPORT_FIGURE_FIELDS)
        self.assertEqual(
            self.Report._figure_fields() - {"plan_id", "figures_date"}, REPORT_FIGURE_FIELDS
        )
        # Only the snapshot writes them.
        self.assertLessEqual(generated, self.Report._corporate_guarded_fields())

    def test_report_holds_the_registry_values(self):
        """The snapshot is ``corporate.figure._compute`` and ``_targets`` of the month."""
        Figure = self.env["corporate.figure"]
        users = self.manager_a | self.manager_b
        start, stop = date(2026, 10, 1), date(2026, 10, 31)
        with freeze_time("2026-11-02 02:00:00"):
            values = Figure._compute(users, start, stop, company=self.company)
            targets = Figure._targets(users, start, stop, values=values)
        for report in self.reports:
            mine = values[report.user_id.id]
            for figure in FIGURES:
                self.assertAlmostEqual(report[figure.fname], mine[figure.key], 2, figure.key)
                if "target" in figure.report:
                    self.assertAlmostEqual(
                        report[figure.report["target"]],
                        targets[report.user_id.id].get(figure.key, 0),
                        0,
                        figure.key,
                    )
        self.assertEqual((self.report_a.calls_count, self.report_a.calls_target), (3, 42))
        self.assertAlmostEqual(self.report_a.growth_previous_pct, 25.0)

    # ------------------------------------------------------------------ printing
    def test_kpis_trends_and_quota_rows_come_from_the_registry(self):
        report = self.report_a
        kpis = report._report_kpis()
        expected = sorted((f for f in FIGURES if f.kpi), key=lambda f: f.kpi)
        self.assertEqual([row["key"] for row in kpis], [f.key for f in expected])
        self.assertEqual([row["label"] for row in kpis], [self.env._(f.label) for f in expected])
        with freeze_time("2026-11-02 02:00:00"):
            charts = report._trend_charts()
        self.assertEqual([c["key"] for c in charts], [f.key for f in FIGURES if f.trend])
        calls = charts[0]
        self.assertEqual(len(calls["bars"]), 6)
        self.assertEqual((calls["bars"][-1]["actual"], calls["bars"][-1]["target"]), (3, 42))
        self.assertEqual(
            [row[0] for row in report._quota_rows()],
            [self.env._(f.label) for f in FIGURES if "days_met" in f.report],
        )
        # "Has data" as before: coverage needs clients, timely registration cards due.
        status = {row["key"]: row["status"] for row in kpis}
        self.assertEqual(status["checkin_coverage"], "met")
        self.assertEqual(status["cards_on_time"], "no_data")
        other = {row["key"]: row for row in self.report_b._report_kpis()}
        self.assertEqual(self.report_b.client_count, 1)  # client_b, not contacted
        self.assertEqual(other["checkin_coverage"]["status"], "behind")
        self.assertEqual(other["checkin_coverage"]["actual"], 0.0)
        self.report_b._corporate_workflow_write({"client_count": 0})
        other = {row["key"]: row for row in self.report_b._report_kpis()}
        self.assertEqual(other["checkin_coverage"]["status"], "no_data")
        self.assertIsNone(other["checkin_coverage"]["actual"])

    def test_labels_in_the_readers_language(self):
        self.env["res.lang"]._activate_lang("id_ID")
        self.env["ir.module.module"]._load_module_terms(
            ["corporate_client"], ["id_ID"], overwrite=True
        )
        report = self.report_a.with_context(lang="id_ID")
        kpis = report._report_kpis()
        expected = sorted((f for f in FIGURES if f.kpi), key=lambda f: f.kpi)
        self.assertEqual([row["label"] for row in kpis], [report.env._(f.label) for f in expected])
        self.assertEqual(kpis[0]["label"], "Panggilan")  # "Calls"
        self.assertEqual(report._quota_rows()[0][0], "Panggilan")
        self.assertEqual(report.month_label, "Oktober 2026")

    # ------------------------------------------------------------------ month
    def test_month_label(self):
        self.assertEqual(self.report_a.month_label, "October 2026")
        self.assertEqual(self.report_a.with_context(lang="en_US").month_label, "October 2026")
        row = self.Report.search_read([("id", "=", self.report_a.id)], ["month_label"])[0]
        self.assertEqual(row["month_label"], "October 2026")

    def test_department_trends_months_on_the_x_axis(self):
        """*Department trends*: months on the X axis, one line per department,
        measures that add up (no mean of percentages offered)."""
        action = self.env.ref("corporate_client.action_corporate_department_trends")
        self.assertNotIn("group", action.context or "")
        arch = etree.fromstring(self.Report.get_view(view_type="graph")["arch"])
        fields = arch.findall("field")
        groupbys = [
            (f.get("name"), f.get("interval"))
            for f in fields
            if f.get("type") != "measure" and f.get("invisible") not in ("1", "True")
        ]
        self.assertEqual(groupbys, [("date_from", "month"), ("team_id", None)])
        measures = [f.get("name") for f in fields if f.get("type") == "measure"]
        self.assertIn("calls_count", measures)
        for name in measures:
            self.assertEqual(self.Report._fields[name].aggregator, "sum", name)
        hidden = {f.get("name") for f in fields if f.get("invisible") in ("1", "True")}
        averaged = {
            name
            for name, field in self.Report._fields.items()
            if getattr(field, "figure", None) and field.aggregator == "avg"
        }
        self.assertEqual(hidden, averaged)

    # ------------------------------------------------------------------ department
    def test_department_totals_are_combined_not_averaged(self):
        """Two managers of 10 clients, 5 contacted, and of no client: the
        department's coverage is 5 / 10 = 50 %, not the mean 75 % of 50 % and
        the 100 % of an empty portfolio."""
        a, b = self.report_a, self.report_b
        a._corporate_workflow_write(
            {"client_count": 10, "contacted_client_count": 5, "checkin_coverage": 50.0}
        )
        b._corporate_workflow_write(
            {"client_count": 0, "contacted_client_count": 0, "checkin_coverage": 100.0}
        )
        Summary = self.env["report.corporate_client.report_department_summary"]
        values = Summary.with_user(self.head_north)._get_report_values(self.reports.ids)
        [summary] = values["summaries"]
        totals = summary["totals"]
        self.assertEqual(totals, combine([a._figure_values(), b._figure_values()]))
        self.assertEqual((totals["clients"], totals["contacted_clients"]), (10, 5))
        self.assertEqual(totals["checkin_coverage"], 50.0)
        self.assertEqual(totals["calls"], a.calls_count + b.calls_count)
        self.assertAlmostEqual(totals["turnover"], a.turnover + b.turnover)
        self.assertAlmostEqual(totals["growth_previous"], 25.0)
        self.assertNotIn("working_days", totals)  # a manager's own
        rows = {row["key"]: row for row in summary["total_rows"]}
        self.assertEqual(rows["checkin_coverage"]["actual"], 50.0)
        self.assertEqual(rows["calls"]["target"], a.calls_target + b.calls_target)
        self.assertEqual(rows["cards_on_time"]["status"], "no_data")
        self.assertEqual(summary["month_label"], "October 2026")
        self.assertEqual(values["kpi_labels"], [row["label"] for row in a._report_kpis()])
