from datetime import date, timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

STAGES = [
    ("prospect", "Prospect"),
    ("negotiation", "Negotiation"),
    ("active", "Active"),
    ("dormant", "Dormant"),
    ("lost", "Lost"),
]
SEGMENTS = [
    ("small", "Small business"),
    ("medium", "Medium business"),
    ("large", "Large business"),
    ("state", "State-owned / public body"),
]

# Fields the completeness of a card depends on (see _required_info).
REQUIRED_INFO_FIELDS = (
    "email",
    "phone",
    "mobile",
    "street",
    "city",
    "vat",
    "segment",
    "user_id",
    "team_id",
    "contact_role_ids.role",
    "is_tender",
    "tender_reference",
)


class CorporateClient(models.Model):
    """The confidential client card of a corporate client or prospect.

    The card delegates to its company (``_inherits`` res.partner): name,
    address, VAT, salesperson, pricelist and payment terms are the partner's
    and stay visible to every internal user, so invoices, deliveries and
    colleagues' quotations keep working.  Everything else (stage, needs,
    decision makers, competitors, negotiation notes, assessments) is on the
    card, whose record rules restrict it to the account manager, their
    substitute, the department head and the director.

    The account manager (``user_id``) is the card's own field, not the
    partner's salesperson: anyone with Contact Creation may write a partner's
    salesperson, so the rules never trust it.  The partner's salesperson is a
    mirror that follows the card (for Odoo's defaults on orders and invoices).
    Who manages a card, and in which department, is changed only by the head
    of the department (within it) or the director, and tracked in the chatter.
    """

    _name = "corporate.client"
    _description = "Corporate Client Card"
    _inherits = {"res.partner": "partner_id"}
    _inherit = ["mail.thread", "mail.activity.mixin", "corporate.access.guard"]
    _order = "name, id"
    _rec_name = "name"
    # Whoever may read a card sees its activities and chatter: accountants, who
    # read every card, follow the collection of payments (R9).
    _mail_post_access = "read"
    # Moved by action_register and by the interactions, never typed in.
    # Founding dates of old companies go back further than business dates.
    _corporate_date_bounds = {"founding_date": (date(1600, 1, 1), None)}
    _corporate_workflow_fields = (
        "registration_state",
        "registration_date",
        "registered_on_time",
        "last_contact_date",
        "last_outcome",
        "checkin_period",
    )

    partner_id = fields.Many2one(
        "res.partner",
        string="Company partner",
        required=True,
        ondelete="cascade",
        index=True,
        auto_join=True,
    )
    # The card's own: archiving a card (or undoing a conversion) keeps the
    # company, its orders and invoices as they are.
    active = fields.Boolean(default=True, tracking=True)
    conversion_batch = fields.Char(
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The conversion of existing customers that made this card (its undo "
        "archives the cards of the batch).",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Account manager",
        tracking=True,
        index="btree_not_null",
        domain=[("share", "=", False)],
        help="The account manager of the client; the company's salesperson follows it. "
        "Changed by the department head (within the department) or the director.",
    )
    stage = fields.Selection(
        STAGES,
        default="prospect",
        required=True,
        tracking=True,
        group_expand="_group_expand_stage",
        index=True,
    )
    segment = fields.Selection(SEGMENTS, tracking=True, index=True)
    is_tender = fields.Boolean(
        string="Buys by tender", help="State-owned and public bodies buy through tenders."
    )
    tender_reference = fields.Char(tracking=True)
    team_id = fields.Many2one(
        "crm.team",
        string="Department",
        domain=[("is_corporate", "=", True)],
        default=lambda self: self.env.user.corporate_team_id,
        tracking=True,
        index=True,
        help="The corporate department in charge; defaults to the account manager's department.",
    )
    head_id = fields.Many2one(related="team_id.user_id", string="Department head")
    needs_category_ids = fields.Many2many(
        "product.category",
        string="Product interests",
        groups="corporate_client.group_account_manager",
    )
    needs_note = fields.Html(
        string="Needs and interests", groups="corporate_client.group_account_manager"
    )
    level_focus = fields.Text(
        string="Level and focus",
        groups="corporate_client.group_account_manager",
        help="Decision level, priorities and focus of the client's buyers.",
    )
    negotiation_note = fields.Html(
        string="Negotiation notes",
        groups="corporate_client.group_account_manager",
        help="Goals, tactics and terms under discussion: confidential.",
    )
    contact_role_ids = fields.One2many(
        "corporate.client.contact",
        "client_id",
        string="Decision makers",
        groups="corporate_client.group_account_manager",
    )
    competitor_line_ids = fields.One2many(
        "corporate.client.competitor",
        "client_id",
        string="Competitors",
        groups="corporate_client.group_account_manager",
    )
    founding_date = fields.Date(help="Used for greetings and the reliability forecast.")
    # Not stored: the reader sees what is missing in their own language.
    missing_info = fields.Char(string="Missing", compute="_compute_missing_info")
    is_complete = fields.Boolean(string="Card complete", compute="_compute_is_complete", store=True)
    registration_state = fields.Selection(
        [("draft", "Not registered"), ("registered", "Registered")],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
    )
    registration_date = fields.Datetime(copy=False, readonly=True)
    registration_deadline = fields.Datetime(
        compute="_compute_registration_deadline",
        store=True,
        help="Creation plus the configured number of working days.",
    )
    registered_on_time = fields.Boolean(
        readonly=True,
        copy=False,
        help="Registered within the configured number of working days.",
    )
    last_contact_date = fields.Datetime(
        readonly=True, copy=False, help="Last logged interaction with the client."
    )
    next_checkin_date = fields.Date(
        string="Next check-in",
        compute="_compute_next_checkin_date",
        store=True,
        index=True,
        help="Every client is contacted at least once a month.",
    )
    checkin_period = fields.Char(
        copy=False, readonly=True, help="Period of the last check-in activity created."
    )
    card_update_date = fields.Datetime(
        string="Last card update",
        default=fields.Datetime.now,
        readonly=True,
        copy=False,
    )
    is_stale = fields.Boolean(
        string="Stale card", compute="_compute_is_stale", search="_search_is_stale"
    )
    not_contacted_30 = fields.Boolean(
        string="Not contacted for 30 days",
        compute="_compute_not_contacted_30",
        search="_search_not_contacted_30",
    )

    _sql_constraints = [
        (
            "partner_unique",
            "unique(partner_id)",
            "This company already has a client card.",
        ),
    ]

    # ------------------------------------------------------------------ computes
    @api.model
    def _group_expand_stage(self, stages, domain):
        return [key for key, _label in STAGES]

    def _required_info(self):
        """(label, is_filled) of every piece of information a card needs."""
        self.ensure_one()
        card = self.sudo()
        return [
            (self.env._("email"), bool(card.email)),
            (self.env._("phone"), bool(card.phone or card.mobile)),
            (self.env._("address"), bool(card.street and card.city)),
            (self.env._("VAT / tax id"), bool(card.vat)),
            (self.env._("segment"), bool(card.segment)),
            (self.env._("account manager"), bool(card.user_id)),
            (self.env._("department"), bool(card.team_id)),
            (
                self.env._("decision maker"),
                any(r.role == "decision_maker" for r in card.contact_role_ids),
            ),
            (
                self.env._("tender reference"),
                card.segment != "state" or not card.is_tender or bool(card.tender_reference),
            ),
        ]

    @api.depends(*REQUIRED_INFO_FIELDS)
    def _compute_is_complete(self):
        for card in self:
            card.is_complete = all(ok for _label, ok in card._required_info())

    @api.depends(*REQUIRED_INFO_FIELDS)
    @api.depends_context("lang")
    def _compute_missing_info(self):
        for card in self:
            card.missing_info = ", ".join(label for label, ok in card._required_info() if not ok)

    @api.depends("create_date", "company_id")
    def _compute_registration_deadline(self):
        for card in self:
            created = card.create_date or fields.Datetime.now()
            company = card.company_id or self.env.company
            card.registration_deadline = card._add_working_days(
                company, created, company.corporate_registration_days
            )

    @api.model
    def _add_working_days(self, company, start, days):
        """End of the ``days``-th working day after ``start`` (company calendar).

        Days are the company's local days: a card created at 23:30 UTC in
        Jakarta was created the next morning there, and its deadline ends at
        midnight Jakarta time (returned as a naive UTC datetime).
        """
        if days <= 0:
            return start
        day = company._corporate_local_date(start)
        horizon = day + timedelta(days=days * 3 + 31)
        working = company._corporate_working_days(day + timedelta(days=1), horizon)
        if len(working) < days:
            return start + timedelta(days=days)
        return company._corporate_end_of_day(working[days - 1])

    @api.depends("last_contact_date", "create_date", "company_id")
    def _compute_next_checkin_date(self):
        for card in self:
            company = card.company_id or self.env.company
            base = card.last_contact_date or card.create_date or fields.Datetime.now()
            card.next_checkin_date = company._corporate_local_date(base) + timedelta(
                days=company.corporate_checkin_days or 30
            )

    def _compute_is_stale(self):
        limit = fields.Datetime.now() - timedelta(days=self.env.company.corporate_stale_days)
        for card in self:
            card.is_stale = (card.card_update_date or card.create_date) < limit

    def _search_is_stale(self, operator, value):
        if operator not in ("=", "!="):
            raise UserError(self.env._("Unsupported search on stale cards."))
        limit = fields.Datetime.now() - timedelta(days=self.env.company.corporate_stale_days)
        positive = (operator == "=") == bool(value)
        return [("card_update_date", "<" if positive else ">=", limit)]

    def _compute_not_contacted_30(self):
        limit = fields.Datetime.now() - timedelta(days=30)
        for card in self:
            card.not_contacted_30 = not card.last_contact_date or card.last_contact_date < limit

    def _search_not_contacted_30(self, operator, value):
        if operator not in ("=", "!="):
            raise UserError(self.env._("Unsupported search on last contact."))
        limit = fields.Datetime.now() - timedelta(days=30)
        if (operator == "=") == bool(value):
            return ["|", ("last_contact_date", "=", False), ("last_contact_date", "<", limit)]
        return [("last_contact_date", ">=", limit)]

    # ------------------------------------------------------------------ CRUD
    def _creation_subtype(self):
        # Its description reads in the reader's language (see the data file).
        return self.env.ref("corporate_client.mt_client_created")

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("partner_id"):
                vals.setdefault("is_company", True)
            partner = self.env["res.partner"].browse(vals.get("partner_id"))
            if not vals.get("user_id"):
                # A company becoming a client is managed by its salesperson, else
                # by whoever makes it one.
                vals["user_id"] = partner.sudo().user_id.id or self.env.uid
            user = self.env["res.users"].browse(vals["user_id"])
            if not vals.get("team_id") and user.corporate_team_id:
                vals["team_id"] = user.corporate_team_id.id
            self._corporate_check_owner(
                user,
                self.env["crm.team"].browse(vals.get("team_id")),
                name=vals.get("name") or partner.sudo().name,
            )
        # Odoo subscribes the creator to a new record without looking for an
        # existing follower.  A new card's company is created with its
        # contacts, and a module that makes salespeople follow their companies
        # (OCA sales_team_security) subscribes the creator, salesperson of a
        # contact, first: twice the same follower.  The creator is subscribed
        # after the creation instead, the way that tolerates it.
        made_partner = [not vals.get("partner_id") for vals in vals_list]
        ctx = self.env.context
        subscribe = not ctx.get("mail_create_nosubscribe") and not ctx.get("tracking_disable")
        cards = (
            super(CorporateClient, self.with_context(mail_create_nosubscribe=True))
            .create(vals_list)
            .with_env(self.env)
        )
        if subscribe and self.env.user.active:
            creator = self.env.user.partner_id.ids
            cards.message_subscribe(partner_ids=creator)
            made = [card.id for card, new in zip(cards, made_partner, strict=True) if new]
            cards.browse(made).partner_id.message_subscribe(partner_ids=creator)
        cards._corporate_check_duplicates()
        cards._sync_partner_salesperson()
        cards.partner_id.invalidate_recordset(["is_corporate_client"])
        cards.partner_id._compute_is_corporate_client()
        for card in cards:
            card.partner_id._corporate_check_salesperson(card.partner_id.user_id)
        return cards

    @api.model
    def _corporate_technical_fields(self):
        """Card fields whose change is bookkeeping, not an update of the card (R6).

        Writing any other field stamps ``card_update_date`` (the card's daily
        freshness).  Each part of the card adds its own fields via super().
        """
        return {
            "last_contact_date",
            "checkin_period",
            "card_update_date",
            "message_main_attachment_id",
        }

    def _corporate_stamps(self, vals):
        """{field: value} that creating or writing ``vals`` stamps on the card by itself.

        Called by ``corporate.access.guard`` once the user's values were
        checked (values given by the code as superuser win).  The card's
        freshness here; each part of the card (its ``corporate_client_*.py``
        file) adds its own via super().
        """
        stamps = super()._corporate_stamps(vals)
        if set(vals) - self._corporate_technical_fields():
            stamps["card_update_date"] = fields.Datetime.now()
        return stamps

    def write(self, vals):
        owner_fields = {"user_id", "team_id"} & set(vals)
        if owner_fields and not self.env.su:
            for card in self:
                user = self.env["res.users"].browse(vals.get("user_id", card.user_id.id))
                team = self.env["crm.team"].browse(vals.get("team_id", card.team_id.id))
                if user != card.user_id or team != card.team_id:
                    card._corporate_check_owner(user, team, card.sudo().team_id)
        res = super().write(vals)
        if "user_id" in vals:
            self._sync_partner_salesperson()
        if {"name", "vat", "partner_id"} & set(vals):
            self._corporate_check_duplicates()
        return res

    def _corporate_check_owner(self, user, team, old_team=None, name=None):
        """Who may make ``user`` the manager of a card of ``team`` (R15).

        The director: anyone.  A department head: within the departments they
        lead (the card's current department and the new one), to their members.
        An account manager: only when registering a card of their own (or of a
        manager they substitute today), in that manager's department.
        """
        me = self.env.user
        if self.env.su or me.has_group("corporate_client.group_director"):
            return
        if me.has_group("corporate_client.group_department_head"):
            led = (
                self.env["crm.team"]
                .sudo()
                .search([("is_corporate", "=", True), ("user_id", "=", me.id)])
            )
            team = team.sudo()
            allowed = (
                team in led
                and (old_team is None or not old_team or old_team in led)
                and (not user or user in team.member_ids | team.user_id)
            )
        else:
            allowed = (
                old_team is None
                and user in me | me.corporate_substituted_user_ids
                and (not team or team == user.corporate_team_id)
            )
        if not allowed:
            raise AccessError(
                self.env._(
                    "Only the head of the client's department (within the department) or "
                    "the director can choose who manages %(client)s and in which department.",
                    client=name or self.name or self.env._("a client"),
                )
            )

    def _sync_partner_salesperson(self):
        """The company's salesperson follows the card's account manager."""
        for card in self:
            if card.partner_id.user_id != card.user_id:
                card.partner_id.sudo().write({"user_id": card.user_id.id})

    @api.constrains("segment", "is_tender")
    def _check_tender(self):
        for card in self:
            if card.is_tender and card.segment != "state":
                raise ValidationError(
                    self.env._(
                        "Only state-owned and public bodies buy by tender: set the "
                        "segment of %s to 'State-owned / public body' or untick "
                        "'Buys by tender'.",
                        card.name,
                    )
                )

    @api.constrains("founding_date")
    def _check_founding_date(self):
        today = fields.Date.context_today(self)
        for card in self:
            if card.founding_date and card.founding_date > today:
                raise ValidationError(
                    self.env._("The founding date of %s cannot be in the future.", card.name)
                )

    @api.constrains("team_id")
    def _check_team_corporate(self):
        for card in self:
            if card.team_id and not card.team_id.is_corporate:
                raise ValidationError(
                    self.env._(
                        "%(team)s is not a corporate department. Tick 'Corporate "
                        "department' on the sales team or choose another one.",
                        team=card.team_id.name,
                    )
                )

    # ------------------------------------------------------------------ actions
    def action_register(self):
        """R6: register the card and notify the company services."""
        for card in self:
            if card.registration_state == "registered":
                raise UserError(self.env._("The card of %s is already registered.", card.name))
            if not card.is_complete:
                raise UserError(
                    self.env._(
                        "The card of %(name)s cannot be registered yet: fill in %(missing)s.",
                        name=card.name,
                        missing=card.missing_info,
                    )
                )
            now = fields.Datetime.now()
            card._corporate_workflow_write(
                {
                    "registration_state": "registered",
                    "registration_date": now,
                    "registered_on_time": now <= card.registration_deadline,
                }
            )
            company = card.company_id or self.env.company
            recipients = (
                company.corporate_notify_accounting_ids | company.corporate_notify_logistics_ids
            ).partner_id
            card.message_post(
                body=self.env._(
                    "New client card registered: %(name)s (%(segment)s), account "
                    "manager %(manager)s. Accounting and logistics, please set up the "
                    "client in your services.",
                    name=card.name,
                    segment=dict(SEGMENTS).get(card.segment, ""),
                    manager=card.user_id.name or "",
                ),
                partner_ids=recipients.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        return True

    def action_open_partner(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": self.partner_id.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------------ crons
    @api.model
    def _cron_checkin_activities(self):
        """R7: one check-in activity per due client and period, never twice."""
        today = self.env.company._corporate_today()
        period = today.strftime("%Y-%m")
        activity_type = self.env.ref("corporate_client.mail_activity_type_checkin")
        due = self.search(
            [
                ("next_checkin_date", "<=", today),
                ("stage", "not in", ("lost",)),
                ("user_id", "!=", False),
                "|",
                ("checkin_period", "=", False),
                ("checkin_period", "!=", period),
            ]
        )
        for card in due:
            card.activity_schedule(
                activity_type_id=activity_type.id,
                date_deadline=today,
                user_id=card.user_id.id,
                summary=card.with_context(lang=card.user_id.lang).env._(
                    "Monthly check-in with %s", card.name
                ),
            )
        due.write({"checkin_period": period})
        return due
