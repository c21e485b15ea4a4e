"""Issue 17: every role walks the path where a defect was seen in the browser."""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .logistics_common import LogisticsCase
from .report_common import ReportCase


@tagged("post_install", "-at_install")
class TestManagerTours(HttpCase, LogisticsCase):
    browser_size = "1440x900"

    def test_manager_walk(self):
        """Client list buttons on screen at 1440 px; activities of the managers substituted."""
        today = fields.Date.context_today(self.manager_a)
        substitution = self.env["corporate.substitution"].create(
            {
                "absent_user_id": self.manager_b.id,
                "substitute_user_id": self.manager_a.id,
                "date_from": today - timedelta(days=1),
                "date_to": today + timedelta(days=5),
                "order_ref": "Order 17/2026",
            }
        )
        substitution.with_user(self.director).action_confirm()
        self.client_b.activity_schedule(
            "mail.mail_activity_data_todo",
            user_id=self.manager_b.id,
            summary="Discuss the winter order",
        )
        self.start_tour(
            "/odoo/action-corporate_client.action_corporate_client",
            "corporate_client_manager_walk",
            login="cc_manager_a",
        )

    def test_manager_submits_request(self):
        request = self.make_request()
        self.start_tour(
            f"/odoo/action-corporate_client.action_corporate_logistics_request/{request.id}",
            "corporate_client_manager_submit_request",
            login="cc_manager_a",
        )
        self.assertEqual(request.state, "submitted")
        self.assertTrue(request.clarified)

    def test_manager_opens_colleague_card(self):
        for url in (
            f"/odoo/action-corporate_client.action_corporate_client/{self.client_c.id}",
            # Without an action, nothing would be left behind the error.
            f"/odoo/corporate.client/{self.client_c.id}",
        ):
            with self.subTest(url=url):
                self.start_tour(
                    url, "corporate_client_manager_colleague_card", login="cc_manager_a"
                )

    def test_logistics_open_requests(self):
        self.make_request()  # manager A's draft
        submitted = self.make_request(user=self.manager_b, client=self.client_b, clarified=True)
        submitted.with_user(self.manager_b).action_submit()
        self.start_tour(
            "/odoo/action-corporate_client.action_corporate_logistics_request",
            "corporate_client_logistics_open_requests",
            login="cc_logistics",
        )


@tagged("post_install", "-at_install")
class TestApprovalTours(HttpCase, ReportCase):
    def test_head_returns_report(self):
        report = self.report_for(self.manager_a)
        report.with_user(self.manager_a).action_submit()
        self.start_tour(
            f"/odoo/action-corporate_client.action_corporate_monthly_report/{report.id}",
            "corporate_client_head_return_report",
            login="cc_head_north",
        )
        self.assertEqual(report.state, "returned")
        self.assertEqual(report.return_reason, "The turnover of Alpha Industries is missing.")

    def test_director_sets_attestation(self):
        self.start_tour(
            "/odoo/action-corporate_client.action_corporate_attestation",
            "corporate_client_director_attestation",
            login="cc_director",
        )
        self.assertEqual(
            fields.Date.to_string(self.manager_a.corporate_attestation_last_date), "2026-06-15"
        )
        self.assertEqual(
            fields.Date.to_string(self.manager_a.corporate_attestation_next_date), "2026-12-15"
        )

    def test_accountant_reads_card(self):
        today = fields.Date.context_today(self.accountant)
        self.client_a.partner_id.with_company(self.company).credit_limit = 1000.0
        invoice = self.invoice(
            self.client_a.partner_id, 300.0, today - timedelta(days=60), post=False
        )
        invoice.write(
            {"invoice_payment_term_id": False, "invoice_date_due": today - timedelta(days=30)}
        )
        invoice.action_post()
        self.env["account.move"]._cron_corporate_collection()
        self.assertTrue(
            self.client_a.activity_ids.filtered(lambda a: "Collect payment" in (a.summary or ""))
        )
        self.start_tour(
            f"/odoo/action-corporate_client.action_corporate_client/{self.client_a.id}",
            "corporate_client_accountant_card",
            login="cc_accountant",
        )


@tagged("post_install", "-at_install")
class TestRoleScreens(ReportCase):
    """What the tours rely on, checked on the server."""

    def test_colleague_card_error_in_manager_words(self):
        with self.assertRaisesRegex(AccessError, "It concerns a client you do not manage"):
            self.client_c.with_user(self.manager_a).read(["name"])

    def test_accountant_sees_collection_activities(self):
        activity = self.client_a.activity_schedule(
            "corporate_client.mail_activity_type_collect_payment",
            user_id=self.manager_a.id,
            summary="Collect payment of INV/2026/00001",
        )
        Activity = self.env["mail.activity"].with_user(self.accountant)
        self.assertIn(activity, Activity.search([("res_model", "=", "corporate.client")]))
        self.assertEqual(
            self.client_a.with_user(self.accountant).activity_ids.summary,
            "Collect payment of INV/2026/00001",
        )
        # Reading is not writing: the card itself stays read-only for accountants.
        with self.assertRaises(AccessError):
            self.client_a.with_user(self.accountant).write({"stage": "active"})

    def test_manager_runs_substituted_activities_action(self):
        action = self.env.ref("corporate_client.action_my_substituted_activities")
        result = action.with_user(self.manager_a).run()
        self.assertEqual(result["res_model"], "mail.activity")
