from odoo import api, fields, models
from odoo.exceptions import ValidationError

METRICS = [
    ("calls", "Calls"),
    ("email_offers", "Email offers"),
    ("phone_offers", "Phone offers"),
    ("new_contracts", "Contracts with new clients"),
    ("checkin_coverage", "Monthly check-in coverage (%)"),
    ("new_prospects", "New prospects"),
]
# The interaction type each activity metric counts.
METRIC_INTERACTION_TYPE = {
    "calls": "call",
    "email_offers": "email_offer",
    "phone_offers": "phone_offer",
}


class CorporateQuota(models.Model):
    """A target per metric and period, for the company, a department or a user.

    The most specific quota wins: user, then department, then company default.
    """

    _name = "corporate.quota"
    _description = "Activity Quota"
    _order = "metric, period, scope_rank desc, date_from desc, id"

    name = fields.Char(compute="_compute_name", store=True)
    metric = fields.Selection(METRICS, required=True)
    period = fields.Selection([("day", "Per working day"), ("month", "Per month")], required=True)
    target = fields.Float(required=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    team_id = fields.Many2one(
        "crm.team", string="Department", domain=[("is_corporate", "=", True)], index=True
    )
    user_id = fields.Many2one("res.users", string="Account manager", index=True)
    scope = fields.Selection(
        [("company", "Company default"), ("team", "Department"), ("user", "Account manager")],
        compute="_compute_scope",
        store=True,
    )
    scope_rank = fields.Integer(compute="_compute_scope", store=True)
    date_from = fields.Date(string="Valid from")
    date_to = fields.Date(string="Valid to")
    active = fields.Boolean(default=True)

    @api.depends("team_id", "user_id")
    def _compute_scope(self):
        for quota in self:
            if quota.user_id:
                quota.scope, quota.scope_rank = "user", 3
            elif quota.team_id:
                quota.scope, quota.scope_rank = "team", 2
            else:
                quota.scope, quota.scope_rank = "company", 1

    @api.depends("metric", "period", "target", "scope", "team_id", "user_id")
    def _compute_name(self):
        metrics = dict(METRICS)
        for quota in self:
            who = quota.user_id.name or quota.team_id.name or self.env._("Company")
            per = self.env._("day") if quota.period == "day" else self.env._("month")
            quota.name = f"{metrics.get(quota.metric, '')}: {quota.target:g}/{per} ({who})"

    @api.constrains("target")
    def _check_target(self):
        for quota in self:
            if quota.target <= 0:
                raise ValidationError(
                    self.env._("The target of a quota must be positive (%s).", quota.name)
                )
            if quota.metric == "checkin_coverage" and quota.target > 100:
                raise ValidationError(self.env._("A coverage target is a percentage: 100 at most."))

    @api.constrains("user_id", "team_id")
    def _check_scope(self):
        for quota in self:
            if quota.user_id and quota.team_id:
                raise ValidationError(
                    self.env._("A quota applies to a department or to a manager, not both.")
                )

    @api.model
    def _target_for(self, user, metric, period, on_date):
        """Target of ``user`` for ``metric``/``period`` on ``on_date`` (0.0 if none)."""
        return self._targets_for(user, period, on_date).get(user.id, {}).get(metric, 0.0)

    @api.model
    def _targets_for(self, users, period, on_date):
        """{user_id: {metric: target}} for ``period``, most specific quota first.

        One query for any number of users.
        """
        teams = {user.id: user.corporate_team_id.id for user in users}
        quotas = self.sudo().search(
            [
                ("period", "=", period),
                ("company_id", "in", users.company_id.ids or self.env.company.ids),
                "|",
                ("date_from", "=", False),
                ("date_from", "<=", on_date),
                "|",
                ("date_to", "=", False),
                ("date_to", ">=", on_date),
            ],
            order="scope_rank desc, date_from desc, id desc",
        )
        result = {}
        for user in users:
            targets = result.setdefault(user.id, {})
            for quota in quotas:
                if quota.metric in targets:
                    continue
                if quota.user_id and quota.user_id.id != user.id:
                    continue
                if quota.team_id and quota.team_id.id != teams[user.id]:
                    continue
                if quota.company_id != user.company_id:
                    continue
                targets[quota.metric] = quota.target
        return result
