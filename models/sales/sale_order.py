from odoo import api, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    @api.depends("partner_id")
    def _compute_user_id(self):
        """Keep the author as salesperson when they could not see the order otherwise.

        Odoo takes the client's salesperson: a colleague quoting another
        manager's client (while covering a call, say) would lose the quotation
        they are typing.  So would an ordinary Odoo salesperson (Own Documents
        only) quoting a corporate client, whose salesperson is its account
        manager.  Users who see all documents keep Odoo's behaviour.
        """
        res = super()._compute_user_id()
        user = self.env.user
        if user.has_group("sales_team.group_sale_salesman_all_leads") or not user.has_group(
            "sales_team.group_sale_salesman"
        ):
            return res
        corporate_user = user.has_group("corporate_client.group_account_manager")
        for order in self:
            if order._origin.id or order.user_id == user:
                continue
            if corporate_user or order.partner_id.commercial_partner_id.is_corporate_client:
                order.user_id = user
        return res

    @api.constrains("user_id", "partner_id")
    def _check_corporate_retail_separation(self):
        for order in self:
            order.partner_id.commercial_partner_id._corporate_check_salesperson(
                order.user_id, company=order.company_id
            )
