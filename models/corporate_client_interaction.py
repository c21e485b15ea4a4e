from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from . import corporate_client
from .corporate_interaction import OUTCOMES

# The latest outcome is bookkeeping, not an edit of the card (R6 freshness).
corporate_client.TECHNICAL_FIELDS.add("last_outcome")

# Outcomes after which the client expects us back (R20).
NEGOTIATE_OUTCOMES = ("callback", "offer_requested")
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
    negotiate_soon = fields.Boolean(
        string="Negotiate soon",
        compute="_compute_negotiate_soon",
        search="_search_negotiate_soon",
        help="A callback or an offer was requested, the check-in is due within "
        "7 days, or the client is at the negotiation stage (R20).",
    )

    def _compute_interaction_count(self):
        counts = dict(
            self.env["corporate.interaction"]._read_group(
                [("client_id", "in", self.ids)], ["client_id"], ["__count"]
            )
        )
        for card in self:
            card.interaction_count = counts.get(card, 0)

    def _negotiate_soon_limit(self):
        return fields.Date.context_today(self) + timedelta(days=NEGOTIATE_CHECKIN_DAYS)

    @api.depends("last_outcome", "next_checkin_date", "stage")
    @api.depends_context("tz")
    def _compute_negotiate_soon(self):
        limit = self._negotiate_soon_limit()
        for card in self:
            card.negotiate_soon = card.stage != "lost" and (
                card.last_outcome in NEGOTIATE_OUTCOMES
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
                ("last_outcome", "in", NEGOTIATE_OUTCOMES),
                ("stage", "=", "negotiation"),
                ("next_checkin_date", "<=", limit),
            ]
        return [
            "|",
            ("stage", "=", "lost"),
            "&",
            "&",
            "|",
            ("last_outcome", "=", False),
            ("last_outcome", "not in", NEGOTIATE_OUTCOMES),
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
