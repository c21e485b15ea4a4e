import base64
import csv
import io

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.pbx.corporate_pbx_call import PbxBatchError

TRUE = {"1", "true", "yes", "y", "answered"}
FALSE = {"0", "false", "no", "n"}
STATUSES = [
    ("created", "Journaled"),
    ("unmatched", "No client: to assign"),
    ("duplicate", "Already journaled"),
    ("error", "Refused"),
]


class _Preview(Exception):
    """Raised to undo the dry run of a preview."""


def _tz_selection(_self):
    return [(tz, tz) for tz in pytz.common_timezones]


class CorporatePbxImportWizard(models.TransientModel):
    """Journal a file of call records exported from the phone system (issue 33).

    The fallback every PBX offers: a CSV export of its call records.  The
    calls go through the same path as the phone system's API
    (``corporate.pbx.call._pbx_journal``): Preview runs it and undoes it,
    Journal runs it for good.
    """

    _name = "corporate.pbx.import.wizard"
    _description = "Import Phone System Call Records"

    data_file = fields.Binary(string="Call records (CSV)", required=True)
    filename = fields.Char()
    tz = fields.Selection(
        _tz_selection,
        string="Time zone of the file",
        default=lambda self: self.env.company._corporate_tz(),
        help="Start times without an offset (2026-12-06 10:15:00) are read in this zone.",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("preview", "Preview"), ("done", "Done")], default="draft"
    )
    line_ids = fields.One2many("corporate.pbx.import.line", "wizard_id", string="Calls")
    summary = fields.Char(readonly=True)

    def _read_calls(self):
        self.ensure_one()
        try:
            text = base64.b64decode(self.data_file or b"").decode("utf-8-sig")
        except (ValueError, UnicodeDecodeError) as exc:
            raise UserError(self.env._("The file is not a UTF-8 text (CSV) file.")) from exc
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        reader = csv.DictReader(io.StringIO(text), dialect=dialect)
        if not reader.fieldnames or not {"call_id", "callid", "uniqueid"} & {
            (name or "").strip().lower() for name in reader.fieldnames
        }:
            raise UserError(
                self.env._(
                    "The first line of the file must name its columns: call_id, start, "
                    "extension, number, direction, duration, answered (see the README)."
                )
            )
        calls = []
        for row in reader:
            call = {}
            for key, value in row.items():
                if key is None or value is None or not str(value).strip():
                    continue
                key, value = key.strip().lower(), str(value).strip()
                if key == "answered":
                    if value.lower() in TRUE:
                        value = True
                    elif value.lower() in FALSE:
                        value = False
                call[key] = value
            if call:
                calls.append(call)
        if not calls:
            raise UserError(self.env._("The file holds no call."))
        return calls

    def _journal(self, preview):
        calls = self._read_calls()
        Pbx = self.env["corporate.pbx.call"]
        results = []
        try:
            with self.env.cr.savepoint():
                results = Pbx._pbx_journal(calls, source="import", tz=self.tz)
                if preview:
                    raise _Preview()
        except _Preview:
            self.env.invalidate_all()
        except PbxBatchError as exc:
            raise UserError(str(exc)) from exc
        counts = {}
        for result in results:
            counts[result["status"]] = counts.get(result["status"], 0) + 1
        labels = dict(STATUSES)
        self.write(
            {
                "state": "preview" if preview else "done",
                "summary": ", ".join(f"{labels[s]}: {n}" for s, n in counts.items()),
                "line_ids": [fields.Command.clear()]
                + [
                    fields.Command.create(
                        {
                            "call_id": result["call_id"] and str(result["call_id"]),
                            "extension": str(call.get("extension") or ""),
                            "number": str(call.get("number") or ""),
                            "start": str(call.get("start") or ""),
                            "status": result["status"],
                            "message": result["message"],
                        }
                    )
                    for call, result in zip(calls, results, strict=True)
                ],
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_preview(self):
        """What Journal would do with each call, without storing anything."""
        return self._journal(preview=True)

    def action_journal(self):
        """Journal the calls of the file (the same path as the phone system's API)."""
        return self._journal(preview=False)

    @api.onchange("data_file")
    def _onchange_data_file(self):
        self.state = "draft"
        self.line_ids = [fields.Command.clear()]
        self.summary = False


class CorporatePbxImportLine(models.TransientModel):
    _name = "corporate.pbx.import.line"
    _description = "Imported Call Record"

    wizard_id = fields.Many2one("corporate.pbx.import.wizard", required=True, ondelete="cascade")
    call_id = fields.Char(string="Call ID")
    start = fields.Char()
    extension = fields.Char()
    number = fields.Char()
    status = fields.Selection(STATUSES)
    message = fields.Char()
