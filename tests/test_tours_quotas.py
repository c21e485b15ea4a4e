from odoo.tests import HttpCase, tagged

from .common import CorporateClientCase


@tagged("post_install", "-at_install")
class TestQuotaTours(HttpCase, CorporateClientCase):
    def test_log_call_moves_my_day(self):
        """A manager logs a call from the card and sees "My day" count it."""
        self.start_tour("/odoo", "corporate_client_log_call_my_day", login="cc_manager_a")
        call = self.env["corporate.interaction"].search([("client_id", "=", self.client_a.id)])
        self.assertEqual(len(call), 1)
        self.assertEqual(
            (call.interaction_type, call.outcome, call.user_id),
            ("call", "interested", self.manager_a),
        )
