from odoo import api, models


class AccountPartialReconcile(models.Model):
    """Every payment, credit note or matching of an invoice goes through here."""

    _inherit = "account.partial.reconcile"

    @api.model_create_multi
    def create(self, vals_list):
        partials = super().create(vals_list)
        (
            partials.debit_move_id.move_id | partials.credit_move_id.move_id
        )._corporate_receivable_changed()
        return partials

    def unlink(self):
        # Work on delete, not a refusal (so not an @api.ondelete): the invoices
        # are known before and refreshed after the matching is gone.
        moves = self.debit_move_id.move_id | self.credit_move_id.move_id
        res = super().unlink()
        moves.exists()._corporate_receivable_changed()
        return res
