from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

PLAN_LINE_TYPES = [
    ("negotiation", "Negotiation"),
    ("exhibition", "Exhibition / fair"),
    ("presentation", "Presentation"),
]


class CorporatePlan(models.Model):
    """R2, R20, R30: an account manager's personal monthly work plan.

    The targets feed the monthly report: new prospects (client-search plan),
    contracts with new clients and turnover.  The department head (or the
    director) approves it.
    """

    _name = "corporate.plan"
    _description = "Monthly Work Plan"
    _inherit = [
        "corporate.monthly.mixin",
        "corporate.access.guard",
        "mail.thread",
        "mail.activity.mixin",
        "corporate.reader.name",
    ]
    _corporate_name_depends = ("user_id", "date_from")
    # Submitted by the manager, approved by the head or the director: through the actions.
    _corporate_workflow_fields = ("state", "approved_by_id", "approved_date")
    _corporate_scope_fields = ("user_id",)
    _order = "date_from desc, user_id"

    name = fields.Char(compute="_compute_name", store=True)
    user_id = fields.Many2one(
        "res.users",
        string="Account manager",
        required=True,
        default=lambda self: self.env.user,
        index=True,
        tracking=True,
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Department",
        compute="_compute_team_id",
        store=True,
        readonly=False,
        index=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date_from = fields.Date(
        string="Month",
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1),
        help="Any day of the month: the plan covers the whole month.",
    )
    date_to = fields.Date(compute="_compute_date_to", store=True)
    state = fields.Selection(
        [("draft", "Draft"), ("submitted", "Submitted"), ("approved", "Approved")],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
    )
    target_prospects = fields.Integer(
        string="New prospects", tracking=True, help="Client-search plan: new prospects to find."
    )
    target_new_contracts = fields.Integer(
        string="Contracts with new clients",
        default=4,
        tracking=True,
        help="R19: at least 4 contracts with new clients a month.",
    )
    target_turnover = fields.Monetary(string="Turnover", tracking=True)
    line_ids = fields.One2many("corporate.plan.line", "plan_id", string="Planned events")
    negotiation_count = fields.Integer(compute="_compute_line_counts")
    exhibition_count = fields.Integer(compute="_compute_line_counts")
    note = fields.Text()
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    approved_date = fields.Datetime(readonly=True, copy=False)

    _sql_constraints = [
        (
            "user_month_unique",
            "unique(user_id, date_from)",
            "A manager has one work plan per month.",
        ),
    ]

    def _corporate_name(self):
        self.ensure_one()
        return self.env._(
            "Plan %(month)s, %(manager)s",
            month=self.date_from.strftime("%Y-%m") if self.date_from else "",
            manager=self.user_id.name or "",
        )

    @api.depends("user_id")
    def _compute_team_id(self):
        for plan in self:
            plan.team_id = plan.user_id.corporate_team_id

    @api.depends("date_from")
    def _compute_date_to(self):
        for plan in self:
            plan.date_to = plan.date_from and plan.date_from + relativedelta(day=31)

    @api.depends("line_ids.line_type")
    def _compute_line_counts(self):
        for plan in self:
            plan.negotiation_count = len(
                plan.line_ids.filtered(lambda line: line.line_type == "negotiation")
            )
            plan.exhibition_count = len(plan.line_ids) - plan.negotiation_count

    def _month_taken_message(self, existing):
        return self.env._(
            "%(manager)s already has a work plan for %(month)s: open it "
            "instead of creating another one.",
            manager=existing.user_id.name,
            month=existing.date_from.strftime("%Y-%m"),
        )

    def _month_repeated_message(self):
        return self.env._("A manager has one work plan per month.")

    @api.constrains("target_prospects", "target_new_contracts", "target_turnover")
    def _check_targets(self):
        for plan in self:
            if min(plan.target_prospects, plan.target_new_contracts, plan.target_turnover) < 0:
                raise ValidationError(self.env._("The targets of a plan cannot be negative."))

    # ------------------------------------------------------------------ workflow
    def _can_approve(self, user=None):
        """The head of the plan's department, or the director."""
        self.ensure_one()
        user = user or self.env.user
        return user.has_group("corporate_client.group_director") or (
            self.team_id and self.team_id.user_id == user
        )

    def action_submit(self):
        for plan in self:
            if plan.user_id != self.env.user:
                raise UserError(
                    self.env._(
                        "Only %(manager)s can submit their own work plan.",
                        manager=plan.user_id.name,
                    )
                )
            if plan.state != "draft":
                raise UserError(self.env._("Only a draft plan can be submitted."))
        self._corporate_workflow_write({"state": "submitted"})
        return True

    def action_approve(self):
        for plan in self:
            if not plan._can_approve():
                raise UserError(
                    self.env._(
                        "Only the head of %(team)s or the director can approve the plan "
                        "of %(manager)s.",
                        team=plan.team_id.name or self.env._("the department"),
                        manager=plan.user_id.name,
                    )
                )
            if plan.state == "approved":
                raise UserError(self.env._("The plan %s is already approved.", plan.name))
        self._corporate_workflow_write(
            {
                "state": "approved",
                "approved_by_id": self.env.user.id,
                "approved_date": fields.Datetime.now(),
            }
        )
        return True

    def action_reset_draft(self):
        for plan in self:
            if plan.state == "approved" and not plan._can_approve():
                raise UserError(
                    self.env._("Only the department head or the director can reopen a plan.")
                )
        self._corporate_workflow_write(
            {"state": "draft", "approved_by_id": False, "approved_date": False}
        )
        return True


class CorporatePlanLine(models.Model):
    """A planned negotiation, exhibition or presentation of a work plan."""

    _name = "corporate.plan.line"
    _description = "Work Plan Event"
    # Re-pointed to another plan, a line is checked like a new one (guard).
    _inherit = ["corporate.access.guard"]
    _order = "date, id"

    plan_id = fields.Many2one("corporate.plan", required=True, ondelete="cascade", index=True)
    line_type = fields.Selection(
        PLAN_LINE_TYPES, string="Type", required=True, default="negotiation"
    )
    client_id = fields.Many2one("corporate.client", index=True)
    name = fields.Char(string="Subject", required=True)
    date = fields.Date()
    done = fields.Boolean()
    note = fields.Char()
