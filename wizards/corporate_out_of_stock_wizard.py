from datetime import timedelta

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_repr, float_round, format_date


class CorporateOutOfStockWizard(models.TransientModel):
    """Out of stock (R26-R28): when the goods come, analogs, supply request.

    Opened from a quotation line (everything known), from a product (the
    manager picks the client) or from a client card (the manager picks the
    product and the quantity).
    """

    _name = "corporate.out.of.stock.wizard"
    _description = "Out of Stock"

    sale_line_id = fields.Many2one("sale.order.line", string="Quotation line", readonly=True)
    order_id = fields.Many2one(related="sale_line_id.order_id", string="Quotation")
    client_id = fields.Many2one(
        "corporate.client",
        string="Client card",
        compute="_compute_client_id",
        store=True,
        readonly=False,
    )
    partner_id = fields.Many2one(
        "res.partner", string="Client", compute="_compute_partner_id", store=True
    )
    contact_id = fields.Many2one(
        "res.partner",
        string="Tell",
        compute="_compute_contact_id",
        store=True,
        readonly=False,
        domain="['|', ('id', '=', partner_id), ('parent_id', '=', partner_id)]",
        help="The person of the client informed by email.",
    )
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)
    product_id = fields.Many2one(
        "product.product",
        compute="_compute_product_id",
        store=True,
        readonly=False,
        domain="[('is_storable', '=', True)]",
    )
    uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    warehouse_id = fields.Many2one(
        "stock.warehouse",
        compute="_compute_warehouse_id",
        store=True,
        readonly=False,
        domain="[('company_id', '=', company_id)]",
    )
    quantity = fields.Float(
        string="Quantity wanted",
        compute="_compute_quantity",
        store=True,
        readonly=False,
        digits="Product Unit of Measure",
        help="In the product's unit.",
    )
    free_qty = fields.Float(
        string="Free now",
        compute="_compute_availability",
        digits="Product Unit of Measure",
        help="On hand in the warehouse and not reserved for a delivery.",
    )
    demand_qty = fields.Float(
        string="Waiting deliveries",
        compute="_compute_availability",
        digits="Product Unit of Measure",
        help="Quantity that confirmed deliveries of other orders still need and have "
        "not reserved yet: it goes to them first.",
    )
    available_qty = fields.Float(
        string="Free for this order",
        compute="_compute_availability",
        digits="Product Unit of Measure",
        help="What can be promised today without taking goods from deliveries already "
        "confirmed, now or later (Odoo's forecast).",
    )
    shortage = fields.Float(
        string="Missing", compute="_compute_availability", digits="Product Unit of Measure"
    )
    available_date = fields.Date(
        string="Available on",
        compute="_compute_availability",
        help="From when the forecast stock (on hand + incoming - outgoing moves by "
        "scheduled date) covers the quantity wanted and keeps covering it.",
    )
    availability = fields.Char(compute="_compute_availability")
    availability_basis = fields.Html(
        string="Based on",
        compute="_compute_availability",
        sanitize=False,
        help="The stock moves of the forecast, by scheduled date, with the stock after each.",
    )
    pricelist_id = fields.Many2one("product.pricelist", compute="_compute_pricelist_id")
    analog_line_ids = fields.One2many(
        "corporate.out.of.stock.analog",
        "wizard_id",
        string="Analogs",
        compute="_compute_analog_line_ids",
        store=True,
        readonly=False,
    )
    request_qty = fields.Float(
        string="Quantity to request",
        compute="_compute_request_qty",
        store=True,
        readonly=False,
        digits="Product Unit of Measure",
    )
    date_needed = fields.Date(
        string="Needed by",
        compute="_compute_date_needed",
        store=True,
        readonly=False,
    )

    # ------------------------------------------------------------------ opening
    @api.model
    def _open(self, vals):
        wizard = self.create(vals)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Out of stock"),
            "res_model": self._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

    # ------------------------------------------------------------------ computes
    # One compute per field: a value given at creation protects every field of
    # its compute method, and the wizard is opened with some of them given.
    @api.depends("sale_line_id")
    def _compute_product_id(self):
        for wizard in self:
            wizard.product_id = wizard.sale_line_id.product_id or wizard.product_id

    @api.depends("sale_line_id")
    def _compute_warehouse_id(self):
        default = self.env["stock.warehouse"].search(
            [("company_id", "=", self.env.company.id)], limit=1
        )
        for wizard in self:
            line = wizard.sale_line_id
            wizard.warehouse_id = (
                line.warehouse_id or line.order_id.warehouse_id or wizard.warehouse_id or default
            )

    @api.depends("sale_line_id")
    def _compute_quantity(self):
        for wizard in self:
            line = wizard.sale_line_id
            if line:
                wizard.quantity = line.product_uom._compute_quantity(
                    line.product_uom_qty, line.product_id.uom_id, round=False
                )
            else:
                wizard.quantity = wizard.quantity or 1.0

    @api.depends("sale_line_id")
    def _compute_date_needed(self):
        today = fields.Date.context_today(self)
        for wizard in self:
            commitment = wizard.sale_line_id.order_id.commitment_date
            committed = commitment and fields.Date.context_today(wizard, commitment)
            wizard.date_needed = (
                (committed if committed and committed >= today else False)
                or wizard.date_needed
                or today + timedelta(days=7)
            )

    @api.depends("sale_line_id")
    def _compute_client_id(self):
        for wizard in self:
            if wizard.sale_line_id:
                partner = wizard.sale_line_id.order_id.partner_id.commercial_partner_id
                # Only a card the user may see: a colleague's client has none here.
                wizard.client_id = self.env["corporate.client"].search(
                    [("partner_id", "=", partner.id)], limit=1
                )
            else:
                wizard.client_id = wizard.client_id

    @api.depends("client_id", "sale_line_id")
    def _compute_partner_id(self):
        for wizard in self:
            wizard.partner_id = (
                wizard.client_id.partner_id
                or wizard.sale_line_id.order_id.partner_id.commercial_partner_id
            )

    @api.depends("partner_id", "client_id")
    def _compute_contact_id(self):
        for wizard in self:
            person = wizard.client_id._corporate_supply_contact()
            order_partner = wizard.sale_line_id.order_id.partner_id
            wizard.contact_id = (
                person
                or (order_partner if order_partner != wizard.partner_id else False)
                or wizard.partner_id
            )

    @api.depends("product_id", "warehouse_id", "quantity")
    def _compute_availability(self):
        for wizard in self:
            wizard.free_qty = wizard.demand_qty = wizard.available_qty = wizard.shortage = 0.0
            wizard.available_date = False
            wizard.availability = wizard.availability_basis = False
            if not (wizard.product_id and wizard.warehouse_id):
                continue
            forecast = wizard.product_id._corporate_forecast(
                wizard.warehouse_id,
                wizard.quantity,
                exclude_moves=wizard.sale_line_id.move_ids,
            )
            wizard.free_qty = forecast["free_qty"]
            wizard.demand_qty = forecast["demand"]
            wizard.available_qty = forecast["available_now"]
            wizard.shortage = max(wizard.quantity - forecast["available_now"], 0.0)
            wizard.availability_basis = wizard._availability_basis_html(forecast)
            rounding = wizard.product_id.uom_id.rounding
            if (
                float_compare(
                    forecast["available_now"], wizard.quantity, precision_rounding=rounding
                )
                >= 0
            ):
                wizard.available_date = fields.Date.context_today(wizard)
                wizard.availability = self.env._("Available now")
            elif forecast["date"]:
                date = fields.Datetime.context_timestamp(wizard, forecast["date"]).date()
                wizard.available_date = date
                wizard.availability = self.env._("Expected on %s", format_date(self.env, date))
            else:
                wizard.availability = self.env._("Unknown: no incoming supply covers it")

    def _availability_basis_html(self, forecast):
        """What the date is based on: stock now, then each move of the forecast."""
        self.ensure_one()
        digits = self.env["decimal.precision"].precision_get("Product Unit of Measure")

        def qty(value):
            return float_repr(float_round(value, precision_digits=digits), digits)

        intro = self.env._(
            "On hand %(on_hand)s, of which %(reserved)s reserved for deliveries; "
            "deliveries waiting for stock need %(demand)s more.",
            on_hand=qty(forecast["on_hand"]),
            reserved=qty(forecast["reserved"]),
            demand=qty(forecast["demand"]),
        )
        rows = [
            Markup(
                "<tr><td>%s</td><td>%s</td><td class='text-end'></td>"
                "<td class='text-end'>%s</td></tr>"
            )
            % (self.env._("Now"), self.env._("On hand"), qty(forecast["on_hand"]))
        ]
        for date, move, quantity, level in forecast["timeline"]:
            document = move.picking_id.name or move.origin or move.reference or move.name
            rows.append(
                Markup(
                    "<tr><td>%s</td><td>%s</td><td class='text-end'>%s</td>"
                    "<td class='text-end'>%s</td></tr>"
                )
                % (
                    format_date(self.env, fields.Datetime.context_timestamp(self, date).date()),
                    document,
                    ("+" if quantity > 0 else "") + qty(quantity),
                    qty(level),
                )
            )
        head = Markup(
            "<p>%s</p><table class='table table-sm o_corporate_forecast'><thead><tr>"
            "<th>%s</th><th>%s</th><th class='text-end'>%s</th><th class='text-end'>%s</th>"
            "</tr></thead><tbody>"
        ) % (
            intro,
            self.env._("Date"),
            self.env._("Document"),
            self.env._("In / out"),
            self.env._("Stock after"),
        )
        return head + Markup("").join(rows) + Markup("</tbody></table>")

    @api.depends("sale_line_id", "partner_id")
    def _compute_pricelist_id(self):
        for wizard in self:
            wizard.pricelist_id = (
                wizard.sale_line_id.order_id.pricelist_id
                or wizard.partner_id.property_product_pricelist
            )

    @api.depends("shortage")
    def _compute_request_qty(self):
        for wizard in self:
            wizard.request_qty = wizard.shortage

    @api.depends("product_id", "warehouse_id", "quantity", "pricelist_id")
    def _compute_analog_line_ids(self):
        for wizard in self:
            commands = [Command.clear()]
            analogs = wizard.product_id.product_tmpl_id.corporate_analog_ids.product_variant_ids
            for product in analogs.filtered("sale_ok"):
                free, date = (0.0, False)
                if product.is_storable and wizard.warehouse_id:
                    free, date = product._corporate_availability(
                        wizard.warehouse_id, wizard.quantity
                    )
                commands.append(
                    Command.create(
                        {
                            "product_id": product.id,
                            "free_qty": free,
                            "available_date": date
                            and fields.Datetime.context_timestamp(wizard, date).date(),
                            "price": wizard._analog_price(product),
                            "currency_id": (
                                wizard.pricelist_id.currency_id or product.currency_id
                            ).id,
                        }
                    )
                )
            wizard.analog_line_ids = commands

    def _analog_price(self, product):
        """The unit price of ``product`` for this client (its pricelist)."""
        self.ensure_one()
        line = self.sale_line_id
        if not self.pricelist_id:
            return product.lst_price
        uom = (
            line.product_uom
            if line and line.product_uom.category_id == product.uom_id.category_id
            else product.uom_id
        )
        qty = line.product_uom_qty if line else self.quantity
        return self.pricelist_id._get_product_price(
            product,
            qty or 1.0,
            currency=self.pricelist_id.currency_id,
            uom=uom,
            date=line.order_id.date_order or fields.Datetime.now(),
        )

    # ------------------------------------------------------------------ actions
    def _check_ready(self):
        self.ensure_one()
        if not self.product_id:
            raise UserError(self.env._("Choose the product."))
        if float_compare(self.quantity, 0.0, precision_digits=6) <= 0:
            raise UserError(self.env._("The quantity wanted must be positive."))

    def action_inform_client(self):
        """R26: email the client when the product will be available, log the contact."""
        self._check_ready()
        contact = self.contact_id
        if not contact.email:
            raise UserError(
                self.env._(
                    "%s has no email address: add one or choose another person to tell.",
                    contact.display_name or self.env._("The client"),
                )
            )
        template = self.env.ref("corporate_client.mail_template_out_of_stock")
        available_now = float_compare(self.shortage, 0.0, precision_digits=6) <= 0
        values = {
            "product": self.product_id.display_name,
            "quantity": f"{self.quantity:g} {self.uom_id.name}",
            "available_now": available_now,
            "available_date": not available_now and self.available_date,
            "order_name": self.order_id.name or "",
        }
        subject, body = (
            template._render_field(field, contact.ids, compute_lang=True, add_context=values)[
                contact.id
            ]
            for field in ("subject", "body_html")
        )
        document = self.order_id or self.client_id or self.partner_id
        # Logged below as what it is (an out-of-stock notice), not as an email offer.
        document.with_context(corporate_interaction_logged=True).message_post(
            body=Markup(body),
            subject=subject,
            partner_ids=contact.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            email_layout_xmlid="mail.mail_notification_light",
        )
        if self.client_id:
            # Formatted apart: an f-string inside _() stops the term extraction (babel).
            quantity, free = values["quantity"], f"{self.free_qty:g}"
            self.env["corporate.interaction"].create(
                {
                    "client_id": self.client_id.id,
                    "contact_id": contact.id if contact != self.partner_id else False,
                    "interaction_type": "other",
                    "direction": "outgoing",
                    "sale_order_id": self.order_id.id,
                    "note": self.env._(
                        "Out of stock: emailed %(person)s that %(qty)s of %(product)s "
                        "(%(free)s free now) will be available: %(when)s.",
                        person=contact.display_name,
                        qty=quantity,
                        product=self.product_id.display_name,
                        free=free,
                        when=self.availability,
                    ),
                }
            )
        return {"type": "ir.actions.act_window_close"}

    def action_create_request(self):
        """R28: a draft supply request for the missing quantity, opened for completion."""
        self._check_ready()
        if not self.client_id:
            raise UserError(
                self.env._(
                    "Choose the client card: supply requests are made for corporate "
                    "clients (create the card of %s first if it has none).",
                    self.partner_id.display_name or self.env._("this client"),
                )
            )
        if float_compare(self.request_qty, 0.0, precision_digits=6) <= 0:
            raise UserError(self.env._("The quantity to request must be positive."))
        # Formatted apart: an f-string inside _() stops the term extraction (babel).
        wanted, free = f"{self.quantity:g}", f"{self.free_qty:g}"
        note = self.env._(
            "Wanted %(qty)s, free %(free)s, availability: %(when)s",
            qty=wanted,
            free=free,
            when=self.availability,
        )
        vals = {
            "client_id": self.client_id.id,
            "sale_order_id": self.order_id.id,
            "warehouse_id": self.warehouse_id.id,
            "line_ids": [
                Command.create(
                    {
                        "product_id": self.product_id.id,
                        "product_uom_id": self.uom_id.id,
                        "quantity": self.request_qty,
                        "date_needed": self.date_needed,
                        "note": note,
                    }
                )
            ],
        }
        if self.contact_id and self.contact_id != self.partner_id:
            vals["contact_id"] = self.contact_id.id  # else the card's supply approver
        request = self.env["corporate.logistics.request"].create(vals)
        return {
            "type": "ir.actions.act_window",
            "res_model": request._name,
            "res_id": request.id,
            "view_mode": "form",
            "target": "current",
        }


