from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date


class CorporateSubstitution(models.Model):
    """R3: a manager performs an absent manager's duties for a period.

    While the period runs (confirmed by a director), the substitute gets the
    absent manager's access to cards and the addon's records.  The record
    rules read ``user.corporate_substituted_user_ids``, which is computed from
    the dates, and the rule cache is keyed by the date, so access starts and
    ends exactly at the period's boundaries.
    """

    _name = "corporate.substitution"
    _description = "Manager Substitution"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "corporate.access.guard",
        "corporate.reader.name",
    ]
    _corporate_name_depends = ("absent_user_id", "substitute_user_id", "date_from", "date_to")
    _order = "date_from desc, id desc"
    # Only the director confirms or cancels (R3): through the actions.
    _corporate_workflow_fields = ("state",)
    # A head drafts substitutions of the departments they lead, and keeps them there.
    _corporate_scope_fields = ("absent_user_id",)

    name = fields.Char(compute="_compute_name", store=True)
    absent_user_id = fields.Many2one(
        "res.users", string="Absent manager", required=True, tracking=True, index=True
    )
    substitute_user_id = fields.Many2one(
        "res.users", string="Substitute", required=True, tracking=True, index=True
    )
    date_from = fields.Date(string="From", required=True, tracking=True)
    date_to = fields.Date(string="To", required=True, tracking=True)
    reason = fields.Selection(
        [
            ("vacation", "Vacation"),
            ("illness", "Illness"),
            ("business_trip", "Business trip"),
            ("other", "Other"),
        ],
        required=True,
        default="vacation",
    )
    order_ref = fields.Char(string="Director's order", tracking=True)
    note = fields.Text()
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("confirmed", "Confirmed"),
            ("active", "Active"),
            ("done", "Done"),
            ("cancelled", "Cancelled"),
        ],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    absent_team_id = fields.Many2one(
        "crm.team",
        string="Department",
        compute="_compute_absent_team_id",
        store=True,
        index=True,
    )

    def _corporate_name(self):
        self.ensure_one()
        return self.env._(
            "%(substitute)s for %(absent)s, %(start)s – %(end)s",
            substitute=self.substitute_user_id.name or "?",
            absent=self.absent_user_id.name or "?",
            start=format_date(self.env, self.date_from) if self.date_from else "",
            end=format_date(self.env, self.date_to) if self.date_to else "",
        )

    @api.depends("absent_user_id")
    def _compute_absent_team_id(self):
        for sub in self:
            sub.absent_team_id = sub.absent_user_id.corporate_team_id

    @api.constrains("date_from", "date_to", "absent_user_id", "substitute_user_id", "state")
    def _check_period(self):
        for sub in self:
            if sub.date_to < sub.date_from:
                raise ValidationError(
                    self.env._("The substitution ends before it starts: check the dates.")
                )
            if sub.absent_user_id == sub.substitute_user_id:
                raise ValidationError(self.env._("A manager cannot substitute themselves."))
            if sub.state == "cancelled":
                continue
            overlap = self.search_count(
                [
                    ("id", "!=", sub.id),
                    ("absent_user_id", "=", sub.absent_user_id.id),
                    ("state", "!=", "cancelled"),
                    ("date_from", "<=", sub.date_to),
                    ("date_to", ">=", sub.date_from),
                ]
            )
            if overlap:
                raise ValidationError(
                    self.env._(
                        "%(user)s already has a substitution overlapping %(start)s – "
                        "%(end)s. Change the dates or cancel the other one.",
                        user=sub.absent_user_id.name,
                        start=sub.date_from,
                        end=sub.date_to,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        subs = super().create(vals_list)
        self.env.registry.clear_cache()
        return subs

    def write(self, vals):
        if (
            {"absent_user_id", "substitute_user_id", "date_from", "date_to"} & set(vals)
            and not self.env.su
            and not self.env.user.has_group("corporate_client.group_director")
            and any(sub.state != "draft" for sub in self)
        ):
            raise UserError(
                self.env._(
                    "Only a director can change who substitutes whom, or when, once the "
                    "substitution is confirmed (R3)."
                )
            )
        res = super().write(vals)
        self.env.registry.clear_cache()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_confirmed(self):
        if any(sub.state not in ("draft", "cancelled") for sub in self):
            raise UserError(self.env._("Cancel a confirmed substitution instead of deleting it."))

    def action_confirm(self):
        if not self.env.user.has_group("corporate_client.group_director"):
            raise UserError(self.env._("Only a director can confirm a substitution."))
        for sub in self:
            if sub.state != "draft":
                raise UserError(self.env._("Only draft substitutions can be confirmed."))
            if not sub.order_ref:
                raise UserError(
                    self.env._("Enter the reference of the director's order before confirming.")
                )
        self._corporate_workflow_write({"state": "confirmed"})
        self._update_states()
        for sub in self:
            sub.message_post(
                body=self.env._("Substitution confirmed by %s.", self.env.user.name),
                partner_ids=(sub.absent_user_id | sub.substitute_user_id).partner_id.ids,
            )
        return True

    def action_cancel(self):
        if not self.env.user.has_group("corporate_client.group_director"):
            raise UserError(self.env._("Only a director can cancel a substitution."))
        self._corporate_workflow_write({"state": "cancelled"})
        return True

    def action_draft(self):
        self.filtered(lambda s: s.state == "cancelled")._corporate_workflow_write(
            {"state": "draft"}
        )
        return True

    def _update_states(self):
        today = self.env.company._corporate_today()
        for sub in self:
            if sub.state not in ("confirmed", "active"):
                continue
            if sub.date_to < today:
                new = "done"
            elif sub.date_from <= today:
                new = "active"
            else:
                new = "confirmed"
            if new != sub.state:
                sub.sudo().state = new

    @api.model
    def _cron_update_states(self):
        self.search([("state", "in", ("confirmed", "active"))])._update_states()

    def action_open_activities(self):
        """The absent manager's open activities on the clients, for the substitute."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Activities of %s", self.absent_user_id.name),
            "res_model": "mail.activity",
            "view_mode": "list,form",
            "domain": [
                ("user_id", "=", self.absent_user_id.id),
                ("res_model", "=", "corporate.client"),
            ],
        }

    @api.model
    def action_my_substituted_activities(self):
        users = self.env.user.corporate_substituted_user_ids
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Activities of the managers I substitute"),
            "res_model": "mail.activity",
            "view_mode": "list,form",
            "domain": [("user_id", "in", users.ids), ("res_model", "=", "corporate.client")],
            "help": self.env._(
                "<p class='o_view_nocontent_smiling_face'>Nobody to substitute today</p>"
                "<p>When a director confirms that you replace an absent manager, their "
                "open activities on their clients show here for the period.</p>"
            ),
        }
