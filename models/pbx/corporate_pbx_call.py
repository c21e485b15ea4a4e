import json
import logging
from datetime import datetime, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .res_partner_pbx import phone_e164

_logger = logging.getLogger(__name__)

# The most calls one request (or one file) may journal.
PBX_BATCH_LIMIT = 10000
# API keys generated for the phone system have this scope: they open the
# phone system's routes only, not Odoo's RPC (which needs a key without scope).
PBX_KEY_SCOPE = "corporate_pbx"
# A phone system whose clock runs a little ahead: a call "starting" within
# this margin in the future started now.
CLOCK_SKEW = timedelta(minutes=5)
CALL_ID_KEYS = ("call_id", "callid", "uniqueid", "cdrid", "id")
INCOMING = {"incoming", "inbound", "in", "missed"}
OUTGOING = {"outgoing", "outbound", "out", "notanswered"}
NOT_ANSWERED = {
    "no answer",
    "no answered",
    "noanswer",
    "no_answer",
    "busy",
    "failed",
    "congestion",
    "voicemail",
    "cancel",
    "missed",
    "notanswered",
}


class PbxInputError(Exception):
    """A call of a batch that cannot be journaled: the message says why."""


class PbxBatchError(Exception):
    """A request that cannot be read at all (not a list of calls, too many);
    ``status``: the HTTP status of the answer."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.status = status


def _first(raw, *keys):
    for key in keys:
        value = raw.get(key)
        if value not in (None, ""):
            return value
    return None


def _seconds(value):
    """Seconds from 185, "185", "00:03:05" or "03:05"."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float):
        return int(value)
    text = str(value).strip()
    if ":" in text:
        total = 0
        for part in text.split(":"):
            total = total * 60 + int(float(part))
        return total
    return int(float(text))


