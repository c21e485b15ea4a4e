from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .corporate_interaction import OUTCOMES

# Requests of a client that keep it on the "negotiate soon" list (R20) until
# they are done: an offer requested, until an offer is made (by email or by
# phone); a callback, until a later call reaches the client.
PENDING_REQUESTS = [("offer_requested", "Offer to send"), ("callback", "Call back")]
OFFER_TYPES = ("email_offer", "phone_offer")
NEGOTIATE_CHECKIN_DAYS = 7


class CorporateClient(models.Model):
    """Interactions on the client card: quick logging, last outcome, R20 list."""

    _inherit = "corporate.client"

    interaction_ids = fields.One2many("corporate.interaction", "client_id", string="Interactions")
    interaction_count = fields.Integer(compute="_compute_interaction_count")
    last_outcome = fields.Selection(
        OUTCOMES,
        string="Last outcome",
        readonly=True,
        copy=False,
        index=True,
        help="Outcome of the latest interaction with the client.",
    )
    pending_request = fields.Selection(
        PENDING_REQUESTS,
        string="Awaiting",
        compute="_compute_pending_request",
        store=True,
        index=True,
        help="The client asked for an offer not sent yet, or to be called back and "
        "no call has reached them since.",
    )
    negotiate_soon = fields.Boolean(
        string="Negotiate soon",
        compute="_compute_negotiate_soon",
        search="_search_negotiate_soon",
        help="An offer or a callback requested is not done yet, the check-in is due "
        "within 7 days, or the client is at the negotiation stage.",
    )

    @api.model
    def _corporate_technical_fields(self):
        # The latest outcome is bookkeeping, not an edit of the card (R6 freshness).
        return super()._corporate_technical_fields() | {"last_outcome"}

    def _compute_interaction_count(self):
        counts = dict(
            self.env["corporate.interaction"]._read_group(
                [("client_id", "in", self.ids)], ["client_id"], ["__count"]
            )
        )
        for card in self:
            card.interaction_count = counts.get(card, 0)

    @api.depends(
        "interaction_ids.date", "interaction_ids.outcome", "interaction_ids.interaction_type"
    )
    def _compute_pending_request(self):
        """The latest request of the client not done yet, in one query for all cards."""
        pending = {}
        if self._origin.ids:
            self.env["corporate.interaction"].flush_model(
                ["client_id", "date", "outcome", "interaction_type"]
            )
            self.env.cr.execute(
                SQL(
                    """
                    SELECT DISTINCT ON (r.client_id) r.client_id, r.outcome
                      FROM corporate_interaction r
                     WHERE r.client_id = ANY(%(ids)s)
                       AND r.outcome = ANY(%(requests)s)
                       AND NOT EXISTS (
                           SELECT 1
                             FROM corporate_interaction d
                            WHERE d.client_id = r.client_id
                              AND (d.date, d.id) > (r.date, r.id)
                              AND CASE
                                  WHEN r.outcome = 'offer_requested'
                                      THEN d.interaction_type = ANY(%(offers)s)
                                  ELSE d.interaction_type IN ('call', 'short_call')
                                       AND d.outcome IS NOT NULL
                                       AND d.outcome != 'no_answer'
                              END
                       )
                  ORDER BY r.client_id, r.date DESC, r.id DESC
                    """,
                    ids=self._origin.ids,
                    requests=[key for key, _label in PENDING_REQUESTS],
                    offers=list(OFFER_TYPES),
                )
            )
            pending = dict(self.env.cr.fetchall())
        for card in self:
            card.pending_request = pending.get(card._origin.id, False)

    def _negotiate_soon_limit(self):
        return fields.Date.context_today(self) + timedelta(days=NEGOTIATE_CHECKIN_DAYS)

    @api.depends("pending_request", "next_checkin_date", "stage")
    @api.depends_context("tz")
    def _compute_negotiate_soon(self):
        limit = self._negotiate_soon_limit()
        for card in self:
            card.negotiate_soon = card.stage != "lost" and (
                bool(card.pending_request)
                or card.stage == "negotiation"
                or bool(card.next_checkin_date and card.next_checkin_date <= limit)
            )

    def _search_negotiate_soon(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on 'Negotiate soon'."))
        limit = self._negotiate_soon_limit()
        if (operator == "=") == value:
            return [
                ("stage", "!=", "lost"),
                "|",
                "|",
                ("pending_request", "!=", False),
                ("stage", "=", "negotiation"),
                ("next_checkin_date", "<=", limit),
            ]
        return [
            "|",
            ("stage", "=", "lost"),
            "&",
            "&",
            ("pending_request", "=", False),
            ("stage", "!=", "negotiation"),
            "|",
            ("next_checkin_date", "=", False),
            ("next_checkin_date", ">", limit),
        ]

    # ------------------------------------------------------------------ actions
    def _action_log(self, interaction_type, name):
        context = {
            "default_interaction_type": interaction_type,
            "default_direction": "outgoing",
            "corporate_quick_log": True,
        }
        if len(self) == 1:
            context["default_client_id"] = self.id
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": "corporate.interaction",
            "view_mode": "form",
            "views": [
                (self.env.ref("corporate_client.corporate_interaction_view_form_quick").id, "form")
            ],
            "target": "new",
            "context": context,
        }

    def action_log_call(self):
        """Open the quick "Log call" form (one card: pre-filled with it)."""
        return self._action_log("call", self.env._("Log call"))

    def action_log_offer(self):
        """Open the quick "Log offer" form (an offer made by phone by default)."""
        return self._action_log("phone_offer", self.env._("Log offer"))

    def action_view_interactions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "corporate_client.action_corporate_interaction"
        )
        action.update(
            {
                "domain": [("client_id", "=", self.id)],
                "context": {"default_client_id": self.id},
                "name": self.env._("Interactions with %s", self.name),
            }
        )
        return action
