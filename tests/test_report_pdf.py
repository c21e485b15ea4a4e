"""R29: the monthly report printed in the established form, by a real wkhtmltopdf."""

import io

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

    def _pdf_text(self, report_ref, records, user):
        self.env["ir.config_parameter"].sudo().set_param("report.url", self.base_url())
        Report = (
            self.env["ir.actions.report"].with_user(user).with_context(force_report_rendering=True)
        )
        pdf, kind = Report._render_qweb_pdf(report_ref, records.ids)
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        reader = PdfReader(io.BytesIO(pdf))
        return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)

    def test_monthly_report_pdf(self):
        report = self.report_a
        self.assertEqual((report.calls_count, report.calls_days_met), (6, 3))
        text = self._pdf_text(
            "corporate_client.action_report_monthly_report", report, self.manager_a
        )
        for expected in (
            "Monthly performance report",
            self.company.name,  # company header
            "Cc Manager A",
            "Corporate North",
            "Cc Head North",  # department head
            "10/01/2026",  # period
            "Key figures",
            "Calls",
            "42",  # calls target: 2 a day x 21 working days
            "14.3 %",  # 6 / 42
            "3 / 21",  # days the calls quota was met / working days
            "12,345.00",  # turnover
            "10,000.00",  # turnover of the month before
            "23.4 %",  # growth: 2,345 / 10,000
            "Quota attainment",
            "Signed the Alpha framework agreement.",
            "06/20/2026",  # last attestation
            "12/20/2026",  # next attestation
            "Signature",
        ):
            self.assertIn(expected, text)

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
        ):
            self.assertIn(expected, text)
