"""R24: complaints, their deadlines by severity, workflow and escalation."""

from datetime import datetime

from odoo.exceptions import UserError
from odoo.tests import tagged

from .clock import freeze_time
from .common import CorporateClientCase

# Friday 27 November 2026, 10:00 (UTC; the company calendar is Mon-Fri).
OPENED = "2026-11-27 10:00:00"


@tagged("post_install", "-at_install")
class TestComplaint(CorporateClientCase):
    def _complaint(self, user=None, client=None, **vals):
        return (
            self.env["corporate.complaint"]
            .with_user(user or self.manager_a)
            .create(
                {
                    "client_id": (client or self.client_a).id,
                    "description": "<p>Late delivery</p>",
                    "date_opened": OPENED,
                    **vals,
                }
            )
        )

    def test_defaults_from_client(self):
        complaint = self._complaint(user=self.head_north)
        self.assertRegex(complaint.name, r"^CMP/\d{4}/\d{4}$")
        self.assertEqual(complaint.partner_id, self.client_a.partner_id)
        self.assertEqual(complaint.user_id, self.manager_a, "the client's account manager")
        self.assertEqual(complaint.team_id, self.team_north)
        self.assertEqual(complaint.company_id, self.env.company)
        self.assertEqual(complaint.state, "new")
        self.assertIn(self.manager_a.partner_id, complaint.message_partner_ids)
        complaint.client_id = self.client_b
        self.assertEqual(complaint.user_id, self.manager_b, "follows the client")
        self.assertEqual(complaint.partner_id, self.client_b.partner_id)

    def test_deadline_from_severity_in_working_days(self):
        """Friday's complaint: the weekend does not count.

        A deadline ends at midnight in the company's time zone (Jakarta, UTC+7),
        stored in UTC: 16:59:59.
        """
        expected = {
            "critical": datetime(2026, 11, 30, 16, 59, 59),  # Monday
            "high": datetime(2026, 12, 1, 16, 59, 59),  # Tuesday
            "medium": datetime(2026, 12, 4, 16, 59, 59),  # next Friday
            "low": datetime(2026, 12, 11, 16, 59, 59),  # two weeks later
        }
        for severity, deadline in expected.items():
            with self.subTest(severity=severity):
                self.assertEqual(self._complaint(severity=severity).deadline, deadline)
        complaint = self._complaint(severity="low")
        complaint.severity = "critical"
        self.assertEqual(complaint.deadline, expected["critical"], "recomputed")
        complaint.deadline = datetime(2026, 12, 24, 12, 0)
        self.assertEqual(complaint.deadline, datetime(2026, 12, 24, 12, 0), "editable")

    def test_workflow(self):
        with freeze_time("2026-11-27 11:00:00"):
            complaint = self._complaint(severity="high")
            complaint.action_start()
            self.assertEqual(complaint.state, "in_progress")
            with self.assertRaisesRegex(UserError, "corrective action"):
                complaint.action_resolve()
            complaint.write({"root_cause": "Truck broke down", "corrective_action": "Resent"})
            complaint.action_resolve()
            self.assertEqual(complaint.state, "resolved")
            self.assertEqual(complaint.date_resolved, datetime(2026, 11, 27, 11, 0))
            with self.assertRaisesRegex(UserError, "satisfied"):
                complaint.action_close()
            complaint.satisfaction = "4"
            complaint.action_close()
            self.assertEqual(complaint.state, "closed")
            with self.assertRaisesRegex(UserError, "cannot be reopened"):
                complaint.action_reopen()

        rejected = self._complaint()
        with self.assertRaisesRegex(UserError, "Root cause"):
            rejected.action_reject()
        rejected.root_cause = "The goods were damaged by the client's own carrier."
        rejected.action_reject()
        self.assertEqual(rejected.state, "rejected")
        with self.assertRaisesRegex(UserError, "cannot be resolved"):
            rejected.action_resolve()
        rejected.action_reopen()
        self.assertEqual(rejected.state, "in_progress")

    def test_escalation_when_deadline_passes(self):
        Complaint = self.env["corporate.complaint"]
        escalation = self.env.ref("corporate_client.mail_activity_type_complaint_escalation")
        with freeze_time(OPENED):
            late = self._complaint(severity="critical")  # due Monday 30 Nov
            on_time = self._complaint(severity="low")  # due 11 Dec
            resolved = self._complaint(severity="critical", corrective_action="Refunded")
            resolved.action_resolve()
            other = self._complaint(user=self.manager_c, client=self.client_c, severity="critical")
        with freeze_time("2026-11-30 16:30:00"):  # 23:30 on Monday in Jakarta
            self.assertFalse(Complaint._cron_escalate_overdue(), "not yet past the deadline")
            self.assertFalse(late.is_overdue)
        with freeze_time("2026-12-01 08:00:00"):
            late.invalidate_recordset(["is_overdue"])
            self.assertTrue(late.is_overdue)
            self.assertEqual(
                Complaint.search([("is_overdue", "=", True), ("id", "in", (late | on_time).ids)]),
                late,
            )
            escalated = Complaint._cron_escalate_overdue()
            self.assertEqual(escalated, late | other)
            self.assertTrue(late.escalated)
            self.assertFalse(on_time.escalated or resolved.escalated)
            activity = late.activity_ids.filtered(lambda a: a.activity_type_id == escalation)
            self.assertEqual(activity.user_id, self.head_north, "the department head")
            self.assertEqual(
                other.activity_ids.user_id, self.head_south, "each department's own head"
            )
            self.assertIn(self.head_north.partner_id, late.message_partner_ids)
            self.assertIn("escalated", late.message_ids[0].body)
            # Never twice.
            self.assertFalse(Complaint._cron_escalate_overdue())
            self.assertEqual(len(late.activity_ids), 1)
            # The head sees it in their department's overdue complaints.
            self.assertIn(
                late,
                Complaint.with_user(self.head_north).search([("is_overdue", "=", True)]),
            )
            # Resolving it closes the head's activity.
            late.with_user(self.manager_a).write({"corrective_action": "Goods replaced"})
            late.with_user(self.manager_a).action_resolve()
            self.assertFalse(late.activity_ids)

    def test_escalation_can_be_switched_off(self):
        with freeze_time(OPENED):
            late = self._complaint(severity="critical")
        self.env.company.corporate_complaint_escalation = False
        with freeze_time("2026-12-05 08:00:00"):
            self.assertFalse(self.env["corporate.complaint"]._cron_escalate_overdue())
            self.assertFalse(late.escalated)

    def test_card_shows_open_complaints(self):
        first = self._complaint()
        self._complaint(kind="feedback", product_requirement="Recycled A3 paper")
        self._complaint(client=self.client_b, user=self.manager_b)
        card = self.client_a.with_user(self.manager_a)
        self.assertEqual((card.complaint_count, card.open_complaint_count), (2, 2))
        first.write({"corrective_action": "Replaced"})
        first.action_resolve()
        card.invalidate_recordset()
        self.assertEqual((card.complaint_count, card.open_complaint_count), (2, 1))
        action = card.action_open_complaints()
        self.assertEqual(
            self.env["corporate.complaint"].search(action["domain"]),
            card.complaint_ids,
        )
        self.assertEqual(action["context"]["default_client_id"], card.id)
