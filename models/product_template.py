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
        if "corporate_analog_ids" in vals and not self.env.context.get("corporate_mirror_analogs"):
            self._corporate_mirror_analogs()
        return res

    def _corporate_mirror_analogs(self):
        """Keep the analog relation symmetric: B is an analog of A iff A is one of B."""
        Template = self.with_context(corporate_mirror_analogs=True, active_test=False)
        for template in self:
            pointing = Template.search([("corporate_analog_ids", "in", template.ids)])
            wanted = template.with_context(active_test=False).corporate_analog_ids
            for analog in wanted - pointing:
                analog.corporate_analog_ids = [Command.link(template.id)]
            for analog in pointing - wanted:
                analog.corporate_analog_ids = [Command.unlink(template.id)]

    def action_corporate_out_of_stock(self):
        self.ensure_one()
        return self.product_variant_ids[:1].action_corporate_out_of_stock()


class ProductProduct(models.Model):
    _inherit = "product.product"

    def _corporate_availability(self, warehouse, quantity):
        """When ``quantity`` (in the product's unit) is available in ``warehouse`` (R26).

        Returns ``(free_qty, date)``: the quantity free now in the warehouse, and
        the datetime from which the demand is covered: now when the free quantity
        suffices, else the scheduled date of the incoming move (receipt,
        resupply, production) whose quantity, added to the free quantity and
        to the earlier incoming moves, covers it; ``False`` when even all
        incoming moves fall short (unknown date).
        """
        self.ensure_one()
        free = self.with_context(warehouse_id=warehouse.id).free_qty
        rounding = self.uom_id.rounding
        if float_compare(free, quantity, precision_rounding=rounding) >= 0:
            return free, fields.Datetime.now()
        view = warehouse.view_location_id
        moves = self.env["stock.move"].search(
            [
                ("product_id", "=", self.id),
                ("state", "in", ("confirmed", "waiting", "assigned", "partially_available")),
                ("location_dest_id", "child_of", view.id),
            ],
            order="date, id",
        )
        cumulated = free
        for move in moves:
            if move.location_id._child_of(view):
                continue  # an internal transfer inside the warehouse brings nothing new
            cumulated += move.product_qty
            if float_compare(cumulated, quantity, precision_rounding=rounding) >= 0:
                return free, move.date
        return free, False

    def action_corporate_out_of_stock(self):
        """The out-of-stock wizard for this product; the manager picks the client."""
        self.ensure_one()
        return self.env["corporate.out.of.stock.wizard"]._open({"product_id": self.id})
