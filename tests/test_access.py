"""R15 confidentiality: who reads, writes, creates and deletes what, and when."""

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .clock import freeze_time
from .common import CorporateClientCase

R, W, C, U = "read", "write", "create", "unlink"
ALL = (R, W, C, U)


BEFORE, DURING, AFTER = "2026-11-30 10:00:00", "2026-12-05 10:00:00", "2026-12-12 10:00:00"


@tagged("post_install", "-at_install")
class TestAccessMatrix(CorporateClientCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.substitute = new_test_user(
            cls.env,
            login="cc_substitute",
            name="Sam Substitute",
            groups="base.group_user,corporate_client.group_account_manager",
        )
        cls.team_north.member_ids = [Command.link(cls.substitute.id)]
        cls.client_a.write({"negotiation_note": "<p>Target: 7 % discount max</p>"})
        cls.add_decision_maker(cls.client_a)
        with freeze_time("2026-11-20"):
            cls.substitution = cls.env["corporate.substitution"].create(
                {
                    "absent_user_id": cls.manager_a.id,
                    "substitute_user_id": cls.substitute.id,
                    "date_from": "2026-12-01",
                    "date_to": "2026-12-10",
                    "reason": "vacation",
                    "order_ref": "Order 7/2026",
                }
            )
            cls.substitution.with_user(cls.director).action_confirm()
            cls.draft_substitution = cls.env["corporate.substitution"].create(
                {
                    "absent_user_id": cls.manager_a.id,
                    "substitute_user_id": cls.substitute.id,
                    "date_from": "2027-05-01",
                    "date_to": "2027-05-10",
                }
            )
        cls.roles = {
            "manager A": cls.manager_a,
            "manager B": cls.manager_b,
            "substitute of A": cls.substitute,
            "head of A's department": cls.head_north,
            "head of another department": cls.head_south,
            "director": cls.director,
            "accountant": cls.accountant,
            "internal user": cls.employee,
        }

    def _card_op(self, env, operation):
        card = env["corporate.client"].browse(self.client_a.id)
        if operation == R:
            card.read(["stage", "segment", "next_checkin_date"])
        elif operation == W:
            card.write({"stage": "negotiation"})
        elif operation == C:
            env["corporate.client"].create(
                {
                    "name": "New Prospect",
                    "user_id": self.manager_a.id,
                    "team_id": self.team_north.id,
                }
            )
        elif operation == U:
            card.unlink()

    def _substitution_op(self, env, operation):
        sub = env["corporate.substitution"].browse(self.substitution.id)
        if operation == R:
            sub.read(["date_from", "substitute_user_id", "order_ref"])
        elif operation == W:
            sub.write({"note": "Handover done"})
        elif operation == C:
            env["corporate.substitution"].create(
                {
                    "absent_user_id": self.manager_a.id,
                    "substitute_user_id": self.manager_b.id,
                    "date_from": "2027-03-01",
                    "date_to": "2027-03-05",
                }
            )
        elif operation == U:
            env["corporate.substitution"].browse(self.draft_substitution.id).unlink()

    def _assert_matrix(self, target, expected, moment):
        with freeze_time(moment):
            for role, user in self.roles.items():
                for operation in ALL:
                    allowed = operation in expected.get(role, ())
                    with self.subTest(role=role, operation=operation, moment=moment):
                        self.assertEqual(
                            self._attempt(user, operation, target),
                            allowed,
                            f"{role} {'should' if allowed else 'must not'} {operation}",
                        )

    # ------------------------------------------------------------------ tests
    def test_card_matrix_outside_substitution(self):
        expected = {
            "manager A": (R, W, C),
            "head of A's department": ALL,
            "director": ALL,
            "accountant": (R,),
        }
        self._assert_matrix(self._card_op, expected, BEFORE)
        self._assert_matrix(self._card_op, expected, AFTER)

    def test_card_matrix_during_substitution(self):
        expected = {
            "manager A": (R, W, C),
            "substitute of A": (R, W, C),
            "head of A's department": ALL,
            "director": ALL,
            "accountant": (R,),
        }
        self._assert_matrix(self._card_op, expected, DURING)

    def test_substitution_matrix(self):
        expected = {
            "manager A": (R,),
            "substitute of A": (R,),
            "head of A's department": (R, W, C),
            "director": ALL,
        }
        for moment in (BEFORE, DURING, AFTER):
            self._assert_matrix(self._substitution_op, expected, moment)

    def test_access_changes_exactly_at_boundaries(self):
        """The rule cache is keyed by the date: no flush needed at midnight."""
        Client = self.env["corporate.client"]
        for moment, visible in (
            ("2026-11-30 23:59:59", False),
            ("2026-12-01 00:00:01", True),
            ("2026-12-10 23:59:59", True),
            ("2026-12-11 00:00:01", False),
        ):
            with freeze_time(moment):
                self.env.invalidate_all()
                found = Client.with_user(self.substitute).search([])
                self.assertEqual(self.client_a in found, visible, moment)
                self.assertNotIn(self.client_b, found)

    def test_confidential_fields_hidden_from_accountant(self):
        card = self.client_a.with_user(self.accountant)
        values = card.read(["stage", "segment", "credit", "name"])[0]
        self.assertEqual(values["name"], "Alpha Industries")
        for field in (
            "negotiation_note",
            "needs_note",
            "level_focus",
            "contact_role_ids",
            "competitor_line_ids",
        ):
            with self.subTest(field=field), self.assertRaises(AccessError):
                card.read([field])
        with self.assertRaises(AccessError):
            card.write({"stage": "lost"})

    def test_child_records_follow_the_card(self):
        Contact = self.env["corporate.client.contact"]
        self.assertTrue(
            Contact.with_user(self.manager_a).search([("client_id", "=", self.client_a.id)])
        )
        self.assertTrue(
            Contact.with_user(self.head_north).search([("client_id", "=", self.client_a.id)])
        )
        self.assertFalse(
            Contact.with_user(self.manager_b).search([("client_id", "=", self.client_a.id)])
        )
        self.assertFalse(
            Contact.with_user(self.head_south).search([("client_id", "=", self.client_a.id)])
        )
        with self.assertRaises(AccessError):
            Contact.with_user(self.accountant).search([])

    def test_basic_partner_data_stays_visible(self):
        """Name, address and VAT of a corporate client are everybody's."""
        for user in self.roles.values():
            partner = self.client_a.partner_id.with_user(user)
            values = partner.read(["name", "street", "vat"])[0]
            self.assertEqual(values["name"], "Alpha Industries")

    def test_colleague_quotes_and_invoices_a_client(self):
        """Manager B sells to manager A's client without seeing A's card."""
        product = self.env["product.product"].create(
            {"name": "A4 paper box", "list_price": 100.0, "invoice_policy": "order"}
        )
        Order = self.env["sale.order"].with_user(self.manager_b)
        order = Order.create(
            {
                "partner_id": self.client_a.partner_id.id,
                "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 3})],
            }
        )
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.amount_untaxed, 300.0)
        invoice = order._create_invoices()
        self.assertEqual(invoice.partner_id, self.client_a.partner_id)
        self.assertEqual(invoice.amount_untaxed, 300.0)
        with self.assertRaises(AccessError):
            self.client_a.with_user(self.manager_b).read(["stage"])
        self.assertFalse(
            self.env["corporate.client"]
            .with_user(self.manager_b)
            .search([("id", "=", self.client_a.id)])
        )

    def test_partner_copy_without_confidential_fields(self):
        """Copying a partner works for users who may not read its confidential notes."""
        user = new_test_user(
            self.env, login="cc_partner_admin", groups="base.group_user,base.group_partner_manager"
        )
        self.competitor.competitor_note = "Cheaper on toner"
        copy = self.competitor.with_user(user).copy()
        self.assertEqual(copy.sudo().is_competitor, True)
        self.assertFalse(copy.sudo().competitor_note, "confidential notes are not copied")
        with self.assertRaises(AccessError):
            self.competitor.with_user(user).read(["competitor_note"])
