"""R12: reliability score, its explanation, prospects, manual assessment, risky orders."""

import re
from unittest.mock import patch

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .clock import freeze_time
from .receivable_common import CorporateAccountingCase

TODAY = "2026-06-30 05:00:00"


@tagged("post_install", "-at_install")
class TestReliability(CorporateAccountingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        a = cls.client_a
        a.write({"founding_date": "2020-06-30", "segment": "medium"})
        a.partner_id.sudo().credit_limit = 2000
        cls.invoice(a, 1000, "2026-05-01", "2026-05-31")  # open, 30 days late
        paid = cls.invoice(a, 500, "2026-04-01", "2026-04-30")
        cls.pay(paid, 500, "2026-05-20")  # paid 20 days late
        cls.invoice(a, 1000, "2026-06-25", "2026-07-30")  # not due
        cls.risky = cls.create_client(
            "Shaky Traders", cls.manager_a, segment="small", founding_date="2026-01-01"
        )
        cls.invoice(cls.risky, 1000, "2026-02-01", "2026-03-02")  # 120 days overdue

    def refresh(self):
        """What the nightly job does: the stored scores as of the (frozen) date."""
        self.env["corporate.client"]._cron_corporate_reliability()
        self.env.invalidate_all()

    def expected(self, factors):
        """Score and points lost, as documented: weighted mean of the known factors
        (no complaint in the last 12 months: a full complaints factor)."""
        factors = dict(factors, complaints=(10, 100.0))
        total = sum(weight for weight, _sub in factors.values())
        lost = {key: weight * (100 - sub) / total for key, (weight, sub) in factors.items()}
        return round(100 - sum(lost.values())), lost

    @freeze_time(TODAY)
    def test_score_and_explanation(self):
        self.refresh()
        card = self.client_a.with_user(self.manager_a)
        factors = {
            "payment": (30, 100 - 25 * 100 / 60),  # (30 + 20) / 2 = 25 days late
            "overdue": (25, 50.0),  # 1000 of 2000 overdue
            "credit": (15, 0.0),  # 2000 of 2000 used
            "age": (10, 80.0),  # 6 years
            "segment": (10, 70.0),  # medium
        }
        score, lost = self.expected(factors)
        self.assertEqual(card.reliability_score, score)
        self.assertEqual(card.reliability_class, "watch")
        # The form's explanation: the points each factor takes off 100.
        html = str(card.reliability_explanation)
        breakdown = dict(
            re.findall(r"<tr><td>([^<]*)</td><td>[^<]*</td><td class=.text-end.>([^<]*)</td>", html)
        )
        self.assertEqual(
            breakdown,
            {
                "Payment behaviour": f"−{lost['payment']:.1f}",
                "Overdue ratio": f"−{lost['overdue']:.1f}",
                "Credit usage": f"−{lost['credit']:.1f}",
                "Company age": f"−{lost['age']:.1f}",
                "Segment": f"−{lost['segment']:.1f}",
                "Complaints": "0",
            },
        )
        self.assertIn("25.0 days late on average", html)
        self.assertIn(f"−{lost['credit']:.1f}", html)
        self.assertIn("100 % of the credit limit used", html)

    @freeze_time(TODAY)
    def test_manual_assessment(self):
        self.client_a.with_user(self.manager_a).write(
            {
                "reliability_manual_score": 90,
                "reliability_assessment_date": "2026-06-15",
                "reliability_assessment_evidence": "Bank reference letter",
            }
        )
        self.assertEqual(self.client_a.reliability_assessed_by_id, self.manager_a)
        self.env.invalidate_all()
        score, _lost = self.expected(
            {
                "payment": (30, 100 - 25 * 100 / 60),
                "overdue": (25, 50.0),
                "credit": (15, 0.0),
                "age": (10, 80.0),
                "segment": (10, 70.0),
                "manual": (20, 90.0),
            }
        )
        self.assertEqual(self.client_a.reliability_score, score)
        self.assertIn("Manual assessment", str(self.client_a.reliability_explanation))
        with self.assertRaises(ValidationError):
            self.client_a.write({"reliability_manual_score": 120})
        with self.assertRaises(ValidationError):
            self.client_b.write({"reliability_manual_score": 50})  # no date

    @freeze_time(TODAY)
    def test_prospect_scored_on_known_factors(self):
        prospect = self.create_client("Fresh Prospect", self.manager_b, segment="large")
        self.env.invalidate_all()
        score, _lost = self.expected({"segment": (10, 90.0)})
        self.assertEqual(prospect.reliability_score, score)
        self.assertEqual(prospect.reliability_class, "reliable")
        html = str(prospect.reliability_explanation)
        self.assertIn("founding date unknown", html)
        self.assertIn("not known", html)
        # Nothing known but the complaints (none): scored on that factor alone.
        unknown = self.env["corporate.client"].create({"name": "Mystery Ltd"})
        self.assertEqual(unknown.reliability_score, self.expected({})[0])

    @freeze_time(TODAY)
    def test_risky_order_needs_head_approval(self):
        self.company.write(
            {
                "corporate_contract_check": "none",
                "corporate_credit_check": "none",
                "corporate_risky_approval": True,
            }
        )
        self.refresh()
        score, _lost = self.expected(
            {"payment": (30, 0.0), "overdue": (25, 0.0), "age": (10, 20.0), "segment": (10, 50.0)}
        )
        self.assertEqual(self.risky.reliability_score, score)
        self.assertEqual(self.risky.reliability_class, "risky")
        order = (
            self.env["sale.order"]
            .with_user(self.manager_a)
            .create(
                {
                    "partner_id": self.risky.partner_id.id,
                    "order_line": [Command.create({"product_id": self.product.id})],
                }
            )
        )
        self.assertTrue(order.corporate_needs_approval)
        with self.assertRaisesRegex(UserError, "rated risky .*'Request approval'"):
            order.action_confirm()
        order.action_corporate_request_approval()
        self.assertEqual(order.corporate_approval_state, "requested")
        self.assertEqual(order.activity_ids.user_id, self.head_north)
        with self.assertRaisesRegex(UserError, "Only the client's department head"):
            order.with_user(self.head_south).action_corporate_approve()
        order.with_user(self.head_north).action_corporate_approve()
        self.assertEqual(order.corporate_approved_by_id, self.head_north)
        self.assertFalse(order.activity_ids)
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        # The setting off: no approval needed.
        self.company.corporate_risky_approval = False
        other = order.copy()
        self.assertFalse(other.corporate_needs_approval)
        other.with_user(self.manager_a).action_confirm()
        self.assertEqual(other.state, "sale")

    @freeze_time(TODAY)
    def test_settings_search_and_group_by_class(self):
        """R12: thresholds and weights are settings; the class is stored, searchable."""
        Card = self.env["corporate.client"]
        cards = self.client_a | self.risky
        self.refresh()

        def classes():
            return dict(
                Card._read_group([("id", "in", cards.ids)], ["reliability_class"], ["__count"])
            )

        def live(card):
            return card._reliability_assessments()[card.id][1]

        self.assertEqual(classes(), {"watch": 1, "risky": 1})
        self.assertIn(self.risky, Card.search([("reliability_class", "=", "risky")]))
        self.assertNotIn(self.client_a, Card.search([("reliability_class", "=", "risky")]))
        # Paying the overdue invoice lifts the stored class at once.
        overdue = self.env["account.move"].search(
            [
                ("partner_id", "=", self.client_a.partner_id.id),
                ("invoice_date_due", "=", "2026-05-31"),
            ]
        )
        self.pay(overdue, 1000, "2026-06-30")
        self.assertEqual(classes(), {"reliable": 1, "risky": 1})
        self.assertEqual(self.client_a.reliability_score, live(self.client_a))
        # Settings: stricter thresholds and other weights recompute the stored values.
        score = self.client_a.reliability_score
        settings = self.env["res.config.settings"].create(
            {
                "corporate_reliable_from": score + 1,
                "corporate_weight_payment": 100,  # 25 days late on average weighs more
                "corporate_weight_credit": 0,  # half the credit limit used no longer helps
            }
        )
        settings.execute()
        self.assertEqual(self.company.corporate_reliable_from, score + 1)
        self.assertLess(self.client_a.reliability_score, score)
        self.assertEqual(self.client_a.reliability_score, live(self.client_a))
        self.assertEqual(classes(), {"watch": 1, "risky": 1})
        self.assertEqual(
            Card.search([("id", "in", cards.ids), ("reliability_class", "=", "watch")]),
            self.client_a,
        )
        with self.assertRaisesRegex(ValidationError, "watch <= reliable"):
            self.company.corporate_watch_from = score + 2
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self.company.corporate_weight_age = -5

    @freeze_time(TODAY)
    def test_card_form_rescores_while_editing(self):
        self.refresh()
        before = self.client_a.reliability_score
        with Form(self.client_a.with_user(self.manager_a)) as form:
            form.segment = "state"  # 100 instead of 70, weight 10
            self.assertEqual(form.reliability_score, before + 3)
        self.assertEqual(self.client_a.reliability_score, before + 3)
        with Form(self.env["corporate.client"].with_user(self.manager_b)) as form:
            form.name = "Brand New Co"
            form.segment = "large"
            self.assertEqual(form.reliability_class, "reliable")


@tagged("post_install", "-at_install")
class TestReliabilityNightly(CorporateAccountingCase):
    """The nightly job and the recompute at the flush write only the scores that moved."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.late = cls.create_client("Late Payers", cls.manager_a)
        cls.invoice(cls.late, 1000, "2026-05-01", "2026-05-31")  # open, 30 days late on TODAY
        cls.paid = cls.create_client("Prompt Payers", cls.manager_b)
        invoice = cls.invoice(cls.paid, 500, "2026-04-01", "2026-04-30")
        cls.pay(invoice, 500, "2026-05-20")  # paid 20 days late
        cls.quiet = cls.env["corporate.client"]
        for n in range(6):
            cls.quiet |= cls.create_client(f"Quiet Client {n}", cls.manager_c, segment="small")
        cls.cards = cls.late | cls.paid | cls.quiet | cls.client_a | cls.client_b | cls.client_c

    def stored(self):
        """{card id: (score, class, row version)} as stored; an UPDATE of a row,
        even to the same values, gives it a new version (ctid)."""
        self.env.flush_all()
        self.cr.execute(
            "SELECT id, reliability_score, reliability_class, ctid FROM corporate_client"
            " WHERE id = ANY(%s)",
            [self.cards.ids],
        )
        return {card_id: tuple(values) for card_id, *values in self.cr.fetchall()}

    def nightly(self, cards=None):
        """The nightly job (on ``cards``: its method on them), flushed; its queries."""
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        if cards is None:
            self.env["corporate.client"]._cron_corporate_reliability()
        else:
            cards.browse(cards.ids)._corporate_refresh_reliability()
        self.env.flush_all()
        return self.cr.sql_log_count - before

    def test_nightly_writes_only_changed_scores(self):
        with freeze_time(TODAY):
            self.nightly()
            first = self.stored()
            # Known factors of the late payers: 30 days late (payment 50), all of
            # the debt overdue (0), medium segment (70), no complaint (100), of
            # weights 30, 25, 10, 10: 100 - (15 + 25 + 3 + 0) * 100 / 75 = 42.7.
            self.assertEqual(first[self.late.id][0], 43)
            # The same night again: every score is the stored one, no row is
            # written, in a few queries whatever the number of cards.
            self.nightly()
            self.assertEqual(self.stored(), first)
            queries = self.nightly(self.cards)
            self.assertEqual(self.stored(), first)
            self.assertEqual(self.nightly(self.late | self.paid), queries)
            self.assertLessEqual(queries, 10)
            # One batch: at the flush the ORM would recompute them PREFETCH_MAX
            # (1,000) cards at a time, here 2, each batch with its queries.
            with patch("odoo.fields.PREFETCH_MAX", 2):
                self.assertEqual(self.nightly(self.cards), queries)
        with freeze_time("2026-07-30 05:00:00"):
            self.nightly()
            night = self.stored()
            live = self.cards._reliability_assessments(explain=False)
        # A month later only the late payers' open invoice is later (60 days:
        # payment 0): only their row is written, with the new score.
        self.assertEqual(night[self.late.id][0], 23)
        rewritten = {card_id for card_id in first if night[card_id][2] != first[card_id][2]}
        self.assertEqual(rewritten, {self.late.id})
        for card in self.cards:
            self.assertEqual(night[card.id][0], live[card.id][1], card.name)
            self.assertEqual(
                night[card.id][1], card._reliability_class(live[card.id][1]), card.name
            )

    @freeze_time(TODAY)
    def test_flush_writes_only_changed_scores(self):
        """Invoices and payments recompute their clients' scores at the flush:
        unchanged scores write no row, a payment rewrites its client's row alone."""
        self.nightly()
        first = self.stored()
        self.env.invalidate_all()
        self.cards._corporate_recompute_reliability()
        self.assertEqual(self.stored(), first)
        self.env.invalidate_all()
        overdue = self.env["account.move"].search([("partner_id", "=", self.late.partner_id.id)])
        self.pay(overdue, 1000, "2026-06-30")
        paid = self.stored()
        rewritten = {card_id for card_id in first if paid[card_id][2] != first[card_id][2]}
        self.assertEqual(rewritten, {self.late.id})
        score = self.late._reliability_assessments(explain=False)[self.late.id][1]
        self.assertGreater(score, first[self.late.id][0])
        self.assertEqual(paid[self.late.id][:2], (score, self.late._reliability_class(score)))
