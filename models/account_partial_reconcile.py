from odoo import api, models


class AccountPartialReconcile(models.Model):
    """Every payment, credit note or matching of an invoice goes through here."""

    _inherit = "account.partial.reconcile"

    @api.model_create_multi
    def create(self, vals_list):
        partials = super().create(vals_list)
        partials._corporate_moves()._corporate_collection_update()
        return partials

    def unlink(self):
        moves = self._corporate_moves()
        res = super().unlink()
        moves.exists()._corporate_collection_update()
        return res

    def _corporate_moves(self):
        """Moves of both sides whose collection the addon follows."""
        return (self.debit_move_id.move_id | self.credit_move_id.move_id).filtered(
            "corporate_collection_stage"
        )
