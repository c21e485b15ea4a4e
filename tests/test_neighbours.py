"""Behaviour that must hold beside the OCA modules whose meaning overlaps ours.

Every test here holds with and without them: ``make test`` runs it on a database
without them, ``make test-neighbours`` with ``sales_team_security``,
``sale_financial_risk`` and ``partner_firstname`` installed (README, *Working
beside OCA modules*).  Nothing is skipped.
"""

from unittest.mock import patch

from odoo import Command
from odoo.addons.sale.models.sale_order import SaleOrder
from odoo.tests import new_test_user, tagged

from .common import CorporateClientCase


@tagged("post_install", "-at_install", "corporate_neighbours")
class TestNeighbours(CorporateClientCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # An Odoo salesperson on "Own Documents" without a corporate role: the
        # profile sales_team_security narrows to their own partners.
        cls.own_seller = new_test_user(
            cls.env,
            login="cc_own_seller",
            name="Own Seller",
            groups="base.group_user,sales_team.group_sale_salesman",
            email="cc_own_seller@example.com",
            tz="Asia/Jakarta",
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Cement 50 kg", "list_price": 100.0, "type": "consu"}
        )

    def test_client_partners_stay_readable_by_salespeople(self):
        """Team visibility: the partner of a client card and its contacts are read
        (and quoted) by a salesperson who neither manages nor follows them."""
        for user in (self.own_seller, self.manager_b, self.manager_c):
            with self.subTest(user=user.login):
                partner = self.client_a.partner_id.with_user(user)
                self.assertEqual(partner.read(["name"])[0]["name"], "Alpha Industries")
                self.assertEqual(partner.child_ids.mapped("name"), ["Director of Alpha Industries"])
                order = (
                    self.env["sale.order"]
                    .with_user(user)
                    .create(
                        {
                            "partner_id": partner.id,
                            "order_line": [Command.create({"product_id": self.product.id})],
                        }
                    )
                )
                self.assertEqual(order.partner_id, self.client_a.partner_id)
        # The card itself stays confidential.
        Card = self.env["corporate.client"]
        self.assertFalse(Card.with_user(self.manager_b).search([("id", "=", self.client_a.id)]))

    def test_company_name_is_never_split(self):
        """A card's partner is a company from its creation: its name stays whole."""
        card = self.create_client("Delta Paper Supplies", self.manager_a)
        self.assertTrue(card.partner_id.is_company)
        self.assertEqual(card.partner_id.name, "Delta Paper Supplies")
        card.with_user(self.manager_a).name = "Delta Paper Supplies Tbk"
        self.assertEqual(card.partner_id.name, "Delta Paper Supplies Tbk")
        self.assertTrue(card.partner_id.is_company)

    def test_no_note_when_another_module_stops_the_confirmation(self):
        """A module that stops the confirmation (sale_financial_risk's wizard) leaves
        no "Confirmed despite…" note: it is posted once the order is confirmed."""
        self.company.write(
            {"corporate_contract_check": "warn", "corporate_risky_approval_mode": "off"}
        )
        order = (
            self.env["sale.order"]
            .with_user(self.manager_a)
            .create(
                {
                    "partner_id": self.client_a.partner_id.id,
                    "order_line": [Command.create({"product_id": self.product.id})],
                }
            )
        )

        def notes():
            return order.sudo().message_ids.filtered(
                lambda m: "Confirmed despite" in (m.body or "")
            )

        wizard = {"type": "ir.actions.act_window", "res_model": "sale.order", "target": "new"}
        with patch.object(SaleOrder, "action_confirm", lambda self: wizard):
            self.assertEqual(order.action_confirm(), wizard)
        self.assertEqual(order.state, "draft")
        self.assertFalse(notes())
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertTrue(notes())
