from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import CorporateClientCase


@tagged("post_install", "-at_install")
class TestInstall(CorporateClientCase):
    """What installing the addon changes in an existing database (README)."""

    def test_pricelist_feature_enabled(self):
        """R8: price types are pricelists, so the feature is on for internal users."""
        pricelist_group = self.env.ref("product.group_product_pricelist")
        self.assertIn(pricelist_group, self.env.ref("base.group_user").implied_ids)
        for user in (self.manager_a, self.accountant, self.employee):
            self.assertTrue(user.has_group("product.group_product_pricelist"), user.login)
        settings = self.env["res.config.settings"].create({})
        self.assertTrue(settings.group_product_pricelist)
        self.assertFalse(settings._onchange_group_sale_pricelist())
        self.assertTrue(
            self.env["product.pricelist"].search_count([("company_id", "in", self.company.ids)])
        )

    def test_admin_is_director(self):
        admin = self.env.ref("base.user_admin")
        self.assertTrue(admin.has_group("corporate_client.group_director"))

    def test_directors_sell_to_both_segments(self):
        """R5 binds account managers and heads; directors (and admin) sell to anyone."""
        self.company.corporate_separate_retail = True
        admin = self.env.ref("base.user_admin")
        for user in (self.director, admin):
            order = self.env["sale.order"].create(
                {"partner_id": self.retail.id, "user_id": user.id}
            )
            self.assertEqual(order.user_id, user)
            self.retail.user_id = user
            self.client_a.user_id = user
            self.assertEqual(self.client_a.partner_id.user_id, user)
        with self.assertRaisesRegex(ValidationError, "retail customer"):
            self.retail.user_id = self.head_north
        with self.assertRaisesRegex(ValidationError, "retail customer"):
            self.retail.user_id = self.manager_a

    def test_order_customer_cleared(self):
        """Clearing or changing an order's customer never trips the R5 check."""
        self.company.corporate_separate_retail = True
        order = self.env["sale.order"].create(
            {"partner_id": self.retail.id, "user_id": self.retail_seller.id}
        )
        # Odoo's blocking-warning onchange empties the customer: the constraint
        # runs at write time, before the order gets a customer again.
        order.partner_id = False
        self.assertFalse(order.partner_id)
        order.write({"partner_id": self.client_a.partner_id.id, "user_id": self.manager_a.id})
        order.flush_recordset()
        self.assertEqual(order.user_id, self.manager_a)
