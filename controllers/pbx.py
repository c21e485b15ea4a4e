import json
import logging
import re

import pytz

from odoo import http
from odoo.exceptions import AccessError
from odoo.http import request

from ..models.pbx.corporate_pbx_call import PBX_KEY_SCOPE, PbxBatchError, PbxInputError

_logger = logging.getLogger(__name__)


class PbxController(http.Controller):
    """The phone system's routes (issue 33): journal finished calls, look a caller up.

    No session and no CSRF token: the phone system authenticates every request
    with an API key of its integration user (``Authorization: Bearer <key>``),
    a key of scope ``corporate_pbx`` (or a global one).  The user must be in
    *Phone System Integration*; the routes then do only what that group is for.
    Every answer is JSON, errors included.
    """

    def _error(self, status, message):
        return request.make_json_response({"error": message}, status=status)

    def _authenticate(self):
        """The integration user's id from the Bearer key, else an error response."""
        header = request.httprequest.headers.get("Authorization") or ""
        match = re.match(r"^bearer\s+(\S+)\s*$", header, re.IGNORECASE)
        if not match:
            return None, self._error(
                401, "Missing header 'Authorization: Bearer <API key of the integration user>'."
            )
        uid = (
            request.env["res.users.apikeys"]
            .sudo()
            ._check_credentials(scope=PBX_KEY_SCOPE, key=match.group(1))
        )
        if not uid:
            return None, self._error(401, "Invalid or expired API key.")
        request.update_env(user=uid)
        if not request.env.user.has_group("corporate_client.group_pbx_integration"):
            return None, self._error(
                403, "The API key's user is not in 'Corporate Clients / Phone System Integration'."
            )
        return uid, None

    def _serve(self, handler):
        try:
            _uid, error = self._authenticate()
            if error:
                return error
            return handler()
        except PbxBatchError as exc:
            request.env.cr.rollback()
            return self._error(exc.status, str(exc))
        except PbxInputError as exc:
            request.env.cr.rollback()
            return self._error(400, str(exc))
        except AccessError as exc:
            request.env.cr.rollback()
            return self._error(403, str(exc))
        except Exception:  # noqa: BLE001 (a phone system gets JSON, never a traceback)
            request.env.cr.rollback()
            _logger.exception("phone system request failed")
            return self._error(500, "Internal error: nothing was journaled. See the server log.")

    @http.route(
        "/corporate_client/pbx/calls",
        type="http",
        auth="none",
        methods=["POST"],
        csrf=False,
        save_session=False,
        readonly=False,
    )
    def pbx_calls(self, tz=None, **_kw):
        """Journal a batch of finished calls: a JSON list, ``{"calls": [...]}``
        or one call; ``?tz=UTC`` reads times without offset in that zone
        (default: the company's)."""

        def handle():
            try:
                payload = json.loads(request.httprequest.get_data() or b"null")
            except ValueError as exc:
                raise PbxBatchError(f"Malformed JSON: {exc}") from exc
            if isinstance(payload, dict):
                payload = payload["calls"] if "calls" in payload else [payload]
            zone = tz
            if zone and zone not in pytz.all_timezones_set:
                raise PbxBatchError(f"Unknown time zone {zone!r}.")
            results = request.env["corporate.pbx.call"]._pbx_journal(payload, source="pbx", tz=zone)
            summary = {}
            for result in results:
                summary[result["status"]] = summary.get(result["status"], 0) + 1
            return request.make_json_response({"results": results, "summary": summary})

        return self._serve(handle)

    @http.route(
        "/corporate_client/pbx/lookup",
        type="http",
        auth="none",
        methods=["GET", "POST"],
        csrf=False,
        save_session=False,
        readonly=True,
    )
    def pbx_lookup(self, number=None, extension=None, **_kw):
        """Screen pop: ``?number=...`` (and the ``extension`` ringing) → client."""

        def handle():
            if not number:
                raise PbxInputError("Give the caller's number: ?number=...")
            return request.make_json_response(
                request.env["corporate.pbx.call"]._pbx_lookup(number, extension)
            )

        return self._serve(handle)
