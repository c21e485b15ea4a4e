from odoo.tests import HttpCase, tagged

from .common import CorporateClientCase


@tagged("post_install", "-at_install")
class TestTours(HttpCase, CorporateClientCase):
    def test_manager_opens_app(self):
        self.start_tour("/odoo", "corporate_client_open_app", login="cc_manager_a")
