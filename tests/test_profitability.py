"""R10, R22: ABC classes from turnover, payment discipline and distance; special schemes."""

from datetime import date

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .clock import freeze_time
from .common import CorporateClientCase


@tagged("post_install", "-at_install")
class TestProfitability(CorporateClientCase):
    def test_classify_known_figures(self):
        Client = self.env["corporate.client"]
        values = {1: 500.0, 2: 300.0, 3: 100.0, 4: 50.0, 5: 30.0, 6: 20.0, 7: 0.0, 8: -40.0}
        self.assertEqual(
            Client._abc_classify(values),
            {1: "A", 2: "A", 3: "B", 4: "B", 5: "C", 6: "C", 7: "C", 8: "C"},
            "A = 80 % of the value (500 + 300), B the next 15 % (100 + 50), C the rest",
        )
        # The biggest client is A even when it alone makes more than 80 %.
        self.assertEqual(
            Client._abc_classify({1: 900.0, 2: 60.0, 3: 40.0}), {1: "A", 2: "B", 3: "C"}
        )
        self.assertEqual(Client._abc_classify({1: 0.0}), {1: "C"})
        self.assertEqual(Client._abc_classify({}), {})

    def test_adjusted_value(self):
        value = self.env["corporate.client"]._abc_adjusted_value
        self.assertEqual(value(1000.0, 0.0, "local"), 1000.0)
        self.assertEqual(value(1000.0, 0.0, False), 1000.0)
        self.assertAlmostEqual(value(1000.0, 0.0, "regional"), 950.0)
        self.assertAlmostEqual(value(1000.0, 0.0, "national"), 900.0)
        self.assertAlmostEqual(value(1000.0, 0.0, "remote"), 800.0)
        self.assertAlmostEqual(value(1000.0, 0.5, "local"), 750.0, msg="half overdue")
        self.assertAlmostEqual(value(1000.0, 1.0, "remote"), 400.0)
        self.assertAlmostEqual(value(1000.0, 3.0, "local"), 500.0, msg="capped")

    # ------------------------------------------------------------------ with invoices
    def _invoice(self, card, amount, invoice_date, move_type="out_invoice", paid=False):
        move = self.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": card.partner_id.id,
                "invoice_date": invoice_date,
                "invoice_date_due": invoice_date,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Office supplies",
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        move.action_post()
        if paid:
            self.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=move.ids
            ).create({"payment_date": invoice_date})._create_payments()
        return move

    @freeze_time("2026-11-15 08:00:00")
    def test_monthly_classification_from_invoices(self):
        client_d = self.create_client("Delta Paper", self.manager_a, delivery_zone="regional")
        client_e = self.create_client("Epsilon Trade", self.manager_b)
        self.client_a.delivery_zone = "local"
        self.client_b.delivery_zone = "remote"
        self.client_c.delivery_zone = "national"
        # A: 1000 + 500 - 200 refund, all paid: 1300.
        self._invoice(self.client_a, 1000.0, "2026-03-01", paid=True)
        self._invoice(self.client_a, 500.0, "2026-09-01", paid=True)
        self._invoice(self.client_a, 200.0, "2026-10-01", move_type="out_refund")
        # B: 600, never paid and overdue: 600 x 0.5 (discipline) x 0.8 (remote) = 240.
        self._invoice(self.client_b, 600.0, "2026-06-01")
        # C: 400 paid x 0.9 (national) = 360; the 5000 of last year are out of the window.
        self._invoice(self.client_c, 400.0, "2026-08-01", paid=True)
        self._invoice(self.client_c, 5000.0, "2025-10-01", paid=True)
        # D: 50 paid x 0.95 (regional) = 47.5. E: nothing.
        self._invoice(client_d, 50.0, "2026-10-20", paid=True)
        # Draft invoices do not count.
        self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": client_e.partner_id.id,
                "invoice_date": "2026-10-01",
                "invoice_line_ids": [Command.create({"name": "Draft", "price_unit": 9999.0})],
            }
        )
        updated = self.client_a.card_update_date
        # The classes are shares of the company's turnover: classify the test's
        # cards among themselves (a database may hold other clients, as the
        # demo data does), the way the monthly job classifies them all.
        cards = self.client_a | self.client_b | self.client_c | client_d | client_e
        cards._compute_abc(self.company._corporate_today())

        expected = {
            # card: (class, turnover, overdue %, adjusted value)
            self.client_a: ("A", 1300.0, 0.0, 1300.0),
            self.client_c: ("A", 400.0, 0.0, 360.0),
            self.client_b: ("B", 600.0, 100.0, 240.0),
            client_d: ("C", 50.0, 0.0, 47.5),
            client_e: ("C", 0.0, 0.0, 0.0),
        }
        self.assertEqual(
            {
                card: (
                    card.abc_class,
                    round(card.abc_turnover, 2),
                    round(card.abc_overdue_share, 1),
                    round(card.abc_value, 2),
                )
                for card in expected
            },
            expected,
        )
        self.assertEqual(set((self.client_a | client_e).mapped("abc_date")), {date(2026, 11, 15)})
        self.assertEqual(self.client_a.card_update_date, updated, "not a card edit (R6)")

        # The "most profitable clients" list: class A, best first, own clients only.
        action = self.env.ref("corporate_client.action_corporate_client_profitable")
        self.assertIn("search_default_abc_a", action.context)
        top = (
            self.env["corporate.client"]
            .with_user(self.director)
            .search([("abc_class", "=", "A"), ("id", "in", cards.ids)], order="abc_value desc")
        )
        self.assertEqual(top, self.client_a | self.client_c)
        self.assertEqual(top[0], self.client_a)
        self.assertEqual(
            self.env["corporate.client"]
            .with_user(self.manager_a)
            .search([("abc_class", "=", "A"), ("id", "in", cards.ids)]),
            self.client_a,
        )

    def test_recompute_by_heads_only(self):
        self.client_a.with_user(self.head_north).action_compute_abc()
        self.assertEqual(self.client_a.abc_class, "C", "no turnover at all")
        with self.assertRaisesRegex(AccessError, "department heads"):
            self.client_a.with_user(self.manager_a).action_compute_abc()

    def test_special_scheme_on_card(self):
        card = self.client_a.with_user(self.manager_a)
        card.write(
            {
                "special_scheme": True,
                "special_conditions": "Payment in 60 days",
                "discount_system": "5 % above 1 billion a year",
                "individual_service": "Monthly visit",
                "accelerated_deadlines": "Delivery in 24 hours",
            }
        )
        self.assertTrue(card.special_scheme)
        # Contract and service terms are confidential (R15): accountants do not see them.
        with self.assertRaises(AccessError):
            self.client_a.with_user(self.accountant).read(["special_conditions"])
        self.assertIn("abc_class", self.client_a.with_user(self.accountant).read(["abc_class"])[0])

    def test_lost_deal_by_competitor(self):
        """R13: the competitor who won a lost client, counted per competitor."""
        with freeze_time("2026-11-15 08:00:00"):
            self.client_a.with_user(self.manager_a).write(
                {"stage": "lost", "lost_to_competitor_id": self.competitor.id}
            )
        self.assertEqual(self.client_a.lost_date, date(2026, 11, 15))
        self.client_b.write({"stage": "lost", "lost_to_competitor_id": self.competitor.id})
        self.assertEqual(self.competitor.with_user(self.director).competitor_lost_count, 2)
        self.assertEqual(
            self.competitor.with_user(self.manager_a).competitor_lost_count,
            1,
            "a manager counts their own lost clients",
        )
        world = self.client_a | self.client_b | self.client_c
        groups = self.env["corporate.client"]._read_group(
            [("stage", "=", "lost"), ("id", "in", world.ids)],
            ["lost_to_competitor_id"],
            ["__count"],
        )
        self.assertEqual(groups, [(self.competitor, 2)])
        self.client_b.stage = "negotiation"
        self.assertFalse(self.client_b.lost_date)
        self.competitor.write(
            {
                "competitor_price_level": "lower",
                "competitor_category_ids": [
                    Command.link(self.env.ref("product.product_category_all").id)
                ],
            }
        )
        self.assertEqual(self.competitor.competitor_price_level, "lower")
        with freeze_time("2026-11-16 08:00:00"):
            lost = self.create_client("Zeta Lost", self.manager_c, stage="lost")
        self.assertEqual(lost.lost_date, date(2026, 11, 16), "lost from the start")
