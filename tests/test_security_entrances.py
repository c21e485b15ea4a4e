"""Security at every entrance (issue 29): what a request carries besides field values.

The tests enumerate rather than hand-pick: every guarded field of every guarded
model with its ``default_`` context key and a saved user default, every report
of the addon through its HTTP routes, every parent link of a child model.  A
guarded field, a report or a parent link added later is enumerated too, and
fails here until it is guarded.  Each test logs what it enumerated.
"""

import ast
import json
import logging
import math
import re
from datetime import date, datetime, timedelta
from pathlib import Path

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import CorporateClientCase, _Rollback

_logger = logging.getLogger(__name__)
# What the generic tests enumerated, printed at the end of the run
# (tools/pytest_strict.py) and logged.
ENUMERATED = []


def enumerated(message, *args):
    ENUMERATED.append(message % args)
    _logger.info(message, *args)


# AccessError and ValidationError are UserErrors: a refusal with a message.
REFUSED = UserError
ADDON_ROOT = Path(__file__).resolve().parent.parent


class SecurityWorld(CorporateClientCase):
    """Documents of manager A (North) and manager C (South) of every kind."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal = new_test_user(
            cls.env, login="cc_portal", groups="base.group_portal", email="portal@example.com"
        )
        cls.product = cls.env["product.product"].create({"name": "Paper A4", "list_price": 5.0})
        cls.event = cls.env["corporate.event"].create(
            {
                "name": "Partners' day",
                "event_type": "exhibition",
                "date_begin": datetime(2027, 3, 1, 2, 0),
                "date_end": datetime(2027, 3, 1, 9, 0),
            }
        )
        cls.docs = {cls.manager_a: {}, cls.manager_c: {}}
        for user, client in ((cls.manager_a, cls.client_a), (cls.manager_c, cls.client_c)):
            docs = cls.docs[user]
            docs["corporate.client"] = client
            docs["corporate.contract"] = cls.env["corporate.contract"].create(
                {"client_id": client.id}
            )
            docs["corporate.plan"] = cls.env["corporate.plan"].create(
                {"user_id": user.id, "date_from": date(2027, 2, 1)}
            )
            docs["corporate.logistics.request"] = cls.env["corporate.logistics.request"].create(
                {"client_id": client.id}
            )
            docs["sale.order"] = cls.env["sale.order"].create(
                {"partner_id": client.partner_id.id, "user_id": user.id}
            )
            docs["corporate.interaction"] = cls.env["corporate.interaction"].create(
                {
                    "client_id": client.id,
                    "user_id": user.id,
                    "interaction_type": "call",
                    "direction": "outgoing",
                    "date": datetime(2026, 11, 2, 3, 0),
                }
            )
            docs["corporate.monthly.report"] = cls.env["corporate.monthly.report"].create(
                {"user_id": user.id, "date_from": date(2025, 6, 1)}
            )

    # ------------------------------------------------------------------ makers
    def _contact(self, client):
        return (
            self.env["res.partner"]
            .sudo()
            .create({"name": "Buyer", "parent_id": client.partner_id.id, "type": "contact"})
        )

    def _makers(self):
        """{model: [(role, vals of a new record of A's client)]}: who creates what."""
        a, head, director = self.manager_a, self.head_north, self.director
        docs = self.docs[a]
        client = self.client_a
        today = self.local_today()
        month = today + relativedelta(day=1)
        return {
            "corporate.client": [
                (a, lambda: {"name": "Forge Co", "user_id": a.id}),
                (director, lambda: {"name": "Forge Co", "user_id": a.id}),
            ],
            "corporate.client.contact": [
                (
                    a,
                    lambda: {
                        "client_id": client.id,
                        "contact_id": self._contact(client).id,
                        "role": "negotiator",
                    },
                ),
            ],
            "corporate.client.competitor": [
                (a, lambda: {"client_id": client.id, "competitor_id": self.competitor.id}),
            ],
            "corporate.complaint": [
                (a, lambda: {"client_id": client.id, "description": "<p>Late delivery</p>"}),
                (head, lambda: {"client_id": client.id, "description": "<p>Late delivery</p>"}),
            ],
            "corporate.contact.birthday": [
                (
                    a,
                    lambda: {
                        "client_id": client.id,
                        "contact_id": self._contact(client).id,
                        "birthday": date(1980, 5, 5),
                    },
                ),
            ],
            "corporate.contract": [
                (a, lambda: {"client_id": client.id}),
                (head, lambda: {"client_id": client.id}),
            ],
            "corporate.contract.disagreement": [
                (a, lambda: {"contract_id": docs["corporate.contract"].id, "clause": "5.2"}),
            ],
            "corporate.event.invitation": [
                (a, lambda: {"event_id": self.event.id, "client_id": client.id}),
            ],
            "corporate.greeting": [
                (
                    a,
                    lambda: {
                        "client_id": client.id,
                        "occasion": "founding",
                        "year": 2030,
                        "date": date(2030, 1, 1),
                        "occasion_key": "founding:2030",
                    },
                ),
            ],
            "corporate.interaction": [
                (
                    a,
                    lambda: {
                        "client_id": client.id,
                        "interaction_type": "call",
                        "direction": "outgoing",
                    },
                ),
            ],
            "corporate.logistics.request": [
                (a, lambda: {"client_id": client.id}),
            ],
            "corporate.logistics.request.line": [
                (
                    a,
                    lambda: {
                        "request_id": docs["corporate.logistics.request"].id,
                        "product_id": self.product.id,
                        "quantity": 2.0,
                    },
                ),
            ],
            "corporate.monthly.report": [
                (a, lambda: {"user_id": a.id, "date_from": month - relativedelta(months=2)}),
            ],
            "corporate.plan": [
                (a, lambda: {"user_id": a.id, "date_from": month + relativedelta(months=3)}),
            ],
            "corporate.plan.line": [
                (a, lambda: {"plan_id": docs["corporate.plan"].id, "name": "Negotiation"}),
            ],
            "corporate.quota": [
                (
                    head,
                    lambda: {
                        "team_id": self.team_north.id,
                        "metric": "calls",
                        "period": "day",
                        "target": 25.0,
                        "date_from": month + relativedelta(months=6),
                    },
                ),
            ],
            "corporate.substitution": [
                (
                    head,
                    lambda: {
                        "absent_user_id": a.id,
                        "substitute_user_id": self.manager_b.id,
                        "date_from": today + timedelta(days=30),
                        "date_to": today + timedelta(days=40),
                        "order_ref": "Order 7",
                    },
                ),
            ],
            "sale.order": [
                (a, lambda: {"partner_id": client.partner_id.id}),
            ],
        }

    def _guard_models(self):
        return sorted(
            name
            for name, cls in self.env.registry.items()
            if not cls._abstract
            and not cls._transient
            and hasattr(cls, "_corporate_guarded_fields")
        )

    def _forged_value(self, model, fname, pristine):
        """A value of ``fname`` other than ``pristine`` that passes input checks."""
        field = self.env[model]._fields[fname]
        if field.type == "selection":
            values = [key for key, _label in field._description_selection(self.env)]
            return next(value for value in values if value != pristine)
        if field.type == "boolean":
            return not pristine
        if field.type == "many2one":
            Comodel = self.env[field.comodel_name].sudo()
            candidates = Comodel.search([], limit=2, order="id desc") or Comodel.create(
                {"name": "Forged"}
            )
            pristine_id = pristine.id if hasattr(pristine, "id") else pristine
            return next(rec.id for rec in candidates if rec.id != pristine_id)
        if field.type == "date":
            return date(2026, 1, 15)
        if field.type == "datetime":
            return datetime(2026, 1, 15, 3, 0)
        if field.type in ("float", "monetary", "integer"):
            return 7
        if field.type == "html":
            return "<p>forged</p>"
        return "forged"

    def _create(self, user, model, vals, context=None, fnames=()):
        """Create as ``user`` in a savepoint, undone: {field: value} of ``fnames``
        the record got (a true value), or the refusal."""
        self.env.invalidate_all()
        env = self.env(user=user.id, context=dict(self.env.context, **(context or {})))
        try:
            with self.cr.savepoint():
                record = env[model].create(vals)
                record.flush_recordset()
                values = {fname: record.sudo()[fname] for fname in fnames}
                raise _Rollback(values or {"id": record.id})
        except _Rollback as done:
            return done.args[0]
        finally:
            self.env.invalidate_all()


@tagged("post_install", "-at_install")
class TestDefaultsAreWrites(SecurityWorld):
    def test_every_guarded_field_refuses_its_default_key_and_saved_default(self):
        makers = self._makers()
        models = self._guard_models()
        missing = set(models) - set(makers)
        self.assertFalse(missing, f"guarded models without a maker in this test: {missing}")
        tried = fields_seen = 0
        leaks = []
        for model in models:
            Model = self.env[model]
            guarded = sorted(Model._corporate_guarded_fields())
            fields_seen += len(guarded)
            for user, make in makers[model]:
                # The maker works: what is refused below is the default, not the record.
                self.assertTrue(self._create(user, model, make()), f"{model} as {user.login}")
                for fname in guarded:
                    pristine = Model.with_user(user)._corporate_pristine_default(fname)
                    forged = self._forged_value(model, fname, pristine)
                    field = Model._fields[fname]
                    expected = field.convert_to_record(
                        field.convert_to_cache(pristine, Model, validate=False), Model
                    )
                    for how in ("context", "saved default"):
                        tried += 1
                        context = {f"default_{fname}": forged} if how == "context" else None
                        saved = None
                        if how == "saved default":
                            saved = self._save_default(user, model, fname, forged)
                        try:
                            values = self._create(
                                user, model, make(), context=context, fnames=[fname]
                            )
                        except REFUSED:
                            continue
                        finally:
                            if saved:
                                saved.unlink()
                                self.env.registry.clear_cache()
                        got = values[fname]
                        if got != expected and not (
                            field.type in ("float", "monetary", "integer")
                            and math.isclose(got or 0, expected or 0)
                        ):
                            leaks.append(f"{model}.{fname} via {how} as {user.login}: {got!r}")
        enumerated(
            "defaults: %d guarded models, %d guarded fields, %d default keys and saved "
            "defaults tried, %d leaks",
            len(models),
            fields_seen,
            tried,
            len(leaks),
        )
        self.assertFalse(leaks, "\n".join(leaks))
        self.assertGreater(tried, 100)

    def _save_default(self, user, model, fname, value):
        """A personal default of ``user`` ("Set default"), as the web client saves it."""
        if isinstance(value, datetime):
            value = fields.Datetime.to_string(value)
        elif isinstance(value, date):
            value = fields.Date.to_string(value)
        self.env["ir.default"].set(model, fname, value, user_id=user.id)
        self.env.registry.clear_cache()
        return self.env["ir.default"].search(
            [
                ("field_id", "=", self.env["ir.model.fields"]._get(model, fname).id),
                ("user_id", "=", user.id),
            ]
        )

    def test_the_examples_of_the_issue(self):
        """Contract born signed and new-client, order born approved, card born
        registered with class A, complaint born closed, substitution born active."""
        examples = [
            (self.manager_a, "corporate.contract", {"client_id": self.client_a.id},
             {"default_state": "signed", "default_is_new_client": True}),
            (self.manager_a, "sale.order", {"partner_id": self.client_a.partner_id.id},
             {"default_corporate_approval_state": "approved"}),
            (self.manager_a, "corporate.client",
             {"name": "Born Registered", "user_id": self.manager_a.id},
             {"default_registration_state": "registered", "default_abc_class": "a"}),
            (self.manager_a, "corporate.complaint",
             {"client_id": self.client_a.id, "description": "<p>x</p>"},
             {"default_state": "closed"}),
            (self.head_north, "corporate.substitution",
             {"absent_user_id": self.manager_c.id, "substitute_user_id": self.head_north.id,
              "date_from": self.local_today(), "date_to": self.local_today() + timedelta(days=3),
              "order_ref": "X"},
             {"default_state": "active"}),
        ]  # fmt: skip
        for user, model, vals, context in examples:
            with self.subTest(model=model), self.assertRaises(REFUSED):
                self._create(user, model, vals, context=context)
        # The head reads no client of another department through it.
        self.assertFalse(
            self.env["corporate.client"]
            .with_user(self.head_north)
            .search([("id", "=", self.client_c.id)])
        )


@tagged("post_install", "-at_install")
class TestInternalSwitches(SecurityWorld):
    # Context keys the addon reads, and why none decides anything a user could not do.
    ALLOWED_KEYS = {
        "corporate_quick_log": "adds a trace on the card of the interaction just created",
        "corporate_queue_activity_id": "closes an activity of the same card the user may close",
        "corporate_interaction_logged": "logs no interaction: the user loses a count",
        "corporate_no_call_log": "logs no call: the user loses a count",
        "corporate_aging_date": "the day the receivables aging is read for (a job's today, a "
        "past day): the same receivables the user may read, counted overdue at that day",
    }

    def test_no_context_key_switches_a_guard_off(self):
        """Every ``context.get("corporate_…")`` of the addon is a harmless UI hint."""
        found = {}
        for path in ADDON_ROOT.glob("**/*.py"):
            if "tests" in path.parts or "migrations" in path.parts or "tools" in path.parts:
                continue
            tree = ast.parse(path.read_text())
            # Keys named by a module constant (KEY = "corporate_…") count too.
            constants = {
                target.id: node.value.value
                for node in tree.body
                if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
                for target in node.targets
                if isinstance(target, ast.Name)
            }
            for node in ast.walk(tree):
                if not (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "get"
                    and "context" in ast.unparse(node.func.value)
                    and node.args
                ):
                    continue
                arg = node.args[0]
                key = (
                    arg.value
                    if isinstance(arg, ast.Constant)
                    else constants.get(arg.id)
                    if isinstance(arg, ast.Name)
                    else None
                )
                if isinstance(key, str) and key.startswith("corporate_"):
                    found.setdefault(key, []).append(path.name)
        enumerated("context keys read by the addon: %s", sorted(found))
        self.assertLessEqual(set(found), set(self.ALLOWED_KEYS), found)

    def test_report_snapshot_flag_does_not_let_a_manager_type_figures(self):
        report = self.docs[self.manager_a]["corporate.monthly.report"]
        for context in ({"corporate_report_snapshot": True}, {}):
            with self.assertRaises(REFUSED):
                report.with_user(self.manager_a).with_context(**context).write(
                    {"calls_count": 999, "turnover": 1e9}
                )
        self.assertNotEqual(report.calls_count, 999)

    def test_work_queue_closes_only_an_activity_of_the_same_card(self):
        other = self.client_b.activity_schedule(
            "mail.mail_activity_data_call", user_id=self.manager_b.id
        )
        self.env["corporate.interaction"].with_user(self.manager_a).with_context(
            corporate_queue_activity_id=other.id
        ).create(
            {"client_id": self.client_a.id, "interaction_type": "call", "direction": "outgoing"}
        )
        self.assertTrue(other.exists())
        for garbage in ("abc", [1], None, -5):
            self.env["corporate.interaction"].with_user(self.manager_a).with_context(
                corporate_queue_activity_id=garbage
            ).create(
                {
                    "client_id": self.client_a.id,
                    "interaction_type": "call",
                    "direction": "outgoing",
                }
            )


@tagged("post_install", "-at_install")
class TestMovedChildren(SecurityWorld):
    def _links(self):
        """[(child model, field, parent model)] of every parent link between guarded models."""
        links = []
        for model in self._guard_models():
            Model = self.env[model]
            # A guarded link (set by the code only) is refused anyway.
            for fname in sorted(
                Model._corporate_moving_fields() - Model._corporate_guarded_fields()
            ):
                comodel = Model._fields[fname].comodel_name
                if hasattr(self.env[comodel], "_corporate_guarded_fields"):
                    links.append((model, fname, comodel))
        return links

    def test_every_parent_link_repointed_to_another_managers_document(self):
        makers = self._makers()
        links = self._links()
        checked = []
        for model, fname, comodel in links:
            user, make = makers[model][0]
            mine = self.docs[self.manager_a].get(comodel)
            theirs = self.docs[self.manager_c].get(comodel)
            self.assertTrue(theirs, f"no document of manager C for {model}.{fname} ({comodel})")
            vals = make()
            if mine and not vals.get(fname):
                vals[fname] = mine.id
            with self.subTest(link=f"{model}.{fname}"):
                # Created on one's own document: fine; on someone else's: refused;
                # moved from one's own to someone else's: refused as well.
                self.assertTrue(self._create(user, model, vals))
                with self.assertRaises(REFUSED):
                    self._create(user, model, dict(vals, **{fname: theirs.id}))
                self.env.invalidate_all()
                with self.assertRaises(REFUSED), self.cr.savepoint():
                    record = self.env[model].with_user(user).create(vals)
                    record.write({fname: theirs.id})
                    record.flush_recordset()
                checked.append(f"{model}.{fname}")
        enumerated("parent links re-pointed: %d (%s)", len(checked), ", ".join(checked))
        for link in (
            "corporate.contract.disagreement.contract_id",
            "corporate.plan.line.plan_id",
            "corporate.logistics.request.line.request_id",
        ):
            self.assertIn(link, checked)


@tagged("post_install", "-at_install")
class TestCombinedGroupsAndOracles(SecurityWorld):
    def test_manager_with_inventory_role_sees_only_own_supply_requests(self):
        self.manager_a.groups_id = [Command.link(self.env.ref("stock.group_stock_user").id)]
        Request = self.env["corporate.logistics.request"].with_user(self.manager_a)
        theirs = self.docs[self.manager_c]["corporate.logistics.request"]
        self.assertFalse(Request.search([("id", "=", theirs.id)]))
        with self.assertRaises(AccessError):
            theirs.with_user(self.manager_a).write({"note": "mine now"})
        self.assertTrue(Request.search([("id", "=", self.docs[self.manager_a][Request._name].id)]))
        # A logistics user without a corporate role still sees them all.
        self.assertTrue(
            self.env["corporate.logistics.request"]
            .with_user(self.logistics)
            .search([("id", "=", theirs.id)])
        )

    def test_accountant_reads_no_call_notes_in_the_card_chatter(self):
        interaction = (
            self.env["corporate.interaction"]
            .with_user(self.manager_a)
            .with_context(corporate_quick_log=True)
            .create(
                {
                    "client_id": self.client_a.id,
                    "interaction_type": "call",
                    "direction": "outgoing",
                    "note": "They will switch supplier if we drop 5%",
                }
            )
        )
        self.assertTrue(interaction)
        bodies = (
            self.env["mail.message"]
            .with_user(self.accountant)
            .search([("model", "=", "corporate.client"), ("res_id", "=", self.client_a.id)])
            .mapped("body")
        )
        self.assertTrue(bodies, "the trace is on the card")
        self.assertFalse([b for b in bodies if "switch supplier" in b])

    def test_nobody_logs_work_in_a_colleagues_name(self):
        with self.assertRaises(AccessError):
            self.log_call(self.client_a, self.manager_a, user_id=self.manager_b.id)
        with self.assertRaises(AccessError):
            self.env["corporate.interaction"].with_user(self.manager_a).with_context(
                default_user_id=self.manager_b.id
            ).create(
                {"client_id": self.client_a.id, "interaction_type": "call", "direction": "outgoing"}
            )
        mine = self.log_call(self.client_a, self.manager_a)
        with self.assertRaises(AccessError):
            mine.with_user(self.manager_a).write({"user_id": self.manager_b.id})
        # The head of their department and the director may correct it.
        mine.with_user(self.head_north).write({"user_id": self.manager_b.id})
        self.assertEqual(mine.user_id, self.manager_b)
        with self.assertRaises(AccessError):
            self.log_call(self.client_c, self.head_south, user_id=self.manager_a.id)

    def test_reliability_assessor_is_who_assessed(self):
        card = self.client_a.with_user(self.manager_a)
        with self.assertRaises(REFUSED):
            card.write({"reliability_assessed_by_id": self.director.id})
        card.write(
            {
                "reliability_manual_score": 70,
                "reliability_assessment_date": self.local_today(),
                "reliability_assessment_evidence": "Audited statements 2025",
            }
        )
        self.assertEqual(self.client_a.reliability_assessed_by_id, self.manager_a)
        with self.assertRaises(REFUSED):
            card.write(
                {
                    "reliability_manual_score": 80,
                    "reliability_assessed_by_id": self.director.id,
                }
            )

    def test_logistics_onchange_tells_nothing_of_a_client_not_readable(self):
        self.add_decision_maker(self.client_c)
        result = (
            self.env["corporate.logistics.request"]
            .with_user(self.manager_a)
            .onchange(
                {"client_id": self.client_c.id},
                ["client_id"],
                {"client_id": {}, "contact_id": {}, "user_id": {}},
            )
        )
        value = result.get("value", {})
        self.assertFalse(value.get("contact_id"))
        self.assertNotEqual((value.get("user_id") or {}).get("id"), self.manager_c.id)

    def test_birthday_search_is_no_oracle(self):
        contact = self.client_c.child_ids[:1]
        contact.birthday = date(1975, 4, 1)
        Partner = self.env["res.partner"].with_user(self.manager_a)
        for domain in ([("birthday", "!=", False)], [("birthday", "=", False)]):
            with_birthday = Partner.search([("id", "=", contact.id), *domain])
            self.assertEqual(bool(with_birthday), domain[0][1] == "=", domain)
        self.assertTrue(
            self.env["res.partner"]
            .with_user(self.manager_c)
            .search([("id", "=", contact.id), ("birthday", "!=", False)])
        )

    def test_access_errors_name_no_unreadable_record(self):
        report = self.docs[self.manager_c]["corporate.monthly.report"]
        with self.assertRaises(AccessError) as refused:
            report.with_user(self.manager_a).read(["name"])
        self.assertNotIn(report.name, str(refused.exception))
        self.assertNotIn("Manager C", str(refused.exception))


@tagged("post_install", "-at_install")
class TestBadInput(SecurityWorld):
    def test_strings_where_ids_belong(self):
        Interaction = self.env["corporate.interaction"].with_user(self.manager_a)
        for bad in ("Alpha Industries", "1; drop table", [1, 2], 1.5):
            with self.assertRaisesRegex(ValidationError, "Client card"):
                Interaction.create(
                    {"client_id": bad, "interaction_type": "call", "direction": "outgoing"}
                )
        with self.assertRaisesRegex(ValidationError, "Account manager"):
            self.log_call(self.client_a, self.manager_a, user_id="admin")

    def test_absurd_values_are_refused_naming_the_field(self):
        cases = [
            (self.manager_a, "corporate.interaction", "date", datetime(1, 1, 1)),
            (self.manager_a, "corporate.interaction", "duration", float("inf")),
            (self.manager_a, "corporate.interaction", "duration", float("nan")),
            (self.head_north, "corporate.quota", "target", 1e300),
            (self.manager_a, "corporate.monthly.report", "date_from", date(1800, 1, 1)),
            (self.manager_a, "corporate.contract", "date_end", date(9999, 12, 31)),
        ]
        makers = self._makers()
        for user, model, fname, value in cases:
            make = dict(makers[model])[user] if model != "corporate.contract" else None
            vals = make() if make else {"client_id": self.client_a.id}
            label = self.env[model]._fields[fname]._description_string(self.env)
            with (
                self.subTest(model=model, field=fname),
                self.assertRaisesRegex(ValidationError, re.escape(label)),
            ):
                self.env[model].with_user(user).create(dict(vals, **{fname: value}))

    def test_work_queue_garbage(self):
        Queue = self.env["corporate.work.queue"].with_user(self.manager_a)
        for key, day in (("abc", "2027-01-01"), (None, None), ("card-1", "not a date"),
                         ("card-x", "2027-01-01"), (["card-1"], "2027-01-01"),
                         (f"checkin-{self.client_a.id}", "9999-12-31")):  # fmt: skip
            with self.subTest(key=key, day=day), self.assertRaises(UserError):
                Queue.action_snooze(key, day)
        with self.assertRaises(UserError):
            Queue.action_log(f"checkin-{self.client_a.id}", "Alpha", "call")


@tagged("post_install", "-at_install")
class TestReportRoutes(HttpCase, SecurityWorld):
    def test_every_report_route_checks_read_access(self):
        reports = self.env["ir.actions.report"].search(
            [("report_name", "=like", "corporate_client.%")]
        )
        self.assertTrue(reports)
        record_of_a = {
            "corporate.monthly.report": self.docs[self.manager_a]["corporate.monthly.report"]
        }
        outsiders = [self.portal, self.manager_b, self.manager_c, self.accountant, self.head_south]
        tried = 0
        for report in reports:
            record = record_of_a[report.model]
            for converter in ("html", "pdf"):
                url = f"/report/{converter}/{report.report_name}/{record.id}"
                for user in outsiders:
                    self.authenticate(user.login, user.login)
                    response = self.url_open(url)
                    tried += 1
                    with self.subTest(
                        report=report.report_name, converter=converter, user=user.login
                    ):
                        self.assertNotEqual(response.status_code, 200)
                        self.assertNotIn("Manager A", response.text)
            # The manager himself prints it.
            self.authenticate(self.manager_a.login, self.manager_a.login)
            if not report.groups_id:
                response = self.url_open(f"/report/html/{report.report_name}/{record.id}")
                self.assertEqual(response.status_code, 200)
                self.assertIn("Manager A", response.text)
        enumerated("report routes: %d reports, %d refused renderings", len(reports), tried)

    def _call_kw(self, model, method, args, kwargs):
        response = self.url_open(
            f"/web/dataset/call_kw/{model}/{method}",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "params": {"model": model, "method": method, "args": args, "kwargs": kwargs},
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200)
        return response.json()

    def test_json_rpc_attacks_get_messages(self):
        """The same guards over JSON-RPC: a message, never a traceback."""
        self.authenticate(self.manager_a.login, self.manager_a.login)
        attacks = [
            (
                "corporate.contract",
                "create",
                [{"client_id": self.client_a.id}],
                {"context": {"default_state": "signed", "default_is_new_client": True}},
            ),
            (
                "corporate.interaction",
                "create",
                [{"client_id": "Alpha Industries", "interaction_type": "call"}],
                {},
            ),
            (
                "corporate.monthly.report",
                "write",
                [[self.docs[self.manager_a]["corporate.monthly.report"].id], {"calls_count": 999}],
                {"context": {"corporate_report_snapshot": True}},
            ),
            ("corporate.work.queue", "action_snooze", ["garbage", "tomorrow"], {}),
        ]
        for model, method, args, kwargs in attacks:
            with self.subTest(model=model, method=method):
                error = self._call_kw(model, method, args, kwargs).get("error")
                self.assertTrue(error, "refused")
                self.assertIn(
                    error["data"]["name"],
                    (
                        "odoo.exceptions.UserError",
                        "odoo.exceptions.ValidationError",
                        "odoo.exceptions.AccessError",
                    ),
                )
        self.assertFalse(
            self.env["corporate.contract"].search(
                [("client_id", "=", self.client_a.id), ("state", "=", "signed")]
            )
        )
