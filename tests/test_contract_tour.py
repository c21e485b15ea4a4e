from odoo import Command
from odoo.tests import HttpCase, tagged

from .common import CorporateClientCase


@tagged("post_install", "-at_install")
class TestContractTours(HttpCase, CorporateClientCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["product.pricelist"].create({"name": "Corporate wholesale"})
        cls.env["account.payment.term"].create(
            {
                "name": "45 days net",
                "line_ids": [Command.create({"value": "percent", "nb_days": 45})],
            }
        )

    def test_manager_signs_contract(self):
        self.start_tour(
            "/odoo/action-corporate_client.action_corporate_contract",
            "corporate_contract_sign",
            login="cc_manager_a",
        )
        contract = self.env["corporate.contract"].search([("client_id", "=", self.client_a.id)])
        self.assertEqual(contract.state, "signed")
        self.assertTrue(contract.is_new_client)
        self.assertEqual(self.client_a.property_product_pricelist.name, "Corporate wholesale")
