from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError
from odoo.tools import formatLang

from .corporate_figure import FIGURES_BY_KEY, quota_selection

# The figures a quota may apply to: declared in the figures registry.
METRICS = quota_selection()


class CorporateQuota(models.Model):
    """A target per figure and period, for the company, a department or a user.

    The most specific quota wins: user, then department, then company default.
    The figures a quota may apply to are those of the registry that may carry
    one (``QUOTA_FIGURES`` of ``corporate.figure``); their values come from the
    registry, the progress toward the quotas from ``corporate.progress``.
    """

    _name = "corporate.quota"
    # Quotas are read by every progress figure and change a few times a year:
    # their rows are cached per company and period (``_company_quota_rows``),
    # and any change of a quota clears the cache.
    _inherit = ["corporate.access.guard", "corporate.reader.name", "corporate.cache.clearing"]
    _corporate_name_depends = ("metric", "period", "target", "scope", "team_id", "user_id")
    # A head's quota stays within the departments they lead (checked after a write).
    _corporate_scope_fields = ("user_id", "team_id")
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

    def _corporate_name(self):
        self.ensure_one()
        metrics = dict(self._fields["metric"]._description_selection(self.env))
        who = self.user_id.name or self.team_id.name or self.env._("Company")
        per = self.env._("day") if self.period == "day" else self.env._("month")
        target = formatLang(self.env, self.target, digits=0 if self.target.is_integer() else 2)
        return f"{metrics.get(self.metric, '')}: {target}/{per} ({who})"

    # ------------------------------------------------------------------ constraints
    @api.constrains("target")
    def _check_target(self):
        for quota in self:
            if quota.target <= 0:
                raise ValidationError(
                    self.env._("The target of a quota must be positive (%s).", quota.name)
                )
            figure = FIGURES_BY_KEY.get(quota.metric)
            if figure and figure.unit == "percent" and quota.target > 100:
                raise ValidationError(
                    self.env._(
                        "The target of %(figure)s is a percentage: 100 at most.",
                        figure=self.env._(figure.label),
                    )
                )

    @api.constrains("user_id", "team_id")
    def _check_scope(self):
        for quota in self:
            if quota.user_id and quota.team_id:
                raise ValidationError(
                    self.env._("A quota applies to a department or to a manager, not both.")
                )

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for quota in self:
            if quota.date_from and quota.date_to and quota.date_from > quota.date_to:
                raise ValidationError(
                    self.env._(
                        "The quota %(name)s ends (%(to)s) before it starts (%(from)s).",
                        name=quota.name,
                        to=quota.date_to,
                        **{"from": quota.date_from},
                    )
                )

    @api.constrains(
        "metric", "period", "company_id", "team_id", "user_id", "date_from", "date_to", "active"
    )
    def _check_overlap(self):
        """Two quotas of the same scope, metric and period may not overlap in time."""
        self._check_target()  # a bad target is the clearer error
        for quota in self.filtered("active"):
            domain = [
                ("id", "!=", quota.id),
                ("metric", "=", quota.metric),
                ("period", "=", quota.period),
                ("company_id", "=", quota.company_id.id),
                ("team_id", "=", quota.team_id.id),
                ("user_id", "=", quota.user_id.id),
            ]
            if quota.date_to:
                domain += ["|", ("date_from", "=", False), ("date_from", "<=", quota.date_to)]
            if quota.date_from:
                domain += ["|", ("date_to", "=", False), ("date_to", ">=", quota.date_from)]
            other = self.sudo().search(domain, limit=1)
            if other:
                raise ValidationError(
                    self.env._(
                        "The quota %(new)s overlaps %(old)s (valid %(period)s): a "
                        "manager, a department or the company has one quota per metric "
                        "and period at a time. Close the old one (Valid to) or change "
                        "the dates.",
                        new=quota.name,
                        old=other.name,
                        period=self._validity_label(other),
                    )
                )

    def _validity_label(self, quota):
        if not quota.date_from and not quota.date_to:
            return self.env._("always")
        return self.env._(
            "from %(start)s to %(stop)s",
            start=quota.date_from or "…",
            stop=quota.date_to or "…",
        )

    # ------------------------------------------------------------------ targets
    @api.model
    @tools.ormcache("period", "company_ids")
    def _company_quota_rows(self, period, company_ids):
        """The active quotas of ``period`` of ``company_ids`` (a tuple), best first,
        as the tuples of ``_quota_rows``; cached until a quota changes."""
        quotas = self.sudo().search_fetch(
            [("period", "=", period), ("company_id", "in", list(company_ids))],
            ["metric", "target", "user_id", "team_id", "company_id", "date_from", "date_to"],
            order="scope_rank desc, date_from desc, id desc",
        )
        return tuple(self._quota_rows(quotas))

    @api.model
    def _resolve_targets(self, quotas, user_id, company_id, team_id, on_date):
        """{metric: target} of one user on one day.

        ``quotas``: tuples (metric, target, user_id, team_id, company_id,
        date_from, date_to), most specific first (see ``_quota_rows``).
        """
        targets = {}
        for metric, target, q_user, q_team, q_company, start, stop in quotas:
            if metric in targets:
                continue
            if (q_user and q_user != user_id) or (q_team and q_team != team_id):
                continue
            if q_company != company_id:
                continue
            if (start and start > on_date) or (stop and stop < on_date):
                continue
            targets[metric] = target
        return targets

    @api.model
    def _quota_rows(self, quotas):
        return [
            (
                quota.metric,
                quota.target,
                quota.user_id.id,
                quota.team_id.id,
                quota.company_id.id,
                quota.date_from,
                quota.date_to,
            )
            for quota in quotas
        ]

    @api.model
    def _targets_for(self, users, period, on_date, teams=None):
        """{user_id: {metric: target}} for ``period``, most specific quota first.

        A constant number of queries for any number of users.
        """
        by_user = self._targets_by_day(users, period, [on_date], teams=teams)
        return {user_id: by_day[on_date] for user_id, by_day in by_user.items()}

    @api.model
    def _targets_by_day(self, users, period, days, teams=None):
        """{user_id: {day: {metric: target}}}: quotas may change within a month.

        ``teams`` ({user_id: team_id}, from ``res.users._corporate_teams``) saves a
        query.
        """
        days = list(days)
        if not users or not days:
            return {user.id: {day: {} for day in days} for user in users}
        first, last = min(days), max(days)
        users.fetch(["company_id"])
        company_ids = tuple(sorted(set(users.company_id.ids or self.env.company.ids)))
        rows = [
            row
            for row in self._company_quota_rows(period, company_ids)
            if (not row[5] or row[5] <= last) and (not row[6] or row[6] >= first)
        ]
        if teams is None:
            teams = users._corporate_teams()
        result = {}
        # Users under the same quotas (a department's) share the days: the
        # {day: {metric: target}} returned is shared, callers do not modify it.
        resolved = {}
        for user in users:
            company_id = user.company_id.id
            # Only the quotas that may apply to the user, then day by day.
            mine = tuple(
                row
                for row in rows
                if (not row[2] or row[2] == user.id)
                and (not row[3] or row[3] == teams[user.id])
                and row[4] == company_id
            )
            if mine not in resolved:
                resolved[mine] = {
                    day: self._resolve_targets(mine, user.id, company_id, teams[user.id], day)
                    for day in days
                }
            result[user.id] = resolved[mine]
        return result
