from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import HttpCase, tagged

from .logistics_common import LogisticsCase


@tagged("post_install", "-at_install")
class TestAvailability(LogisticsCase):
    """R26: free quantity now and the date the demand is covered."""

    def test_available_now(self):
        free, date = self.paper._corporate_availability(self.warehouse, 8)
        self.assertEqual(free, 10)
        self.assertAlmostEqual(date, fields.Datetime.now(), delta=timedelta(minutes=1))

    def test_several_incoming_moves_cumulate(self):
        # Scheduled out of creation order: the date order is what counts.
        late = self.incoming(self.paper, 100, days=15)
        second = self.incoming(self.paper, 40, days=8)
        first = self.incoming(self.paper, 20, days=3)
        cases = [(25, first), (30, first), (31, second), (70, second), (170, late)]
        for demand, move in cases:
            with self.subTest(demand=demand):
                free, date = self.paper._corporate_availability(self.warehouse, demand)
                self.assertEqual(free, 10)
                self.assertEqual(date, move.date)

    def test_partial_availability_is_unknown(self):
        """Incoming moves that cover only part of the demand give no date."""
        self.incoming(self.paper, 20, days=3)
        self.incoming(self.paper, 30, days=6)
        free, date = self.paper._corporate_availability(self.warehouse, 61)
        self.assertEqual(free, 10)
        self.assertFalse(date, "10 free + 50 incoming do not cover 61")
        self.assertFalse(self.toner._corporate_availability(self.warehouse, 1)[1])

    def test_only_real_incoming_moves_count(self):
        wh2 = self.env["stock.warehouse"].create({"name": "Surabaya", "code": "SBY"})
        # A draft move (not confirmed), a move into another warehouse and a transfer
        # inside the warehouse bring nothing to this warehouse.
        self.incoming(self.paper, 500, days=1, confirm=False)
        self.incoming(self.paper, 500, days=1, dest=wh2.lot_stock_id)
        shelf = self.env["stock.location"].create(
            {"name": "Shelf 1", "location_id": self.stock_location.id}
        )
        self.set_stock(self.paper, 5, location=shelf)
        self.incoming(self.paper, 5, days=1, source=shelf)
        free, date = self.paper._corporate_availability(self.warehouse, 40)
        self.assertEqual(free, 15)
        self.assertFalse(date)
        receipt = self.incoming(self.paper, 25, days=4)
        self.assertEqual(self.paper._corporate_availability(self.warehouse, 40)[1], receipt.date)

    def test_reserved_quantity_is_not_free(self):
        order = self.quotation(qty=4)
        order.action_confirm()
        self.assertEqual(order.picking_ids.move_ids.quantity, 4, "4 boxes reserved")
        free, _date = self.paper._corporate_availability(self.warehouse, 6)
        self.assertEqual(free, 6)

    def test_waiting_deliveries_come_first(self):
        """Deliveries already confirmed, reserved or not, take the stock first (R26)."""
        rival = self.quotation(qty=30, client=self.client_b, user=self.env.user)
        rival.action_confirm()  # reserves the 10 on hand, waits for 20 more
        r1 = self.incoming(self.paper, 25, days=3)
        r2 = self.incoming(self.paper, 60, days=8)
        later = self.quotation(qty=30, client=self.client_c, user=self.env.user)
        later.commitment_date = fields.Datetime.now() + timedelta(days=10)
        later.action_confirm()
        forecast = self.paper._corporate_forecast(self.warehouse, 20)
        self.assertEqual(
            (forecast["on_hand"], forecast["free_qty"], forecast["reserved"], forecast["demand"]),
            (10, 0, 10, 50),
        )
        # Stock after each move: -20 (rival now), 5 (r1), 65 (r2), 35 (later order).
        self.assertEqual([level for *_rest, level in forecast["timeline"]], [-20, 5, 65, 35])
        self.assertEqual(forecast["available_now"], 0)
        self.assertEqual(forecast["date"], r2.date, "r1 alone goes to the rival's delivery")
        # 40 would be there on day 8 but the order of day 10 takes 30 of it: unknown.
        self.assertFalse(self.paper._corporate_availability(self.warehouse, 40)[1])
        self.assertEqual(self.paper._corporate_availability(self.warehouse, 35)[1], r2.date)

        order = self.quotation(qty=20)
        action = order.order_line.with_user(self.manager_a).action_corporate_out_of_stock()
        wizard = self.env[action["res_model"]].with_user(self.manager_a).browse(action["res_id"])
        self.assertEqual(
            (wizard.free_qty, wizard.demand_qty, wizard.available_qty, wizard.shortage),
            (0, 50, 0, 20),
        )
        self.assertEqual(
            wizard.available_date, fields.Datetime.context_timestamp(wizard, r2.date).date()
        )
        for document in (rival.picking_ids.name, r1.picking_id.name, r2.picking_id.name):
            self.assertIn(document, wizard.availability_basis)
        # Once confirmed, the order's own delivery is no competing demand.
        order.action_confirm()
        wizard = self.env[action["res_model"]].create({"sale_line_id": order.order_line.id})
        self.assertEqual(wizard.demand_qty, 50)
        self.assertEqual(
            wizard.available_date, fields.Datetime.context_timestamp(wizard, r2.date).date()
        )

    def test_quotation_line_flag(self):
        order = self.quotation(qty=60)
        line = order.order_line
        self.assertEqual(line.corporate_free_qty, 10)
        self.assertTrue(line.corporate_out_of_stock)
        line.product_uom_qty = 10
        self.assertFalse(line.corporate_out_of_stock)
        service_order = self.quotation(product=self.install, qty=5)
        self.assertFalse(service_order.order_line.corporate_out_of_stock)
        order.action_confirm()
        line.product_uom_qty = 12
        self.assertFalse(line.corporate_out_of_stock, "only quotations are flagged")


