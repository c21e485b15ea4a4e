from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import format_amount, format_date

from .corporate_receivable_report import COLLECTIBLE_STATES


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

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        posted._corporate_receivable_changed()
        return posted

    def button_draft(self):
        res = super().button_draft()
        self._corporate_receivable_changed()
        return res

    def button_cancel(self):
        res = super().button_cancel()
        self._corporate_receivable_changed()
        return res

    def _corporate_receivable_changed(self):
        """What follows the receivables of these moves' clients (in batch).

        Called when moves are posted, reset, cancelled, and when their
        reconciliations change (payments, credit notes, matching).
        """
        self._corporate_collection_update()
        self.env["corporate.client"]._corporate_partner_cards(
            self.commercial_partner_id
        )._corporate_recompute_reliability()

    @api.model
    def _corporate_turnover(self, partner_ids, date_from, date_to, company_ids=None):
        """Turnover of companies between two dates inclusive, the one definition of it.

        Posted customer invoices minus credit notes, by commercial partner and
        company, dated by their invoice date, in the company's currency:
        {(commercial partner id, company id): (turnover, invoiced)} where the
        turnover is untaxed and ``invoiced`` is the same documents' total, taxes
        included (what the clients were asked to pay). ``company_ids``: only
        these companies (default: all). Read as superuser: a figure counts every
        invoice, whoever may open it. The figures registry (``_engine_sales``)
        and the ABC classification of the cards read it.
        """
        domain = [
            ("state", "=", "posted"),
            ("move_type", "in", ("out_invoice", "out_refund")),
            ("commercial_partner_id", "in", list(partner_ids)),
            ("invoice_date", ">=", date_from),
            ("invoice_date", "<=", date_to),
        ]
        if company_ids is not None:
            domain.append(("company_id", "in", list(company_ids)))
        return {
            (partner.id, company.id): (untaxed, total)
            for partner, company, untaxed, total in self.sudo()._read_group(
                domain,
                ["commercial_partner_id", "company_id"],
                ["amount_untaxed_signed:sum", "amount_total_signed:sum"],
            )
        }

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
    def _corporate_overdue(self, day, domain=()):
        """Invoices of corporate clients overdue on ``day``, as superuser.

        Overdue as ``corporate.receivable.report._overdue_invoices`` decides it
        for the ABC's overdue share too: an open instalment due before the day.
        ``domain``: on the overdue items (fields of that report: ``company_id``,
        ``move_id.<field of the invoice>``...).
        """
        groups = self.env["corporate.receivable.report"]._overdue_invoices(
            day,
            ["move_id"],
            [("move_id.commercial_partner_id.is_corporate_client", "=", True), *domain],
        )
        return self.sudo().browse([move.id for move, _amount in groups])

    @api.model
    def _cron_corporate_collection(self):
        """'Collect payment' activity per overdue invoice; escalation after N days.

        Idempotent: each invoice records how far its collection went.
        """
        today = self.env.company._corporate_today()
        activity_type = self.env.ref("corporate_client.mail_activity_type_collect_payment")
        Card = self.env["corporate.client"].sudo()
        # Safety net for what no reconciliation announces (a payment registered
        # without a journal entry, a cancelled invoice): close what is settled.
        self.sudo().search(
            [
                ("corporate_collection_stage", "!=", False),
                "|",
                ("state", "!=", "posted"),
                ("payment_state", "not in", COLLECTIBLE_STATES),
            ]
        )._corporate_collection_update()
        asked = self.env["account.move"]
        escalated = self.env["account.move"]
        to_ask = self._corporate_overdue(
            today, [("move_id.corporate_collection_stage", "=", False)]
        )
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
                summary=invoice.with_env(env)._corporate_collection_summary(card, escalated=False),
                corporate_move_id=invoice.id,
            )
            asked |= invoice
        asked.write({"corporate_collection_stage": "manager"})
        for company in self.env["res.company"].sudo().search([]):
            limit = today - timedelta(days=company.corporate_collection_escalation_days)
            # Overdue already on the limit day: an instalment due before it is open.
            late = self._corporate_overdue(
                limit,
                [
                    ("company_id", "=", company.id),
                    ("move_id.corporate_collection_stage", "=", "manager"),
                ],
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
                    summary=invoice.with_env(env)._corporate_collection_summary(
                        card, escalated=True
                    ),
                    corporate_move_id=invoice.id,
                )
                escalated |= invoice
        escalated.write({"corporate_collection_stage": "head"})
        return asked, escalated

    def _corporate_collection_summary(self, card, escalated):
        """Summary of the Collect payment activity of this invoice, with today's amount.

        Plain text: call it in the language of whom the activity is for
        (``with_context(lang=...)``); amounts and dates follow that language.
        """
        self.ensure_one()
        env = self.env
        amount = format_amount(env, self.amount_residual, self.currency_id)
        due = format_date(env, self._corporate_open_due_date())
        if escalated:
            return env._(
                "Escalated: %(invoice)s of %(client)s overdue since %(due)s "
                "(%(amount)s), account manager %(manager)s",
                invoice=self.name,
                client=card.name,
                due=due,
                amount=amount,
                manager=card.user_id.name or "-",
            )
        return env._(
            "Collect payment of %(invoice)s (%(amount)s due %(due)s)",
            invoice=self.name,
            amount=amount,
            due=due,
        )

    def _corporate_open_due_date(self):
        """Due date of the invoice's oldest open instalment (its due date if none).

        An invoice in instalments is overdue from its first unpaid one, while
        ``invoice_date_due`` is its last.
        """
        self.ensure_one()
        open_terms = self.line_ids.filtered(
            lambda line: line.display_type == "payment_term" and not line.reconciled
        )
        return min(filter(None, open_terms.mapped("date_maturity")), default=self.invoice_date_due)

    def _corporate_collection_update(self):
        """Follow payments on the Collect payment activities of these moves (R9).

        Called in batch after reconciliations change (payments, credit notes,
        matching) and by the daily job. An invoice no longer to collect (paid,
        in payment, reversed, cancelled) has its activities marked done, without
        logging a call, and its collection stage cleared: if it ever becomes due
        again (payment unreconciled), the daily job asks once more, once. An
        invoice still partly due keeps its activities with the amount updated.
        """
        invoices = self.filtered("corporate_collection_stage")
        if not invoices:
            return
        activities = (
            self.env["mail.activity"].sudo().search([("corporate_move_id", "in", invoices.ids)])
        )
        settled = invoices.filtered(
            lambda inv: inv.state != "posted" or inv.payment_state not in COLLECTIBLE_STATES
        )
        for activity in activities:
            invoice = activity.corporate_move_id
            if invoice in settled:
                continue
            card = activity.env["corporate.client"].browse(activity.res_id)
            summary = invoice.with_context(
                lang=activity.user_id.lang
            )._corporate_collection_summary(card, escalated=activity.user_id != card.user_id)
            if activity.summary != summary:
                activity.summary = summary
        for invoice in settled:
            done = activities.filtered(lambda act, inv=invoice: act.corporate_move_id == inv)
            if invoice.state != "posted":
                feedback = self.env._("%(invoice)s is cancelled.", invoice=invoice.name)
            else:
                feedback = self.env._("%(invoice)s is paid.", invoice=invoice.name)
            done.with_context(corporate_no_call_log=True).action_feedback(feedback=feedback)
        settled.sudo().write({"corporate_collection_stage": False})
