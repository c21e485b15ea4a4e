from odoo import api, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    @api.returns("mail.message", lambda value: value.id)
    def message_post(self, **kwargs):
        """Log an email offer when a quotation is sent by email (R17).

        "Send by Email" opens the mail composer with ``mark_so_as_sent``; the
        composer posts the message on the order, which is the one place every
        quotation email goes through (the state moves from draft to sent there
        too).  Confirmed orders (order confirmations) are not offers.
        """
        quotations = (
            self.filtered(lambda order: order.state in ("draft", "sent"))
            if self.env.context.get("mark_so_as_sent")
            else self.browse()
        )
        message = super().message_post(**kwargs)
        for order in quotations:
            self.env["corporate.interaction"]._log_automatic(
                order.partner_id,
                {
                    "interaction_type": "email_offer",
                    "sale_order_id": order.id,
                    "note": self.env._(
                        "Quotation %(name)s sent by email (%(amount)s %(currency)s).",
                        name=order.name,
                        amount=order.amount_total,
                        currency=order.currency_id.name,
                    ),
                },
            )
        return message
