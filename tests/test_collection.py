"""R9: the Collect payment activity follows the invoice's payments."""

from odoo.tests import tagged

from .clock import freeze_time
from .receivable_common import CorporateAccountingCase

TODAY = "2026-06-30 05:00:00"


@tagged("post_install", "-at_install")
class TestCollectionFollowsPayments(CorporateAccountingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.corporate_collection_escalation_days = 60
        cls.collect = cls.env.ref("corporate_client.mail_activity_type_collect_payment")
        a = cls.client_a
        cls.inv_paid = cls.invoice(a, 1000, "2026-05-01", "2026-05-31")
        cls.inv_refunded = cls.invoice(a, 500, "2026-05-05", "2026-06-01")
        cls.inv_matched = cls.invoice(a, 400, "2026-05-10", "2026-06-10")

    def _activities(self, invoice=None):
        domain = [
            ("activity_type_id", "=", self.collect.id),
            ("res_model", "=", "corporate.client"),
            ("res_id", "=", self.client_a.id),
        ]
        if invoice:
            domain.append(("corporate_move_id", "=", invoice.id))
        return self.env["mail.activity"].search(domain)

    def _calls(self):
        return self.env["corporate.interaction"].search_count(
            [("client_id", "=", self.client_a.id), ("interaction_type", "=", "call")]
        )

    @freeze_time(TODAY)
    def test_payments_close_or_update_the_activity(self):
        Move = self.env["account.move"]
        Move._cron_corporate_collection()
        self.assertEqual(len(self._activities()), 3)
        calls = self._calls()

        # Partial payment (by the accountant): the activity stays, with the amount still due.
        self.env["account.payment.register"].with_user(self.accountant).with_context(
            active_model="account.move", active_ids=self.inv_paid.ids
        ).create(
            {"amount": 300, "payment_date": "2026-06-29", "journal_id": self.bank_journal.id}
        )._create_payments()
        activity = self._activities(self.inv_paid)
        self.assertEqual(len(activity), 1)
        self.assertIn(self.inv_paid.currency_id.format(700.0), activity.summary)
        self.assertNotIn(self.inv_paid.currency_id.format(1000.0), activity.summary)

        # The rest is paid: the activity is done, said on the card, no call logged.
        self.pay(self.inv_paid, 700, "2026-06-30")
        self.assertEqual(self.inv_paid.payment_state, "paid")
        self.assertFalse(self._activities(self.inv_paid))
        self.assertFalse(self.inv_paid.corporate_collection_stage)
        self.assertIn(
            f"{self.inv_paid.name} is paid.",
            " ".join(self.client_a.message_ids.mapped("body")),
        )
        self.assertEqual(self._calls(), calls)

        # A credit note reconciled with the invoice settles it too.
        self.refund(self.inv_refunded, 500, "2026-06-30")
        self.assertFalse(self._activities(self.inv_refunded))

        # A payment registered without invoice, matched later with it.
        payment = self.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": self.client_a.partner_id.id,
                "amount": 400,
                "date": "2026-06-30",
                "journal_id": self.bank_journal.id,
            }
        )
        payment.action_post()
        self.assertTrue(self._activities(self.inv_matched))
        (self.inv_matched.line_ids | payment.move_id.line_ids).filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        ).reconcile()
        self.assertFalse(self._activities())

        # Nothing is asked again for paid invoices.
        Move._cron_corporate_collection()
        self.assertFalse(self._activities())

        # The payment is unreconciled: the invoice is due again and asked once, once.
        payment.move_id.line_ids.remove_move_reconcile()
        self.assertEqual(self.inv_matched.payment_state, "not_paid")
        Move._cron_corporate_collection()
        Move._cron_corporate_collection()
        self.assertEqual(len(self._activities(self.inv_matched)), 1)
        self.assertEqual(len(self._activities()), 1)
        self.assertEqual(self._calls(), calls)
