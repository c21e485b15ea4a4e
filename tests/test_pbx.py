"""Calls recorded by the phone system (issue 33, R16-R18): journaling, lookup, import."""

import base64
import json
from datetime import date, datetime

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from ..models.pbx.corporate_pbx_call import PBX_BATCH_LIMIT, PBX_KEY_SCOPE
from ..models.pbx.res_partner_pbx import phone_e164
from .clock import freeze_time
from .common import CorporateClientCase, activity_counts

# 2026-11-18 18:30 UTC is 2026-11-19 01:30 in Jakarta (UTC+7): the next local day.
NOW = "2026-11-19 03:00:00"
CALLS_URL = "/corporate_client/pbx/calls"
LOOKUP_URL = "/corporate_client/pbx/lookup"


@tagged("post_install", "-at_install")
class TestPbx(HttpCase, CorporateClientCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.country_id = cls.env.ref("base.id")
        cls.company.corporate_pbx_answered_only = True
        cls.company.corporate_pbx_min_seconds = 10
        cls.manager_a.corporate_pbx_extension = "101"
        cls.manager_b.corporate_pbx_extension = "102"
        # Numbers as people type them: the company's landline, a contact's mobile.
        cls.client_a.phone = "(021) 555-0101"
        cls.contact_a = cls.client_a.child_ids[:1]
        cls.contact_a.mobile = "0812-3456-7890"
        cls.client_b.phone = "+62 21 555 0202"
        cls.client_c.phone = "+62 31 555 0303"
        cls.pbx_user = new_test_user(
            cls.env,
            login="cc_pbx",
            name="Phone System",
            groups="base.group_user,corporate_client.group_pbx_integration",
        )
        cls.key = (
            cls.env["res.users.apikeys"]
            .with_user(cls.pbx_user)
            .sudo()
            ._generate(PBX_KEY_SCOPE, "PBX", False)
        )
        cls.portal = new_test_user(cls.env, login="cc_portal", groups="base.group_portal")

    def setUp(self):
        super().setUp()
        # A session without user: the database only, as a dbfilter gives it to a PBX.
        self.authenticate(None, None)

    def post(self, payload, key=None, raw=None, url=CALLS_URL):
        key = self.key if key is None else key
        headers = {"Content-Type": "application/json"}
        if key:
            headers["Authorization"] = f"Bearer {key}"
        response = self.url_open(
            url, data=raw if raw is not None else json.dumps(payload), headers=headers
        )
        return response.status_code, response.json()

    def interactions(self, **domain):
        self.env.invalidate_all()
        return self.env["corporate.interaction"].search(
            [("source", "!=", "manual")] + [(k, "=", v) for k, v in domain.items()]
        )

    def counts(self, user, day):
        self.env.invalidate_all()
        return activity_counts(self.env, user, day, day).get(user.id, {}).get(day) or {}

    # ------------------------------------------------------------------ numbers
    def test_numbers_normalized_to_e164(self):
        for typed in ("0812-3456-7890", "+62 812 3456 7890", "0812 34567890", "+6281234567890"):
            self.assertEqual(phone_e164(typed, "ID"), "+6281234567890", typed)
        self.assertEqual(phone_e164("(021) 555-0101", "ID"), "+62215550101")
        self.assertFalse(phone_e164("call me", "ID"))
        self.assertFalse(phone_e164("0812 3456 7890", None))
        self.assertEqual(self.client_a.partner_id.corporate_phone_e164, "+62215550101")
        self.assertEqual(self.contact_a.corporate_mobile_e164, "+6281234567890")

    # ------------------------------------------------------------------ one payload per PBX family
    @freeze_time(NOW)
    def test_3cx_payload_counts_in_the_managers_local_day(self):
        """3CX's CRM template: CallType, Agent, Number, Duration hh:mm:ss, DateTime in UTC."""
        status, reply = self.post(
            {
                "calls": [
                    {
                        "call_id": "3cx-00017",
                        "extension": "101",
                        "number": "0812 3456 7890",
                        "call_type": "Outbound",
                        "duration": "00:03:05",
                        "start": "2026-11-18T18:30:00Z",
                    },
                    {
                        "call_id": "3cx-00018",
                        "extension": "101",
                        "number": "+62 21 555 0101",
                        "call_type": "Notanswered",
                        "duration": "00:00:00",
                        "start": "2026-11-18T18:40:00Z",
                    },
                ]
            }
        )
        self.assertEqual(status, 200, reply)
        self.assertEqual([r["status"] for r in reply["results"]], ["created", "created"], reply)
        self.assertEqual([r["counted"] for r in reply["results"]], [True, False])
        call = self.interactions(pbx_call_id="3cx-00017")
        self.assertEqual(call.client_id, self.client_a)
        self.assertEqual(call.contact_id, self.contact_a)
        self.assertEqual(call.user_id, self.manager_a)
        self.assertEqual(call.date, datetime(2026, 11, 18, 18, 30))
        self.assertEqual(call.direction, "outgoing")
        self.assertEqual(call.outcome, "reached")
        self.assertAlmostEqual(call.duration, 185 / 60.0)
        self.assertEqual((call.source, call.interaction_type), ("pbx", "call"))
        missed = self.interactions(pbx_call_id="3cx-00018")
        self.assertEqual((missed.interaction_type, missed.outcome), ("short_call", "no_answer"))
        # 18:30 UTC is already the 19th in Jakarta: the call counts on the 19th.
        self.assertEqual(self.counts(self.manager_a, date(2026, 11, 19))["calls"], 1)
        self.assertFalse(self.counts(self.manager_a, date(2026, 11, 18)).get("calls"))
        summary = self.env["corporate.figure"]._activity_summary(
            self.manager_a, date(2026, 11, 19), date(2026, 11, 19)
        )[self.manager_a.id]
        self.assertEqual(summary["last_day"]["calls"], 1)
        self.assertEqual(self.client_a.last_contact_date, datetime(2026, 11, 18, 18, 40))

    @freeze_time(NOW)
    def test_asterisk_payload_from_dialplan(self):
        """Asterisk: CDR values posted by CURL from the dialplan (epoch start, billsec)."""
        start = int(datetime(2026, 11, 18, 2, 0).timestamp() - datetime(1970, 1, 1).timestamp())
        status, reply = self.post(
            [
                {
                    "uniqueid": "1763431200.42",
                    "extension": "102",
                    "number": "02155502 02",
                    "direction": "outbound",
                    "disposition": "ANSWERED",
                    "billsec": "45",
                    "start": start,
                },
                {
                    "uniqueid": "1763431300.43",
                    "extension": "102",
                    "number": "+62 21 555 0202",
                    "direction": "outbound",
                    "disposition": "ANSWERED",
                    "billsec": "7",
                    "start": start + 100,
                },
            ]
        )
        self.assertEqual(status, 200, reply)
        self.assertEqual(reply["summary"], {"created": 2})
        calls = self.interactions(user_id=self.manager_b.id).sorted("date")
        self.assertEqual(calls.client_id, self.client_b)
        self.assertEqual(calls[0].date, datetime(2026, 11, 18, 2, 0))
        # 7 seconds: journaled, under the company's minimum of 10: not counted.
        self.assertEqual(calls.mapped("interaction_type"), ["call", "short_call"])
        counts = self.counts(self.manager_b, date(2026, 11, 18))
        self.assertEqual((counts["calls"], counts["other_interactions"]), (1, 1))
        # The company lowers the minimum: later calls of 7 s count.
        self.company.corporate_pbx_min_seconds = 5
        status, reply = self.post(
            [
                {
                    "uniqueid": "1763431400.44",
                    "extension": "102",
                    "number": "+62 21 555 0202",
                    "direction": "outbound",
                    "disposition": "ANSWERED",
                    "billsec": 7,
                    "start": start + 200,
                }
            ]
        )
        self.assertTrue(reply["results"][0]["counted"], reply)
        self.assertEqual(self.counts(self.manager_b, date(2026, 11, 18))["calls"], 2)

    @freeze_time(NOW)
    def test_yeastar_payloads(self):
        """Yeastar: P-Series event 30012 (``msg`` a JSON string, local time) and S-Series NewCdr."""
        p_series = {
            "type": 30012,
            "sn": "3631A2124XXX",
            "msg": json.dumps(
                {
                    "call_id": "1763440000.77",
                    "time_start": "2026/11/18 09:15:00",
                    "call_from": "+62 21 555 0101",
                    "call_to": "101",
                    "call_duration": 70,
                    "talk_duration": 60,
                    "status": "ANSWERED",
                    "type": "Inbound",
                }
            ),
        }
        s_series = {
            "event": "NewCdr",
            "callid": "1763440100.78",
            "timestart": "2026-11-18 09:20:00",
            "callfrom": "101",
            "callto": "081234567890",
            "callduraction": "30",
            "talkduraction": "0",
            "status": "NO ANSWER",
            "type": "Outbound",
        }
        status, reply = self.post([p_series, s_series])
        self.assertEqual(status, 200, reply)
        self.assertEqual(reply["summary"], {"created": 2})
        incoming = self.interactions(pbx_call_id="1763440000.77")
        # A time without offset is the company's (Asia/Jakarta): 09:15 local = 02:15 UTC.
        self.assertEqual(incoming.date, datetime(2026, 11, 18, 2, 15))
        self.assertEqual((incoming.direction, incoming.interaction_type), ("incoming", "call"))
        self.assertEqual((incoming.client_id, incoming.contact_id.id), (self.client_a, False))
        outgoing = self.interactions(pbx_call_id="1763440100.78")
        self.assertEqual((outgoing.contact_id, outgoing.outcome), (self.contact_a, "no_answer"))
        self.assertEqual(outgoing.interaction_type, "short_call")
        # ?tz=UTC reads the times of a PBX that sends UTC.
        s_series.update(callid="1763440200.79", timestart="2026-11-18 09:20:00")
        status, reply = self.post([s_series], url=f"{CALLS_URL}?tz=UTC")
        self.assertEqual(self.interactions(pbx_call_id="1763440200.79").date.hour, 9)

    # ------------------------------------------------------------------ idempotency, offers
    @freeze_time(NOW)
    def test_idempotent_and_marked_as_offer(self):
        call = {
            "call_id": "dup-1",
            "extension": "101",
            "number": "+62 21 555 0101",
            "direction": "outgoing",
            "duration": 120,
            "answered": True,
            "start": "2026-11-18T03:00:00Z",
        }
        self.assertEqual(self.post([call])[1]["results"][0]["status"], "created")
        status, reply = self.post([call, dict(call, call_id="dup-2"), dict(call, call_id="dup-2")])
        self.assertEqual(
            [r["status"] for r in reply["results"]], ["duplicate", "created", "duplicate"]
        )
        self.assertEqual(len(self.interactions(user_id=self.manager_a.id)), 2)
        day = date(2026, 11, 18)
        self.assertEqual(self.counts(self.manager_a, day)["calls"], 2)
        # The manager marks a call as an offer: it counts as a phone offer instead.
        interaction = self.interactions(pbx_call_id="dup-1").with_user(self.manager_a)
        interaction.action_mark_phone_offer()
        counts = self.counts(self.manager_a, day)
        self.assertEqual((counts["calls"], counts["phone_offers"]), (1, 1))
        # What the phone system recorded is not retyped.
        with self.assertRaisesRegex(UserError, "phone system recorded"):
            interaction.write({"duration": 30})
        with self.assertRaisesRegex(UserError, "phone system recorded"):
            self.interactions(pbx_call_id="dup-2").with_user(self.manager_a).write(
                {"interaction_type": "meeting"}
            )
        with self.assertRaisesRegex(UserError, "change only through"):
            self.log_call(self.client_a, self.manager_a, source="pbx")

    @freeze_time(NOW)
    def test_short_answered_call_is_the_callback(self):
        """A callback made on the phone system, under the minimum length: the client
        was called back (no longer awaiting), the quota does not count it."""
        self.log_call(
            self.client_a, self.manager_a, outcome="callback", date=datetime(2026, 11, 19, 1, 0)
        )
        self.assertEqual(self.client_a.pending_request, "callback")
        results = (
            self.env["corporate.pbx.call"]
            .with_user(self.pbx_user)
            ._pbx_journal(
                [
                    {
                        "call_id": "cb-1",
                        "extension": "101",
                        "number": "021 5550101",
                        "direction": "outgoing",
                        "duration": 5,
                        "answered": True,
                        "start": "2026-11-19T02:00:00Z",
                    }
                ]
            )
        )
        self.assertEqual((results[0]["status"], results[0]["counted"]), ("created", False))
        self.env.invalidate_all()
        self.assertFalse(self.client_a.pending_request)
        self.assertEqual(self.counts(self.manager_a, date(2026, 11, 19))["calls"], 1)

    # ------------------------------------------------------------------ unmatched numbers
    @freeze_time(NOW)
    def test_unmatched_number_assigned_in_one_click(self):
        status, reply = self.post(
            [
                {
                    "call_id": "un-1",
                    "extension": "101",
                    "number": "0813 9999 0000",
                    "direction": "incoming",
                    "duration": 90,
                    "answered": True,
                    "start": "2026-11-18T04:00:00Z",
                }
            ]
        )
        self.assertEqual(reply["results"][0]["status"], "unmatched", reply)
        self.assertFalse(self.interactions())
        Pbx = self.env["corporate.pbx.call"]
        pending = Pbx.with_user(self.manager_a).search([("state", "=", "unmatched")])
        self.assertEqual(pending.number, "+6281399990000")
        self.assertFalse(Pbx.with_user(self.manager_b).search([]))
        self.assertEqual(Pbx.with_user(self.head_north).search([]), pending)
        self.assertFalse(Pbx.with_user(self.head_south).search([]))
        with self.assertRaisesRegex(UserError, "only its client card and contact"):
            pending.write({"counted": True, "seconds": 600})
        # Not on another manager's client: the interactions' rules decide.
        pending.client_id = self.client_b
        with self.assertRaises(AccessError):
            pending.action_assign()
        pending.client_id = self.client_a
        pending.action_assign()
        self.assertEqual(pending.state, "assigned")
        interaction = pending.interaction_id
        self.assertEqual(interaction, self.interactions(pbx_call_id="un-1"))
        self.assertEqual(
            (interaction.client_id, interaction.user_id), (self.client_a, self.manager_a)
        )
        self.assertEqual((interaction.source, interaction.interaction_type), ("pbx", "call"))
        self.assertEqual(self.counts(self.manager_a, date(2026, 11, 18))["calls"], 1)
        # Posted again: a duplicate, whatever became of it.
        status, reply = self.post(
            [
                {
                    "call_id": "un-1",
                    "extension": "101",
                    "number": "0813 9999 0000",
                    "direction": "incoming",
                    "duration": 90,
                    "start": "2026-11-18T04:00:00Z",
                }
            ]
        )
        self.assertEqual(reply["results"][0]["status"], "duplicate")

    # ------------------------------------------------------------------ bad input
    @freeze_time(NOW)
    def test_bad_input_gives_clear_errors_and_stores_nothing(self):
        good = {
            "call_id": "ok-1",
            "extension": "101",
            "number": "+62 21 555 0101",
            "direction": "outgoing",
            "duration": 60,
            "answered": True,
            "start": "2026-11-18T03:00:00Z",
        }
        status, reply = self.post(
            [
                good,
                dict(good, call_id="bad-ext", extension="999"),
                dict(good, call_id="bad-number", number="not a number"),
                dict(good, call_id="bad-start", start="yesterday"),
                dict(good, call_id="future", start="2026-11-20T03:00:00Z"),
                dict(good, call_id="bad-duration", duration="long"),
                dict(good, call_id="internal", direction="internal"),
                {"extension": "101"},
                "not a call",
            ]
        )
        self.assertEqual(status, 200, reply)
        results = reply["results"]
        self.assertEqual([r["status"] for r in results], ["created"] + ["error"] * 8, results)
        messages = [r["message"] for r in results[1:]]
        for message, expected in zip(
            messages,
            [
                "No user has extension 999",
                "not a phone number",
                "not a date and time",
                "in the future",
                "not a number of seconds",
                "internal call",
                "no call_id",
                "must be a JSON object",
            ],
            strict=True,
        ):
            self.assertIn(expected, message)
        self.assertEqual(self.interactions().mapped("pbx_call_id"), ["ok-1"])
        self.assertFalse(self.env["corporate.pbx.call"].search([]))
        # A request that cannot be read at all: a JSON error, nothing stored.
        status, reply = self.post(None, raw="{not json")
        self.assertEqual(status, 400)
        self.assertIn("Malformed JSON", reply["error"])
        status, reply = self.post({"calls": "all of them"})
        self.assertEqual(status, 400)
        self.assertIn("JSON list", reply["error"])
        status, reply = self.post([good] * (PBX_BATCH_LIMIT + 1))
        self.assertEqual(status, 413)
        self.assertIn(f"at most {PBX_BATCH_LIMIT}", reply["error"])
        status, reply = self.post([good], url=f"{CALLS_URL}?tz=Mars/Olympus")
        self.assertEqual(status, 400)
        self.assertEqual(self.interactions().mapped("pbx_call_id"), ["ok-1"])

    def test_the_key_opens_call_logging_only(self):
        call = [{"call_id": "k-1", "extension": "101", "number": "+62 21 555 0101"}]
        status, reply = self.post(call, key="0" * 40)
        self.assertEqual(status, 401)
        self.assertIn("Invalid", reply["error"])
        # A portal or an ordinary user's session, without key: refused.
        for login in ("cc_portal", "cc_manager_a"):
            self.authenticate(login, login)
            status, reply = self.post(call, key="")
            self.assertEqual(status, 401, login)
            self.assertIn("Authorization", reply["error"])
        # A manager's own key is no integration key.
        manager_key = (
            self.env["res.users.apikeys"]
            .with_user(self.manager_a)
            .sudo()
            ._generate(None, "mine", False)
        )
        status, reply = self.post(call, key=manager_key)
        self.assertEqual(status, 403)
        # The integration user reads no client data itself; its scoped key opens no RPC.
        Card = self.env["corporate.client"].with_user(self.pbx_user)
        with self.assertRaises(AccessError):
            Card.search([])
        with self.assertRaises(AccessError):
            self.env["corporate.interaction"].with_user(self.pbx_user).search([])
        self.assertFalse(
            self.env["res.users.apikeys"]._check_credentials(scope="rpc", key=self.key)
        )
        with self.assertRaises(AccessError):
            self.env["corporate.pbx.call"].with_user(self.manager_a)._pbx_journal([])

    def test_administrator_generates_a_scoped_key(self):
        action = self.pbx_user.with_user(self.env.ref("base.user_admin")).action_corporate_pbx_key()
        key = action["context"]["default_key"]
        Keys = self.env["res.users.apikeys"]
        self.assertEqual(Keys._check_credentials(scope=PBX_KEY_SCOPE, key=key), self.pbx_user.id)
        self.assertFalse(Keys._check_credentials(scope="rpc", key=key))
        with self.assertRaisesRegex(UserError, "Phone System Integration first"):
            self.manager_a.action_corporate_pbx_key()
        with self.assertRaises(AccessError):
            self.pbx_user.with_user(self.director).action_corporate_pbx_key()

    def test_lookup_for_screen_pop(self):
        status, reply = self.post(
            None, raw="", url=f"{LOOKUP_URL}?number=%2B6281234567890&extension=101"
        )
        self.assertEqual(status, 200, reply)
        self.assertTrue(reply["found"])
        match = reply["matches"][0]
        self.assertEqual(match["client"], self.client_a.name)
        self.assertEqual(match["contact"], self.contact_a.name)
        self.assertEqual(match["account_manager"], self.manager_a.name)
        self.assertTrue(match["url"].endswith(f"/odoo/corporate.client/{self.client_a.id}"))
        status, reply = self.post(None, raw="", url=f"{LOOKUP_URL}?number=0819-0000-1111")
        self.assertEqual((status, reply["found"], reply["matches"]), (200, False, []))
        status, reply = self.post(None, raw="", url=f"{LOOKUP_URL}?number=abc")
        self.assertEqual(status, 400)
        status, reply = self.post(None, raw="", url=f"{LOOKUP_URL}?number=0812", key="x" * 40)
        self.assertEqual(status, 401)

    # ------------------------------------------------------------------ CSV import
    @freeze_time(NOW)
    def test_csv_import_with_preview(self):
        csv_text = (
            "call_id,start,extension,number,direction,duration,answered\n"
            "csv-1,2026-11-18 10:00:00,101,0812 3456 7890,outgoing,95,yes\n"
            "csv-2,2026-11-18 10:05:00,101,0813 0000 1111,incoming,40,yes\n"
            "csv-3,2026-11-18 10:10:00,555,0812 3456 7890,outgoing,40,yes\n"
        )
        Wizard = self.env["corporate.pbx.import.wizard"].with_user(self.director)
        wizard = Wizard.create(
            {"data_file": base64.b64encode(csv_text.encode()), "filename": "calls.csv"}
        )
        wizard.action_preview()
        self.assertEqual(wizard.line_ids.mapped("status"), ["created", "unmatched", "error"])
        self.assertFalse(self.interactions())
        self.assertFalse(self.env["corporate.pbx.call"].search([]))
        wizard.action_journal()
        self.assertEqual(wizard.state, "done")
        call = self.interactions(pbx_call_id="csv-1")
        self.assertEqual((call.source, call.contact_id), ("import", self.contact_a))
        self.assertEqual(call.date, datetime(2026, 11, 18, 3, 0))  # 10:00 in Jakarta
        self.assertEqual(self.env["corporate.pbx.call"].search([]).call_id, "csv-2")
        # Importing the same file again journals nothing twice.
        wizard2 = Wizard.create({"data_file": base64.b64encode(csv_text.encode())})
        wizard2.action_journal()
        self.assertEqual(wizard2.line_ids.mapped("status"), ["duplicate", "duplicate", "error"])
        # Managers do not import call records (they would journal their own quota).
        with self.assertRaises(AccessError):
            self.env["corporate.pbx.import.wizard"].with_user(self.manager_a).create(
                {"data_file": base64.b64encode(csv_text.encode())}
            )

    def test_extension_unique_per_company(self):
        with self.assertRaisesRegex(Exception, "corporate_pbx_extension_unique"):
            with self.cr.savepoint():
                self.manager_b.corporate_pbx_extension = "101"
                self.env.flush_all()
        other = self.env["res.company"].create({"name": "Other Co"})
        self.manager_c.write({"company_ids": [Command.link(other.id)], "company_id": other.id})
        self.manager_c.corporate_pbx_extension = "101"
        self.env.flush_all()
        self.assertEqual(self.manager_c.corporate_pbx_extension, "101")
