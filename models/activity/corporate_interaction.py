import random
from datetime import datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import create_index
from odoo.tools.sql import column_exists, create_column, table_exists

INTERACTION_TYPES = [
    ("call", "Call"),
    # A call journaled by the phone system that the company does not count
    # (not answered, or shorter than its minimum): no "calls" metric
    # (INTERACTION_TYPE_METRIC), an "other interaction" of the counters.
    ("short_call", "Call (not counted)"),
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
    _inherit = ["corporate.client.document"]
    # Who made the call counts it in their quota (guard).
    _corporate_actor_fields = ("user_id",)
    _order = "date desc, id desc"
    _rec_name = "client_id"

    # Computed before the INSERT: else the ORM inserts the interactions and then
    # UPDATEs them with the card's values, and the activity counters' triggers
    # run twice for each create (once per statement), counting the interactions
    # under no client manager and then moving them (issue 32).
    partner_id = fields.Many2one(related="client_id.partner_id", precompute=True)
    client_user_id = fields.Many2one(related="client_id.user_id", precompute=True)
    team_id = fields.Many2one(related="client_id.team_id", precompute=True)

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

    def _auto_init(self):
        # The managers' record rule reads client_user_id.  On a database that
        # already holds interactions (1M in tools/bench_scale.py), fill the new
        # column with one UPDATE instead of letting the ORM recompute every row.
        cr = self.env.cr
        if table_exists(cr, self._table) and not column_exists(cr, self._table, "client_user_id"):
            create_column(cr, self._table, "client_user_id", "int4")
            cr.execute(
                """
                UPDATE corporate_interaction interaction
                   SET client_user_id = card.user_id
                  FROM corporate_client card
                 WHERE card.id = interaction.client_id
                """
            )
        return super()._auto_init()

    def init(self):
        # Progress counts filter on (user, date) and check-in coverage on (client, date).
        create_index(
            self.env.cr,
            "corporate_interaction_user_date_index",
            self._table,
            ["user_id", "date", "interaction_type"],
        )
        create_index(
            self.env.cr,
            "corporate_interaction_client_date_index",
            self._table,
            ["client_id", "date"],
        )
        # The activity counters follow every change of the table (triggers).
        self.env["corporate.activity.counter"]._init_counters()

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

    @api.constrains("contact_id", "client_id")
    def _check_contact(self):
        for interaction in self.sudo():
            contact = interaction.contact_id
            if contact and contact.commercial_partner_id != interaction.client_id.partner_id:
                raise ValidationError(
                    self.env._(
                        "%(contact)s does not work for %(client)s: choose one of the "
                        "client's contacts.",
                        contact=contact.display_name,
                        client=interaction.client_id.name,
                    )
                )

    # ------------------------------------------------------------------ CRUD
    @api.model
    def _client_for_partner(self, partner):
        """The card of ``partner``'s company; a clear error when it has none."""
        card = partner.sudo().commercial_partner_id.corporate_client_ids[:1]
        if not card:
            raise ValidationError(
                self.env._(
                    "%s is not a corporate client: interactions are logged on client "
                    "cards only. Create a client card for the company first (Contacts → "
                    "the company → Client card).",
                    partner.commercial_partner_id.display_name,
                )
            )
        return card

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # ``partner_id`` is the card's company (a related field): given
            # instead of the card, it names the client; a contact person names
            # the client and the contact.
            partner_id = vals.pop("partner_id", False)
            if partner_id and not vals.get("client_id"):
                partner = self.env["res.partner"].browse(partner_id)
                vals["client_id"] = self._client_for_partner(partner).id
                if partner != partner.commercial_partner_id and not vals.get("contact_id"):
                    vals["contact_id"] = partner.id
        # The triggers write the cards' last contact: pending values first.
        self._flush_last_contacts()
        interactions = super().create(vals_list)
        interactions._last_contacts_written()
        return interactions

    def write(self, vals):
        vals = dict(vals)
        vals.pop("partner_id", None)  # follows the card
        moves = {"date", "client_id", "outcome"} & set(vals)
        # An interaction moved to another card leaves its old card too.
        previous = self.client_id if "client_id" in vals else self.env["corporate.client"]
        if moves:
            self._flush_last_contacts()
        res = super().write(vals)
        if moves:
            # The UPDATE (and its trigger) now, so that the cards read after it.
            self.flush_recordset(sorted(moves))
            self._last_contacts_written(previous)
        return res

    def unlink(self):
        # Work on delete, not a refusal (so not an @api.ondelete): the cards
        # lose this interaction, their last contact is recomputed after it.
        clients = self.client_id
        self._flush_last_contacts()
        res = super().unlink()
        self.browse()._last_contacts_written(clients)
        return res

    @api.model
    def _flush_last_contacts(self):
        """Write the cards' pending last contacts before the triggers do."""
        self.env["corporate.client"].flush_model(["last_contact_date", "last_outcome"])

    def _last_contacts_written(self, clients=None):
        """R7: the client's last contact is its latest interaction.

        The triggers of the activity counters (``corporate.activity.counter``)
        set the card's ``last_contact_date`` and ``last_outcome`` (a callback
        or an offer requested puts the client on the "negotiate soon" list)
        in the statement that changes its interactions, by the ORM or in SQL.
        Here the ORM forgets what it cached of them and recomputes what
        depends on them (the next check-in).  Check-in coverage
        (``corporate.figure._portfolio_coverage``) reads them.
        ``clients``: cards touched besides those of ``self``.
        """
        clients = self.client_id | (clients or self.env["corporate.client"])
        fnames = ["last_contact_date", "last_outcome"]
        clients.invalidate_recordset(fnames)
        clients.modified(fnames)

    def _update_client_last_contact(self, clients=None):
        """Set the last contact of the cards of ``self`` and ``clients`` from
        their interactions, as the triggers do (after a bulk load that
        bypassed them, ``tools/bench_quotas.py``)."""
        clients = self.client_id | (clients or self.env["corporate.client"])
        if clients:
            self.env["corporate.activity.counter"]._rebuild_last_contacts(clients)
            self._last_contacts_written(clients)

    # ------------------------------------------------------------------ automatic logging
    @api.model
    def _log_automatic(self, partner, vals, user=None):
        """Log an interaction found by the system (a quotation sent, a call done).

        ``partner`` may be any partner: nothing is logged when its company is
        not a corporate client (a retail quotation is no client contact).
        Created as superuser on behalf of the acting user (or ``user``): the
        hook must not fail because the sender lacks rights on interactions.
        """
        card = partner.sudo().commercial_partner_id.corporate_client_ids[:1]
        if not card:
            return self.browse()
        user = user or self.env.user
        contact = partner if partner != partner.commercial_partner_id else False
        return (
            self.sudo()
            .with_context(tracking_disable=True)
            .create(
                {
                    "client_id": card.id,
                    "contact_id": contact and contact.id,
                    "user_id": user.id,
                    "company_id": (card.company_id or self.env.company).id,
                    "date": fields.Datetime.now(),
                    "direction": "outgoing",
                    **vals,
                }
            )
        )

    # ------------------------------------------------------------------ demo
    @api.model
    def _demo_generate(self, days=22, seed=42, months=0):
        """Realistic interactions for the demo account managers: their last
        ``days`` working days, or with ``months`` the working days of the
        ``months`` months before those (from the first of the month), each
        month at a pace of its own, so that the monthly reports show a trend.

        Called from demo data; deterministic (seeded), only past dates, on the
        managers' own cards, during office hours in their time zone.
        """
        rng = random.Random(seed)
        cards = self.env["corporate.client"].sudo().search([("user_id", "!=", False)])
        by_user = {}
        for card in cards:
            by_user.setdefault(card.user_id, []).append(card)
        now = fields.Datetime.now()
        weights_outcome = {
            "call": [
                ("reached", 30),
                ("no_answer", 25),
                ("interested", 12),
                ("not_interested", 10),
                ("callback", 10),
                ("offer_requested", 10),
                ("deal", 3),
            ],
            "phone_offer": [
                ("interested", 35),
                ("not_interested", 25),
                ("callback", 15),
                ("offer_requested", 10),
                ("deal", 15),
            ],
            "email_offer": [(False, 80), ("offer_requested", 10), ("deal", 10)],
        }
        vals_list = []
        for user, user_cards in sorted(by_user.items(), key=lambda item: item[0].id):
            if not user._is_corporate_user():
                continue
            zone = pytz.timezone(user.tz or "UTC")
            company = user.company_id
            today = now.replace(tzinfo=pytz.utc).astimezone(zone).date()
            working = company._corporate_working_days(
                today - timedelta(days=days * 2), today, tz=zone.zone
            )[-days:]
            if months:
                # The months before the last ``days`` working days.
                first = working[0].replace(day=1) - relativedelta(months=months)
                working = company._corporate_working_days(
                    first, working[0] - timedelta(days=1), tz=zone.zone
                )
            pace = rng.uniform(0.6, 1.15)  # some managers are busier than others
            paces = {}
            for day in working:
                day_pace = pace
                if months:
                    # Months differ: holidays, a campaign, a slow season.
                    if day.month not in paces:
                        paces[day.month] = pace * rng.uniform(0.7, 1.2)
                    day_pace = paces[day.month]
                per_type = {
                    "call": int(rng.gauss(30 * day_pace, 5)),
                    "phone_offer": int(rng.gauss(12 * day_pace, 4)),
                    "email_offer": int(rng.gauss(25 * day_pace, 8)),
                    "meeting": rng.choice([0, 0, 1]),
                    "visit": rng.choice([0, 0, 0, 1]),
                }
                for itype, count in per_type.items():
                    for _n in range(max(count, 0)):
                        local = datetime.combine(day, time(8)) + timedelta(
                            minutes=rng.randint(0, 9 * 60)
                        )
                        when = zone.localize(local).astimezone(pytz.utc).replace(tzinfo=None)
                        if when > now:
                            continue
                        choices = weights_outcome.get(itype, [("reached", 1)])
                        outcome = rng.choices([c for c, _w in choices], [w for _c, w in choices])[0]
                        vals_list.append(
                            {
                                "client_id": rng.choice(user_cards).id,
                                "user_id": user.id,
                                "company_id": company.id,
                                "date": when,
                                "interaction_type": itype,
                                "outcome": outcome,
                                "duration": rng.randint(2, 15) if itype != "email_offer" else 0,
                                "direction": "incoming" if rng.random() < 0.1 else "outgoing",
                            }
                        )
        return self.sudo().with_context(tracking_disable=True).create(vals_list)
