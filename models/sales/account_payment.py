from odoo import models


class AccountPayment(models.Model):
    _inherit = "account.payment"

    def write(self, vals):
        res = super().write(vals)
        if "state" in vals:
            # A payment without journal entry (Odoo 18 with the Accounting app,
            # bank journal without outstanding account) reconciles nothing: its
            # invoices change status ("In payment") through its state only.
            self.filtered(lambda pay: not pay.move_id).invoice_ids._corporate_receivable_changed()
        return res
