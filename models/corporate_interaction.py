from odoo import api, fields, models
from odoo.exceptions import ValidationError

INTERACTION_TYPES = [
    ("call", "Call"),
    ("email_offer", "Email offer"),
    ("phone_offer", "Phone offer"),
    ("meeting", "Meeting"),
    ("visit", "Visit"),
    ("greeting", "Greeting"),
    ("invitation", "Invitation"),
    ("other", "Other"),
]
OUTCOMES = [
    ("reached", "Reached"),
    ("no_answer", "No answer"),
    ("interested", "Interested"),
    ("not_interested", "Not interested"),
    ("callback", "Callback requested"),
    ("offer_requested", "Offer requested"),
    ("deal", "Deal"),
]


class CorporateInteraction(models.Model):
    """One contact with a corporate client: a call, an offer, a meeting... (R16-R18)."""

    _name = "corporate.interaction"
    _description = "Client Interaction"
    _order = "date desc, id desc"
    _rec_name = "client_id"

    client_id = fields.Many2one(
        "corporate.client",
        string="Client card",
        required=True,
        ondelete="cascade",
        index=True,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Client",
        related="client_id.partner_id",
        store=True,
        index=True,
    )
    contact_id = fields.Many2one(
        "res.partner",
        string="Contact person",
        domain="[('parent_id', '=', partner_id)]",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Account manager",
        required=True,
        default=lambda self: self.env.user,
        index=True,
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Department",
        related="client_id.team_id",
        store=True,
        index=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    interaction_type = fields.Selection(
        INTERACTION_TYPES, string="Type", required=True, default="call", index=True
    )
    direction = fields.Selection(
        [("outgoing", "Outgoing"), ("incoming", "Incoming")],
        required=True,
        default="outgoing",
    )
    outcome = fields.Selection(OUTCOMES, index=True)
    duration = fields.Float(string="Duration (min)")
    sale_order_id = fields.Many2one("sale.order", string="Quotation", index="btree_not_null")
    note = fields.Text(string="Notes")

    @api.constrains("date")
    def _check_date(self):
        now = fields.Datetime.now()
        for interaction in self:
            if interaction.date > now:
                raise ValidationError(
                    self.env._(
                        "An interaction cannot be dated in the future (%s): log it once "
                        "it has happened, or schedule an activity instead.",
                        interaction.date,
                    )
                )

    @api.constrains("duration")
    def _check_duration(self):
        if any(interaction.duration < 0 for interaction in self):
            raise ValidationError(self.env._("A duration cannot be negative."))

    @api.model_create_multi
    def create(self, vals_list):
        interactions = super().create(vals_list)
        interactions._update_client_last_contact()
        return interactions

    def write(self, vals):
        res = super().write(vals)
        if {"date", "client_id"} & set(vals):
            self._update_client_last_contact()
        return res

    def _update_client_last_contact(self):
        """R7: the client's last contact is its latest interaction."""
        clients = self.client_id
        if not clients:
            return
        latest = dict(
            self.sudo()._read_group([("client_id", "in", clients.ids)], ["client_id"], ["date:max"])
        )
        for client in clients.sudo():
            if client.last_contact_date != latest.get(client):
                client.last_contact_date = latest.get(client)