@tagged("post_install", "-at_install")
class TestOutOfStockWizard(LogisticsCase):
    """R26-R28 from a quotation line, a product and a client card."""

    def open_wizard(self, order):
        action = order.order_line.with_user(self.manager_a).action_corporate_out_of_stock()
        self.assertEqual(action["target"], "new")
        return self.env[action["res_model"]].with_user(self.manager_a).browse(action["res_id"])

    def test_wizard_from_line(self):
        receipt = self.incoming(self.paper, 100, days=5)
        order = self.quotation(qty=60)
        wizard = self.open_wizard(order)
        self.assertEqual(wizard.client_id, self.client_a)
        self.assertEqual(wizard.product_id, self.paper)
        self.assertEqual(wizard.warehouse_id, self.warehouse)
        self.assertEqual((wizard.quantity, wizard.free_qty, wizard.shortage), (60, 10, 50))
        self.assertEqual(
            wizard.available_date, fields.Datetime.context_timestamp(wizard, receipt.date).date()
        )
        self.assertEqual(wizard.contact_id, self.approver_a, "the supply approver first")
        self.assertEqual(wizard.request_qty, 50)
        analog = wizard.analog_line_ids
        self.assertEqual(analog.product_id, self.paper_alt)
        self.assertEqual(analog.free_qty, 70)
        self.assertEqual(analog.price, 33.0, "the client's pricelist price")

    def test_replace_with_analog_at_client_price(self):
        order = self.quotation(qty=60)
        line = order.order_line
        self.assertEqual(line.price_unit, 45.0)
        line.price_unit = 44.0  # a manual price must not survive the product change
        wizard = self.open_wizard(order)
        wizard.analog_line_ids.action_replace()
        self.assertEqual(line.product_id, self.paper_alt)
        self.assertEqual(line.product_uom_qty, 60)
        self.assertEqual(line.price_unit, 33.0)
        self.assertIn("75 g", line.name)
        self.assertIn("replaced by its analog", order.message_ids[:1].body)

    def test_replace_refused_on_confirmed_order(self):
        order = self.quotation(qty=60)
        wizard = self.open_wizard(order)
        order.action_confirm()
        with self.assertRaisesRegex(UserError, "is confirmed"):
            wizard.analog_line_ids.action_replace()

    def test_inform_client_logs_interaction(self):
        receipt = self.incoming(self.paper, 100, days=5)
        order = self.quotation(qty=60)
        wizard = self.open_wizard(order)
        wizard.action_inform_client()
        message = order.message_ids.filtered(lambda m: self.approver_a in m.partner_ids)
        self.assertEqual(len(message), 1)
        self.assertIn("We expect them on", message.body)
        expected = fields.Datetime.context_timestamp(wizard, receipt.date).date()
        self.assertIn(
            expected.strftime("%m/%d/%Y"), message.body, "the expected date is in the email"
        )
        interaction = self.env["corporate.interaction"].search([("sale_order_id", "=", order.id)])
        self.assertEqual(interaction.interaction_type, "other")
        self.assertEqual(interaction.user_id, self.manager_a)
        self.assertEqual(interaction.contact_id, self.approver_a)
        self.assertIn("Out of stock", interaction.note)
        self.assertTrue(self.client_a.last_contact_date)

    def test_inform_client_unknown_date(self):
        order = self.quotation(product=self.toner, qty=5)
        wizard = self.open_wizard(order)
        self.assertFalse(wizard.available_date)
        self.assertIn("Unknown", wizard.availability)
        wizard.action_inform_client()
        self.assertIn("do not know yet", order.message_ids[:1].body)

    def test_inform_client_needs_an_email(self):
        order = self.quotation(qty=60)
        wizard = self.open_wizard(order)
        wizard.contact_id = self.dm_a.contact_id
        self.dm_a.contact_id.email = False
        with self.assertRaisesRegex(UserError, "no email address"):
            wizard.action_inform_client()

    def test_create_request_from_line(self):
        order = self.quotation(qty=60)
        wizard = self.open_wizard(order)
        action = wizard.action_create_request()
        request = self.env["corporate.logistics.request"].browse(action["res_id"])
        self.assertEqual(request.state, "draft")
        self.assertEqual(request.client_id, self.client_a)
        self.assertEqual(request.partner_id, self.client_a.partner_id)
        self.assertEqual(request.contact_id, self.approver_a)
        self.assertEqual(request.sale_order_id, order)
        self.assertEqual(request.user_id, self.manager_a)
        self.assertEqual(request.logistics_user_id, self.logistics, "company default")
        self.assertEqual(request.line_ids.product_id, self.paper)
        self.assertEqual(request.line_ids.quantity, 50)

    def test_wizard_from_product_and_card(self):
        Wizard = self.env["corporate.out.of.stock.wizard"].with_user(self.manager_a)
        action = self.paper.product_tmpl_id.with_user(
            self.manager_a
        ).action_corporate_out_of_stock()
        wizard = Wizard.browse(action["res_id"])
        self.assertEqual(wizard.product_id, self.paper)
        self.assertFalse(wizard.client_id)
        with self.assertRaisesRegex(UserError, "Choose the client card"):
            wizard.action_create_request()
        action = self.client_a.with_user(self.manager_a).action_corporate_out_of_stock()
        wizard = Wizard.browse(action["res_id"])
        self.assertEqual(wizard.client_id, self.client_a)
        self.assertEqual(wizard.contact_id, self.approver_a)
        wizard.write({"product_id": self.paper.id, "quantity": 25})
        self.assertEqual((wizard.free_qty, wizard.shortage), (10, 15))
        self.assertEqual(wizard.analog_line_ids.price, 33.0)
        with self.assertRaisesRegex(UserError, "Only a quotation line"):
            wizard.analog_line_ids.action_replace()
        action = wizard.action_create_request()
        request = self.env["corporate.logistics.request"].browse(action["res_id"])
        self.assertEqual(request.line_ids.quantity, 15)
        self.assertFalse(request.sale_order_id)


