"""R9: receivables on the card (aging, days late, credit usage), collection cron, analysis."""

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .clock import freeze_time
from .receivable_common import CorporateAccountingCase

TODAY = "2026-06-30 05:00:00"


@tagged("post_install", "-at_install")
class TestReceivables(CorporateAccountingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        a = cls.client_a
        # 1000 due 31 Mar, 400 paid on 15 Apr: 600 open, 91 days overdue (> 90).
        cls.inv1 = cls.invoice(a, 1000, "2026-03-01", "2026-03-31")
        cls.pay(cls.inv1, 400, "2026-04-15")
        # 500 due 31 May: 30 days overdue (1-30).
        cls.inv2 = cls.invoice(a, 500, "2026-05-01", "2026-05-31")
        # 300 due 20 Jul: not due.
        cls.inv3 = cls.invoice(a, 300, "2026-06-20", "2026-07-20")
        # 200 due 30 Apr, paid in full on 10 May: 10 days late.
        cls.inv4 = cls.invoice(a, 200, "2026-04-01", "2026-04-30")
        cls.pay(cls.inv4, 200, "2026-05-10")
        # 400 due 10 Apr, credit note of 100: 300 open, 81 days overdue (61-90).
        cls.inv5 = cls.invoice(a, 400, "2026-03-10", "2026-04-10")
        cls.refund(cls.inv5, 100, "2026-05-01")
        # 1000 EUR (= 500 at 2 EUR per unit) due 15 Jun, 200 EUR paid: 400 open, 15 days.
        cls.inv6 = cls.invoice(a, 1000, "2026-06-01", "2026-06-15", currency=cls.eur)
        cls.pay(cls.inv6, 200, "2026-06-10")
        a.partner_id.sudo().credit_limit = 4200

    def _card(self, card, user=None):
        self.env.invalidate_all()
        return card.with_user(user or self.env.user)

    @freeze_time(TODAY)
    def test_aging_and_days_late(self):
        card = self._card(self.client_a)
        self.assertAlmostEqual(card.receivable_total, 2100.0)
        self.assertAlmostEqual(card.receivable_overdue, 1800.0)
        self.assertAlmostEqual(card.receivable_not_due, 300.0)
        self.assertAlmostEqual(card.receivable_1_30, 900.0)
        self.assertAlmostEqual(card.receivable_31_60, 0.0)
        self.assertAlmostEqual(card.receivable_61_90, 300.0)
        self.assertAlmostEqual(card.receivable_over_90, 600.0)
        self.assertEqual(card.receivable_oldest_overdue_days, 91)
        # (91 + 30 + 81 + 15 open, 10 paid late) / 5 instalments
        self.assertAlmostEqual(card.receivable_avg_days_late, 45.4)
        self.assertAlmostEqual(card.corporate_credit_limit, 4200.0)
        self.assertAlmostEqual(card.credit_usage, 0.5)
        # A client without invoices has nothing.
        empty = self._card(self.client_b)
        self.assertEqual((empty.receivable_total, empty.receivable_overdue), (0.0, 0.0))
        self.assertEqual(empty.receivable_avg_days_late, 0.0)

    @freeze_time(TODAY)
    def test_full_payment_clears(self):
        self.pay(self.inv2, 500, "2026-06-30")
        card = self._card(self.client_a)
        self.assertAlmostEqual(card.receivable_1_30, 400.0)
        # inv2 now paid 30 days late: same average.
        self.assertAlmostEqual(card.receivable_avg_days_late, 45.4)
        self.assertAlmostEqual(card.receivable_total, 1600.0)

    @freeze_time(TODAY)
    def test_search_overdue(self):
        self.env.invalidate_all()
        found = self.env["corporate.client"].search([("receivable_overdue", ">", 0)])
        self.assertIn(self.client_a, found)
        self.assertNotIn(self.client_b, found)

    @freeze_time(TODAY)
    def test_roles_read_receivables(self):
        fnames = ["receivable_total", "receivable_over_90", "reliability_class"]
        for user in (self.manager_a, self.head_north, self.director, self.accountant):
            values = self._card(self.client_a, user).read(fnames)[0]
            self.assertAlmostEqual(values["receivable_total"], 2100.0, msg=user.login)
            self.assertAlmostEqual(values["receivable_over_90"], 600.0, msg=user.login)
            self.assertTrue(values["reliability_class"], msg=user.login)
        with self.assertRaises(AccessError):
            self._card(self.client_a, self.manager_b).read(["receivable_total"])

    @freeze_time(TODAY)
    def test_receivable_analysis(self):
        Report = self.env["corporate.receivable.report"].with_user(self.accountant)
        groups = dict(
            Report._read_group(
                [("client_id", "=", self.client_a.id)], ["aging"], ["amount_residual:sum"]
            )
        )
        self.assertEqual(
            {k: round(v, 2) for k, v in groups.items()},
            {"0_not_due": 300.0, "1_30": 900.0, "3_90": 300.0, "4_over_90": 600.0},
        )
        by_manager = Report._read_group([], ["user_id"], ["amount_residual:sum"])
        self.assertIn((self.manager_a, 2100.0), [(u, round(v, 2)) for u, v in by_manager])
        with self.assertRaises(AccessError):
            self.env["corporate.receivable.report"].with_user(self.manager_a).search([])

    def test_collection_cron_idempotent(self):
        Activity = self.env["mail.activity"]
        collect = self.env.ref("corporate_client.mail_activity_type_collect_payment")
        self.company.corporate_collection_escalation_days = 60

        def activities(user):
            return Activity.search(
                [
                    ("activity_type_id", "=", collect.id),
                    ("res_model", "=", "corporate.client"),
                    ("res_id", "=", self.client_a.id),
                    ("user_id", "=", user.id),
                ]
            )

        with freeze_time("2026-04-20 05:00:00"):
            # Overdue then: inv1 (due 31 Mar) and inv5 (due 10 Apr).
            self.env["account.move"]._cron_corporate_collection()
            self.env["account.move"]._cron_corporate_collection()
        self.assertEqual(len(activities(self.manager_a)), 2)
        self.assertIn(self.inv1.name, " ".join(activities(self.manager_a).mapped("summary")))
        self.assertFalse(activities(self.head_north))
        self.assertEqual(self.inv1.corporate_collection_stage, "manager")
        self.assertFalse(self.inv3.corporate_collection_stage)
        with freeze_time(TODAY):
            # inv1 is now 91 days overdue (> 60): escalated; inv2, inv6 newly overdue.
            self.env["account.move"]._cron_corporate_collection()
            self.env["account.move"]._cron_corporate_collection()
        self.assertEqual(len(activities(self.manager_a)), 4)
        self.assertEqual(len(activities(self.head_north)), 2)  # inv1 (91 d), inv5 (81 d)
        self.assertEqual(self.inv1.corporate_collection_stage, "head")
        self.assertEqual(self.inv2.corporate_collection_stage, "manager")
        # Paid invoices are never chased.
        self.assertFalse(self.inv4.corporate_collection_stage)


@tagged("post_install", "-at_install")
class TestReceivableQueries(CorporateAccountingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cards = cls.env["corporate.client"]
        for n in range(80):
            manager = (cls.manager_a, cls.manager_b, cls.manager_c)[n % 3]
            cls.cards |= cls.env["corporate.client"].create(
                {"name": f"Bulk Client {n:02d}", "user_id": manager.id, "segment": "small"}
            )
        for n, card in enumerate(cls.cards[:20]):
            inv = cls.invoice(card, 100 + n, "2026-03-01", "2026-03-31")
            if n % 2:
                cls.pay(inv, 50, "2026-04-15")
        cls.cards[:40].partner_id.sudo().write({"credit_limit": 1000})

    def _count_queries(self, cards):
        self.env.invalidate_all()
        self.env.registry.clear_cache()
        cards = cards.browse(cards.ids)
        # Warm what the list loads anyway (names), then count the receivable part.
        cards.mapped("name")
        before = self.cr.sql_log_count
        cards.read(
            ["receivable_total", "receivable_overdue", "reliability_score", "reliability_class"]
        )
        return self.cr.sql_log_count - before

    @freeze_time(TODAY)
    def test_constant_queries(self):
        small = self._count_queries(self.cards[:8])
        large = self._count_queries(self.cards)
        self.assertEqual(small, large, "receivable fields must cost the same on 8 and 80 cards")
        self.assertLessEqual(large, 12)

    @freeze_time(TODAY)
    def test_batch_equals_card_by_card(self):
        """The set-based figures of 80 cards are those of each card read alone."""
        fnames = [
            "receivable_total",
            "receivable_overdue",
            "receivable_not_due",
            "receivable_over_90",
            "receivable_oldest_overdue_days",
            "receivable_avg_days_late",
            "corporate_credit_limit",
            "credit_usage",
        ]
        self.env.invalidate_all()
        batch = {row["id"]: row for row in self.cards.read(fnames)}
        for card in self.cards[:24]:
            self.env.invalidate_all()
            alone = card.browse(card.id).read(fnames)[0]
            self.assertEqual(alone, batch[card.id], card.name)
        # Not all zero: the first 20 cards have open invoices, every other one half paid.
        paid_half = self.cards[1]
        self.assertAlmostEqual(batch[paid_half.id]["receivable_total"], 51.0)
        self.assertAlmostEqual(batch[paid_half.id]["credit_usage"], 0.051)
        self.assertEqual(batch[self.cards[0].id]["receivable_oldest_overdue_days"], 91)
        self.assertEqual(batch[self.cards[30].id]["receivable_total"], 0.0)
        scores = self.cards._reliability_assessments(explain=False)
        explained = self.cards[:24]._reliability_assessments()
        for card in self.cards[:24]:
            self.assertEqual(scores[card.id][1:], explained[card.id][1:], card.name)
            self.assertEqual(scores[card.id][1], card.reliability_score, card.name)
