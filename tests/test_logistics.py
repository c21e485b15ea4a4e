from datetime import timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .logistics_common import LogisticsCase


@tagged("post_install", "-at_install")
class TestSupplyRequest(LogisticsCase):
    """R28: supply requests from account managers to logistics."""

    def test_defaults(self):
        request = self.make_request()
        self.assertTrue(request.name.startswith("SR/"))
        self.assertEqual(request.partner_id, self.client_a.partner_id)
        self.assertEqual(request.contact_id, self.approver_a, "supply approver first")
        self.assertEqual(request.user_id, self.manager_a)
        self.assertEqual(request.team_id, self.team_north)
        self.assertEqual(request.logistics_user_id, self.logistics)
        self.assertEqual(request.warehouse_id, self.warehouse)
        self.assertEqual(request.line_ids.product_uom_id, self.paper.uom_id)
        self.assertEqual(request.line_ids.free_qty, 10)
        other = self.make_request(user=self.manager_b, client=self.client_b)
        self.assertFalse(other.contact_id, "Beta has no decision maker")
        dm_b = self.add_decision_maker(self.client_b)
        self.assertEqual(
            self.make_request(user=self.manager_b, client=self.client_b).contact_id, dm_b.contact_id
        )

    def test_submit(self):
        specialist = self.env["res.users"].create(
            {"name": "Production Pro", "login": "cc_production", "email": "pro@example.com"}
        )
        group = self.env["res.groups"].create(
            {"name": "Production specialists", "users": [Command.link(specialist.id)]}
        )
        self.company.corporate_production_group_id = group
        request = self.make_request(involve_production=True)
        with self.assertRaisesRegex(UserError, "tick 'Details clarified with the buyer'"):
            request.action_submit()
        self.submit(request)
        self.assertEqual(request.state, "submitted")
        self.assertTrue(request.date_submitted)
        activity = request.activity_ids
        self.assertEqual(activity.user_id, self.logistics)
        self.assertEqual(
            activity.activity_type_id,
            self.env.ref("corporate_client.mail_activity_type_supply_request"),
        )
        self.assertEqual(activity.date_deadline, self.today + timedelta(days=10))
        followers = request.message_partner_ids
        self.assertIn(self.logistics.partner_id, followers)
        self.assertIn(specialist.partner_id, followers, "production specialists involved")
        with self.assertRaisesRegex(UserError, "cannot be submitted"):
            request.action_submit()

    def test_workflow(self):
        request = self.submit(self.make_request())
        as_logistics = request.with_user(self.logistics)
        as_logistics.action_start()
        self.assertEqual(request.state, "in_progress")
        with self.assertRaisesRegex(UserError, "reason"):
            as_logistics.action_refuse()
        as_logistics.refusal_reason = "Supplier discontinued the product"
        as_logistics.action_refuse()
        self.assertEqual(request.state, "refused")
        self.assertFalse(request.activity_ids)
        request.action_draft()
        self.assertEqual((request.state, request.clarified), ("draft", False))
        self.submit(request)
        request.action_cancel()
        self.assertEqual(request.state, "cancelled")
        self.assertFalse(request.activity_ids)
        request.unlink()

    def test_roles_in_the_workflow(self):
        request = self.make_request()
        with self.assertRaisesRegex(UserError, "Only account managers can submit"):
            request.with_user(self.logistics).write({"clarified": True})
            request.with_user(self.logistics).action_submit()
        self.submit(request)
        with self.assertRaisesRegex(UserError, "Only logistics users can procure"):
            request.action_procure()
        with self.assertRaises(AccessError):  # logistics users delete no request at all
            request.with_user(self.logistics).unlink()
        with self.assertRaisesRegex(UserError, "Only draft or cancelled"):
            request.unlink()


@tagged("post_install", "-at_install")
class TestBadInput(LogisticsCase):
    """Each bad input gets a clear error."""

    def test_quantity_must_be_positive(self):
        for qty in (0, -5):
            with self.subTest(qty=qty), self.assertRaisesRegex(ValidationError, "must be positive"):
                self.make_request(lines=[(self.paper, qty)])
        request = self.make_request()
        with self.assertRaisesRegex(ValidationError, "must be positive"):
            request.line_ids.quantity = 0

    def test_needed_by_date_in_the_past(self):
        request = self.make_request()
        with self.assertRaisesRegex(ValidationError, "in the past"):
            request.line_ids.date_needed = self.today - timedelta(days=1)
        request.line_ids.date_needed = self.today  # today is fine

    def test_request_without_lines(self):
        request = (
            self.env["corporate.logistics.request"]
            .with_user(self.manager_a)
            .create({"client_id": self.client_a.id, "clarified": True})
        )
        with self.assertRaisesRegex(UserError, "has no products"):
            request.action_submit()

    def test_procuring_a_service(self):
        request = self.submit(self.make_request(lines=[(self.paper, 5), (self.install, 1)]))
        with self.assertRaisesRegex(UserError, "Printer installation cannot be procured"):
            request.with_user(self.logistics).action_procure()
        self.assertFalse(request.line_ids.filtered("procured"))


