"""Monthly report figures that come from other parts of the addon (R19, R24, R28)."""

from datetime import date

from odoo.tests import tagged

from .clock import freeze_time
from .report_common import ReportCase


@tagged("post_install", "-at_install")
class TestReportCrossSources(ReportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.former_client = cls.create_client("Omega Former", cls.manager_a, stage="active")

    # ----------------------------------------------------------------- helpers
    def _contract(self, client, signed_on, **vals):
        return self.env["corporate.contract"].create(
            {
                "client_id": client.id,
                "user_id": self.manager_a.id,
                "date_signed": signed_on,
                "date_start": signed_on,
                **vals,
            }
        )

    def _complaint(self, opened, resolved=None, state="new"):
        return self.env["corporate.complaint"].create(
            {
                "name": "Late delivery",
                "description": "The last delivery came a week late.",
                "client_id": self.client_a.id,
                "user_id": self.manager_a.id,
                "date_opened": opened,
                "date_resolved": resolved,
                "state": state,
            }
        )

    def _request(self, submitted=None, state="submitted"):
        return self.env["corporate.logistics.request"].create(
            {
                "client_id": self.client_a.id,
                "user_id": self.manager_a.id,
                "date_submitted": submitted,
                "state": state,
            }
        )

    # ----------------------------------------------------------------- tests
    @freeze_time("2026-11-01 02:00:00")
    def test_contracts_with_new_clients(self):
        """R19: a contract with a former client is no contract with a new client."""
        Contract = self.env["corporate.contract"]
        old = self._contract(self.former_client, "2025-03-01", date_end="2026-02-28")
        old.action_sign()
        new_1 = self._contract(self.client_a, "2026-10-05")
        new_2 = self._contract(self.client_b, "2026-10-12")
        again = self._contract(self.former_client, "2026-10-20")  # former client
        (new_1 | new_2 | again).action_sign()
        expected = Contract._count_new_client_contracts(
            self.manager_a, date(2026, 10, 1), date(2026, 10, 31)
        )
        report = self.report_for(self.manager_a)
        self.assertEqual(report.new_contracts, expected[self.manager_a.id])
        self.assertEqual(report.new_contracts, 2)
        self.assertEqual(report.new_contracts_pct, 50)  # target 4 (R19)

    @freeze_time("2026-11-01 02:00:00")
    def test_complaints(self):
        self._complaint("2026-10-03", "2026-10-10", "resolved")
        self._complaint("2026-10-20")
        self._complaint("2026-09-25", "2026-10-02", "closed")  # resolved in October
        self._complaint("2026-09-20", "2026-09-22", "resolved")  # September
        self._complaint("2026-10-28", "2026-10-29", "rejected")  # opened, not resolved
        report = self.report_for(self.manager_a)
        self.assertEqual(report.complaints_opened, 3)
        self.assertEqual(report.complaints_resolved, 2)

    @freeze_time("2026-11-01 02:00:00")
    def test_supply_requests(self):
        self._request("2026-10-05 03:00:00")
        self._request("2026-10-30 03:00:00")
        self._request("2026-09-30 03:00:00")  # September (even in Jakarta)
        report = self.report_for(self.manager_a)
        self.assertEqual(report.logistics_requests, 2)
