"""Issue 31: turnover and "overdue" are each defined once.

The ABC classification reads the turnover of the figures registry, and its
overdue share, the collection activities and the card's aging agree on which
invoices are overdue on a day, and by how much, instalments included.
"""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command
from odoo.tests import tagged
from odoo.tools import format_date

from .clock import freeze_time
from .receivable_common import CorporateAccountingCase

# 12:00 in Jakarta on 30 June 2026.
TODAY = "2026-06-30 05:00:00"


@tagged("post_install", "-at_install")
class TestTurnoverAndOverdue(CorporateAccountingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        a, b = cls.client_a, cls.client_b
        # Alpha: 1000 paid, 500 overdue since 31 May, a credit note of 200,
        # 300 EUR (150 in company currency) not due, 70 on the window's first
        # day, 7000 the day before it.
        cls.paid = cls.invoice(a, 1000, "2026-01-10", "2026-02-09")
        cls.pay(cls.paid, 1000, "2026-02-01")
        cls.late = cls.invoice(a, 500, "2026-05-01", "2026-05-31")
        cls.invoice(a, 200, "2026-04-01", "2026-04-01", move_type="out_refund")
        cls.in_eur = cls.invoice(a, 300, "2026-03-01", "2026-12-31", currency=cls.eur)
        cls.invoice(a, 70, "2025-07-01", "2026-12-31")
        cls.invoice(a, 7000, "2025-06-30", "2026-12-31")
        # Beta: 800 in two instalments, 400 due on 31 May (past), 400 on 30 July;
        # 100 due on 15 July; a draft that counts nowhere.
        halves = cls.env["account.payment.term"].create(
            {
                "name": "Half at 30 days, half at 90 days",
                "line_ids": [
                    Command.create({"value": "percent", "value_amount": 50, "nb_days": 30}),
                    Command.create({"value": "percent", "value_amount": 50, "nb_days": 90}),
                ],
            }
        )
        cls.instalments = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": b.partner_id.id,
                "invoice_date": "2026-05-01",
                "date": "2026-05-01",
                "invoice_payment_term_id": halves.id,
                "journal_id": cls.sale_journal.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": cls.product.id,
                            "quantity": 1,
                            "price_unit": 800,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        cls.instalments.action_post()
        cls.invoice(b, 100, "2026-06-15", "2026-07-15")
        cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": b.partner_id.id,
                "invoice_date": "2026-06-01",
                "invoice_line_ids": [Command.create({"name": "Draft", "price_unit": 9999.0})],
            }
        )
        cls.cards = a | b | cls.client_c
        cls.users = cls.manager_a | cls.manager_b | cls.manager_c

    @freeze_time(TODAY)
    def test_abc_turnover_is_the_figure_turnover(self):
        today = self.company._corporate_today()
        self.assertEqual(today, date(2026, 6, 30))
        # The ABC's window: the 12 months up to today, today included.
        first_day = today - relativedelta(months=12) + timedelta(days=1)
        self.assertEqual(first_day, date(2025, 7, 1))
        self.cards._compute_abc(today)
        figures = self.env["corporate.figure"]._compute(self.users, first_day, today, ["turnover"])
        expected = {
            self.manager_a: 1000 + 500 - 200 + 150 + 70,
            self.manager_b: 800 + 100,
            self.manager_c: 0,
        }
        Card = self.env["corporate.client"].with_context(active_test=False)
        for user, turnover in expected.items():
            abc = sum(Card.search([("user_id", "=", user.id)]).mapped("abc_turnover"))
            self.assertAlmostEqual(abc, turnover, msg=user.login)
            self.assertAlmostEqual(figures[user.id]["turnover"], abc, msg=user.login)

    def _collected(self):
        """Invoices of the cards with a Collect payment activity."""
        collect = self.env.ref("corporate_client.mail_activity_type_collect_payment")
        return (
            self.env["mail.activity"]
            .search(
                [
                    ("activity_type_id", "=", collect.id),
                    ("res_model", "=", "corporate.client"),
                    ("res_id", "in", self.cards.ids),
                ]
            )
            .corporate_move_id
        )

    def _overdue(self, day):
        """{invoice: overdue amount} on ``day``, the one definition."""
        return dict(
            self.env["corporate.receivable.report"]._overdue_invoices(
                day, ["move_id"], [("partner_id", "in", self.cards.partner_id.ids)]
            )
        )

    def test_abc_and_collection_agree_on_overdue_invoices(self):
        Move = self.env["account.move"]
        # On the first instalment's due date nothing of Beta is overdue yet.
        with freeze_time("2026-05-31 05:00:00"):
            day = self.company._corporate_today()
            self.assertEqual(self._overdue(day), {})
            shares = self.cards._abc_figures(day)
            self.assertEqual(shares[self.client_b.id], (800.0, 0.0))
            Move._cron_corporate_collection()
            self.assertFalse(self._collected())
        with freeze_time(TODAY):
            day = self.company._corporate_today()
            # Overdue: Alpha's invoice and the instalment past due, by its open part
            # (the invoice's last due date, 30 July, is not the rule).
            self.assertEqual(self.instalments.invoice_date_due, date(2026, 7, 30))
            overdue = self._overdue(day)
            self.assertEqual(overdue, {self.late: 500.0, self.instalments: 400.0})
            # The ABC's overdue share: those amounts over the 12 months invoiced.
            shares = self.cards._abc_figures(day)
            self.assertAlmostEqual(shares[self.client_a.id][1], 500 / 1520)
            self.assertAlmostEqual(shares[self.client_b.id][1], 400 / 900)
            self.assertEqual(shares[self.client_c.id], (0.0, 0.0))
            # The collection job asks for exactly these invoices.
            Move._cron_corporate_collection()
            self.assertEqual(self._collected(), self.late | self.instalments)
            # Its activities (the manager's, the head's once escalated) name the
            # instalment that is late, not the last one.
            activities = self.env["mail.activity"].search(
                [("corporate_move_id", "=", self.instalments.id)]
            )
            self.assertIn(self.manager_b, activities.user_id)
            for activity in activities:
                env = activity.with_context(lang=activity.user_id.lang).env
                self.assertIn(format_date(env, date(2026, 5, 31)), activity.summary)
                self.assertNotIn(format_date(env, date(2026, 7, 30)), activity.summary)
            # The card's aging shows Beta's same overdue amount.
            self.env.invalidate_all()
            self.assertAlmostEqual(self.client_b.receivable_overdue, 400.0)
            self.assertAlmostEqual(self.client_b.receivable_total, 900.0)
