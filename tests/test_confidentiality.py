"""R3, R15: confidentiality and workflows hold against any logged-in user (issue 15).

One test per way in that was found from the outside: each failed before the fix.
"""

import json
from datetime import date

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .clock import freeze_time
from .common import CorporateClientCase


@tagged("post_install", "-at_install")
class TestConfidentiality(CorporateClientCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        grp = "base.group_user,corporate_client.group_"
        billing = "account.group_account_invoice"
        cls.manager_billing = new_test_user(
            cls.env, login="cc_manager_billing", groups=f"{grp}account_manager,{billing}"
        )
        cls.head_billing = new_test_user(
            cls.env, login="cc_head_billing", groups=f"{grp}department_head,{billing}"
        )
        cls.all_documents = new_test_user(
            cls.env,
            login="cc_all_documents",
            groups="base.group_user,sales_team.group_sale_salesman_all_leads",
        )
        cls.team_south.member_ids = [Command.link(cls.manager_billing.id)]
        cls.team_east = cls.env["crm.team"].create(
            {"name": "Corporate East", "is_corporate": True, "user_id": cls.head_billing.id}
        )
        cls.client_a.write(
            {
                "negotiation_note": "<p>Walk away above 7 %</p>",
                "needs_note": "<p>Toner, paper</p>",
                "needs_category_ids": [
                    Command.link(cls.env.ref("product.product_category_all").id)
                ],
            }
        )
        cls.dm_a = cls.add_decision_maker(cls.client_a)
        cls.competitor_line = cls.env["corporate.client.competitor"].create(
            {"client_id": cls.client_a.id, "competitor_id": cls.competitor.id}
        )
        cls.contract_a = cls.env["corporate.contract"].create(
            {"client_id": cls.client_a.id, "negotiation_note": "<p>Concede 2 % at most</p>"}
        )

    def _track_env(self, user):
        return self.env(user=user.id, context=dict(self.env.context, tracking_disable=False))

    # ------------------------------------------------------------------ item 1
    def test_salesperson_of_the_partner_does_not_take_the_client(self):
        partner = self.client_a.partner_id.with_user(self.manager_b)
        with self.assertRaisesRegex(UserError, "follows the account manager of its client card"):
            partner.write({"user_id": self.manager_b.id})
        self.assertEqual(self.client_a.user_id, self.manager_a)
        self.assertEqual(self.client_a.partner_id.user_id, self.manager_a)
        with self.assertRaises(AccessError):
            self.client_a.with_user(self.manager_b).read(["negotiation_note"])
        # The manager himself cannot hand his client over either, nor move it.
        with self.assertRaisesRegex(AccessError, "Only the head of the client's department"):
            self.client_a.with_user(self.manager_a).write({"user_id": self.manager_b.id})
        with self.assertRaisesRegex(AccessError, "Only the head of the client's department"):
            self.client_a.with_user(self.manager_a).write({"team_id": self.team_south.id})

    def test_head_hands_a_client_over_within_the_department(self):
        self.env.cr.precommit.run()  # what the setup left pending (untracked creations)
        card = self._track_env(self.head_north)["corporate.client"].browse(self.client_a.id)
        # Not to a manager of another department, nor by the head of another one.
        with self.assertRaisesRegex(AccessError, "Only the head of the client's department"):
            card.write({"user_id": self.manager_c.id})
        with self.assertRaisesRegex(AccessError, "Only the head of the client's department"):
            card.write({"team_id": self.team_south.id})
        with self.assertRaises(AccessError):
            self.client_a.with_user(self.head_south).write({"user_id": self.manager_c.id})
        card.write({"user_id": self.manager_b.id})
        self.env.flush_all()
        self.env.cr.precommit.run()  # tracking values are written at commit
        self.assertEqual(self.client_a.user_id, self.manager_b)
        self.assertEqual(self.client_a.partner_id.user_id, self.manager_b, "the mirror follows")
        tracked = self.client_a.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "user_id"
        )
        self.assertEqual(tracked.old_value_char, self.manager_a.name)
        self.assertEqual(tracked.new_value_char, self.manager_b.name)
        self.assertEqual(tracked.mail_message_id.author_id, self.head_north.partner_id)
        # The records about the client follow it: B reads them, A no longer.
        self.assertTrue(self.contract_a.with_user(self.manager_b).read(["negotiation_note"]))
        self.assertEqual(self.contract_a.client_user_id, self.manager_b)
        with self.assertRaises(AccessError):
            self.contract_a.with_user(self.manager_a).read(["name"])
        # The director moves a client anywhere.
        self.client_a.with_user(self.director).write(
            {"user_id": self.manager_c.id, "team_id": self.team_south.id}
        )
        self.assertEqual(self.client_a.partner_id.user_id, self.manager_c)

    def test_manager_registers_cards_of_their_own_only(self):
        Card = self.env["corporate.client"].with_user(self.manager_a)
        own = Card.create({"name": "Delta Foods"})
        self.assertEqual((own.user_id, own.team_id), (self.manager_a, self.team_north))
        with self.assertRaises(AccessError):
            Card.create({"name": "Epsilon", "user_id": self.manager_b.id})
        with self.assertRaises(AccessError):
            Card.create({"name": "Zeta", "team_id": self.team_south.id})

    # ------------------------------------------------------------------ item 2
    def test_billing_does_not_open_other_cards(self):
        for user in (self.manager_billing, self.head_billing):
            with self.subTest(user=user.login):
                self.env.invalidate_all()
                with self.assertRaises(AccessError):
                    self.client_a.with_user(user).read(["negotiation_note"])
                with self.assertRaises(AccessError):
                    self.contract_a.with_user(user).read(["negotiation_note"])
                self.assertFalse(
                    self.env["corporate.client"]
                    .with_user(user)
                    .search([("id", "=", self.client_a.id)])
                )
        # The accountant alone reads what collection needs, nothing of negotiation.
        card = self.client_a.with_user(self.accountant)
        self.assertEqual(card.read(["name", "receivable_total"])[0]["name"], "Alpha Industries")
        for fname in ("negotiation_note", "needs_note", "contact_role_ids"):
            with self.subTest(field=fname), self.assertRaises(AccessError):
                card.read([fname])
        self.assertEqual(
            self.contract_a.with_user(self.accountant).read(["name"])[0]["id"], self.contract_a.id
        )
        with self.assertRaises(AccessError):
            self.contract_a.with_user(self.accountant).read(["negotiation_note"])
        # Sales "All documents" without a corporate role: no card at all.
        with self.assertRaises(AccessError):
            self.env["corporate.client"].with_user(self.all_documents).search([])

    # ------------------------------------------------------------------ item 3
    @freeze_time("2026-11-25 03:00:00")
    def test_only_the_director_confirms_substitutions(self):
        Sub = self.env["corporate.substitution"].with_user(self.head_north)
        vals = {
            "absent_user_id": self.manager_a.id,
            "substitute_user_id": self.manager_b.id,
            "date_from": "2027-03-01",
            "date_to": "2027-03-05",
            "order_ref": "Order 9",
        }
        with self.assertRaisesRegex(UserError, "change only through its buttons"):
            Sub.create(dict(vals, state="confirmed"))
        sub = Sub.create(vals)
        with self.assertRaisesRegex(UserError, "change only through its buttons"):
            sub.write({"state": "confirmed"})
        with self.assertRaisesRegex(UserError, "Only a director"):
            sub.action_confirm()
        # Re-pointed to a manager of another department: out of the head's reach.
        with self.assertRaises(AccessError):
            sub.write({"absent_user_id": self.manager_c.id})
        self.assertEqual(sub.absent_user_id, self.manager_a)
        sub.with_user(self.director).action_confirm()
        self.assertEqual(sub.state, "confirmed")
        with self.assertRaisesRegex(UserError, "Only a director can change"):
            sub.write({"date_to": "2027-12-31"})

    # ------------------------------------------------------------------ item 4
    @freeze_time("2026-11-25 03:00:00")
    def test_workflow_fields_move_through_actions_only(self):
        plan = (
            self.env["corporate.plan"].with_user(self.manager_a).create({"date_from": "2026-12-01"})
        )
        with self.assertRaisesRegex(UserError, "change only through its buttons"):
            plan.write({"state": "approved", "approved_by_id": self.head_north.id})
        with self.assertRaisesRegex(UserError, "change only through its buttons"):
            plan.write({"state": "submitted"})
        plan.write({"state": "draft", "note": "unchanged state is fine"})
        plan.action_submit()
        self.assertEqual(plan.state, "submitted")

        report = (
            self.env["corporate.monthly.report"]
            .with_context(corporate_report_snapshot=True)
            ._generate_reports(date(2026, 10, 1), self.manager_a)
        )
        report = report.with_user(self.manager_a)
        with self.assertRaisesRegex(UserError, "change only through its buttons"):
            report.write({"state": "approved", "approved_by_id": self.manager_a.id})
        self.assertEqual(report.state, "draft")

        contract = self.contract_a.with_user(self.manager_a)
        contract.write({"disagreement_ids": [Command.create({"clause": "5.2 Penalties"})]})
        with self.assertRaisesRegex(UserError, "change only through its buttons"):
            contract.write({"state": "signed", "is_new_client": True})
        with self.assertRaisesRegex(UserError, "change only through its buttons"):
            self.env["corporate.contract"].with_user(self.manager_a).create(
                {"client_id": self.client_a.id, "state": "signed", "is_new_client": True}
            )
        with self.assertRaisesRegex(UserError, "open disagreements"):
            contract.action_sign()
        self.assertEqual((contract.state, contract.is_new_client), ("draft", False))

        complaint = (
            self.env["corporate.complaint"]
            .with_user(self.manager_a)
            .create({"client_id": self.client_a.id, "description": "<p>Late delivery</p>"})
        )
        with self.assertRaisesRegex(UserError, "change only through its buttons"):
            complaint.write({"state": "closed"})
        request = (
            self.env["corporate.logistics.request"]
            .with_user(self.manager_a)
            .create({"client_id": self.client_a.id})
        )
        with self.assertRaisesRegex(UserError, "change only through its buttons"):
            request.write({"state": "done"})
        self.assertEqual((complaint.state, request.state), ("new", "draft"))

        order = (
            self.env["sale.order"]
            .with_user(self.manager_a)
            .create({"partner_id": self.client_a.partner_id.id})
        )
        with self.assertRaisesRegex(UserError, "change only through its buttons"):
            order.write({"corporate_approval_state": "approved"})
        self.assertFalse(order.corporate_approval_state)

    def test_computed_facts_are_not_typed_in(self):
        """A manager may not rate their own client reliable or class A: stored
        scores and classes are set by their computation only (over RPC too,
        with the Billing group as well)."""
        card = self.client_a
        before = (card.reliability_score, card.reliability_class, card.abc_class)
        billing = self.env.ref("account.group_account_invoice")
        for extra in (False, True):
            if extra:
                self.manager_a.groups_id = [Command.link(billing.id)]
            as_manager = card.with_user(self.manager_a)
            with self.assertRaisesRegex(UserError, "change only through its buttons"):
                as_manager.write({"reliability_score": 100, "reliability_class": "reliable"})
            with self.assertRaisesRegex(UserError, "change only through its buttons"):
                as_manager.write({"abc_class": "A"})
            as_manager.write({"reliability_score": before[0], "level_focus": "kept"})
        card.invalidate_recordset()
        self.assertEqual((card.reliability_score, card.reliability_class, card.abc_class), before)

    # ------------------------------------------------------------------ item 5
    def test_records_bind_to_the_users_clients(self):
        as_b = self.env(user=self.manager_b.id)
        with self.assertRaises(AccessError):
            as_b["corporate.contract"].create(
                {"client_id": self.client_a.id, "user_id": self.manager_b.id}
            )
        with self.assertRaises(AccessError):
            as_b["corporate.interaction"].create(
                {"client_id": self.client_a.id, "user_id": self.manager_b.id}
            )
        own = as_b["corporate.interaction"].create({"client_id": self.client_b.id})
        with self.assertRaisesRegex(AccessError, "you may not read"):
            own.write({"client_id": self.client_a.id})
        self.assertEqual(own.client_id, self.client_b)
        self.assertFalse(self.client_a.last_contact_date)

    # ------------------------------------------------------------------ item 6
    def test_no_search_on_fields_one_may_not_read(self):
        Card = self.env["corporate.client"].with_user(self.accountant)
        category = self.env.ref("product.product_category_all")
        for domain in (
            [("competitor_line_ids", "in", self.competitor_line.ids)],
            [("competitor_line_ids.competitor_id", "=", self.competitor.id)],
            [("needs_category_ids", "in", category.ids)],
            [("contact_role_ids", "any", [("role", "=", "decision_maker")])],
            [("negotiation_note", "ilike", "walk")],
        ):
            with self.subTest(domain=domain), self.assertRaisesRegex(AccessError, "confidential"):
                Card.search_count(domain)
        with self.assertRaisesRegex(AccessError, "confidential"):
            Card.read_group([], ["needs_category_ids"], ["needs_category_ids"])
        with self.assertRaisesRegex(AccessError, "confidential"):
            Card.browse(self.client_a.id).filtered_domain(
                [("needs_category_ids", "in", category.ids)]
            )
        with self.assertRaisesRegex(AccessError, "confidential"):
            self.env["res.partner"].with_user(self.accountant).search(
                [("competitor_client_line_ids", "in", self.competitor_line.ids)]
            )
        # Those who may read the fields search them.
        self.assertEqual(
            self.env["corporate.client"]
            .with_user(self.manager_a)
            .search([("competitor_line_ids.competitor_id", "=", self.competitor.id)]),
            self.client_a,
        )

    # ------------------------------------------------------------------ item 7
    def test_heads_set_quotas_of_their_department(self):
        Quota = self.env["corporate.quota"].with_user(self.head_north)
        base = {"metric": "calls", "period": "day", "target": 25}
        own = Quota.create(dict(base, user_id=self.manager_a.id))
        team = Quota.create(dict(base, team_id=self.team_north.id))
        self.assertEqual((own.scope, team.scope), ("user", "team"))
        for vals in (
            dict(base, user_id=self.manager_c.id),
            dict(base, team_id=self.team_south.id),
            dict(base, period="month"),  # company-wide
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                Quota.create(vals)
        company_wide = self.env["corporate.quota"].search(
            [("metric", "=", "calls"), ("period", "=", "day"), ("scope", "=", "company")],
            limit=1,
        )
        self.assertTrue(company_wide, "the company-wide quota of the data file")
        with self.assertRaises(AccessError):
            company_wide.with_user(self.head_north).write({"target": 1})
        with self.assertRaises(AccessError):
            own.with_user(self.head_north).write({"user_id": self.manager_c.id})
        self.assertTrue(company_wide.with_user(self.manager_a).target)
        company_wide.with_user(self.director).write({"target": 35})
        self.assertEqual(company_wide.target, 35)

    # ------------------------------------------------------------------ item 8
    def test_order_warning_keeps_the_score_to_the_card_readers(self):
        today = fields.Date.today()
        self.company.write(
            {
                "corporate_contract_check": "none",
                "corporate_credit_check": "none",
                "corporate_risky_approval": True,
            }
        )
        self.client_a.write(
            {
                "segment": "small",
                "founding_date": today,
                "reliability_manual_score": 1,
                "reliability_assessment_date": today,
            }
        )
        self.env.invalidate_all()
        self.assertEqual(self.client_a.reliability_class, "risky")
        order = self.env["sale.order"].create(
            {"partner_id": self.client_a.partner_id.id, "user_id": self.manager_a.id}
        )
        score = f"{self.client_a.reliability_score}/100"
        self.assertIn(score, order.with_user(self.manager_a).corporate_order_warning)
        for user in (self.all_documents, self.head_south):
            with self.subTest(user=user.login):
                self.env.invalidate_all()
                warning = order.with_user(user).corporate_order_warning
                self.assertIn("approval", warning)
                self.assertNotIn(score, warning)
                self.assertNotIn("risky", warning)

    # ------------------------------------------------------------------ item 9
    def test_birthdays_follow_the_card(self):
        contact = self.client_a.child_ids[:1]
        contact.birthday = date(1980, 3, 10)
        self.assertEqual(contact.with_user(self.manager_a).birthday, date(1980, 3, 10))
        self.assertEqual(contact.with_user(self.head_north).birthday, date(1980, 3, 10))
        for user in (self.manager_b, self.manager_c, self.head_south):
            with self.subTest(user=user.login):
                self.env.invalidate_all()
                self.assertFalse(contact.with_user(user).birthday)
                self.assertFalse(
                    self.env["res.partner"]
                    .with_user(user)
                    .search([("birthday", "=", date(1980, 3, 10))])
                )
        with self.assertRaises(AccessError):
            self.client_b.child_ids[:1].with_user(self.manager_a).birthday = date(1990, 1, 1)
        self.client_b.child_ids[:1].with_user(self.manager_b).birthday = date(1990, 1, 1)
        self.assertEqual(self.client_b.child_ids[:1].birthday, date(1990, 1, 1))
        with self.assertRaises(AccessError):
            contact.with_user(self.accountant).read(["birthday"])


@tagged("post_install", "-at_install")
class TestBadInputOverRpc(HttpCase, CorporateClientCase):
    """What an RPC client sends to the addon's own fields: a clear error, nothing stored."""

    def _call(self, model, method, args):
        response = self.url_open(
            "/web/dataset/call_kw",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "params": {"model": model, "method": method, "args": args, "kwargs": {}},
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        return response.json()

    def test_bad_input_is_refused_clearly(self):
        self.authenticate("cc_manager_a", "cc_manager_a")
        Contract = self.env["corporate.contract"]
        count = Contract.search_count([])
        for model, vals, message in (
            ("corporate.contract", {"date_start": "next monday"}, "not a valid value for Start"),
            ("corporate.contract", {"credit_limit": "a lot"}, "not a valid value for Credit"),
            ("corporate.contract", {"state": "approved"}, "not a valid value for St"),
            ("corporate.contract", {"credit_limit": -5}, "credit limit cannot be negative"),
            ("corporate.contract", {"discount": 150}, "percentage between 0 and 100"),
            ("corporate.interaction", {"duration": -3}, "duration cannot be negative"),
            ("corporate.interaction", {"date": "yesterday"}, "not a valid value for Date"),
        ):
            with self.subTest(model=model, vals=vals):
                reply = self._call(model, "create", [{"client_id": self.client_a.id, **vals}])
                error = reply.get("error", {}).get("data", {})
                self.assertEqual(error.get("name"), "odoo.exceptions.ValidationError", reply)
                self.assertRegex(error.get("message", ""), message)
        self.env.invalidate_all()
        self.assertEqual(Contract.search_count([]), count)
        self.assertFalse(self.client_a.last_contact_date)
