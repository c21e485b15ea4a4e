from odoo import api, fields, models
from odoo.tools import float_compare


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    corporate_free_qty = fields.Float(
        string="Free in warehouse",
        compute="_compute_corporate_out_of_stock",
        digits="Product Unit of Measure",
        help="Quantity of the product free (on hand, not reserved) in the order's "
        "warehouse, in the line's unit.",
    )
    corporate_out_of_stock = fields.Boolean(
        string="Out of stock",
        compute="_compute_corporate_out_of_stock",
        help="The quotation asks for more than the warehouse has free.",
    )

    @api.depends("product_id", "product_uom_qty", "product_uom", "warehouse_id", "state")
    def _compute_corporate_out_of_stock(self):
        for line in self:
            line.corporate_free_qty = 0.0
            line.corporate_out_of_stock = False
            product = line.product_id
            if not (product.is_storable and line.warehouse_id and line.product_uom):
                continue
            free = product.with_context(warehouse_id=line.warehouse_id.id).free_qty
            free = product.uom_id._compute_quantity(free, line.product_uom, round=False)
            line.corporate_free_qty = free
            line.corporate_out_of_stock = line.state in ("draft", "sent") and (
                float_compare(
                    line.product_uom_qty, free, precision_rounding=line.product_uom.rounding
                )
                > 0
            )

    def action_corporate_out_of_stock(self):
        """R26-R28: availability date, analogs and supply request for this line."""
        self.ensure_one()
        return self.env["corporate.out.of.stock.wizard"]._open({"sale_line_id": self.id})