class CorporatePbxCall(models.Model):
    """A call reported by the phone system whose number matches no client yet.

    Calls whose external number is a client's (its phone or mobile, or one of
    its contacts') become interactions at once (``_pbx_journal``); the others
    wait here, in their manager's list, until the manager names the client
    (``action_assign``): the call is then journaled as if it had matched.
    """

    _name = "corporate.pbx.call"
    _description = "Unmatched Phone System Call"
    _order = "date desc, id desc"
    _rec_name = "number"

    call_id = fields.Char(string="Call ID", required=True, readonly=True, index=True)
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company
    )
    user_id = fields.Many2one(
        "res.users", string="Account manager", required=True, readonly=True, index=True
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Department",
        compute="_compute_team_id",
        store=True,
        index="btree_not_null",
    )
    date = fields.Datetime(required=True, readonly=True)
    number = fields.Char(string="External number", required=True, readonly=True)
    direction = fields.Selection(
        [("outgoing", "Outgoing"), ("incoming", "Incoming")], required=True, readonly=True
    )
    answered = fields.Boolean(readonly=True)
    seconds = fields.Integer(string="Talk time (s)", readonly=True)
    counted = fields.Boolean(
        readonly=True, help="Counts toward the call quota once assigned (company settings)."
    )
    source = fields.Selection(
        [("pbx", "Phone system"), ("import", "Call records import")],
        required=True,
        readonly=True,
        default="pbx",
    )
    state = fields.Selection(
        [("unmatched", "To assign"), ("assigned", "Assigned"), ("dismissed", "Dismissed")],
        required=True,
        default="unmatched",
        readonly=True,
        index=True,
    )
    client_id = fields.Many2one(
        "corporate.client",
        string="Client card",
        help="The client this call was with: Assign journals it on the card.",
    )
    contact_id = fields.Many2one(
        "res.partner",
        string="Contact person",
        domain="[('parent_id', '=', partner_id)]",
    )
    partner_id = fields.Many2one(related="client_id.partner_id")
    interaction_id = fields.Many2one("corporate.interaction", readonly=True, index="btree_not_null")

    _sql_constraints = [
        (
            "call_id_unique",
            "UNIQUE(company_id, call_id)",
            "The phone system already reported this call.",
        )
    ]

    def write(self, vals):
        # What the phone system reported is not retyped: a manager only names the
        # client (and contact) of the call; the actions write the rest.
        if not self.env.su and set(vals) - {"client_id", "contact_id"}:
            raise UserError(
                self.env._(
                    "An unmatched call is what the phone system reported: only its client "
                    "card and contact person can be chosen."
                )
            )
        return super().write(vals)

    @api.depends("user_id")
    def _compute_team_id(self):
        teams = self.user_id._corporate_teams()
        for call in self:
            call.team_id = teams.get(call.user_id.id)

    # ------------------------------------------------------------------ actions
    def action_assign(self):
        """Journal the calls on the client card chosen for them (one click per call)."""
        missing = self.filtered(lambda c: not c.client_id)
        if missing:
            raise UserError(self.env._("Choose the client card of the call first."))
        if self.filtered(lambda c: c.state != "unmatched"):
            raise UserError(self.env._("Only calls still to assign can be assigned."))
        Interaction = self.env["corporate.interaction"]
        for call in self:
            # Created as the user: the interactions' record rules decide whether
            # this client may receive it; the phone system's facts come after.
            interaction = Interaction.create(
                {
                    "client_id": call.client_id.id,
                    "contact_id": call.contact_id.id,
                    "user_id": call.user_id.id,
                    "company_id": call.company_id.id,
                    "date": call.date,
                    "direction": call.direction,
                    "interaction_type": "call" if call.counted else "short_call",
                    "outcome": "reached" if call.answered else "no_answer",
                    "duration": call.seconds / 60.0,
                }
            )
            interaction.sudo().write(
                {"source": call.source, "pbx_call_id": call.call_id, "pbx_number": call.number}
            )
            call.sudo().write({"state": "assigned", "interaction_id": interaction.id})
        return True

    def action_dismiss(self):
        """Not a client call (a supplier, a private call): leave it out of the list."""
        if self.filtered(lambda c: c.state != "unmatched"):
            raise UserError(self.env._("Only calls still to assign can be dismissed."))
        self.check_access("write")
        self.sudo().write({"state": "dismissed"})
        return True

    # ------------------------------------------------------------------ journaling
    @api.model
    def _pbx_check_rights(self):
        """The phone system's integration user, or a director importing a file."""
        user = self.env.user
        if not (
            self.env.su
            or user.has_group("corporate_client.group_pbx_integration")
            or user.has_group("corporate_client.group_director")
        ):
            raise AccessError(
                self.env._(
                    "Only the phone system's integration user or a director may journal "
                    "calls of the phone system."
                )
            )

    @api.model
    def _pbx_parse(self, raw, zone, region, now):
        """One call of a payload as a dict of clean values; PbxInputError if it
        cannot be journaled.  Reads the shapes of the PBX families (README):
        our own keys (3CX templates, Asterisk dialplans), Yeastar's NewCdr
        (``callid``/``callfrom``/``callto``..., or P-Series' ``msg`` string).
        """
        if not isinstance(raw, dict):
            raise PbxInputError(self.env._("A call must be a JSON object."))
        msg = raw.get("msg")
        if isinstance(msg, str):
            try:
                msg = json.loads(msg)
            except ValueError as exc:
                raise PbxInputError(self.env._('The call\'s "msg" is not JSON.')) from exc
        if isinstance(msg, dict):
            raw = msg
        call_id = _first(raw, *CALL_ID_KEYS)
        if call_id is None:
            raise PbxInputError(self.env._("The call has no call_id."))
        call_id = str(call_id).strip()[:128]
        kind = str(_first(raw, "direction", "call_type", "calltype", "type") or "")
        kind = kind.strip().lower().replace(" ", "")
        if kind in INCOMING:
            direction = "incoming"
        elif kind in OUTGOING:
            direction = "outgoing"
        elif kind == "internal":
            raise PbxInputError(
                self.env._("An internal call (between extensions) is not journaled.")
            )
        else:
            raise PbxInputError(
                self.env._('Unknown direction %r: use "incoming" or "outgoing".', kind or None)
            )
        extension = _first(raw, "extension", "agent", "ext")
        number = _first(raw, "number", "external_number", "phone")
        if extension is None or number is None:
            for caller, callee in (
                ("call_from", "call_to"),
                ("callfrom", "callto"),
                ("src", "dst"),
                ("from", "to"),
            ):
                if caller in raw or callee in raw:
                    ours, theirs = (callee, caller) if direction == "incoming" else (caller, callee)
                    extension = extension if extension is not None else raw.get(ours)
                    number = number if number is not None else raw.get(theirs)
                    break
        if extension in (None, ""):
            raise PbxInputError(self.env._("The call has no extension."))
        if number in (None, ""):
            raise PbxInputError(self.env._("The call has no external number."))
        e164 = phone_e164(str(number), region)
        if not e164:
            raise PbxInputError(self.env._("%s is not a phone number that can be read.", number))
        try:
            seconds = _seconds(
                _first(raw, "duration", "talk_duration", "talkduraction", "billsec") or 0
            )
        except (TypeError, ValueError) as exc:
            raise PbxInputError(
                self.env._("The call's duration is not a number of seconds.")
            ) from exc
        if seconds < 0:
            raise PbxInputError(self.env._("A call's duration cannot be negative."))
        answered = raw.get("answered")
        if not isinstance(answered, bool):
            status = _first(raw, "status", "disposition")
            status = str(status).strip().lower() if status is not None else None
            if status is not None:
                answered = status in ("answered", "answerd", "answer")
            elif kind in NOT_ANSWERED:
                answered = False
            else:
                answered = seconds > 0
        start = _first(raw, "start", "time_start", "timestart", "start_time", "calldate", "date")
        date = self._pbx_moment(start, zone)
        if date > now + CLOCK_SKEW:
            raise PbxInputError(self.env._("The call starts in the future (%s UTC).", date))
        return {
            "call_id": call_id,
            "extension": str(extension).strip(),
            "number": e164,
            "direction": direction,
            "answered": answered,
            "seconds": seconds,
            "date": min(date, now),
        }

    @api.model
    def _pbx_moment(self, value, zone):
        """Naive UTC datetime of a start time: epoch seconds, ISO 8601 with an
        offset, or a local time of ``zone`` (``2026-12-06 10:15:00``)."""
        if value is None:
            raise PbxInputError(self.env._("The call has no start time."))
        try:
            if isinstance(value, int | float) and not isinstance(value, bool):
                return datetime.fromtimestamp(value, pytz.utc).replace(tzinfo=None)
            text = str(value).strip().replace("/", "-")
            if text.endswith(("Z", "z")):
                text = text[:-1] + "+00:00"
            moment = datetime.fromisoformat(text)
        except (TypeError, ValueError, OverflowError, OSError) as exc:
            raise PbxInputError(self.env._("%s is not a date and time.", value)) from exc
        if moment.tzinfo is None:
            moment = pytz.timezone(zone).localize(moment)
        return moment.astimezone(pytz.utc).replace(tzinfo=None, microsecond=0)

    @api.model
    def _pbx_journal(self, calls, source="pbx", tz=None):
        """Journal the finished calls of a phone system payload (issue 33).

        ``calls``: a list of dicts (see ``_pbx_parse``).  Each becomes a call
        interaction of the manager whose extension made or took it, on the
        client whose number it was (phone or mobile, of the company or of a
        contact), in the manager's day (its moment is stored in UTC; the
        counters read it in the manager's time zone), or an unmatched call of
        that manager.  A call counts toward the call quota when the company's
        settings say so (answered, at least N seconds), else it is a "call not
        counted".  Idempotent: a call id already journaled is a duplicate.

        Returns one result per call, in order: ``{call_id, status, message}``,
        status ``created`` / ``unmatched`` / ``duplicate`` / ``error``.
        Nothing of a call in error is stored.
        """
        self._pbx_check_rights()
        if not isinstance(calls, list):
            raise PbxBatchError(self.env._('Send a JSON list of calls (or {"calls": [...]}).'))
        if len(calls) > PBX_BATCH_LIMIT:
            raise PbxBatchError(
                self.env._(
                    "%(count)s calls in one request: send at most %(limit)s at a time.",
                    count=len(calls),
                    limit=PBX_BATCH_LIMIT,
                ),
                status=413,
            )
        company = self.env.company
        zone = tz or company._corporate_tz()
        region = company.country_id.code
        now = fields.Datetime.now()
        results = [None] * len(calls)
        parsed = {}
        for index, raw in enumerate(calls):
            try:
                parsed[index] = self._pbx_parse(raw, zone, region, now)
            except PbxInputError as exc:
                call_id = _first(raw, *CALL_ID_KEYS) if isinstance(raw, dict) else None
                results[index] = self._pbx_result(call_id, "error", str(exc))
        # Everything the batch needs, in a few queries: managers, numbers, known ids.
        sudo = self.sudo()
        users = {
            user.corporate_pbx_extension: user
            for user in sudo.env["res.users"].search(
                [
                    (
                        "corporate_pbx_extension",
                        "in",
                        list({c["extension"] for c in parsed.values()}),
                    ),
                    ("company_id", "=", company.id),
                ]
            )
        }
        cards = self._pbx_cards({c["number"] for c in parsed.values()}, company)
        call_ids = list({c["call_id"] for c in parsed.values()})
        Interaction = sudo.env["corporate.interaction"].with_context(tracking_disable=True)
        known = set(
            Interaction.search(
                [("company_id", "=", company.id), ("pbx_call_id", "in", call_ids)]
            ).mapped("pbx_call_id")
        ) | set(
            sudo.search([("company_id", "=", company.id), ("call_id", "in", call_ids)]).mapped(
                "call_id"
            )
        )
        answered_only = company.corporate_pbx_answered_only
        min_seconds = company.corporate_pbx_min_seconds
        to_create = []  # (index, model, vals)
        for index, call in parsed.items():
            call_id = call["call_id"]
            if call_id in known:
                results[index] = self._pbx_result(
                    call_id, "duplicate", self.env._("This call is already journaled.")
                )
                continue
            user = users.get(call["extension"])
            if not user:
                results[index] = self._pbx_result(
                    call_id,
                    "error",
                    self.env._(
                        "No user has extension %s: set it on the user (Phone extension).",
                        call["extension"],
                    ),
                )
                continue
            known.add(call_id)
            counted = (call["answered"] or not answered_only) and call["seconds"] >= min_seconds
            matches = cards.get(call["number"], [])
            card, contact = next(
                ((card, contact) for card, contact in matches if card.user_id == user),
                matches[0] if matches else (None, None),
            )
            if card:
                vals = {
                    "client_id": card.id,
                    "contact_id": contact.id if contact else False,
                    "user_id": user.id,
                    "company_id": company.id,
                    "date": call["date"],
                    "direction": call["direction"],
                    "interaction_type": "call" if counted else "short_call",
                    "outcome": "reached" if call["answered"] else "no_answer",
                    "duration": call["seconds"] / 60.0,
                    "source": source,
                    "pbx_call_id": call_id,
                    "pbx_number": call["number"],
                }
                to_create.append((index, Interaction, vals, "created"))
            else:
                vals = {
                    "call_id": call_id,
                    "company_id": company.id,
                    "user_id": user.id,
                    "date": call["date"],
                    "number": call["number"],
                    "direction": call["direction"],
                    "answered": call["answered"],
                    "seconds": call["seconds"],
                    "counted": counted,
                    "source": source,
                }
                to_create.append((index, sudo, vals, "unmatched"))
        self._pbx_create(to_create, results)
        return results

    @api.model
    def _pbx_result(self, call_id, status, message, record=None):
        result = {"call_id": call_id, "status": status, "message": message}
        if record is not None and record._name == "corporate.interaction":
            result["interaction_id"] = record.id
            result["counted"] = record.interaction_type == "call"
        return result

    @api.model
    def _pbx_create(self, to_create, results):
        """Create the records of the batch: all at once, else (a record refused
        by the database) one by one, each in a savepoint of its own."""
        messages = {
            "created": self.env._("Journaled on the client card."),
            "unmatched": self.env._(
                "No client has this number: the call waits in the manager's list."
            ),
        }
        try:
            with self.env.cr.savepoint():
                for model in {entry[1]._name: entry[1] for entry in to_create}.values():
                    entries = [e for e in to_create if e[1]._name == model._name]
                    records = model.create([e[2] for e in entries])
                    for (index, _model, vals, status), record in zip(entries, records, strict=True):
                        results[index] = self._pbx_result(
                            vals.get("pbx_call_id") or vals.get("call_id"),
                            status,
                            messages[status],
                            record,
                        )
                self.env.flush_all()
            return
        except Exception:  # noqa: BLE001 (the calls are retried one by one below)
            _logger.info("phone system batch refused, journaling its calls one by one")
            self.env.invalidate_all()
        for index, model, vals, status in to_create:
            call_id = vals.get("pbx_call_id") or vals.get("call_id")
            try:
                with self.env.cr.savepoint():
                    record = model.create(vals)
                    self.env.flush_all()
                results[index] = self._pbx_result(call_id, status, messages[status], record)
            except Exception as exc:  # noqa: BLE001 (reported per call, never a traceback)
                self.env.invalidate_all()
                message = getattr(exc, "args", [None])[0]
                if "unique" in str(exc).lower():
                    results[index] = self._pbx_result(
                        call_id, "duplicate", self.env._("This call is already journaled.")
                    )
                else:
                    results[index] = self._pbx_result(
                        call_id,
                        "error",
                        message if isinstance(message, str) and message else self.env._("Refused."),
                    )

    @api.model
    def _pbx_cards(self, numbers, company):
        """{E.164 number: [(card, contact or None)]}: the client cards whose
        company or contacts have that phone or mobile, in one query."""
        if not numbers:
            return {}
        numbers = list(numbers)
        partners = (
            self.env["res.partner"]
            .sudo()
            .search(
                [
                    "|",
                    ("corporate_phone_e164", "in", numbers),
                    ("corporate_mobile_e164", "in", numbers),
                ],
                order="id",
            )
        )
        found = {}
        for partner in partners:
            commercial = partner.commercial_partner_id
            contact = partner if partner != commercial else None
            for card in commercial.corporate_client_ids.sorted("id"):
                if card.company_id and card.company_id != company:
                    continue
                for number in {partner.corporate_phone_e164, partner.corporate_mobile_e164}:
                    if number in numbers:
                        found.setdefault(number, []).append((card, contact))
        return found

    @api.model
    def _pbx_lookup(self, number, extension=None):
        """Screen pop: who is calling?  The client, contact, manager and card URL
        of ``number`` (the integration user's only view of the clients)."""
        self._pbx_check_rights()
        company = self.env.company
        e164 = phone_e164(number, company.country_id.code)
        if not e164:
            raise PbxInputError(self.env._("%s is not a phone number that can be read.", number))
        matches = self._pbx_cards({e164}, company).get(e164, [])
        if extension:
            user = (
                self.env["res.users"]
                .sudo()
                .search(
                    [("corporate_pbx_extension", "=", extension), ("company_id", "=", company.id)],
                    limit=1,
                )
            )
            matches.sort(key=lambda match: match[0].user_id != user)
        base_url = company.get_base_url()
        return {
            "number": e164,
            "found": bool(matches),
            "matches": [
                {
                    "client_id": card.id,
                    "client": card.name,
                    "contact": contact.name if contact else None,
                    "account_manager": card.user_id.name or None,
                    "extension": card.user_id.corporate_pbx_extension or None,
                    "url": f"{base_url}/odoo/corporate.client/{card.id}",
                }
                for card, contact in matches
            ],
        }
