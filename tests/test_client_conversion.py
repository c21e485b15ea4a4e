"""Issue 30: existing customers converted into client cards (preview, run, undo)."""

from datetime import datetime, timedelta
from types import SimpleNamespace

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .clock import freeze_time
from .receivable_common import CorporateAccountingCase

NOW = "2026-06-30 05:00:00"  # 12:00 in Jakarta


@tagged("post_install", "-at_install")
class TestClientConversion(CorporateAccountingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        now = datetime.fromisoformat(NOW)

        def company(name, salesperson=None):
            return Partner.create(
                {"name": name, "is_company": True, "user_id": salesperson and salesperson.id}
            )

        def order(partner, days_ago, state="sale", team=None):
            order = cls.env["sale.order"].create(
                {
                    "partner_id": partner.id,
                    "user_id": partner.user_id.id or partner.parent_id.user_id.id,
                    "team_id": team.id if team else False,
                    "order_line": [Command.create({"product_id": cls.product.id})],
                }
            )
            order.write({"state": state, "date_order": now - timedelta(days=days_ago)})
            return order

        cls.recent = company("Recent Buyer PT", cls.manager_a)
        buyer = Partner.create({"name": "Buyer Contact", "parent_id": cls.recent.id})
        order(buyer, 90)  # ordered through its contact: counts for the company
        order(cls.recent, 400)
        order(cls.recent, 5, state="draft")
        cls.dormant = company("Sleeping Trade", cls.retail_seller)
        order(cls.dormant, 500, team=cls.team_south)
        cls.prospect = company("Never Bought")
        cls.shaky = company("Shaky Late Payer", cls.manager_c)
        order(cls.shaky, 30)
        cls.shaky_quotes = order(cls.shaky, 2, state="draft") | order(cls.shaky, 1, state="sent")
        cls.invoice(SimpleNamespace(partner_id=cls.shaky), 1000, "2026-02-01", "2026-03-02")
        cls.person = Partner.create({"name": "Lone Person"})
        cls.partners = (cls.recent | cls.dormant | cls.prospect | cls.shaky | cls.person) | (
            cls.client_a.partner_id | cls.company.partner_id
        )

    def preview(self, user, **vals):
        Wizard = self.env["corporate.client.conversion"].with_user(user)
        action = Wizard.action_open_for(self.partners.with_user(user))
        wizard = Wizard.browse(action["res_id"])
        if vals:
            wizard.write(vals)
            wizard.action_preview()
        return wizard, {line.partner_id: line for line in wizard.line_ids}

    @freeze_time(NOW)
    def test_preview_figures(self):
        self.company.corporate_risky_approval_mode = "block"
        wizard, lines = self.preview(self.director)
        recent = lines[self.recent]
        self.assertEqual((recent.action, recent.stage), ("convert", "active"))
        self.assertIn("1 confirmed order(s) in the last 12 months", recent.stage_reason)
        self.assertEqual(recent.team_id, self.team_north)
        self.assertIn(self.manager_a.name, recent.team_reason)
        self.assertEqual(recent.user_id, self.manager_a)
        self.assertFalse(recent.missing_role)
        self.assertEqual((recent.open_order_count, recent.waiting_order_count), (1, 0))
        dormant = lines[self.dormant]
        self.assertEqual(dormant.stage, "dormant")
        self.assertIn("more than 12 months ago", dormant.stage_reason)
        # The salesperson has no corporate department: the last order's team.
        self.assertEqual(dormant.team_id, self.team_south)
        self.assertEqual(dormant.team_reason, "Sales team of the last order.")
        self.assertTrue(dormant.missing_role)
        self.assertEqual(dormant.user_id, self.director)
        self.assertIn("lacks the Account Manager role", dormant.manager_reason)
        prospect = lines[self.prospect]
        self.assertEqual(prospect.stage, "prospect")
        self.assertFalse(prospect.team_id)
        self.assertIn("director", prospect.team_reason)
        shaky = lines[self.shaky]
        self.assertEqual(
            (shaky.stage, shaky.team_id, shaky.user_id), ("active", self.team_south, self.manager_c)
        )
        # 120 days overdue: rated risky, its two quotations would wait (block mode).
        self.assertEqual((shaky.open_order_count, shaky.waiting_order_count), (2, 2))
        self.assertEqual(lines[self.person].action, "skip")
        self.assertEqual(lines[self.client_a.partner_id].action, "skip")
        self.assertIn("Already has a client card", lines[self.client_a.partner_id].reason)
        self.assertEqual(lines[self.company.partner_id].reason, "One of our own companies.")
        self.assertEqual((wizard.card_count, wizard.skip_count), (4, 3))
        self.assertEqual(wizard.waiting_order_count, 2)
        self.assertEqual(wizard.missing_role_user_ids, self.retail_seller)
        # The preview made nothing.
        self.assertFalse(self.shaky.is_corporate_client)
        self.assertFalse(self.env["corporate.client"].search([("partner_id", "=", self.shaky.id)]))
        # In the go-live mode nothing waits.
        self.company.corporate_risky_approval_mode = "notify"
        wizard.action_preview()
        self.assertEqual(wizard.waiting_order_count, 0)

    @freeze_time(NOW)
    def test_run_in_batches_and_undo(self):
        self.company.corporate_risky_approval_mode = "notify"
        wizard, _lines = self.preview(
            self.director, batch_size=2, fallback_user_id=self.manager_b.id
        )
        wizard.action_convert()
        self.assertEqual(wizard.state, "done")
        Card = self.env["corporate.client"]
        cards = Card.search([("conversion_batch", "=", wizard.batch_ref)])
        self.assertEqual(cards.partner_id, self.recent | self.dormant | self.prospect | self.shaky)
        self.assertEqual(wizard.made_card_count, 4)
        self.assertIn("4 client cards made in 2 batch(es)", wizard.progress)
        by_partner = {card.partner_id: card for card in cards}
        self.assertEqual(by_partner[self.recent].stage, "active")
        self.assertEqual(by_partner[self.dormant].stage, "dormant")
        self.assertEqual(by_partner[self.dormant].user_id, self.manager_b)
        self.assertEqual(self.dormant.user_id, self.manager_b)  # follows the card
        self.assertEqual(by_partner[self.prospect].stage, "prospect")
        self.assertTrue(self.shaky.is_corporate_client)
        # The card is confidential, the flow is not: another manager quotes the client.
        self.assertFalse(by_partner[self.shaky].with_user(self.manager_a).has_access("read"))
        with self.assertRaisesRegex(UserError, "already run"):
            wizard.action_convert()
        # Undo: the cards are archived, the companies stay and get their salesperson back.
        wizard.action_undo()
        self.assertEqual(wizard.state, "undone")
        self.assertFalse(Card.search([("conversion_batch", "=", wizard.batch_ref)]))
        archived = Card.with_context(active_test=False).search(
            [("conversion_batch", "=", wizard.batch_ref)]
        )
        self.assertEqual(len(archived), 4)
        self.assertFalse(any(archived.mapped("active")))
        self.assertTrue(all(archived.partner_id.mapped("active")))
        self.assertFalse(self.shaky.is_corporate_client)
        self.assertEqual(self.dormant.user_id, self.retail_seller)
        self.assertTrue(self.client_a.active)
        # Converting again skips them: they have a card, archived.
        _wizard, lines = self.preview(self.director)
        self.assertEqual(lines[self.recent].action, "skip")

    def test_only_heads_and_director_run_it(self):
        for user in (self.manager_a, self.retail_seller, self.employee):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["corporate.client.conversion"].with_user(user).action_open_for(
                    self.partners
                )

    @freeze_time(NOW)
    def test_head_converts_into_his_department(self):
        self.company.corporate_risky_approval_mode = "off"
        wizard, lines = self.preview(self.head_north)
        self.assertEqual(lines[self.shaky].team_id, self.team_north)
        self.assertIn("your department", lines[self.shaky].team_reason)
        self.assertEqual(lines[self.shaky].user_id, self.head_north)
        self.assertIn("not in the department", lines[self.shaky].manager_reason)
        self.assertEqual(lines[self.recent].user_id, self.manager_a)
        self.assertEqual(lines[self.prospect].user_id, self.head_north)
        wizard.action_convert()
        cards = (
            self.env["corporate.client"]
            .with_user(self.head_north)
            .search([("conversion_batch", "=", wizard.batch_ref)])
        )
        self.assertEqual(len(cards), 4)
        self.assertEqual(cards.team_id, self.team_north)

    @freeze_time(NOW)
    def test_duplicates_are_skipped(self):
        """A second partner of a carded company, or twice the same company, is skipped."""
        Partner = self.env["res.partner"]
        twin = Partner.create({"name": "PT Alpha Industries Tbk", "is_company": True})
        same_vat = Partner.create(
            {"name": "Alias Name", "is_company": True, "vat": self.client_b.vat}
        )
        first = Partner.create({"name": "New Twin", "is_company": True})
        second = Partner.create({"name": "new-twin", "is_company": True})
        Wizard = self.env["corporate.client.conversion"].with_user(self.director)
        wizard = Wizard.browse(Wizard.action_open_for(twin | same_vat | first | second)["res_id"])
        lines = {line.partner_id: line for line in wizard.line_ids}
        self.assertEqual(lines[twin].action, "skip")
        self.assertIn("Alpha Industries", lines[twin].reason)
        self.assertIn("Beta Trading", lines[same_vat].reason)
        self.assertEqual(lines[first].action, "convert")
        self.assertIn("New Twin", lines[second].reason)
        wizard.action_convert()
        self.assertTrue(first.is_corporate_client)
        self.assertFalse(second.is_corporate_client)