@tagged("post_install", "-at_install")
class TestProcurement(LogisticsCase):
    """R28: "Procure" runs Odoo's procurement; the warehouse routes decide."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.wh2 = cls.env["stock.warehouse"].create({"name": "Surabaya", "code": "SBY"})
        cls.warehouse.resupply_wh_ids = [Command.link(cls.wh2.id)]
        cls.resupply_route = cls.env["stock.route"].search(
            [("supplied_wh_id", "=", cls.warehouse.id), ("supplier_wh_id", "=", cls.wh2.id)]
        )
        cls.set_stock(cls.toner, 40, location=cls.wh2.lot_stock_id)

    def test_warehouse_reception_route(self):
        """With the warehouse's own routes only, the supply is a receipt from vendors
        (an RFQ instead once Purchase is installed and the product is bought)."""
        request = self.submit(self.make_request(lines=[(self.toner, 15)]))
        request.with_user(self.logistics).action_procure()
        move = request.procurement_group_id.stock_move_ids
        self.assertEqual(move.product_id, self.toner)
        self.assertEqual(move.product_uom_qty, 15)
        self.assertEqual(move.location_id, self.supplier_location)
        self.assertEqual(move.location_dest_id, self.stock_location)
        self.assertEqual(move.picking_id.picking_type_id, self.warehouse.in_type_id)
        self.assertEqual(move.date.date(), request.line_ids.date_needed)
        self.assertEqual(request.picking_count, 1)

    def test_resupply_route_creates_the_transfers(self):
        """The product is resupplied from Surabaya: procurement makes both transfers."""
        self.assertEqual(len(self.resupply_route), 1)
        self.toner.route_ids = [Command.link(self.resupply_route.id)]
        request = self.submit(self.make_request(lines=[(self.toner, 15)]))
        request.with_user(self.logistics).action_procure()
        self.assertEqual(request.state, "in_progress")
        self.assertTrue(request.line_ids.procured)
        self.assertFalse(request.activity_ids, "the logistics activity is done")
        moves = request.procurement_group_id.stock_move_ids
        incoming = moves.filtered(lambda m: m.location_dest_id == self.stock_location)
        self.assertEqual(incoming.product_id, self.toner)
        self.assertEqual(incoming.product_uom_qty, 15)
        self.assertEqual(incoming.location_id.usage, "transit")
        outgoing = moves.filtered(lambda m: m.location_id == self.wh2.lot_stock_id)
        self.assertEqual(outgoing.product_uom_qty, 15)
        self.assertEqual(request.picking_count, 2)
        self.assertIn(incoming.picking_id.name, request.message_ids[:1].body)
        # The transfer's scheduled date now answers "when will it be available?"
        free, date = self.toner._corporate_availability(self.warehouse, 15)
        self.assertEqual((free, date), (0, incoming.date))
        with self.assertRaisesRegex(UserError, "already procured"):
            request.with_user(self.logistics).action_procure()

    def test_route_chosen_on_the_line(self):
        request = self.submit(self.make_request(lines=[(self.toner, 15)]))
        request.line_ids.with_user(self.logistics).route_id = self.resupply_route
        request.with_user(self.logistics).action_procure()
        self.assertEqual(request.picking_count, 2)


@tagged("post_install", "-at_install")
class TestBackInStock(LogisticsCase):
    """R26: received goods that cover a request tell the account manager."""

    def test_receipt_covering_the_request(self):
        first = self.submit(self.make_request(lines=[(self.paper, 20)]))
        second = self.submit(self.make_request(lines=[(self.paper, 10)]))
        self.receive(self.paper, 5)
        self.assertFalse(first.line_ids.back_in_stock, "15 free do not cover 20")
        self.receive(self.paper, 10)
        self.assertTrue(first.line_ids.back_in_stock, "25 free cover the first request")
        self.assertTrue(first.back_in_stock)
        self.assertFalse(second.line_ids.back_in_stock, "5 left do not cover the second")
        activity = first.activity_ids.filtered(
            lambda a: a.activity_type_id
            == self.env.ref("corporate_client.mail_activity_type_back_in_stock")
        )
        self.assertEqual(activity.user_id, self.manager_a)
        self.assertIn("Back in stock", first.message_ids[:1].body)
        self.assertFalse(
            first.message_ids.filtered(lambda m: self.approver_a in m.partner_ids),
            "no email to the client unless configured",
        )
        self.receive(self.paper, 5)
        self.assertTrue(second.line_ids.back_in_stock)

    def test_automatic_email_to_client(self):
        self.company.corporate_back_in_stock_email = True
        request = self.submit(self.make_request(lines=[(self.paper, 20)]))
        self.receive(self.paper, 10)
        message = request.message_ids.filtered(lambda m: self.approver_a in m.partner_ids)
        self.assertEqual(len(message), 1)
        self.assertIn("available again", message.body)
        self.assertEqual(message.author_id, self.manager_a.partner_id)

    def test_draft_and_closed_requests_are_ignored(self):
        draft = self.make_request(lines=[(self.paper, 5)])
        done = self.submit(self.make_request(lines=[(self.paper, 5)]))
        done.with_user(self.logistics).action_done()
        self.receive(self.paper, 10)
        self.assertFalse((draft | done).line_ids.filtered("back_in_stock"))


@tagged("post_install", "-at_install")
class TestLogisticsAccess(LogisticsCase):
    """R15: who sees which supply request, and logistics never sees the cards."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Request = cls.env["corporate.logistics.request"]
        cls.req_a = Request.with_user(cls.manager_a).create(
            {
                "client_id": cls.client_a.id,
                "line_ids": [Command.create({"product_id": cls.paper.id, "quantity": 5})],
            }
        )
        cls.req_b = Request.with_user(cls.manager_b).create(
            {
                "client_id": cls.client_b.id,
                "line_ids": [Command.create({"product_id": cls.paper.id, "quantity": 5})],
            }
        )
        cls.req_c = Request.with_user(cls.manager_c).create(
            {
                "client_id": cls.client_c.id,
                "line_ids": [Command.create({"product_id": cls.toner.id, "quantity": 5})],
            }
        )
        cls.all_requests = cls.req_a | cls.req_b | cls.req_c

    def visible(self, user):
        return (
            self.env["corporate.logistics.request"]
            .with_user(user)
            .search([("id", "in", self.all_requests.ids)])
        )

    def test_visibility_per_role(self):
        self.assertEqual(self.visible(self.manager_a), self.req_a)
        self.assertEqual(self.visible(self.manager_c), self.req_c)
        self.assertEqual(self.visible(self.head_north), self.req_a | self.req_b)
        self.assertEqual(self.visible(self.head_south), self.req_c)
        self.assertEqual(self.visible(self.director), self.all_requests)
        self.assertEqual(self.visible(self.logistics), self.all_requests)
        with self.assertRaises(AccessError):
            self.req_c.with_user(self.manager_a).read(["name"])
        with self.assertRaises(AccessError):
            self.req_c.line_ids.with_user(self.manager_a).read(["quantity"])
        for user in (self.accountant, self.employee):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.visible(user)

    def test_card_smart_button(self):
        card = self.client_a.with_user(self.manager_a)
        self.assertEqual(card.logistics_request_count, 1)
        action = card.action_view_logistics_requests()
        self.assertEqual(
            self.env["corporate.logistics.request"]
            .with_user(self.manager_a)
            .search(action["domain"]),
            self.req_a,
        )
        # Accountants read cards but not supply requests: the count is not theirs.
        self.assertNotIn(
            "logistics_request_count",
            self.env["corporate.client"].with_user(self.accountant).fields_get(),
        )

    def test_substitute_sees_absent_managers_requests(self):
        sub = self.env["corporate.substitution"].create(
            {
                "absent_user_id": self.manager_a.id,
                "substitute_user_id": self.manager_c.id,
                "date_from": self.today,
                "date_to": self.today + timedelta(days=3),
                "order_ref": "ORD-1",
            }
        )
        sub.with_user(self.director).action_confirm()
        self.assertEqual(self.visible(self.manager_c), self.req_a | self.req_c)

    def test_logistics_reads_and_processes_without_the_card(self):
        self.submit(self.req_a)
        request = self.req_a.with_user(self.logistics)
        view = request.get_views([(False, "form"), (False, "list"), (False, "kanban")])
        fields_in_views = set(view["models"]["corporate.logistics.request"]["fields"])
        self.assertNotIn("client_id", fields_in_views, "the card link is hidden from logistics")
        values = request.read(sorted(fields_in_views))[0]
        self.assertEqual(values["partner_id"][1], "Alpha Industries")
        self.assertEqual(values["contact_id"][1], "Alpha Industries, Supply Approver of Alpha")
        self.assertEqual(values["user_id"][0], self.manager_a.id)
        line_fields = set(view["models"]["corporate.logistics.request.line"]["fields"])
        request.line_ids.read(sorted(line_fields))
        request.message_post(body="Stock count planned tomorrow")
        request.action_start()
        request.refusal_reason = "Cannot source it"
        request.action_refuse()
        self.assertEqual(self.req_a.state, "refused")
        with self.assertRaises(AccessError):
            self.client_a.with_user(self.logistics).read(["name"])
        with self.assertRaises(AccessError):
            request.read(["client_id"])
        with self.assertRaises(AccessError):
            request.create({"client_id": self.client_a.id})
