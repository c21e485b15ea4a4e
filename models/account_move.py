from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import format_amount, format_date


class AccountMove(models.Model):
    """Collection of overdue invoices of corporate clients (R9)."""

    _inherit = "account.move"

    corporate_collection_stage = fields.Selection(
        [("manager", "Account manager asked to collect"), ("head", "Escalated to head")],
        string="Collection",
        copy=False,
        readonly=True,
        index=True,
        help="Set by the daily collection job, so that it never asks twice.",
    )

    @api.model
    def _corporate_cards_by_partner(self, invoices):
        """{commercial partner: client card} of ``invoices``, in one query."""
        cards = (
            self.env["corporate.client"]
            .sudo()
            .search([("partner_id", "in", invoices.commercial_partner_id.ids)])
        )
        return {card.partner_id: card for card in cards}

    @api.model
    def _cron_corporate_collection(self):
        """'Collect payment' activity per overdue invoice; escalation after N days.

        Idempotent: each invoice records how far its collection went.
        """
        today = fields.Date.context_today(self)
        activity_type = self.env.ref("corporate_client.mail_activity_type_collect_payment")
        Card = self.env["corporate.client"].sudo()
        base = [
            ("move_type", "=", "out_invoice"),
            ("state", "=", "posted"),
            ("payment_state", "in", ("not_paid", "partial")),
            ("invoice_date_due", "<", today),
            ("commercial_partner_id.is_corporate_client", "=", True),
        ]
        asked = self.env["account.move"]
        escalated = self.env["account.move"]
        to_ask = self.sudo().search([*base, ("corporate_collection_stage", "=", False)])
        cards = self._corporate_cards_by_partner(to_ask)
        for invoice in to_ask:
            card = cards.get(invoice.commercial_partner_id, Card)
            user = card.user_id or invoice.invoice_user_id
            if not user:
                continue
            # The summary is plain text: write it in the language of whom it is for.
            env = self.with_context(lang=user.lang).env
            card.activity_schedule(
                activity_type_id=activity_type.id,
                date_deadline=today,
                user_id=user.id,
                summary=env._(
                    "Collect payment of %(invoice)s (%(amount)s due %(due)s)",
                    invoice=invoice.name,
                    amount=format_amount(env, invoice.amount_residual, invoice.currency_id),
                    due=format_date(env, invoice.invoice_date_due),
                ),
            )
            asked |= invoice
        asked.write({"corporate_collection_stage": "manager"})
        for company in self.env["res.company"].sudo().search([]):
            limit = today - timedelta(days=company.corporate_collection_escalation_days)
            late = self.sudo().search(
                [
                    *base,
                    ("company_id", "=", company.id),
                    ("corporate_collection_stage", "=", "manager"),
                    ("invoice_date_due", "<", limit),
                ]
            )
            cards = self._corporate_cards_by_partner(late)
            for invoice in late:
                card = cards.get(invoice.commercial_partner_id, Card)
                head = card.team_id.user_id
                if not head:
                    continue
                env = self.with_context(lang=head.lang).env
                card.activity_schedule(
                    activity_type_id=activity_type.id,
                    date_deadline=today,
                    user_id=head.id,
                    summary=env._(
                        "Escalated: %(invoice)s of %(client)s overdue since %(due)s "
                        "(%(amount)s), account manager %(manager)s",
                        invoice=invoice.name,
                        client=card.name,
                        due=format_date(env, invoice.invoice_date_due),
                        amount=format_amount(env, invoice.amount_residual, invoice.currency_id),
                        manager=card.user_id.name or "-",
                    ),
                )
                escalated |= invoice
        escalated.write({"corporate_collection_stage": "head"})
        return asked, escalated
