import calendar
from datetime import date, timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

OCCASIONS = [
    ("birthday", "Birthday"),
    ("founding", "Founding anniversary"),
    ("holiday", "Holiday"),
]
TEMPLATES = {
    "birthday": "corporate_client.mail_template_greeting_birthday",
    "founding": "corporate_client.mail_template_greeting_founding",
    "holiday": "corporate_client.mail_template_greeting_holiday",
}


def occasion_date(month, day, year):
    """The day an occasion falls on in ``year``: 29 February becomes 28 February
    in years that are not leap years."""
    if month == 2 and day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return date(year, month, day)


class CorporateGreeting(models.Model):
    """One greeting due to a client for one occasion and year (R14).

    The unique occasion key guarantees a client is never greeted twice for the
    same occasion in the same year, whatever the number of cron runs.
    """

    _name = "corporate.greeting"
    _description = "Client Greeting"
    _inherit = [
        "corporate.client.document",
        "mail.thread",
        "mail.activity.mixin",
        "corporate.reader.name",
    ]
    _corporate_name_depends = ("occasion", "contact_id", "holiday_id", "client_id", "year")
    # The occasion's key identifies the greeting (one per client and occasion).
    _corporate_unguarded_fields = ("occasion_key",)
    # Greeted or cancelled only through the buttons (a greeting sent is logged
    # as an interaction with the client).
    _corporate_workflow_fields = ("state", "date_sent", "interaction_id")
    _order = "date desc, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    user_id = fields.Many2one("res.users", string="Account manager", index=True)
    occasion = fields.Selection(OCCASIONS, required=True)
    contact_id = fields.Many2one("res.partner", string="Contact person", ondelete="cascade")
    holiday_id = fields.Many2one("corporate.holiday", ondelete="cascade")
    year = fields.Integer(required=True)
    date = fields.Date(required=True, help="The day of the occasion this year.")
    occasion_key = fields.Char(required=True, readonly=True)
    recipient_id = fields.Many2one(
        "res.partner", compute="_compute_recipient_id", help="Whom the greeting is addressed to."
    )
    state = fields.Selection(
        [("planned", "To greet"), ("sent", "Greeted"), ("cancelled", "Cancelled")],
        required=True,
        default="planned",
        tracking=True,
    )
    date_sent = fields.Datetime(string="Greeted on", readonly=True)
    interaction_id = fields.Many2one("corporate.interaction", readonly=True)

    _sql_constraints = [
        (
            "occasion_unique",
            "unique(client_id, occasion_key)",
            "This client has already been greeted for this occasion this year.",
        ),
    ]

    def _corporate_name(self):
        self.ensure_one()
        if self.occasion == "birthday":
            what = self.env._("Birthday of %s", self.contact_id.name)
        elif self.occasion == "founding":
            what = self.env._("Founding anniversary of %s", self.client_id.name)
        else:
            what = self.env._(
                "%(holiday)s: %(client)s",
                holiday=self.holiday_id.name,
                client=self.client_id.name,
            )
        return f"{what} ({self.year})"

    @api.depends("occasion", "contact_id", "client_id")
    def _compute_recipient_id(self):
        for greeting in self:
            greeting.recipient_id = greeting.contact_id or greeting.client_id.partner_id

    @api.model
    def _occasion_key(self, occasion, year, contact=None, holiday=None):
        if occasion == "birthday":
            return f"birthday:{contact.id}:{year}"
        if occasion == "holiday":
            return f"holiday:{holiday.id}:{year}"
        return f"founding:{year}"

    # ------------------------------------------------------------------ scheduling
    @api.model
    def _cron_schedule_greetings(self):
        """Daily: a greeting activity for every occasion within the coming days."""
        today = self.env.company._corporate_today()
        cards = self.env["corporate.client"].search(
            [("stage", "!=", "lost"), ("user_id", "!=", False)]
        )
        return self._schedule_for(cards, today)

    @api.model
    def _schedule_for(self, cards, today):
        holidays = self.env["corporate.holiday"].search([])
        by_company = {}
        for card in cards:
            company = card.company_id or self.env.company
            by_company.setdefault(company, []).append(card)
        vals_list = []
        for company, company_cards in by_company.items():
            date_to = today + timedelta(days=max(company.corporate_greeting_days, 0))
            for card in company_cards:
                for occasion in card._greeting_occasions(today, date_to, holidays):
                    vals_list.append(
                        {
                            "client_id": card.id,
                            "user_id": card.user_id.id,
                            "company_id": company.id,
                            "occasion": occasion["occasion"],
                            "contact_id": occasion.get("contact_id"),
                            "holiday_id": occasion.get("holiday_id"),
                            "year": occasion["date"].year,
                            "date": occasion["date"],
                            "occasion_key": occasion["key"],
                        }
                    )
        if not vals_list:
            return self.browse()
        existing = {
            (greeting.client_id.id, greeting.occasion_key)
            for greeting in self.with_context(active_test=False).search(
                [
                    ("client_id", "in", list({vals["client_id"] for vals in vals_list})),
                    ("occasion_key", "in", list({vals["occasion_key"] for vals in vals_list})),
                ]
            )
        }
        vals_list = [
            vals for vals in vals_list if (vals["client_id"], vals["occasion_key"]) not in existing
        ]
        greetings = self.create(vals_list)
        activity_type = self.env.ref("corporate_client.mail_activity_type_greeting")
        for greeting in greetings:
            greeting.activity_schedule(
                activity_type_id=activity_type.id,
                date_deadline=greeting.date,
                user_id=greeting.user_id.id,
                summary=greeting.with_context(lang=greeting.user_id.lang)._corporate_name(),
            )
        return greetings

    # ------------------------------------------------------------------ sending
    def _template(self):
        self.ensure_one()
        return self.env.ref(TEMPLATES[self.occasion])

    def action_send(self):
        """Open the mail composer with the prepared template."""
        self.ensure_one()
        if self.state != "planned":
            raise UserError(self.env._("%s has already been handled.", self.name))
        return {
            "type": "ir.actions.act_window",
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_template_id": self._template().id,
                "default_composition_mode": "comment",
                "default_email_layout_xmlid": "mail.mail_notification_light",
            },
        }

    def action_mark_greeted(self):
        """Greeted by phone or in person: log the greeting without an email."""
        for greeting in self:
            if greeting.state != "planned":
                raise UserError(self.env._("%s has already been handled.", greeting.name))
        self._mark_sent(self.env._("Greeted by phone or in person."))
        return True

    def action_cancel(self):
        """Not greeted this time: the greetings still planned are cancelled
        (those already greeted or cancelled stay as they are)."""
        planned = self.filtered(lambda g: g.state == "planned")
        planned._corporate_workflow_write({"state": "cancelled"})
        planned.activity_unlink(["corporate_client.mail_activity_type_greeting"])
        return True

    def _mark_sent(self, note):
        Interaction = self.env["corporate.interaction"]
        for greeting in self.filtered(lambda g: g.state == "planned"):
            interaction = Interaction.create(
                {
                    "client_id": greeting.client_id.id,
                    "contact_id": greeting.contact_id.id,
                    "user_id": greeting._logging_user().id,
                    "company_id": greeting.company_id.id,
                    "interaction_type": "greeting",
                    "direction": "outgoing",
                    "outcome": "reached",
                    "note": f"{greeting.name}: {note}",
                }
            )
            greeting._corporate_workflow_write(
                {
                    "state": "sent",
                    "date_sent": fields.Datetime.now(),
                    "interaction_id": interaction.id,
                }
            )
            greeting.activity_feedback(
                ["corporate_client.mail_activity_type_greeting"], feedback=note
            )

    def _message_post_after_hook(self, message, msg_vals):
        """A message sent to the client (not an internal note) is the greeting."""
        res = super()._message_post_after_hook(message, msg_vals)
        comment = self.env.ref("mail.mt_comment")
        if (
            msg_vals.get("message_type") == "comment"
            and msg_vals.get("subtype_id") == comment.id
            and self.state == "planned"
        ):
            self._mark_sent(self.env._("Greeting sent by email."))
        return res
