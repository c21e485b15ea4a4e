"""R29: the monthly report printed in the established form, by a real wkhtmltopdf."""

import io
import re

from PyPDF2 import PdfReader

from odoo.tests import HttpCase, tagged

from .clock import freeze_time
from .report_common import ReportCase


@tagged("post_install", "-at_install")
class TestReportPdf(HttpCase, ReportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        a = cls.manager_a
        cls.set_create_date(cls.client_a, "2026-09-10 03:00:00")
        for day in ("01", "02", "05"):
            cls.log(cls.client_a, a, f"2026-10-{day} 02:00:00")
            cls.log(cls.client_a, a, f"2026-10-{day} 03:00:00")
        cls.log(cls.client_a, a, "2026-10-06 03:00:00", "email_offer")
        cls.invoice(cls.client_a.partner_id, 12345, "2026-10-10")
        cls.invoice(cls.client_a.partner_id, 10000, "2026-09-10")
        a.corporate_attestation_last_date = "2026-06-20"
        with freeze_time("2026-11-02 02:00:00"):
            cls.reports = cls.env["corporate.monthly.report"]._generate_reports(
                "2026-10-01", cls.manager_a | cls.manager_b
            )
        cls.report_a = cls.reports.filtered(lambda r: r.user_id == a)
        cls.report_a.write({"achievements": "Signed the Alpha framework agreement."})

    def _pdf_text(self, report_ref, records, user, lang="en_US"):
        self.env["ir.config_parameter"].sudo().set_param("report.url", self.base_url())
        Report = (
            self.env["ir.actions.report"]
            .with_user(user)
            .with_context(force_report_rendering=True, lang=lang)
        )
        pdf, kind = Report._render_qweb_pdf(report_ref, records.ids)
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        reader = PdfReader(io.BytesIO(pdf))
        return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)

    def _workflow(self):
        """Submitted, returned with a reason, submitted again and approved, tracked."""
        report = self.report_a.with_context(tracking_disable=False)
        steps = (
            ("2026-11-02 03:00:00", self.manager_a, lambda r: r.action_submit()),
            (
                "2026-11-02 07:00:00",
                self.head_north,
                lambda r: r.action_return("Add the Alpha meeting notes."),
            ),
            ("2026-11-03 02:30:00", self.manager_a, lambda r: r.action_submit()),
            ("2026-11-03 04:00:00", self.head_north, lambda r: r.action_approve()),
        )
        for moment, user, step in steps:
            with freeze_time(moment):
                step(report.with_user(user))
                # The tracking messages are written when the transaction commits.
                self.env.flush_all()
                self.env.cr.precommit.run()
        return report

    def assertKpiStatuses(self, text, report, expected):
        """Each KPI row shows its label, then its status word, in table order."""
        kpis = report._report_kpis()
        self.assertEqual([row["status"] for row in kpis], expected)
        position = 0
        for row in kpis:
            match = re.compile(
                re.escape(row["label"]) + r".{0,250}?" + re.escape(row["status_label"])
            ).search(text, position)
            self.assertTrue(match, f"{row['label']}: {row['status_label']} not printed")
            position = match.end()

    def test_monthly_report_pdf(self):
        report = self._workflow()
        self.assertEqual((report.calls_count, report.calls_days_met), (6, 3))
        text = self._pdf_text(
            "corporate_client.action_report_monthly_report", report, self.manager_a
        )
        for expected in (
            "Monthly performance report",
            self.company.name,  # company header
            "October 2026",
            "Cc Manager A",
            "Corporate North",
            "Cc Head North",  # department head
            "10/01/2026",  # period
            "Key figures",
            "42",  # calls target: 2 a day x 21 working days
            "14.3 %",  # 6 / 42
            "3 / 21",  # days the calls quota was met / working days
            "12,345.00",  # turnover
            "10,000.00",  # turnover of the month before
            "23.4 %",  # growth: 2,345 / 10,000
            "Signed the Alpha framework agreement.",
            "Signature",
        ):
            self.assertIn(expected, text)
        # A status per KPI: without a target or without data, never a 0 % or 100 %.
        self.assertKpiStatuses(
            text,
            report,
            ["behind", "behind", "behind", "met", "no_target", "behind", "no_target", "no_data"],
        )
        # Trends: the six months up to October, the older ones from the same engine.
        self.assertIn("Trends: the last 6 months", text)
        trend = text.split("Trends: the last 6 months")[1]
        self.assertRegex(trend, r"May.*Jun.*Jul.*Aug.*Sep.*Oct")
        # The approval block: submitted, returned by whom, when and why, approved.
        approval = text.split("Approval")[-1]
        for expected in (
            "Submitted on",
            "11/03/2026 09:30",  # the second submission, in Jakarta time
            "Returned",
            "Cc Head North, 11/02/2026 14:00",
            "Add the Alpha meeting notes.",
            "Approved",
            "11/03/2026 11:00",
            "06/20/2026",  # last attestation
            "12/20/2026",  # next attestation
        ):
            self.assertIn(expected, approval)

    def test_monthly_report_pdf_indonesian(self):
        self.env["res.lang"]._activate_lang("id_ID")
        self.env["ir.module.module"]._load_module_terms(
            ["corporate_client"], ["id_ID"], overwrite=True
        )
        self.manager_a.lang = "id_ID"
        text = self._pdf_text(
            "corporate_client.action_report_monthly_report", self.report_a, self.manager_a, "id_ID"
        )
        for expected in (
            "Laporan kinerja bulanan",
            "Oktober 2026",
            "Tren: 6 bulan terakhir",
            "Tertinggal",  # behind
            "Tanpa target",  # no target
            "12.345,00",  # Indonesian number format
            "01/10/2026",  # Indonesian date format
        ):
            self.assertIn(expected, text)
        self.assertNotIn("Monthly performance report", text)

    def test_department_summary_pdf(self):
        text = self._pdf_text(
            "corporate_client.action_report_department_summary", self.reports, self.head_north
        )
        for expected in (
            "Department summary: Corporate North",
            "Cc Manager A",
            "Cc Manager B",
            "6 / 42",  # manager A's calls
            "0 / 630",  # manager B's calls against the company quota (30 x 21)
            "6 / 672",  # department total
            "12,345.00",
            "Managers ranked by plan execution",
        ):
            self.assertIn(expected, text)
        # Ranked: manager A executes part of the plan, manager B nothing of it.
        ranking = text.split("Managers ranked by plan execution")[1]
        self.assertRegex(ranking, r"1\. Cc Manager A .*2\. Cc Manager B")
