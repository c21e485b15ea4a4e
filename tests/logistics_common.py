from datetime import timedelta

from odoo import Command, fields

from .common import CorporateClientCase


class LogisticsCase(CorporateClientCase):
    """Stock world of the out-of-stock and supply request tests (R26-R28).

    The main warehouse holds 10 boxes of ``paper`` (whose analog is
    ``paper_alt``, 70 in stock); ``toner`` has no stock; ``install`` is a
    service.  Alpha Industries (manager A) has a decision maker and a supply
    approver, and a pricelist selling ``paper_alt`` at 33.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.stock_location = cls.warehouse.lot_stock_id
        cls.supplier_location = cls.env.ref("stock.stock_location_suppliers")
        cls.customer_location = cls.env.ref("stock.stock_location_customers")
        Product = cls.env["product.product"]
        cls.paper = Product.create(
            {"name": "Copy paper 80 g", "is_storable": True, "list_price": 45.0}
        )
        cls.paper_alt = Product.create(
            {"name": "Copy paper 75 g", "is_storable": True, "list_price": 40.0}
        )
        cls.toner = Product.create({"name": "Toner", "is_storable": True, "list_price": 80.0})
        cls.install = Product.create(
            {"name": "Printer installation", "type": "service", "list_price": 100.0}
        )
        cls.paper.product_tmpl_id.corporate_analog_ids = [
            Command.link(cls.paper_alt.product_tmpl_id.id)
        ]
        cls.set_stock(cls.paper, 10)
        cls.set_stock(cls.paper_alt, 70)

        cls.dm_a = cls.add_decision_maker(cls.client_a)
        cls.approver_a = cls.env["res.partner"].create(
            {
                "name": "Supply Approver of Alpha",
                "parent_id": cls.client_a.partner_id.id,
                "email": "supplies@alpha.example.com",
            }
        )
        cls.env["corporate.client.contact"].create(
            {
                "client_id": cls.client_a.id,
                "contact_id": cls.approver_a.id,
                "role": "supply_approver",
            }
        )
        cls.pricelist = cls.env["product.pricelist"].create(
            {
                "name": "Alpha prices",
                "item_ids": [
                    Command.create(
                        {
                            "applied_on": "0_product_variant",
                            "product_id": cls.paper_alt.id,
                            "compute_price": "fixed",
                            "fixed_price": 33.0,
                        }
                    )
                ],
            }
        )
        cls.client_a.partner_id.property_product_pricelist = cls.pricelist
        cls.company.corporate_logistics_user_id = cls.logistics
        cls.today = cls.local_today(cls.manager_a)

    @classmethod
    def set_stock(cls, product, qty, location=None):
        cls.env["stock.quant"]._update_available_quantity(
            product, location or cls.stock_location, qty
        )

    def incoming(self, product, qty, days, source=None, dest=None, confirm=True):
        """An incoming move of ``qty`` scheduled in ``days`` days, in a receipt of its own.

        With ``source`` (a location inside the warehouse), a bare internal move
        without operation type, so that it reserves nothing.
        """
        date = fields.Datetime.now() + timedelta(days=days)
        move_vals = {
            "name": product.name,
            "product_id": product.id,
            "product_uom_qty": qty,
            "product_uom": product.uom_id.id,
            "location_id": (source or self.supplier_location).id,
            "location_dest_id": (dest or self.stock_location).id,
            "date": date,
        }
        if source:
            move = self.env["stock.move"].create(move_vals)
        else:
            picking = self.env["stock.picking"].create(
                {
                    "picking_type_id": self.warehouse.in_type_id.id,
                    "location_id": move_vals["location_id"],
                    "location_dest_id": move_vals["location_dest_id"],
                    "scheduled_date": date,
                    "move_ids": [Command.create(move_vals)],
                }
            )
            move = picking.move_ids
        if confirm:
            move._action_confirm()
        self.assertEqual(move.date, date)
        return move

    def receive(self, product, qty, user=None):
        """Goods received in the main warehouse through a validated receipt."""
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.in_type_id.id,
                "location_id": self.supplier_location.id,
                "location_dest_id": self.stock_location.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": product.name,
                            "product_id": product.id,
                            "product_uom_qty": qty,
                            "product_uom": product.uom_id.id,
                            "location_id": self.supplier_location.id,
                            "location_dest_id": self.stock_location.id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        picking.move_ids.quantity = qty
        picking.move_ids.picked = True
        picking.with_user(user or self.logistics).button_validate()
        self.assertEqual(picking.state, "done")
        return picking

    def quotation(self, product=None, qty=60.0, user=None, client=None):
        user = user or self.manager_a
        client = client or self.client_a
        return (
            self.env["sale.order"]
            .with_user(user)
            .create(
                {
                    "partner_id": client.partner_id.id,
                    "order_line": [
                        Command.create(
                            {"product_id": (product or self.paper).id, "product_uom_qty": qty}
                        )
                    ],
                }
            )
        )

    def make_request(self, user=None, client=None, lines=None, **vals):
        user = user or self.manager_a
        client = client or self.client_a
        lines = lines or [(self.paper, 20.0)]
        return (
            self.env["corporate.logistics.request"]
            .with_user(user)
            .create(
                {
                    "client_id": client.id,
                    "line_ids": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "quantity": qty,
                                "date_needed": self.today + timedelta(days=10),
                            }
                        )
                        for product, qty in lines
                    ],
                    **vals,
                }
            )
        )

    def submit(self, request):
        request.clarified = True
        request.action_submit()
        return request
