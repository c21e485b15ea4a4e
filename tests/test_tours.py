from odoo.tests import HttpCase, tagged

from .common import CorporateClientCase


@tagged("post_install", "-at_install")
class TestTours(HttpCase, CorporateClientCase):
    def test_manager_opens_app(self):
        self.start_tour("/odoo", "corporate_client_open_app", login="cc_manager_a")

    def test_manager_registers_prospect(self):
        self.company.corporate_notify_accounting_ids = self.accountant
        self.start_tour(
            "/odoo/action-corporate_client.action_corporate_client",
            "corporate_client_register_prospect",
            login="cc_manager_a",
        )
        card = self.env["corporate.client"].search([("name", "=", "Tour Prospect Ltd")])
        self.assertEqual(card.registration_state, "registered")
        self.assertEqual(card.user_id, self.manager_a)
        self.assertEqual(card.team_id, self.team_north)
        self.assertEqual(card.contact_role_ids.contact_id.name, "Rita Buyer")
        self.assertTrue(card.registered_on_time)
        notified = card.message_ids.filtered(lambda m: self.accountant.partner_id in m.partner_ids)
        self.assertTrue(notified)


@tagged("post_install", "-at_install")
class TestToursPhone(HttpCase, CorporateClientCase):
    """The main tour on a phone-sized screen."""

    browser_size = "375x667"
    touch_enabled = True

    def test_manager_registers_prospect_on_phone(self):
        self.start_tour(
            "/odoo/action-corporate_client.action_corporate_client",
            "corporate_client_register_prospect",
            login="cc_manager_a",
        )
        card = self.env["corporate.client"].search([("name", "=", "Tour Prospect Ltd")])
        self.assertEqual(card.registration_state, "registered")
        self.assertEqual(card.contact_role_ids.contact_id.name, "Rita Buyer")