@tagged("post_install", "-at_install")
class TestAnalogs(LogisticsCase):
    """R27: the analog relation is symmetric."""

    def test_symmetric(self):
        paper, alt, toner = (p.product_tmpl_id for p in (self.paper, self.paper_alt, self.toner))
        self.assertEqual(alt.corporate_analog_ids, paper)
        alt.corporate_analog_ids = [Command.link(toner.id)]
        self.assertEqual(toner.corporate_analog_ids, alt)
        self.assertEqual(paper.corporate_analog_ids, alt)
        alt.corporate_analog_ids = [Command.set(toner.ids)]
        self.assertFalse(paper.corporate_analog_ids, "unlinking mirrors too")
        self.assertEqual(toner.corporate_analog_ids, alt)
        new = self.env["product.template"].create(
            {"name": "Paper 90 g", "corporate_analog_ids": [Command.link(paper.id)]}
        )
        self.assertEqual(paper.corporate_analog_ids, new)

    def test_not_its_own_analog(self):
        paper = self.paper.product_tmpl_id
        with self.assertRaisesRegex(ValidationError, "analog of itself"):
            paper.corporate_analog_ids = [Command.link(paper.id)]


@tagged("post_install", "-at_install")
class TestOutOfStockTour(HttpCase, LogisticsCase):
    def test_quotation_line_to_submitted_request(self):
        self.incoming(self.paper, 100, days=5)
        order = self.quotation(qty=60)
        self.start_tour(
            f"/odoo/sales/{order.id}", "corporate_client_out_of_stock", login="cc_manager_a"
        )
        request = self.env["corporate.logistics.request"].search([("sale_order_id", "=", order.id)])
        self.assertEqual(request.state, "submitted")
        self.assertTrue(request.clarified)
        self.assertEqual(request.line_ids.quantity, 50)
        self.assertTrue(
            request.activity_ids.filtered(lambda a: a.user_id == self.logistics),
            "the logistics manager has an activity",
        )
