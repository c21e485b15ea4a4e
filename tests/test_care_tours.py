from odoo.tests import HttpCase, tagged

from .common import CorporateClientCase


@tagged("post_install", "-at_install")
class TestCareTours(HttpCase, CorporateClientCase):
    def test_manager_records_and_resolves_a_complaint(self):
        self.start_tour("/odoo", "corporate_client_complaint", login="cc_manager_a")
        complaint = self.env["corporate.complaint"].search([("client_id", "=", self.client_a.id)])
        self.assertEqual(len(complaint), 1)
        self.assertEqual(complaint.state, "closed")
        self.assertEqual(complaint.category, "delivery")
        self.assertEqual(complaint.severity, "high")
        self.assertEqual(complaint.user_id, self.manager_a)
        self.assertIn("three days late", complaint.description)
        self.assertEqual(complaint.corrective_action, "Delivered by our own truck the next morning")
        self.assertEqual(complaint.satisfaction, "4")
        self.assertTrue(complaint.date_resolved)
