"""R15: every model that follows the card, and every workflow action, per role.

The roles include users holding several groups at once, whose rules add up:
a manager or a head who also has Invoicing "Billing", and a Sales "All
documents" user without a corporate role.
"""

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .clock import freeze_time
from .common import CorporateClientCase

R, W, C, U = "read", "write", "create", "unlink"
ALL = (R, W, C, U)
OWNER = "manager A"
LEADER = "head of A's department"


@tagged("post_install", "-at_install")
class TestAccessCombined(CorporateClientCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        grp = "base.group_user,corporate_client.group_"
        billing = "account.group_account_invoice"
        manager_billing = new_test_user(
            cls.env, login="cc_mgr_billing", groups=f"{grp}account_manager,{billing}"
        )
        head_billing = new_test_user(
            cls.env, login="cc_head_billing2", groups=f"{grp}department_head,{billing}"
        )
        cls.team_south.member_ids = [Command.link(manager_billing.id)]
        cls.env["crm.team"].create(
            {"name": "Corporate West", "is_corporate": True, "user_id": head_billing.id}
        )
        cls.roles = {
            OWNER: cls.manager_a,
            "manager B": cls.manager_b,
            LEADER: cls.head_north,
            "head of another department": cls.head_south,
            "director": cls.director,
            "accountant": cls.accountant,
            "manager + Billing": manager_billing,
            "head + Billing": head_billing,
            "Sales all documents": new_test_user(
                cls.env,
                login="cc_all_docs",
                groups="base.group_user,sales_team.group_sale_salesman_all_leads",
            ),
            "internal user": cls.employee,
        }
        cls.contact = cls.client_a.child_ids[:1]
        cls.other_contact = cls.env["res.partner"].create(
            {"name": "Buyer of Alpha", "parent_id": cls.client_a.partner_id.id}
        )
        cls.rival_2 = cls.env["res.partner"].create(
            {"name": "Second Rival", "is_company": True, "is_competitor": True}
        )
        cls.dm = cls.add_decision_maker(cls.client_a)
        cls.spare_card = cls.create_client("Spare Supplies", cls.manager_a)
        cls.contract = cls.env["corporate.contract"].create({"client_id": cls.client_a.id})
        cls.disagreement = cls.env["corporate.contract.disagreement"].create(
            {"contract_id": cls.contract.id, "clause": "4.1 Prices"}
        )
        cls.interaction = cls.env["corporate.interaction"].create(
            {"client_id": cls.client_a.id, "user_id": cls.manager_a.id}
        )
        cls.complaint = cls.env["corporate.complaint"].create(
            {"client_id": cls.client_a.id, "description": "<p>Broken boxes</p>"}
        )
        cls.competitor_line = cls.env["corporate.client.competitor"].create(
            {"client_id": cls.client_a.id, "competitor_id": cls.competitor.id}
        )
        cls.contact.birthday = "1980-03-10"
        cls.birthday = cls.contact.corporate_birthday_ids

    # ------------------------------------------------------------------ helpers
    def _attempt(self, user, operation, target):
        """Run one operation as ``user``: True, or False when refused."""
        return super()._attempt(user, operation, target, refusals=(AccessError, UserError))

    def _assert_matrix(self, target, expected, operations=ALL):
        for role, user in self.roles.items():
            for operation in operations:
                allowed = operation in expected.get(role, ())
                with self.subTest(role=role, operation=operation):
                    self.assertEqual(
                        self._attempt(user, operation, target),
                        allowed,
                        f"{role} {'should' if allowed else 'must not'} {operation}",
                    )

    def _crud(self, record, read, write, create, spare=None):
        """Read and write ``record``, create from ``create()``, delete ``spare``
        (a record nothing else refers to) or ``record``."""

        def target(env, operation):
            rec = env[record._name].browse(record.id)
            if operation == R:
                rec.read(read)
            elif operation == W:
                rec.write(write)
            elif operation == C:
                env[record._name].create(create())
            elif operation == U:
                env[record._name].browse((spare or record).id).unlink()

        return target

    # ------------------------------------------------------------------ CRUD
    def test_models_following_the_card(self):
        cases = {
            "card": (
                self._crud(
                    self.client_a,
                    ["stage", "name"],
                    {"stage": "negotiation"},
                    lambda: {"name": "New Prospect", "user_id": self.manager_a.id},
                    spare=self.spare_card,
                ),
                (R, W, C),
            ),
            "contract": (
                self._crud(
                    self.contract,
                    ["name", "state"],
                    {"special_conditions": "Free delivery"},
                    lambda: {"client_id": self.client_a.id},
                ),
                (R, W, C),
            ),
            "disagreement": (
                self._crud(
                    self.disagreement,
                    ["clause"],
                    {"our_position": "Keep"},
                    lambda: {"contract_id": self.contract.id, "clause": "9.9 Term"},
                ),
                ALL,
            ),
            "interaction": (
                self._crud(
                    self.interaction,
                    ["date", "note"],
                    {"note": "Called back"},
                    lambda: {"client_id": self.client_a.id},
                ),
                (R, W, C),
            ),
            "complaint": (
                self._crud(
                    self.complaint,
                    ["description"],
                    {"root_cause": "Packaging"},
                    lambda: {"client_id": self.client_a.id, "description": "<p>Late</p>"},
                ),
                (R, W, C),
            ),
            "decision maker": (
                self._crud(
                    self.dm,
                    ["role"],
                    {"influence": "high"},
                    lambda: {
                        "client_id": self.client_a.id,
                        "contact_id": self.other_contact.id,
                        "role": "negotiator",
                    },
                ),
                ALL,
            ),
            "competitor": (
                self._crud(
                    self.competitor_line,
                    ["share"],
                    {"share": "main"},
                    lambda: {"client_id": self.client_a.id, "competitor_id": self.rival_2.id},
                ),
                ALL,
            ),
            "birthday": (
                self._crud(
                    self.birthday,
                    ["birthday"],
                    {"birthday": "1981-03-10"},
                    lambda: {
                        "client_id": self.client_a.id,
                        "contact_id": self.other_contact.id,
                        "birthday": "1970-01-01",
                    },
                ),
                ALL,
            ),
        }
        accountant_reads = {"card", "contract"}
        for name, (target, owner_ops) in cases.items():
            expected = {OWNER: owner_ops, LEADER: ALL, "director": ALL}
            if name in accountant_reads:
                expected["accountant"] = (R,)
            with self.subTest(model=name):
                self._assert_matrix(target, expected)

    # ------------------------------------------------------------------ actions
    @freeze_time("2026-11-25 03:00:00")
    def test_workflow_actions(self):
        self.client_a.write(
            {"contact_role_ids": [Command.create({"contact_id": self.contact.id, "role": "user"})]}
        )
        plan = (
            self.env["corporate.plan"].with_user(self.manager_a).create({"date_from": "2026-12-01"})
        )
        plan.action_submit()
        report = self.env["corporate.monthly.report"]._generate_reports(
            self.env["corporate.monthly.report"]._month_start("2026-10-01"), self.manager_a
        )
        report.with_user(self.manager_a).action_submit()
        substitution = self.env["corporate.substitution"].create(
            {
                "absent_user_id": self.manager_a.id,
                "substitute_user_id": self.manager_b.id,
                "date_from": "2027-03-01",
                "date_to": "2027-03-05",
                "order_ref": "Order 12",
            }
        )
        order = self.env["sale.order"].create(
            {"partner_id": self.client_a.partner_id.id, "user_id": self.manager_a.id}
        )
        self.disagreement.state = "resolved"
        actions = {
            "register the card": (
                lambda env: env["corporate.client"].browse(self.client_a.id).action_register(),
                (OWNER, LEADER, "director"),
            ),
            "sign the contract": (
                lambda env: env["corporate.contract"].browse(self.contract.id).action_sign(),
                (OWNER, LEADER, "director"),
            ),
            "approve the work plan": (
                lambda env: env["corporate.plan"].browse(plan.id).action_approve(),
                (LEADER, "director"),
            ),
            "approve the monthly report": (
                lambda env: env["corporate.monthly.report"].browse(report.id).action_approve(),
                (LEADER, "director"),
            ),
            "confirm the substitution": (
                lambda env: env["corporate.substitution"].browse(substitution.id).action_confirm(),
                ("director",),
            ),
            "approve the order": (
                lambda env: env["sale.order"].browse(order.id).action_corporate_approve(),
                (LEADER, "director"),
            ),
        }
        for name, (action, allowed) in actions.items():
            with self.subTest(action=name):
                self._assert_matrix(
                    lambda env, _operation, action=action: action(env),
                    {role: ("do",) for role in allowed},
                    operations=("do",),
                )
