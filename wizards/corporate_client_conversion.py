import logging
import time
import uuid

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_date

from ..models.clients.corporate_client import STAGES
from ..models.clients.corporate_client_duplicate import name_key, vat_key

_logger = logging.getLogger(__name__)


class CorporateClientConversion(models.TransientModel):
    """Turn existing customers into client cards, with a preview (go-live, issue 30).

    Per company: the stage from its order history (confirmed orders in the
    last 12 months: active; older: dormant; none: prospect), the department
    from the sales teams (the salesperson's corporate department, else the
    team of the last order), the account manager (the salesperson, when they
    hold the Account Manager role) and the open orders that would wait for
    approval.  Cards are made in batches; every card made carries the run's
    batch reference, and *Undo* archives them.
    """

    _name = "corporate.client.conversion"
    _description = "Convert Customers into Client Cards"

    partner_ids = fields.Many2many(
        "res.partner",
        string="Customers",
        domain=[("is_company", "=", True)],
        help="The companies to make client cards of.",
    )
    fallback_user_id = fields.Many2one(
        "res.users",
        string="Account manager for the others",
        domain=[("share", "=", False)],
        help="Manages the clients whose salesperson does not hold the Account Manager role "
        "(or who have none); empty: you.",
    )
    batch_size = fields.Integer(default=200, help="Cards made per batch.")
    line_ids = fields.One2many(
        "corporate.client.conversion.line", "wizard_id", string="Preview", readonly=True
    )
    state = fields.Selection(
        [("preview", "Preview"), ("done", "Converted"), ("undone", "Undone")],
        default="preview",
        readonly=True,
    )
    batch_ref = fields.Char(string="Batch", readonly=True, copy=False)
    card_count = fields.Integer(string="Cards to make", compute="_compute_figures")
    skip_count = fields.Integer(string="Skipped", compute="_compute_figures")
    waiting_order_count = fields.Integer(
        string="Orders waiting for approval", compute="_compute_figures"
    )
    missing_role_user_ids = fields.Many2many(
        "res.users",
        string="Salespeople without the Account Manager role",
        compute="_compute_figures",
    )
    progress = fields.Text(readonly=True)
    made_card_count = fields.Integer(string="Cards made", compute="_compute_made_card_count")

    @api.depends("line_ids.action", "line_ids.waiting_order_count", "line_ids.missing_role")
    def _compute_figures(self):
        for wizard in self:
            converted = wizard.line_ids.filtered(lambda line: line.action == "convert")
            wizard.card_count = len(converted)
            wizard.skip_count = len(wizard.line_ids) - len(converted)
            wizard.waiting_order_count = sum(converted.mapped("waiting_order_count"))
            wizard.missing_role_user_ids = converted.filtered("missing_role").salesperson_id

    @api.depends("batch_ref", "state")
    def _compute_made_card_count(self):
        Card = self.env["corporate.client"].sudo().with_context(active_test=False)
        for wizard in self:
            wizard.made_card_count = (
                Card.search_count([("conversion_batch", "=", wizard.batch_ref)])
                if wizard.batch_ref
                else 0
            )

    # ------------------------------------------------------------------ access
    def _check_runner(self):
        if not self.env.user.has_group("corporate_client.group_department_head"):
            raise AccessError(
                self.env._(
                    "Only department heads and the director convert customers into client cards."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_runner()
        return super().create(vals_list)

    @api.model
    def action_open_for(self, partners):
        """The server action of the customer list: a preview of ``partners``."""
        self._check_runner()
        wizard = self.create({"partner_ids": [Command.set(partners.ids)]})
        wizard.action_preview()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Convert into client cards"),
            "res_model": self._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

    # ------------------------------------------------------------------ preview
    def action_preview(self):
        self.ensure_one()
        self._check_runner()
        if self.state != "preview":
            raise UserError(self.env._("This conversion has already run."))
        self.line_ids.unlink()
        self.env["corporate.client.conversion.line"].create(self._preview_values())
        return self._reopen()

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def _led_teams(self):
        user = self.env.user
        Team = self.env["crm.team"].sudo()
        if user.has_group("corporate_client.group_director"):
            return None  # every department
        return Team.search([("is_corporate", "=", True), ("user_id", "=", user.id)])

    def _preview_values(self):
        """[line values] for the selected partners: 2 grouped queries for the orders."""
        partners = self.partner_ids.sudo()
        Order = self.env["sale.order"].sudo()
        existing = set(
            self.env["corporate.client"]
            .sudo()
            .with_context(active_test=False)
            .search([("partner_id", "in", partners.ids)])
            .partner_id.ids
        )
        commercial = {partner.id: partner.commercial_partner_id.id for partner in partners}
        own = set(
            self.env["res.company"].sudo().with_context(active_test=False).search([]).partner_id.ids
        )
        # Companies that would duplicate a card (same name or tax id): skipped.
        keys = {partner.id: (name_key(partner.name), vat_key(partner.vat)) for partner in partners}
        Card = self.env["corporate.client"].sudo().with_context(active_test=False)
        taken = {}
        for card in Card.search(
            [
                "|",
                ("duplicate_name_key", "in", [k[0] for k in keys.values() if k[0]]),
                ("duplicate_vat_key", "in", [k[1] for k in keys.values() if k[1]]),
            ]
        ):
            taken.setdefault(("name", card.duplicate_name_key), card.name)
            taken.setdefault(("vat", card.duplicate_vat_key), card.name)
        # The orders of the companies and of their contacts.
        contacts = self.env["res.partner"].sudo().search([("id", "child_of", partners.ids)])
        owner = {contact.id: contact.commercial_partner_id.id for contact in contacts}
        zone = self.env.user._corporate_zones()[self.env.uid]
        today = fields.Date.context_today(self)
        since, _stop = self.env["corporate.figure"]._utc_bounds(
            zone, today - relativedelta(months=12), today
        )
        confirmed = {}
        open_orders = {}
        last_order = {}
        for partner, state, count, last_date, last_id in Order._read_group(
            [("partner_id", "in", contacts.ids), ("state", "in", ("draft", "sent", "sale"))],
            ["partner_id", "state"],
            ["__count", "date_order:max", "id:max"],
        ):
            company = owner[partner.id]
            if state == "sale":
                known = confirmed.setdefault(company, {"count": 0, "last": last_date})
                known["count"] += count
                known["last"] = max(known["last"], last_date)
            else:
                open_orders.setdefault(company, []).append(partner.id)
            last_order[company] = max(last_order.get(company, 0), last_id)
        recent = {}
        if confirmed:
            for partner, count in Order._read_group(
                [
                    ("partner_id", "in", contacts.ids),
                    ("state", "=", "sale"),
                    ("date_order", ">=", since),
                ],
                ["partner_id"],
                ["__count"],
            ):
                company = owner[partner.id]
                recent[company] = recent.get(company, 0) + count
        open_counts = {}
        for partner, count in Order._read_group(
            [("partner_id", "in", contacts.ids), ("state", "in", ("draft", "sent"))],
            ["partner_id"],
            ["__count"],
        ):
            company = owner[partner.id]
            open_counts[company] = open_counts.get(company, 0) + count
        last_teams = {
            owner[order.partner_id.id]: order.team_id
            for order in Order.browse(list(last_order.values()))
        }
        salespeople = partners.user_id
        user_teams = salespeople._corporate_teams()
        Team = self.env["crm.team"].sudo()
        led = self._led_teams()
        fallback = self.fallback_user_id or self.env.user
        values = []
        for partner in partners:
            line = {"wizard_id": self.id, "partner_id": partner.id, "action": "convert"}
            if partner.id in existing:
                line.update(action="skip", reason=self.env._("Already has a client card."))
            elif partner.id in own:
                line.update(action="skip", reason=self.env._("One of our own companies."))
            elif not partner.is_company or commercial[partner.id] != partner.id:
                line.update(
                    action="skip",
                    reason=self.env._("Not a company: convert its company instead."),
                )
            else:
                partner_name, partner_vat = keys[partner.id]
                twin = (partner_name and taken.get(("name", partner_name))) or (
                    partner_vat and taken.get(("vat", partner_vat))
                )
                if twin:
                    line.update(
                        action="skip",
                        reason=self.env._(
                            "Same company (name or tax id) as %(client)s, which has a card "
                            "or is converted above.",
                            client=twin,
                        ),
                    )
                else:
                    if partner_name:
                        taken[("name", partner_name)] = partner.name
                    if partner_vat:
                        taken[("vat", partner_vat)] = partner.name
            # Stage, from the order history.
            history = confirmed.get(partner.id)
            last_day = history and format_date(
                self.env, fields.Date.context_today(self, history["last"])
            )
            if recent.get(partner.id):
                stage = "active"
                stage_reason = self.env._(
                    "%(count)s confirmed order(s) in the last 12 months, the last on %(date)s.",
                    count=recent[partner.id],
                    date=last_day,
                )
            elif history:
                stage = "dormant"
                stage_reason = self.env._(
                    "Last confirmed order on %(date)s, more than 12 months ago.",
                    date=last_day,
                )
            else:
                stage = "prospect"
                stage_reason = self.env._("No confirmed order.")
            # Department: the salesperson's corporate department, else the last order's.
            salesperson = partner.user_id
            team = Team.browse(user_teams.get(salesperson.id))
            if team:
                team_reason = self.env._(
                    "Department of the salesperson %(user)s.", user=salesperson.name
                )
            elif last_teams.get(partner.id) and last_teams[partner.id].is_corporate:
                team = last_teams[partner.id]
                team_reason = self.env._("Sales team of the last order.")
            else:
                team = Team
                team_reason = self.env._("No corporate department: approvals go to the director.")
            if led is not None and team not in led:
                if led:
                    team_reason = self.env._(
                        "%(reason)s Converted into your department %(team)s (you lead it).",
                        reason=team_reason if team else "",
                        team=led[:1].name,
                    )
                    team = led[:1]
            # Account manager: the salesperson, when they hold the role.
            missing_role = bool(salesperson) and not salesperson.has_group(
                "corporate_client.group_account_manager"
            )
            if salesperson and not missing_role:
                manager = salesperson
                manager_reason = self.env._("The salesperson; holds the Account Manager role.")
            elif salesperson:
                manager = fallback
                manager_reason = self.env._(
                    "%(user)s, the salesperson, lacks the Account Manager role: managed by "
                    "%(manager)s until the role is given.",
                    user=salesperson.name,
                    manager=fallback.name,
                )
            else:
                manager = fallback
                manager_reason = self.env._(
                    "No salesperson: managed by %(manager)s.", manager=fallback.name
                )
            if team and manager not in team.member_ids | team.user_id and manager == salesperson:
                manager = fallback
                manager_reason = self.env._(
                    "%(user)s, the salesperson, is not in the department %(team)s: managed "
                    "by %(manager)s.",
                    user=salesperson.name,
                    team=team.name,
                    manager=fallback.name,
                )
            line.update(
                stage=stage,
                stage_reason=stage_reason,
                team_id=team.id,
                team_reason=team_reason.strip(),
                salesperson_id=salesperson.id,
                user_id=manager.id,
                manager_reason=manager_reason,
                missing_role=missing_role,
                open_order_count=open_counts.get(partner.id, 0),
            )
            values.append(line)
        self._preview_waiting_orders(values)
        return values

    def _preview_waiting_orders(self, values):
        """Set ``waiting_order_count``: open orders that would wait for approval.

        Only in the "block" mode, and only for clients the reliability forecast
        would rate risky: the cards are made in a savepoint to read their class,
        then rolled back.
        """
        company = self.env.company
        todo = [line for line in values if line["action"] == "convert" and line["open_order_count"]]
        for line in values:
            line["waiting_order_count"] = 0
        if company.corporate_risky_approval_mode != "block" or not todo:
            return
        classes = {}
        savepoint = self.env.cr.savepoint()
        try:
            cards = self._make_cards(todo, "preview")
            self.env.flush_all()
            classes = {card.partner_id.id: card.reliability_class for card in cards}
        finally:
            savepoint.close(rollback=True)
            self.env.invalidate_all()
        for line in todo:
            if classes.get(line["partner_id"]) == "risky":
                line["waiting_order_count"] = line["open_order_count"]

    # ------------------------------------------------------------------ run
    def _make_cards(self, lines, batch_ref):
        Card = (
            self.env["corporate.client"]
            .sudo()
            .with_context(tracking_disable=True, mail_create_nolog=True)
        )
        return Card.create(
            [
                {
                    "partner_id": line["partner_id"],
                    "stage": line["stage"],
                    "team_id": line["team_id"] or False,
                    "user_id": line["user_id"],
                    "conversion_batch": batch_ref,
                }
                for line in lines
            ]
        )

    def action_convert(self):
        """Make the cards, ``batch_size`` at a time (one transaction: all or nothing)."""
        self.ensure_one()
        self._check_runner()
        if self.state != "preview":
            raise UserError(self.env._("This conversion has already run."))
        if not self.line_ids:
            self.action_preview()
        lines = [
            {
                "partner_id": line.partner_id.id,
                "stage": line.stage,
                "team_id": line.team_id.id,
                "user_id": line.user_id.id,
            }
            for line in self.line_ids
            if line.action == "convert"
        ]
        if not lines:
            raise UserError(
                self.env._("Nothing to convert: every selected customer is skipped (see why).")
            )
        batch_ref = f"CONV-{fields.Date.context_today(self).isoformat()}-{uuid.uuid4().hex[:6]}"
        size = max(self.batch_size, 1)
        started = time.monotonic()
        made = 0
        batches = (len(lines) + size - 1) // size
        for number, start in enumerate(range(0, len(lines), size), start=1):
            made += len(self._make_cards(lines[start : start + size], batch_ref))
            self.env.flush_all()
            self.env.invalidate_all()
            _logger.info(
                "Customer conversion %s: batch %s/%s, %s of %s cards made",
                batch_ref,
                number,
                batches,
                made,
                len(lines),
            )
        elapsed = time.monotonic() - started
        self.write(
            {
                "state": "done",
                "batch_ref": batch_ref,
                "progress": self.env._(
                    "%(made)s client cards made in %(batches)s batch(es) in %(seconds).1f s "
                    "(batch %(ref)s); %(skipped)s customers skipped; %(waiting)s open orders "
                    "wait for approval.",
                    made=made,
                    batches=batches,
                    seconds=elapsed,
                    ref=batch_ref,
                    skipped=self.skip_count,
                    waiting=self.waiting_order_count,
                ),
            }
        )
        return self._reopen()

    def action_undo(self):
        """Archive the cards this run made; the companies get their salesperson back."""
        self.ensure_one()
        self._check_runner()
        if self.state != "done" or not self.batch_ref:
            raise UserError(self.env._("Only a conversion that has run can be undone."))
        cards = (
            self.env["corporate.client"].sudo().search([("conversion_batch", "=", self.batch_ref)])
        )
        cards.write({"active": False})
        # The companies' "corporate client" flag follows (depends on the cards' active).
        partners = cards.partner_id
        # One write per salesperson, not per company.
        restore = {}
        for line in self.line_ids.filtered(lambda line: line.action == "convert"):
            if line.partner_id in partners and line.partner_id.user_id != line.salesperson_id:
                restore.setdefault(line.salesperson_id, []).append(line.partner_id.id)
        for salesperson, partner_ids in restore.items():
            self.env["res.partner"].sudo().browse(partner_ids).write({"user_id": salesperson.id})
        self.write(
            {
                "state": "undone",
                "progress": self.env._(
                    "%(count)s client cards of batch %(ref)s archived.",
                    count=len(cards),
                    ref=self.batch_ref,
                ),
            }
        )
        return self._reopen()

    def action_open_cards(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Client cards of %s", self.batch_ref),
            "res_model": "corporate.client",
            "view_mode": "list,form",
            "domain": [("conversion_batch", "=", self.batch_ref)],
            "context": {"active_test": False},
        }


class CorporateClientConversionLine(models.TransientModel):
    _name = "corporate.client.conversion.line"
    _description = "Customer Conversion Preview Line"
    _order = "action, partner_id"

    wizard_id = fields.Many2one(
        "corporate.client.conversion", required=True, ondelete="cascade", index=True
    )
    partner_id = fields.Many2one("res.partner", string="Customer", required=True)
    action = fields.Selection([("convert", "Convert"), ("skip", "Skip")], required=True)
    reason = fields.Char(string="Skipped because")
    stage = fields.Selection(STAGES)
    stage_reason = fields.Char(string="Stage because")
    team_id = fields.Many2one("crm.team", string="Department")
    team_reason = fields.Char(string="Department because")
    salesperson_id = fields.Many2one("res.users")
    user_id = fields.Many2one("res.users", string="Account manager")
    manager_reason = fields.Char(string="Manager because")
    missing_role = fields.Boolean(string="Salesperson lacks the role")
    open_order_count = fields.Integer(string="Open orders")
    waiting_order_count = fields.Integer(string="Would wait for approval")
