"""R8, R19, R21, R22: contracts, new-client detection, terms, order checks, access."""

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .clock import freeze_time
from .receivable_common import CorporateAccountingCase


@tagged("post_install", "-at_install")
class TestContract(CorporateAccountingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pricelist = cls.env["product.pricelist"].create({"name": "Corporate wholesale"})
        cls.term_45 = cls.env["account.payment.term"].create(
            {"name": "45 days", "line_ids": [Command.create({"value": "percent", "nb_days": 45})]}
        )

    def contract(self, card, user=None, **vals):
        Contract = self.env["corporate.contract"].with_user(user or card.user_id)
        return Contract.create({"client_id": card.id, **vals})

    # ------------------------------------------------------------------ new clients
    @freeze_time("2026-03-10 05:00:00")
    def test_new_client_first_contract(self):
        contract = self.contract(self.client_a, date_end="2027-03-09")
        self.assertTrue(contract.name.startswith("CTR/"))
        self.assertEqual(contract.user_id, self.manager_a)
        self.assertEqual(contract.team_id, self.team_north)
        contract.action_negotiate()
        self.assertEqual(self.client_a.stage, "negotiation")
        contract.action_sign()
        self.assertEqual(contract.state, "signed")
        self.assertEqual(str(contract.date_signed), "2026-03-10")
        self.assertTrue(contract.is_new_client)
        self.assertEqual(self.client_a.stage, "active")
        self.assertEqual(self.client_a.active_contract_id, contract)

    def test_former_client_with_expired_contract_is_not_new(self):
        with freeze_time("2025-01-10 05:00:00"):
            old = self.contract(self.client_b, date_end="2025-12-31")
            old.action_sign()
            self.assertTrue(old.is_new_client)
        with freeze_time("2026-01-05 05:00:00"):
            self.env["corporate.contract"]._cron_contract_deadlines()
            self.assertEqual(old.state, "expired")
            renewal = self.contract(self.client_b, date_start="2026-01-05")
            renewal.action_sign()
        self.assertFalse(renewal.is_new_client)

    def test_client_with_invoices_but_no_contract_is_not_new(self):
        self.invoice(self.client_c, 250, "2026-02-01", "2026-03-01")
        with freeze_time("2026-03-01 05:00:00"):
            contract = self.contract(self.client_c)
            contract.action_sign()
        self.assertFalse(contract.is_new_client)

    def test_invoice_after_signature_or_draft_keeps_new(self):
        # An invoice dated after the signature, a draft invoice and a refund do not count.
        self.invoice(self.client_c, 250, "2026-04-01", "2026-05-01")
        draft = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.client_c.partner_id.id,
                "invoice_date": "2026-01-01",
                "invoice_line_ids": [Command.create({"product_id": self.product.id})],
            }
        )
        self.assertEqual(draft.state, "draft")
        with freeze_time("2026-03-01 05:00:00"):
            contract = self.contract(self.client_c)
            contract.action_sign()
        self.assertTrue(contract.is_new_client)

    def test_count_new_client_contracts(self):
        with freeze_time("2026-03-05 05:00:00"):
            self.contract(self.client_a, date_end="2026-12-31").action_sign()  # new, manager A
            self.contract(self.client_c).action_sign()  # new, manager C
        with freeze_time("2026-03-20 05:00:00"):
            second = self.contract(self.client_a, user=self.director, date_start="2027-01-01")
            second.action_sign()  # not new
        with freeze_time("2026-04-02 05:00:00"):
            self.contract(self.client_b).action_sign()  # new, but in April
        self.contract(self.create_client("Delta Draft", self.manager_a))  # never signed
        users = self.manager_a | self.manager_b | self.manager_c | self.head_north
        counts = self.env["corporate.contract"]._count_new_client_contracts(
            users, "2026-03-01", "2026-03-31"
        )
        self.assertEqual(
            counts,
            {
                self.manager_a.id: 1,
                self.manager_b.id: 0,
                self.manager_c.id: 1,
                self.head_north.id: 0,
            },
        )

    # ------------------------------------------------------------------ terms
    @freeze_time("2026-03-10 05:00:00")
    def test_signing_applies_terms(self):
        contract = self.contract(
            self.client_a,
            pricelist_id=self.pricelist.id,
            payment_term_id=self.term_45.id,
            credit_limit=5000,
            discount=5,
            special_conditions="Delivery within 24 h",
        )
        partner = self.client_a.partner_id
        self.assertNotEqual(partner.property_product_pricelist, self.pricelist)
        contract.action_sign()
        self.env.invalidate_all()
        self.assertEqual(partner.property_product_pricelist, self.pricelist)
        self.assertEqual(partner.property_payment_term_id, self.term_45)
        self.assertEqual(partner.credit_limit, 5000)
        self.assertTrue(partner.use_partner_credit_limit)
        self.assertEqual(self.client_a.with_user(self.manager_a).corporate_credit_limit, 5000)
        self.assertIn(contract.name, self.client_a.message_ids[:1].body)

    @freeze_time("2026-03-10 05:00:00")
    def test_sign_checks(self):
        contract = self.contract(
            self.client_a,
            disagreement_ids=[
                Command.create(
                    {
                        "clause": "7.1 Penalties",
                        "client_position": "0.01 % a day",
                        "our_position": "0.1 % a day",
                    }
                )
            ],
        )
        with self.assertRaisesRegex(UserError, "open disagreements .7.1 Penalties."):
            contract.action_sign()
        contract.disagreement_ids.write({"resolution": "0.05 % a day"})
        contract.disagreement_ids.action_resolve()
        contract.action_sign()
        overlapping = self.contract(self.client_a, date_start="2026-06-01")
        with self.assertRaisesRegex(UserError, contract.name):
            overlapping.action_sign()
        with self.assertRaises(ValidationError):
            self.contract(self.client_a, date_start="2026-05-01", date_end="2026-04-01")
        with self.assertRaises(AccessError):  # managers delete no contract at all
            contract.unlink()
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            contract.with_user(self.head_north).unlink()
        with self.assertRaisesRegex(UserError, "already signed"):
            contract.action_sign()

    # ------------------------------------------------------------------ cron
    def test_cron_expiry_and_renewal_once(self):
        renewal_type = self.env.ref("corporate_client.mail_activity_type_contract_renewal")
        with freeze_time("2026-01-01 05:00:00"):
            contract = self.contract(self.client_a, date_end="2026-06-30")
            contract.action_sign()
        with freeze_time("2026-05-20 05:00:00"):  # 41 days before the end: nothing yet
            self.env["corporate.contract"]._cron_contract_deadlines()
        self.assertFalse(contract.activity_ids)
        with freeze_time("2026-06-01 05:00:00"):  # 29 days before: one activity, once
            self.env["corporate.contract"]._cron_contract_deadlines()
            self.env["corporate.contract"]._cron_contract_deadlines()
        self.assertEqual(len(contract.activity_ids), 1)
        self.assertEqual(contract.activity_ids.activity_type_id, renewal_type)
        self.assertEqual(contract.activity_ids.user_id, self.manager_a)
        with freeze_time("2026-06-30 05:00:00"):
            self.env["corporate.contract"]._cron_contract_deadlines()
        self.assertEqual(contract.state, "signed")
        with freeze_time("2026-07-01 05:00:00"):
            self.env["corporate.contract"]._cron_contract_deadlines()
            self.env["corporate.contract"]._cron_contract_deadlines()
        self.assertEqual(contract.state, "expired")
        self.assertEqual(len(contract.activity_ids), 1)
        action = contract.action_renew()
        renewal = self.env["corporate.contract"].browse(action["res_id"])
        self.assertEqual((str(renewal.date_start), renewal.state), ("2026-07-01", "draft"))
        self.assertEqual(renewal.renewed_from_id, contract)

    # ------------------------------------------------------------------ sale orders
    def order(self, card, amount=100.0, user=None):
        return (
            self.env["sale.order"]
            .with_user(user or card.user_id)
            .create(
                {
                    "partner_id": card.partner_id.id,
                    "order_line": [
                        Command.create(
                            {"product_id": self.product.id, "price_unit": amount, "tax_id": False}
                        )
                    ],
                }
            )
        )

    def test_order_without_contract_warns_or_blocks(self):
        self.company.corporate_contract_check = "warn"
        order = self.order(self.client_a)
        self.assertIn("no signed contract", order.corporate_order_warning)
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertIn("no signed contract", order.message_ids[0].body)
        self.company.corporate_contract_check = "block"
        order = self.order(self.client_a)
        with self.assertRaisesRegex(UserError, "Alpha Industries has no signed contract: create"):
            order.action_confirm()
        self.company.corporate_contract_check = "none"
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        # Retail customers are never checked.
        self.company.corporate_contract_check = "block"
        retail = self.env["sale.order"].create(
            {
                "partner_id": self.retail.id,
                "order_line": [Command.create({"product_id": self.product.id})],
            }
        )
        retail.action_confirm()
        self.assertEqual(retail.state, "sale")

    def test_order_with_expired_contract_blocks(self):
        self.company.corporate_contract_check = "block"
        with freeze_time("2025-01-10 05:00:00"):
            old = self.contract(self.client_a, date_end="2025-12-31")
            old.action_sign()
        self.env["corporate.contract"]._cron_contract_deadlines()
        order = self.order(self.client_a)
        self.assertFalse(order.corporate_contract_id)
        with self.assertRaisesRegex(UserError, f"{old.name} .* no longer in force .*renew"):
            order.action_confirm()
        current = self.contract(self.client_a)
        current.action_sign()
        order = self.order(self.client_a)
        self.assertEqual(order.corporate_contract_id, current)
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_order_beyond_credit_limit(self):
        self.company.corporate_contract_check = "none"
        self.company.corporate_credit_check = "block"
        self.company.corporate_risky_approval = False
        self.contract(self.client_a, credit_limit=1000).action_sign()
        self.invoice(self.client_a, 600, "2026-01-01", "2099-01-01")
        self.env.invalidate_all()
        self.order(self.client_a, 300).action_confirm()  # 600 + 300 <= 1000
        order = self.order(self.client_a, 200)  # 600 + 300 uninvoiced + 200 > 1000
        with self.assertRaisesRegex(UserError, "above its credit limit .*ask the client to pay"):
            order.action_confirm()
        self.company.corporate_credit_check = "warn"
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertIn("credit limit", order.message_ids[0].body)

    # ------------------------------------------------------------------ access
    def test_access_per_role(self):
        contract = self.contract(
            self.client_a,
            negotiation_note="<p>Max 7 %</p>",
            disagreement_ids=[Command.create({"clause": "3.2 Delivery"})],
        )
        Contract = self.env["corporate.contract"]
        for user in (self.manager_a, self.head_north, self.director, self.accountant):
            self.env.invalidate_all()
            self.assertEqual(
                Contract.with_user(user).search([("id", "=", contract.id)]), contract, user.login
            )
        for user in (self.manager_b, self.head_south, self.employee):
            self.env.invalidate_all()
            with self.assertRaises(AccessError, msg=user.login):
                Contract.with_user(user).browse(contract.id).read(["name"])
        self.env.invalidate_all()
        as_accountant = Contract.with_user(self.accountant).browse(contract.id)
        self.assertEqual(as_accountant.read(["credit_limit"])[0]["credit_limit"], 0.0)
        with self.assertRaises(AccessError):
            as_accountant.read(["negotiation_note"])
        with self.assertRaises(AccessError):
            as_accountant.read(["disagreement_ids"])
        with self.assertRaises(AccessError):
            self.env["corporate.contract.disagreement"].with_user(self.accountant).search([])
        with self.assertRaises(AccessError):
            as_accountant.write({"discount": 3})
        # Managers edit their own contracts and disagreements, not others'.
        self.env.invalidate_all()
        contract.with_user(self.manager_a).disagreement_ids.action_drop()
        with self.assertRaises(AccessError):
            self.contract(self.client_a, user=self.manager_b)
