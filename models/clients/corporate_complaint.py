from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_datetime

CATEGORIES = [
    ("quality", "Quality"),
    ("delivery", "Delivery time"),
    ("price", "Price"),
    ("service", "Service"),
    ("documents", "Documents"),
    ("other", "Other"),
]
SEVERITIES = [
    ("low", "Low"),
    ("medium", "Medium"),
    ("high", "High"),
    ("critical", "Critical"),
]
# Working days allowed to resolve a complaint, by severity (R24).
SEVERITY_DAYS = {"low": 10, "medium": 5, "high": 2, "critical": 1}
STATES = [
    ("new", "New"),
    ("in_progress", "In progress"),
    ("resolved", "Resolved"),
    ("closed", "Closed"),
    ("rejected", "Rejected"),
]
OPEN_STATES = ("new", "in_progress")
SATISFACTION = [
    ("1", "1 - Very dissatisfied"),
    ("2", "2 - Dissatisfied"),
    ("3", "3 - Neutral"),
    ("4", "4 - Satisfied"),
    ("5", "5 - Very satisfied"),
]


class CorporateComplaint(models.Model):
    """A complaint or a piece of feedback from a corporate client (R24)."""

    _name = "corporate.complaint"
    _description = "Client Complaint"
    _inherit = ["corporate.client.document", "mail.thread", "mail.activity.mixin"]
    _order = "date_opened desc, id desc"
    # Taken, resolved, closed, rejected, reopened: only through the actions.
    _corporate_workflow_fields = ("state", "date_resolved")

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/", index=True
    )
    kind = fields.Selection(
        [("complaint", "Complaint"), ("feedback", "Feedback / requirement")],
        required=True,
        default="complaint",
    )
    client_id = fields.Many2one(tracking=True)
    contact_id = fields.Many2one(
        "res.partner",
        string="Contact person",
        domain="[('parent_id', '=', partner_id)]",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Account manager",
        compute="_compute_user_id",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
    )
    sale_order_id = fields.Many2one(
        "sale.order",
        string="Order",
        domain="[('partner_id', 'child_of', partner_id)]",
        index="btree_not_null",
    )
    invoice_id = fields.Many2one(
        "account.move",
        domain="[('move_type', 'in', ('out_invoice', 'out_refund')), "
        "('commercial_partner_id', '=', partner_id)]",
        index="btree_not_null",
    )
    product_id = fields.Many2one("product.product")
    category = fields.Selection(CATEGORIES, required=True, default="quality", tracking=True)
    severity = fields.Selection(SEVERITIES, required=True, default="medium", tracking=True)
    description = fields.Html(required=True)
    product_requirement = fields.Text(
        string="Requirements feedback",
        help="What the client expects from our products and service.",
    )
    dissatisfaction_reason = fields.Text(
        string="Reason for dissatisfaction", help="Why the client is dissatisfied, in its words."
    )
    root_cause = fields.Text(tracking=True)
    corrective_action = fields.Text(tracking=True)
    state = fields.Selection(
        STATES, required=True, default="new", tracking=True, index=True, copy=False
    )
    date_opened = fields.Datetime(
        string="Opened on", required=True, default=fields.Datetime.now, index=True
    )
    deadline = fields.Datetime(
        compute="_compute_deadline",
        store=True,
        readonly=False,
        tracking=True,
        help="Opening date plus the working days allowed for the severity: critical 1, "
        "high 2, medium 5, low 10.",
    )
    date_resolved = fields.Datetime(string="Resolved on", readonly=True, copy=False)
    satisfaction = fields.Selection(
        SATISFACTION,
        string="Satisfaction after resolution",
        tracking=True,
        copy=False,
    )
    is_overdue = fields.Boolean(
        string="Overdue", compute="_compute_is_overdue", search="_search_is_overdue"
    )
    escalated = fields.Boolean(readonly=True, copy=False, tracking=True)
    date_escalated = fields.Datetime(readonly=True, copy=False)

    # ------------------------------------------------------------------ computes
    @api.depends("client_id")
    def _compute_user_id(self):
        for complaint in self:
            complaint.user_id = complaint.client_id.sudo().user_id or complaint.user_id

    @api.depends("severity", "date_opened", "company_id")
    def _compute_deadline(self):
        Client = self.env["corporate.client"]
        for complaint in self:
            if not complaint.date_opened or not complaint.severity:
                complaint.deadline = False
                continue
            complaint.deadline = Client._add_working_days(
                complaint.company_id or self.env.company,
                complaint.date_opened,
                SEVERITY_DAYS[complaint.severity],
            )

    def _compute_is_overdue(self):
        now = fields.Datetime.now()
        for complaint in self:
            complaint.is_overdue = bool(
                complaint.state in OPEN_STATES and complaint.deadline and complaint.deadline < now
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!="):
            raise UserError(self.env._("Unsupported search on overdue complaints."))
        domain = [("state", "in", OPEN_STATES), ("deadline", "<", fields.Datetime.now())]
        if (operator == "=") == bool(value):
            return domain
        return ["!", "&", *domain]

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("corporate.complaint") or "/"
        complaints = super().create(vals_list)
        for complaint in complaints:
            if complaint.user_id:
                complaint.message_subscribe(partner_ids=complaint.user_id.partner_id.ids)
        return complaints

    def write(self, vals):
        res = super().write(vals)
        if vals.get("user_id"):
            self.message_subscribe(partner_ids=self.user_id.partner_id.ids)
        return res

    # ------------------------------------------------------------------ actions
    def _check_state(self, allowed, action):
        for complaint in self:
            if complaint.state not in allowed:
                raise UserError(
                    self.env._(
                        "Complaint %(name)s is %(state)s: it cannot be %(action)s.",
                        name=complaint.name,
                        state=dict(STATES)[complaint.state].lower(),
                        action=action,
                    )
                )

    def action_start(self):
        self._check_state(("new",), self.env._("taken in progress"))
        self._corporate_workflow_write({"state": "in_progress"})
        return True

    def action_resolve(self):
        self._check_state(OPEN_STATES, self.env._("resolved"))
        for complaint in self:
            if not complaint.corrective_action:
                raise UserError(
                    self.env._(
                        "Describe the corrective action taken before resolving complaint %s.",
                        complaint.name,
                    )
                )
        self._corporate_workflow_write(
            {"state": "resolved", "date_resolved": fields.Datetime.now()}
        )
        self.activity_feedback(
            ["corporate_client.mail_activity_type_complaint_escalation"],
            feedback=self.env._("Complaint resolved."),
        )
        return True

    def action_close(self):
        self._check_state(("resolved",), self.env._("closed"))
        for complaint in self:
            if not complaint.satisfaction:
                raise UserError(
                    self.env._(
                        "Ask the client how satisfied it is with the resolution of %s "
                        "and record it before closing.",
                        complaint.name,
                    )
                )
        self._corporate_workflow_write({"state": "closed"})
        return True

    def action_reject(self):
        self._check_state(OPEN_STATES, self.env._("rejected"))
        for complaint in self:
            if not complaint.root_cause:
                raise UserError(
                    self.env._(
                        "Explain in 'Root cause' why complaint %s is rejected.", complaint.name
                    )
                )
        self._corporate_workflow_write({"state": "rejected"})
        self.activity_unlink(["corporate_client.mail_activity_type_complaint_escalation"])
        return True

    def action_reopen(self):
        self._check_state(("resolved", "rejected"), self.env._("reopened"))
        self._corporate_workflow_write(
            {"state": "in_progress", "date_resolved": False, "satisfaction": False}
        )
        return True

    # ------------------------------------------------------------------ escalation
    def _escalate(self):
        """Tell the department head that the complaint passed its deadline."""
        activity_type = self.env.ref("corporate_client.mail_activity_type_complaint_escalation")
        company = self.env.company
        today = company._corporate_today()
        now = fields.Datetime.now()
        for complaint in self:
            head = complaint.team_id.user_id
            if head:
                complaint.message_subscribe(partner_ids=head.partner_id.ids)
                complaint.activity_schedule(
                    activity_type_id=activity_type.id,
                    date_deadline=today,
                    user_id=head.id,
                    summary=complaint.with_context(lang=head.lang).env._(
                        "Overdue complaint %s", complaint.name
                    ),
                )
            complaint.message_post(
                body=self.env._(
                    "The deadline of this complaint (%(deadline)s) has passed: escalated "
                    "to the department head %(head)s.",
                    deadline=format_datetime(
                        self.env, complaint.deadline, tz=company._corporate_tz(), dt_format="short"
                    ),
                    head=head.name or self.env._("(no department head)"),
                ),
                partner_ids=head.partner_id.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        self.write({"escalated": True, "date_escalated": now})

    @api.model
    def _cron_escalate_overdue(self):
        """Escalate every open complaint past its deadline, once."""
        escalated = self.browse()
        for company in self.env["res.company"].search(
            [("corporate_complaint_escalation", "=", True)]
        ):
            overdue = self.search(
                [
                    ("company_id", "=", company.id),
                    ("state", "in", OPEN_STATES),
                    ("deadline", "<", fields.Datetime.now()),
                    ("escalated", "=", False),
                ]
            )
            overdue._escalate()
            escalated |= overdue
        return escalated
