from collections import defaultdict

import pytz
from markupsafe import Markup

from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError
from odoo.tools import formatLang

from .corporate_figure import (
    DAILY_METRICS,
    QUOTA_FIGURES,
    quota_selection,
)

# The figures a quota may apply to: declared in the figures registry.
METRICS = quota_selection()


class CorporateQuota(models.Model):
    """A target per metric and period, for the company, a department or a user.

    The most specific quota wins: user, then department, then company default.

    Progress is never stored: ``_activity_counts`` and ``_portfolio_coverage`` count the
    facts (interactions, cards, contracts) with a constant number of grouped
    queries, whatever the number of users.
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
            if quota.metric == "checkin_coverage" and quota.target > 100:
                raise ValidationError(self.env._("A coverage target is a percentage: 100 at most."))

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

    @api.model
    def _progress(self, users, date_from, date_to, metrics=None, zones=None):
        """{user_id: {metric: actual}} of the quota METRICS over date_from..date_to:
        the figures registry's values (``corporate.figure._compute``)."""
        keys = set(metrics or dict(METRICS))
        values = self.env["corporate.figure"]._compute(
            users, date_from, date_to, keys=keys, zones=zones
        )
        return {
            user_id: {metric: user_values.get(metric, 0) for metric in dict(METRICS)}
            for user_id, user_values in values.items()
        }

    @api.model
    def _progress_lines(self, users, on_date=None):
        """Progress of ``users`` for their local today (or ``on_date``), as dicts.

        One line per user and metric with a quota: daily quotas for the day
        (with the days met among this month's working days so far), monthly
        quotas for the month so far.  A constant number of queries per
        distinct local date (usually one), whatever the number of users.
        """
        zones = users._corporate_zones()
        if on_date:
            groups = {on_date: list(zones)}
        else:
            now = pytz.utc.localize(fields.Datetime.now())
            groups = defaultdict(list)
            for user_id, zone in zones.items():
                groups[now.astimezone(zone).date()].append(user_id)
        lines = []
        for day, ids in groups.items():
            lines += self._progress_lines_for_day(
                users.browse(ids), day, {user_id: zones[user_id] for user_id in ids}
            )
        return lines

    @api.model
    def _progress_lines_for_day(self, users, day, zones):
        month_start = day.replace(day=1)
        teams = users._corporate_teams()
        summary = self._activity_summary(users, month_start, day, teams=teams, zones=zones)
        month_targets = self._targets_for(users, "month", day, teams=teams)
        # The month so far: the sums of the days for the activity metrics, the
        # period's figures for the others (coverage, contracts).
        month = self._progress(
            users,
            month_start,
            day,
            metrics={f.key for f in QUOTA_FIGURES if f.period != "day"},
            zones=zones,
        )
        other_today = {
            metric
            for user_summary in summary.values()
            for metric in user_summary["day_targets"][day]
            if metric not in DAILY_METRICS
        }
        today = (
            self._progress(users, day, day, metrics=other_today, zones=zones) if other_today else {}
        )
        lines = []
        for user in users:
            user_summary = summary[user.id]
            today.setdefault(user.id, {}).update(user_summary["last_day"])
            month[user.id].update(
                {metric: user_summary["totals"][metric] for metric in DAILY_METRICS}
            )
            worked = user_summary["working_days"]
            common = {
                "user_id": user.id,
                "team_id": teams[user.id],
                "date": day,
                "is_working_day": day in worked,
                "working_days": len(worked),
            }
            for metric, _label in METRICS:
                target = user_summary["day_targets"][day].get(metric)
                if not target:
                    continue
                lines.append(
                    {
                        **common,
                        "metric": metric,
                        "period": "day",
                        "target": target,
                        "actual": today[user.id].get(metric, 0),
                        "days_met": user_summary["days_met"].get(metric, 0),
                        "month_actual": month[user.id][metric],
                    }
                )
            for metric, _label in METRICS:
                target = month_targets[user.id].get(metric)
                if not target:
                    continue
                lines.append(
                    {
                        **common,
                        "metric": metric,
                        "period": "month",
                        "target": target,
                        "actual": month[user.id][metric],
                        "days_met": 0,
                        "month_actual": month[user.id][metric],
                    }
                )
        return lines

    # ------------------------------------------------------------------ teams
    @api.model
    def _managed_users(self, user=None):
        """Account managers whose progress ``user`` may follow.

        A director: every member of a corporate department; a head: the
        members of the departments they lead; anyone else: nobody.
        """
        user = user or self.env.user
        Team = self.env["crm.team"].sudo()
        if user.has_group("corporate_client.group_director"):
            teams = Team.search([("is_corporate", "=", True)])
        elif user.has_group("corporate_client.group_department_head"):
            teams = Team.search([("is_corporate", "=", True), ("user_id", "=", user.id)])
        else:
            teams = Team.browse()
        return (teams.member_ids - teams.user_id).filtered("active")

    # ------------------------------------------------------------------ shortfall cron
    @api.model
    def _shortfalls(self, lines):
        """{(user_id, date): [line, ...]}: daily quotas not met on a working day."""
        result = defaultdict(list)
        for line in lines:
            if (
                line["period"] == "day"
                and line["is_working_day"]
                and line["actual"] < line["target"]
            ):
                result[(line["user_id"], line["date"])].append(line)
        return result

    @api.model
    def _shortfall_html(self, lines, with_names=False):
        metrics = dict(METRICS)
        users = self.env["res.users"].browse({line["user_id"] for line in lines})
        names = {user.id: user.name for user in users.sudo()}
        items = Markup().join(
            Markup("<li>%s%s: %s / %s</li>")
            % (
                (names[line["user_id"]] + " — ") if with_names else "",
                metrics[line["metric"]],
                f"{line['actual']:g}",
                f"{line['target']:g}",
            )
            for line in sorted(lines, key=lambda line: (names[line["user_id"]], line["metric"]))
        )
        return Markup("<ul>%s</ul>") % items

    @api.model
    def _cron_shortfall_summary(self):
        """End of the day: tell each manager (and each head, for their department)
        which daily quotas were not met today.

        Idempotent: every summary sent is logged (corporate.quota.shortfall,
        one per recipient, day and kind) and never sent again.
        """
        Log = self.env["corporate.quota.shortfall"].sudo()
        teams = self.env["crm.team"].sudo().search([("is_corporate", "=", True)])
        managers = (teams.member_ids - teams.user_id).filtered("active")
        lines = self._progress_lines(managers)
        shortfalls = self._shortfalls(lines)
        dates = {line["date"] for line in lines}
        sent = (
            {
                (log.user_id.id, log.date, log.key)
                for log in Log.search([("date", "in", list(dates))])
            }
            if dates
            else set()
        )
        thread = self.env["mail.thread"].sudo()
        author = self.env.ref("base.partner_root")
        logs = []
        for (user_id, day), user_lines in sorted(shortfalls.items()):
            if (user_id, day, "manager") in sent:
                continue
            user = self.env["res.users"].browse(user_id)
            body = (
                Markup("<p>%s</p>")
                % self.env._("Quotas not met today (%s):", fields.Date.to_string(day))
            ) + self._shortfall_html(user_lines)
            message = thread.message_notify(
                partner_ids=user.partner_id.ids,
                author_id=author.id,
                subject=self.env._("Today's quotas not met"),
                body=body,
            )
            logs.append(
                {
                    "user_id": user_id,
                    "date": day,
                    "key": "manager",
                    "summary": self._shortfall_text(user_lines),
                    "message_id": message.id,
                }
            )
        for team in teams.filtered("user_id"):
            members = set(team.member_ids.ids) - {team.user_id.id}
            by_day = defaultdict(list)
            for (user_id, day), user_lines in shortfalls.items():
                if user_id in members:
                    by_day[day] += user_lines
            for day, team_lines in sorted(by_day.items()):
                key = f"team:{team.id}"
                if (team.user_id.id, day, key) in sent:
                    continue
                body = (
                    Markup("<p>%s</p>")
                    % self.env._(
                        "%(team)s: quotas not met today (%(day)s):",
                        team=team.name,
                        day=fields.Date.to_string(day),
                    )
                ) + self._shortfall_html(team_lines, with_names=True)
                message = thread.message_notify(
                    partner_ids=team.user_id.partner_id.ids,
                    author_id=author.id,
                    subject=self.env._("%s: today's quotas not met", team.name),
                    body=body,
                )
                logs.append(
                    {
                        "user_id": team.user_id.id,
                        "team_id": team.id,
                        "date": day,
                        "key": key,
                        "summary": self._shortfall_text(team_lines, with_names=True),
                        "message_id": message.id,
                    }
                )
        return Log.create(logs)

    @api.model
    def _shortfall_text(self, lines, with_names=False):
        metrics = dict(METRICS)
        users = self.env["res.users"].sudo().browse({line["user_id"] for line in lines})
        names = {user.id: user.name for user in users}
        return "\n".join(
            ((names[line["user_id"]] + ": ") if with_names else "")
            + f"{metrics[line['metric']]} {line['actual']:g}/{line['target']:g}"
            for line in lines
        )
