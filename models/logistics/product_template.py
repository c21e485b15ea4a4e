from odoo import Command, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare


class ProductTemplate(models.Model):
    _inherit = "product.template"

    corporate_analog_ids = fields.Many2many(
        "product.template",
        "corporate_product_analog_rel",
        "template_id",
        "analog_id",
        string="Analogs",
        domain="[('id', '!=', id), ('sale_ok', '=', True)]",
        help="Products that can replace this one when it is out of stock. "
        "The relation is symmetric: this product is listed among its analogs' analogs.",
    )

    @api.constrains("corporate_analog_ids")
    def _check_corporate_analogs(self):
        for template in self:
            if template in template.corporate_analog_ids:
                raise ValidationError(
                    self.env._("%s cannot be an analog of itself.", template.display_name)
                )

    @api.model_create_multi
    def create(self, vals_list):
        templates = super().create(vals_list)
        templates.filtered("corporate_analog_ids")._corporate_mirror_analogs()
        return templates

    def write(self, vals):
        res = super().write(vals)
        if "corporate_analog_ids" in vals:
            self._corporate_mirror_analogs()
        return res

    def _corporate_mirror_analogs(self):
        """Keep the analog relation symmetric: B is an analog of A iff A is one of B."""
        Template = self.with_context(active_test=False)
        for template in self:
            pointing = Template.search([("corporate_analog_ids", "in", template.ids)])
            wanted = template.with_context(active_test=False).corporate_analog_ids
            # Odoo's write, not ours: the mirror of a mirror is the template itself.
            for analog in wanted - pointing:
                super(ProductTemplate, analog).write(
                    {"corporate_analog_ids": [Command.link(template.id)]}
                )
            for analog in pointing - wanted:
                super(ProductTemplate, analog).write(
                    {"corporate_analog_ids": [Command.unlink(template.id)]}
                )
        return True

    def action_corporate_out_of_stock(self):
        self.ensure_one()
        return self.product_variant_ids[:1].action_corporate_out_of_stock()


class ProductProduct(models.Model):
    _inherit = "product.product"

    def _corporate_availability(self, warehouse, quantity, exclude_moves=None):
        """When ``quantity`` (in the product's unit) is available in ``warehouse`` (R26).

        Returns ``(free_qty, date)``: Odoo's free quantity in the warehouse now,
        and the datetime from which the quantity can be promised (see
        ``_corporate_forecast``), ``False`` when unknown.
        """
        forecast = self._corporate_forecast(warehouse, quantity, exclude_moves=exclude_moves)
        return forecast["free_qty"], forecast["date"]

    def _corporate_forecast(self, warehouse, quantity, exclude_moves=None):
        """The stock forecast of the product in ``warehouse``, as Odoo's own.

        The moves are those of Odoo's forecast (``virtual_available``, which the
        quotation line's availability widget reads): not done moves coming into
        or leaving the warehouse (``_get_domain_locations``), each on its
        scheduled date, late ones today. Starting from the quantity on hand,
        the projected level after each move is on hand + incoming - outgoing
        so far: deliveries waiting for stock, reserved or not, take their
        quantity before any new order. ``quantity`` can be promised from the
        first moment after which the level never falls below it again (a
        later delivery already confirmed keeps its goods). ``exclude_moves``:
        the order's own moves, which are no competing demand.

        Returns a dict: ``on_hand``, ``free_qty`` (Odoo's: on hand not
        reserved), ``reserved``, ``demand`` (pending deliveries not reserved
        yet), ``available_now`` (what can be promised today), ``date`` (or
        False) and ``timeline``: [(datetime, move, signed quantity, level)].
        """
        self.ensure_one()
        now = fields.Datetime.now()
        product = self.with_context(warehouse_id=warehouse.id)
        _quant_domain, in_domain, out_domain = product._get_domain_locations()
        todo = [
            ("product_id", "=", self.id),
            ("state", "in", ("waiting", "confirmed", "assigned", "partially_available")),
        ]
        if exclude_moves:
            todo.append(("id", "not in", exclude_moves.ids))
        Move = self.env["stock.move"].sudo()
        incoming = Move.search([*todo, *in_domain], order="date, id")
        outgoing = Move.search([*todo, *out_domain], order="date, id")
        on_hand = product.qty_available
        free_qty = product.free_qty
        reserved = sum(
            move.product_uom._compute_quantity(move.quantity, self.uom_id, round=False)
            for move in outgoing
        )
        demand = sum(outgoing.mapped("product_qty")) - reserved
        events = sorted(
            [(max(move.date, now), move, move.product_qty) for move in incoming]
            + [(max(move.date, now), move, -move.product_qty) for move in outgoing],
            key=lambda event: (event[0], event[2] < 0, event[1].id),
        )
        level = on_hand
        timeline = []
        for date, move, qty in events:
            level += qty
            timeline.append((date, move, qty, level))
        # Level from now on, then after each move: promise from the first point
        # whose level and every later one cover the quantity.
        points = [(now, on_hand)] + [(date, lvl) for date, _move, _qty, lvl in timeline]
        rounding = self.uom_id.rounding
        date = False
        floor = None
        for point_date, point_level in reversed(points):
            floor = point_level if floor is None else min(floor, point_level)
            if float_compare(floor, quantity, precision_rounding=rounding) < 0:
                break
            date = point_date
        available_now = min(level for _date, level in points)
        # Moves of the same moment count together: "now" is the first point at now.
        if date and date <= now:
            date = now
        return {
            "on_hand": on_hand,
            "free_qty": free_qty,
            "reserved": reserved,
            "demand": demand,
            "available_now": max(available_now, 0.0),
            "date": date,
            "timeline": timeline,
        }

    def action_corporate_out_of_stock(self):
        """The out-of-stock wizard for this product; the manager picks the client."""
        self.ensure_one()
        return self.env["corporate.out.of.stock.wizard"]._open({"product_id": self.id})
