from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date

EVENT_TYPES = [
    ("exhibition", "Exhibition"),
    ("fair", "Fair"),
    ("presentation", "Product presentation"),
]
INVITATION_STATES = [
    ("draft", "To invite"),
    ("invited", "Invited"),
    ("accepted", "Accepted"),
    ("declined", "Declined"),
    ("attended", "Attended"),
]
# Outcome of the invitation interaction for each answer.
ANSWER_OUTCOMES = {"accepted": "interested", "declined": "not_interested", "attended": "deal"}


class CorporateEvent(models.Model):
    """An exhibition, fair or product presentation clients are invited to (R23)."""

    _name = "corporate.event"
    _description = "Exhibition or Presentation"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_begin desc, id desc"

    name = fields.Char(required=True, tracking=True)
    event_type = fields.Selection(
        EVENT_TYPES, string="Type", required=True, default="exhibition", tracking=True
    )
    date_begin = fields.Datetime(string="Start", required=True, tracking=True)
    date_end = fields.Datetime(string="End", required=True, tracking=True)
    location = fields.Char(string="Place", tracking=True)
    product_ids = fields.Many2many(
        "product.template",
        "corporate_event_product_rel",
        "event_id",
        "product_id",
        string="Products shown",
    )
    user_id = fields.Many2one(
        "res.users", string="Organizer", default=lambda self: self.env.user, tracking=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    description = fields.Html()
    state = fields.Selection(
        [
            ("planned", "Planned"),
            ("done", "Done"),
            ("cancelled", "Cancelled"),
        ],
        required=True,
        default="planned",
        tracking=True,
    )
    invitation_ids = fields.One2many("corporate.event.invitation", "event_id")
    invited_count = fields.Integer(compute="_compute_counts")
    accepted_count = fields.Integer(compute="_compute_counts")
    declined_count = fields.Integer(compute="_compute_counts")
    attended_count = fields.Integer(compute="_compute_counts")

    @api.depends("invitation_ids.state")
    def _compute_counts(self):
        groups = self.env["corporate.event.invitation"]._read_group(
            [("event_id", "in", self.ids)], ["event_id", "state"], ["__count"]
        )
        counts = {(event.id, state): count for event, state, count in groups}
        for event in self:
            get = counts.get
            event.accepted_count = get((event.id, "accepted"), 0) + get((event.id, "attended"), 0)
            event.declined_count = get((event.id, "declined"), 0)
            event.attended_count = get((event.id, "attended"), 0)
            event.invited_count = (
                get((event.id, "invited"), 0) + event.accepted_count + event.declined_count
            )

    @api.constrains("date_begin", "date_end")
    def _check_dates(self):
        for event in self:
            if event.date_end < event.date_begin:
                raise ValidationError(self.env._("%s cannot end before it starts.", event.name))

    def action_send_invitations(self):
        """Send every invitation still to be sent."""
        self.invitation_ids.filtered(lambda i: i.state == "draft").action_invite()
        return True

    def action_done(self):
        self.write({"state": "done"})
        return True

    def action_cancel(self):
        self.write({"state": "cancelled"})
        return True

    def action_open_invitations(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Invitations"),
            "res_model": "corporate.event.invitation",
            "view_mode": "list,form",
            "domain": [("event_id", "=", self.id)],
            "context": {"default_event_id": self.id},
        }


class CorporateEventInvitation(models.Model):
    """A client invited to an event, and its answer (R23)."""

    _name = "corporate.event.invitation"
    _description = "Event Invitation"
    _inherit = ["corporate.client.document"]
    _order = "event_id, client_id"
    _rec_name = "client_id"
    # Invited, accepted, attended... only through the buttons, which log the
    # invitation on the client's interactions (an attendance is a deal).
    _corporate_workflow_fields = ("state", "date_invited", "interaction_id")

    event_id = fields.Many2one("corporate.event", required=True, ondelete="cascade", index=True)
    event_date = fields.Datetime(related="event_id.date_begin", string="Event start")
    contact_id = fields.Many2one(
        "res.partner", string="Contact person", domain="[('parent_id', '=', partner_id)]"
    )
    user_id = fields.Many2one(
        "res.users",
        string="Account manager",
        compute="_compute_user_id",
        store=True,
        readonly=False,
        index=True,
    )
    company_id = fields.Many2one(
        related="event_id.company_id", store=True, precompute=True, default=None
    )
    state = fields.Selection(INVITATION_STATES, required=True, default="draft", index=True)
    date_invited = fields.Datetime(readonly=True)
    interaction_id = fields.Many2one("corporate.interaction", readonly=True)
    note = fields.Text()

    _sql_constraints = [
        (
            "client_unique",
            "unique(event_id, client_id)",
            "This client is already invited to the event.",
        ),
    ]

    @api.depends("client_id")
    def _compute_user_id(self):
        for invitation in self:
            invitation.user_id = invitation.client_id.sudo().user_id or invitation.user_id

    def _check_state(self, allowed, action):
        labels = dict(INVITATION_STATES)
        for invitation in self:
            if invitation.state not in allowed:
                raise UserError(
                    self.env._(
                        "The invitation of %(client)s to %(event)s is '%(state)s': it "
                        "cannot be %(action)s.",
                        client=invitation.client_id.name,
                        event=invitation.event_id.name,
                        state=labels[invitation.state],
                        action=action,
                    )
                )

    def action_invite(self):
        """Send the invitation: logged as an invitation interaction."""
        self._check_state(("draft",), self.env._("sent again"))
        for invitation in self:
            if invitation.event_id.state != "planned":
                raise UserError(
                    self.env._(
                        "%s is not planned any more: no new invitations.",
                        invitation.event_id.name,
                    )
                )
            event = invitation.event_id
            interaction = self.env["corporate.interaction"].create(
                {
                    "client_id": invitation.client_id.id,
                    "contact_id": invitation.contact_id.id,
                    "user_id": invitation._logging_user().id,
                    "company_id": invitation.company_id.id,
                    "interaction_type": "invitation",
                    "direction": "outgoing",
                    "note": self.env._(
                        "Invited to %(event)s (%(place)s, %(date)s).",
                        event=event.name,
                        place=event.location or "-",
                        date=format_date(
                            self.env,
                            fields.Date.context_today(
                                invitation.with_context(
                                    tz=(invitation.company_id or self.env.company)._corporate_tz()
                                ),
                                event.date_begin,
                            ),
                        ),
                    ),
                }
            )
            invitation._corporate_workflow_write(
                {
                    "state": "invited",
                    "date_invited": fields.Datetime.now(),
                    "interaction_id": interaction.id,
                }
            )
        return True

    def _answer(self, state):
        labels = dict(INVITATION_STATES)
        for invitation in self:
            invitation._corporate_workflow_write({"state": state})
            if invitation.interaction_id:
                interaction = invitation.interaction_id
                interaction.write(
                    {
                        "outcome": ANSWER_OUTCOMES[state],
                        "note": f"{interaction.note or ''}\n{labels[state]}".strip(),
                    }
                )

    def action_accept(self):
        self._check_state(("invited", "declined"), self.env._("accepted"))
        self._answer("accepted")
        return True

    def action_decline(self):
        self._check_state(("invited", "accepted"), self.env._("declined"))
        self._answer("declined")
        return True

    def action_attend(self):
        self._check_state(("invited", "accepted"), self.env._("marked as attended"))
        now = fields.Datetime.now()
        for invitation in self:
            if invitation.event_id.date_begin > now:
                raise UserError(
                    self.env._(
                        "%s has not started yet: attendance is recorded on the day.",
                        invitation.event_id.name,
                    )
                )
        self._answer("attended")
        return True