class CorporateOutOfStockAnalog(models.TransientModel):
    _name = "corporate.out.of.stock.analog"
    _description = "Out of Stock: Analog"

    wizard_id = fields.Many2one("corporate.out.of.stock.wizard", required=True, ondelete="cascade")
    product_id = fields.Many2one("product.product", required=True, readonly=True)
    uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    free_qty = fields.Float(string="Free now", digits="Product Unit of Measure", readonly=True)
    available_date = fields.Date(string="Available on", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    price = fields.Monetary(string="Client's price", readonly=True)

    def action_replace(self):
        """R27: the quotation line takes the analog, at the client's price."""
        self.ensure_one()
        line = self.wizard_id.sale_line_id
        if not line:
            raise UserError(self.env._("Only a quotation line can take an analog."))
        if line.order_id.state not in ("draft", "sent"):
            raise UserError(
                self.env._(
                    "%s is confirmed: its products cannot be replaced any more.",
                    line.order_id.name,
                )
            )
        old = line.product_id
        line.product_id = self.product_id
        # As Odoo's "Update prices": the client's pricelist price, even over a manual one.
        line.invalidate_recordset(["pricelist_item_id"])
        line.with_context(force_price_recomputation=True)._compute_price_unit()
        line.discount = 0.0
        line._compute_discount()
        line.order_id.message_post(
            body=self.env._(
                "%(old)s is out of stock: replaced by its analog %(new)s at %(price)s.",
                old=old.display_name,
                new=self.product_id.display_name,
                price=line.price_unit,
            )
        )
        return {"type": "ir.actions.act_window_close"}
