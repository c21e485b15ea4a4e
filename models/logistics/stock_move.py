from odoo import models


class StockMove(models.Model):
    _inherit = "stock.move"

    def _action_done(self, cancel_backorder=False):
        """R26: goods entering a warehouse may put requested products back in stock."""
        moves = super()._action_done(cancel_backorder=cancel_backorder)
        incoming = moves.filtered(
            lambda move: move.state == "done"
            and move.location_dest_id.usage == "internal"
            and move.location_dest_id.warehouse_id != move.location_id.warehouse_id
        )
        if incoming:
            self.env["corporate.logistics.request.line"]._corporate_check_back_in_stock(
                incoming.product_id
            )
        return moves
