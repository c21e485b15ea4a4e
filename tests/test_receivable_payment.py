"""R9: a registered payment lowers the receivable as Odoo shows it to the accountant.

Odoo Community has no *Aged Receivable* report (it is part of the Enterprise
``account_reports``): the figures the accountant sees are the invoice's amount
due (``amount_residual``), its payment status and the partner's ``credit``
(total receivable). The card and the aging analysis must agree with them for
the same partner and date.
"""

from odoo import fields
from odoo.tests import tagged

from .clock import freeze_time
from .receivable_common import CorporateAccountingCase

TODAY = "2026-06-30 05:00:00"


@tagged("post_install", "-at_install")
class TestRegisteredPayments(CorporateAccountingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The README's case: a bank journal without outstanding receipts account.
        cls.bank_journal.inbound_payment_method_line_ids.payment_account_id = False
        a = cls.client_a
        cls.overdue = cls.invoice(a, 1000, "2026-05-01", "2026-05-31")  # 30 days late
        cls.not_due = cls.invoice(a, 300, "2026-06-20", "2026-07-20")
        cls.awaiting = cls.invoice(a, 500, "2026-05-10", "2026-06-09")  # 21 days late

    def _figures(self):
        """(card total, card overdue, aging analysis total, overdue in the analysis)."""
        self.env.invalidate_all()
        card = self.client_a
        rows = self.env["corporate.receivable.report"].search(
            [("partner_id", "=", card.partner_id.id)]
        )
        return (
            card.receivable_total,
            card.receivable_overdue,
            sum(rows.mapped("amount_residual")),
            sum(rows.filtered(lambda r: r.aging != "0_not_due").mapped("amount_residual")),
        )

    def _odoo_figures(self):
        """What the accountant sees: open amounts of invoices still to be paid."""
        self.env.invalidate_all()
        invoices = self.env["account.move"].search(
            [
                ("partner_id", "=", self.client_a.partner_id.id),
                ("state", "=", "posted"),
                ("payment_state", "in", ("not_paid", "partial")),
            ]
        )
        today = fields.Date.context_today(self.client_a)
        return (
            sum(invoices.mapped("amount_residual")),
            sum(inv.amount_residual for inv in invoices if inv.invoice_date_due < today),
        )

    @freeze_time(TODAY)
    def test_registered_payment_counts_at_once(self):
        collect = self.env.ref("corporate_client.mail_activity_type_collect_payment")
        self.env["account.move"]._cron_corporate_collection()
        # Registered through the invoice's "Pay" button: Odoo Community posts it on
        # the chart's Outstanding Receipts account and reconciles it at once.
        payment = self.pay(self.overdue, 400, "2026-06-30")
        self.assertEqual(payment.outstanding_account_id.account_type, "asset_current")
        self.assertEqual(self.overdue.amount_residual, 600)
        self.assertEqual(self.overdue.payment_state, "partial")
        self.assertEqual(self._figures(), (1400.0, 1100.0, 1400.0, 1100.0))
        self.assertEqual(self._odoo_figures(), (1400.0, 1100.0))
        self.assertEqual(self.client_a.partner_id.credit, 1400.0)

        # Registered without journal entry (Odoo 18 with the Accounting app, bank
        # journal without outstanding account): the invoice is "In payment" (or
        # "Paid" without that app), its receivable open until the bank statement.
        pending = self.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": self.client_a.partner_id.id,
                "amount": 500,
                "date": "2026-06-30",
                "journal_id": self.bank_journal.id,
                "invoice_ids": [(6, 0, self.awaiting.ids)],
            }
        )
        pending.outstanding_account_id = False
        pending.action_post()
        self.assertFalse(pending.move_id)
        self.assertIn(self.awaiting.payment_state, ("in_payment", "paid"))
        self.assertEqual(self.awaiting.amount_residual, 500, "still open in the ledger")
        self.assertEqual(self._figures(), (900.0, 600.0, 900.0, 600.0))
        self.assertEqual(self._odoo_figures(), (900.0, 600.0))
        self.assertFalse(
            self.env["mail.activity"].search(
                [
                    ("activity_type_id", "=", collect.id),
                    ("corporate_move_id", "=", self.awaiting.id),
                ]
            ),
            "nobody is asked to collect a payment registered",
        )
        # Cancelled (the customer's transfer bounced): due again, counted again.
        pending.action_cancel()
        self.assertEqual(self.awaiting.payment_state, "not_paid")
        self.assertEqual(self._figures(), (1400.0, 1100.0, 1400.0, 1100.0))
