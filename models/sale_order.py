from odoo import api, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    @api.constrains("user_id", "partner_id")
    def _check_corporate_retail_separation(self):
        for order in self:
            order.partner_id.commercial_partner_id._corporate_check_salesperson(order.user_id)
