from odoo import api, fields, models


class SaleOrder(models.Model):
    """Email offers (R17): every quotation email to the client counts once a day.

    The rule: a quotation (draft or sent) emailed to its client logs one
    ``email_offer`` interaction per quotation and day (the sender's day, as
    the daily quota counts them), however it left Odoo:

    - *Send by Email* and *Send an email* on one quotation, or a chatter message
      that emails the client: the composer (comment mode) posts the message on
      the order, and the client company or one of its contacts is among the
      partners notified by email;
    - *Send an email* on several quotations from the list: the composer (mass
      mode) creates one email per order, addressed to the client.

    Sending the same quotation again that day logs nothing more; internal notes,
    emails to colleagues only and emails about confirmed orders are no offers,
    nor emails that log an interaction of their own (``corporate_interaction_logged``
    in the context: the out-of-stock notice).
    """

    _inherit = "sale.order"

    @api.returns("mail.message", lambda value: value.id)
    def message_post(self, **kwargs):
        # Before posting: "Send by Email" turns a draft into a sent quotation here.
        quotations = self.filtered(lambda order: order.state in ("draft", "sent"))
        message = super().message_post(**kwargs)
        if (
            quotations
            and message.message_type != "email"  # a reply received is no offer sent
            and not self.env.context.get("corporate_interaction_logged")
        ):
            emailed = (
                message.sudo()
                .notification_ids.filtered(lambda notif: notif.notification_type == "email")
                .res_partner_id
            )
            if self.env.context.get("mark_so_as_sent") or quotations._corporate_client_among(
                emailed
            ):
                quotations._corporate_log_email_offers()
        return message

    def _message_mail_after_hook(self, mails):
        res = super()._message_mail_after_hook(mails)
        quotations = self.browse()
        for mail in mails:
            order = self.browse(mail.res_id) if mail.model == self._name else self.browse()
            if order in self and order.state in ("draft", "sent"):
                if mail.email_to or order._corporate_client_among(mail.recipient_ids):
                    quotations |= order
        quotations._corporate_log_email_offers()
        return res

    def _corporate_client_among(self, partners):
        """Whether ``partners`` include the client company (or a contact) of an order."""
        return bool(
            partners.sudo().commercial_partner_id & self.partner_id.sudo().commercial_partner_id
        )

    def _corporate_log_email_offers(self):
        """One email offer per quotation of ``self`` and the sender's day (R17).

        Only a user's email is an offer: not what the mail gateway or the system
        (superuser) sends.
        """
        user = self.env.user
        if not self or not user._is_internal() or user._is_superuser():
            return
        zone = self.env.user._corporate_zones()[self.env.user.id]
        today = fields.Date.context_today(self)
        start, stop = self.env["corporate.figure"]._utc_bounds(zone, today, today)
        Interaction = self.env["corporate.interaction"]
        logged = (
            Interaction.sudo()
            .search(
                [
                    ("sale_order_id", "in", self.ids),
                    ("interaction_type", "=", "email_offer"),
                    ("date", ">=", start),
                    ("date", "<", stop),
                ]
            )
            .sale_order_id
        )
        for order in self - logged:
            Interaction._log_automatic(
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
