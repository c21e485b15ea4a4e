"""Issue 30: every Odoo salesperson can sell to a carded client; the go-live setting."""

from datetime import timedelta

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from ..hooks import post_init_hook
from .common import CorporateClientCase


@tagged("post_install", "-at_install")
class TestSalespersonFlow(CorporateClientCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plain = new_test_user(
            cls.env,
            login="cc_plain_seller",
            name="Plain Seller",
            groups="base.group_user,sales_team.group_sale_salesman",
            tz="Asia/Jakarta",
        )
        cls.plain.partner_id.email = False
        cls.product = cls.env["product.product"].create(
            {"name": "Cement 50 kg", "list_price": 100.0, "type": "consu"}
        )
        cls.company.write(
            {
                "corporate_contract_check": "none",
                "corporate_credit_check": "none",
                "corporate_separate_retail": False,
            }
        )
        today = cls.local_today() - timedelta(days=30)
        cls.client_a.write(
            {
                "segment": "small",
                "founding_date": today,
                "reliability_manual_score": 1,
                "reliability_assessment_date": today,
            }
        )
        cls.env.invalidate_all()

    def quote(self, user, card=None):
        return (
            self.env["sale.order"]
            .with_user(user)
            .create(
                {
                    "partner_id": (card or self.client_a).partner_id.id,
                    "order_line": [Command.create({"product_id": self.product.id})],
                }
            )
        )

    def test_plain_salesperson_without_email_block_mode(self):
        self.company.corporate_risky_approval_mode = "block"
        self.assertEqual(self.client_a.reliability_class, "risky")
        self.assertFalse(self.plain.email)
        order = self.quote(self.plain)
        self.assertEqual(order.user_id, self.plain)
        self.assertTrue(order.corporate_needs_approval)
        self.assertNotIn("risky", order.corporate_order_warning)
        with self.assertRaisesRegex(UserError, "approval"):
            order.action_confirm()
        order.action_corporate_request_approval()
        self.assertEqual(order.corporate_approval_state, "requested")
        self.assertEqual(order.sudo().activity_ids.user_id, self.head_north)
        order.with_user(self.head_north).action_corporate_approve()
        self.env.invalidate_all()
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_plain_salesperson_notify_mode(self):
        self.company.corporate_risky_approval_mode = "notify"
        order = self.quote(self.plain)
        self.assertFalse(order.corporate_needs_approval)
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        note = order.sudo().message_ids.filtered(
            lambda m: self.head_north.partner_id in m.partner_ids
        )
        self.assertEqual(len(note), 1)
        self.assertIn("risky", note.body)

    def test_off_mode(self):
        self.company.corporate_risky_approval_mode = "off"
        order = self.quote(self.plain)
        self.assertFalse(order.corporate_needs_approval)
        self.assertFalse(order.corporate_order_warning)
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_no_head_falls_back_to_director(self):
        self.company.corporate_risky_approval_mode = "block"
        self.client_a.sudo().team_id = False
        order = self.quote(self.plain)
        order.action_corporate_request_approval()
        activities = order.sudo().activity_ids
        self.assertIn(self.director, activities.user_id)
        self.assertNotIn(self.head_north, activities.user_id)
        self.assertTrue(all("director" in summary for summary in activities.mapped("summary")))
        self.assertIn("director", order.with_user(self.plain).corporate_order_warning)
        with self.assertRaisesRegex(UserError, "Only the client's department head"):
            order.with_user(self.head_north).action_corporate_approve()
        order.with_user(self.director).action_corporate_approve()
        self.assertFalse(order.sudo().activity_ids)
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_separate_retail_refuses_naming_the_manager(self):
        self.company.corporate_separate_retail = True
        with self.assertRaisesRegex(UserError, "Manager A"):
            self.quote(self.plain)

    def test_account_manager_without_email_confirms_with_warning(self):
        self.company.corporate_contract_check = "warn"
        self.company.corporate_risky_approval_mode = "off"
        self.manager_a.partner_id.email = False
        order = self.quote(self.manager_a)
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertTrue(
            order.sudo().message_ids.filtered(lambda m: "Confirmed despite" in (m.body or ""))
        )

    def test_go_live_default_notify_for_a_company_with_orders(self):
        """Installed into a company that already sells: notify, not block."""
        other = self.env["res.company"].create({"name": "New Subsidiary"})
        self.assertEqual(other.corporate_risky_approval_mode, "block")
        self.company.corporate_risky_approval_mode = "block"
        self.env["sale.order"].create({"partner_id": self.retail.id})
        post_init_hook(self.env)
        self.assertEqual(self.company.corporate_risky_approval_mode, "notify")
        self.assertEqual(other.corporate_risky_approval_mode, "block")
        # The old switch still reads and writes the blocking mode.
        self.assertFalse(self.company.corporate_risky_approval)
        self.company.corporate_risky_approval = True
        self.assertEqual(self.company.corporate_risky_approval_mode, "block")
        self.company.corporate_risky_approval = False
        self.assertEqual(self.company.corporate_risky_approval_mode, "off")
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.corporate_risky_approval_mode, "off")
