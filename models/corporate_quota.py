from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz
from markupsafe import Markup

from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError
from odoo.tools import SQL, formatLang

from .corporate_figure import (
    ACTIVITY_METRICS,
    DAILY_METRICS,
    INTERACTION_METRICS,
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

    # ------------------------------------------------------------------ time zones
    @api.model
    def _user_zones(self, users):
        """{user_id: pytz zone}: the user's, else the company calendar's, else UTC."""
        # The time zone lives on the partner: read it alone, not the partners'
        # hundred other columns.
        users.fetch(["partner_id", "company_id"])
        users.partner_id.fetch(["tz"])
        zones, by_name = {}, {}
        for user in users:
            name = user.partner_id.tz or user.company_id.resource_calendar_id.tz or "UTC"
            zone = by_name.get(name)
            if zone is None:
                try:
                    zone = by_name[name] = pytz.timezone(name)
                except pytz.UnknownTimeZoneError:
                    zone = by_name[name] = pytz.utc
            zones[user.id] = zone
        return zones

    @api.model
    def _utc_bounds(self, zone, date_from, date_to):
        """[start, stop) in naive UTC of the local days date_from..date_to."""
        start = zone.localize(datetime.combine(date_from, time.min))
        stop = zone.localize(datetime.combine(date_to + timedelta(days=1), time.min))
        return (
            start.astimezone(pytz.utc).replace(tzinfo=None),
            stop.astimezone(pytz.utc).replace(tzinfo=None),
        )

    @api.model
    def _bounds_table(self, users, date_from, date_to, zones=None):
        """SQL table b(user_id, tz, start_utc, stop_utc, shift) of each user's period.

        ``shift`` is the zone's UTC offset in seconds when it is the same over
        the whole period (no daylight saving change), else NULL: adding it is
        much cheaper than converting every row with timezone() (see
        ``_local_day_sql``).  ``zones``: ``_user_zones(users)``, when the
        caller has it.
        """
        zones = zones or self._user_zones(users)
        ids, names, starts, stops, shifts = [], [], [], [], []
        by_zone = {}  # most users share a zone: its bounds are computed once
        for user_id, zone in zones.items():
            if zone.zone not in by_zone:
                start, stop = self._utc_bounds(zone, date_from, date_to)
                first = zone.utcoffset(start)
                last = zone.utcoffset(stop - timedelta(seconds=1))
                by_zone[zone.zone] = (
                    start,
                    stop,
                    int(first.total_seconds()) if first == last else None,
                )
            start, stop, shift = by_zone[zone.zone]
            ids.append(user_id)
            names.append(zone.zone)
            starts.append(start)
            stops.append(stop)
            shifts.append(shift)
        table = SQL(
            "unnest(%s::int[], %s::varchar[], %s::timestamp[], %s::timestamp[], %s::int[])"
            " AS b(user_id, tz, start_utc, stop_utc, shift)",
            ids,
            names,
            starts,
            stops,
            shifts,
        )
        return table, (min(starts), max(stops))

    @api.model
    def _local_day_sql(self, column):
        """SQL: the local date of the UTC timestamp ``column`` in b's time zone."""
        return SQL(
            "COALESCE((%(col)s + b.shift * interval '1 second')::date,"
            " timezone(b.tz, timezone('UTC', %(col)s))::date)",
            col=column,
        )

    @api.model
    def _working_days_by_user(self, users, date_from, date_to, zones=None):
        """{user_id: set of working days} in each user's time zone.

        The company calendar (public holidays excluded) is read once per
        company and time zone, not per user; users of a company and zone
        share the same set.
        """
        zones = zones or self._user_zones(users)
        users.company_id.fetch(["resource_calendar_id"])
        cache = {}
        result = {}
        for user in users:
            key = (user.company_id, zones[user.id].zone)
            if key not in cache:
                cache[key] = set(
                    user.company_id.sudo()._corporate_working_days(date_from, date_to, tz=key[1])
                )
            result[user.id] = cache[key]
        return result

    # ------------------------------------------------------------------ the engine
    # Every figure that evaluates a manager's activity (My day, Team progress,
    # the monthly report, the shortfall summaries) comes from the functions
    # below; nothing else counts interactions, prospects or coverage.
    @api.model
    def _activity_counts(self, users, date_from, date_to, metrics=None, zones=None):
        """{user_id: {local day: {metric: count}}} of ACTIVITY_METRICS.

        The single source of the day-by-day activity: interactions by the
        interaction's user (``INTERACTION_TYPE_METRIC``; any other type is an
        "other interaction") and new prospects (cards of the user created that
        day, archived ones included: finding a prospect is a fact of that day).
        Days are the users' local days; only days with activity are present,
        each with every metric.  A period's figure is the sum of its days.
        Interactions are read from the day counters
        (``corporate.activity.counter``): one row per manager and day, whatever
        the number of interactions a day holds.

        ``metrics`` (a set) limits the work: the interaction metrics are read
        together (one row per day) unless none is asked for, new prospects only
        when asked for; what is not read is 0.  Two queries for any number of
        users.  ``_activity_rows`` gives the same as lists.
        """
        return {
            user_id: {
                day: dict(zip(ACTIVITY_METRICS, row, strict=True)) for day, row in by_day.items()
            }
            for user_id, by_day in self._activity_rows(
                users, date_from, date_to, metrics=metrics, zones=zones
            ).items()
        }

    @api.model
    def _activity_rows(self, users, date_from, date_to, metrics=None, zones=None):
        """``_activity_counts`` with a list of counts in ACTIVITY_METRICS order
        per day instead of a dict: what the sums over many days read."""
        result = {user_id: {} for user_id in users.ids}
        metrics = set(metrics or ACTIVITY_METRICS)
        if not users:
            return result
        zones = zones or self._user_zones(users)
        if metrics & set(INTERACTION_METRICS):
            for user_id, day, counts in self.env["corporate.activity.counter"]._read_day_counts(
                users, date_from, date_to, zones=zones
            ):
                result[user_id][day] = [*counts, 0]
        if "new_prospects" in metrics:
            prospects = ACTIVITY_METRICS.index("new_prospects")
            for user_id, day, _metric, count in self._new_prospect_counts(
                users, date_from, date_to, zones=zones
            ):
                row = result[user_id].get(day)
                if row is None:
                    row = result[user_id][day] = [0] * len(ACTIVITY_METRICS)
                row[prospects] += count
        return result

    @api.model
    def _new_prospect_counts(self, users, date_from, date_to, zones=None):
        """[(user_id, local day, "new_prospects", count)]: cards created per day."""
        self.env["corporate.client"].flush_model(["user_id"])
        bounds, _range = self._bounds_table(users, date_from, date_to, zones=zones)
        cr = self.env.cr
        cr.execute(
            SQL(
                """
                SELECT c.user_id,
                       %(day)s AS day,
                       count(*)
                  FROM corporate_client c
                  JOIN %(bounds)s ON b.user_id = c.user_id
                 WHERE c.create_date >= b.start_utc AND c.create_date < b.stop_utc
              GROUP BY 1, 2
                """,
                day=self._local_day_sql(SQL.identifier("c", "create_date")),
                bounds=bounds,
            )
        )
        return [(user_id, day, "new_prospects", count) for user_id, day, count in cr.fetchall()]

    @api.model
    def _activity_summary(self, users, date_from, date_to, teams=None, zones=None):
        """{user_id: summary} of the activity of the local days date_from..date_to.

        What *My day* (the month so far) and the monthly report (the whole
        month) show of the daily quotas, computed one way:

        - ``last_day``: {metric: count} of date_to (*My day*'s today), from
          ``_activity_counts``;
        - ``totals``: {metric: sum of the days} for ACTIVITY_METRICS;
        - ``day_targets``: {day: {metric: target}}, the daily quotas resolved
          day by day (a quota may change within the month; shared between
          users under the same quotas: read only);
        - ``working_days``: the user's working days of the period, sorted;
        - ``targets``: {metric: sum of the working days' targets};
        - ``days_met``: {metric: working days whose count reached that day's
          target}.
        """
        days = [date_from + timedelta(days=n) for n in range((date_to - date_from).days + 1)]
        if teams is None:
            teams = users._corporate_teams()
        zones = zones or self._user_zones(users)
        rows = self._activity_rows(users, date_from, date_to, zones=zones)
        day_targets = self._targets_by_day(users, "day", days, teams=teams)
        working = self._working_days_by_user(users, date_from, date_to, zones=zones)
        index = {metric: n for n, metric in enumerate(ACTIVITY_METRICS)}
        zero = [0] * len(ACTIVITY_METRICS)
        # Users under the same quotas and calendar share their plan: the
        # working days, each with its (metric index, target) pairs, and the
        # period's targets.
        plans = {}
        result = {}
        for user_id in users.ids:
            daily, targets = rows[user_id], day_targets[user_id]
            key = (id(targets), id(working[user_id]))
            if key not in plans:
                worked = sorted(day for day in working[user_id] if date_from <= day <= date_to)
                pairs = [
                    (day, [(index[m], t) for m, t in targets[day].items() if m in DAILY_METRICS])
                    for day in worked
                ]
                sums = dict.fromkeys(DAILY_METRICS, 0.0)
                for _day, day_pairs in pairs:
                    for n, target in day_pairs:
                        sums[ACTIVITY_METRICS[n]] += target
                plans[key] = (worked, pairs, sums)
            worked, pairs, sums = plans[key]
            met = [0] * len(ACTIVITY_METRICS)
            for day, day_pairs in pairs:
                counts = daily.get(day)
                # Targets are positive (_check_target): a day without activity
                # meets none.
                if counts:
                    for n, target in day_pairs:
                        if counts[n] >= target:
                            met[n] += 1
            totals = [sum(column) for column in zip(*daily.values(), strict=True)] or zero
            result[user_id] = {
                "last_day": dict(zip(ACTIVITY_METRICS, daily.get(date_to, zero), strict=True)),
                "totals": dict(zip(ACTIVITY_METRICS, totals, strict=True)),
                "day_targets": targets,
                "working_days": list(worked),
                "targets": dict(sums),
                "days_met": {metric: met[index[metric]] for metric in DAILY_METRICS},
            }
        return result

    @api.model
    def _portfolio_coverage(self, users, date_from, date_to, zones=None):
        """{user_id: (cards, cards contacted)} of the local days date_from..date_to.

        The single definition of check-in coverage (R7): the portfolio is the
        user's cards that are neither lost nor archived and existed during the
        period (created before its end, or contacted in it); a card is covered
        by an interaction (by anyone: a substitute's call counts) in the period.
        One query for any number of users.

        The card's last contact (``last_contact_date``, its latest interaction)
        answers for most cards without reading the interactions: none since
        the period started, not covered; the latest within the period,
        covered; only a card contacted after the period (a past period) looks
        for an interaction within it.
        """
        result = dict.fromkeys(users.ids, (0, 0))
        if not users:
            return result
        self.env["corporate.interaction"].flush_model(["client_id", "date"])
        self.env["corporate.client"].flush_model(
            ["partner_id", "user_id", "stage", "last_contact_date", "active"]
        )
        self.env["res.partner"].flush_model(["active"])
        bounds, _range = self._bounds_table(users, date_from, date_to, zones=zones)
        self.env.cr.execute(
            SQL(
                """
                SELECT user_id, count(*), count(*) FILTER (WHERE covered)
                  FROM (
                    SELECT c.user_id, c.create_date < b.stop_utc AS existed,
                           CASE
                               WHEN c.last_contact_date IS NULL
                                 OR c.last_contact_date < b.start_utc THEN FALSE
                               WHEN c.last_contact_date < b.stop_utc THEN TRUE
                               ELSE EXISTS (
                                   SELECT 1 FROM corporate_interaction i
                                    WHERE i.client_id = c.id
                                      AND i.date >= b.start_utc AND i.date < b.stop_utc
                               )
                           END AS covered
                      FROM corporate_client c
                      JOIN res_partner p ON p.id = c.partner_id
                      JOIN %(bounds)s ON b.user_id = c.user_id
                     WHERE p.active AND c.active AND c.stage != 'lost'
                  ) AS portfolio
                 WHERE existed OR covered
              GROUP BY user_id
                """,
                bounds=bounds,
            )
        )
        result.update(
            {user_id: (cards, covered) for user_id, cards, covered in self.env.cr.fetchall()}
        )
        return result

    @api.model
    def _count_in_local_period(self, model, users, date_field, date_from, date_to, domain=()):
        """{user_id: count} of ``model`` records of ``users`` (their ``user_id``)
        whose datetime ``date_field`` falls on the local days date_from..date_to
        of each user's time zone.  One grouped query per time zone of the users.
        """
        result = dict.fromkeys(users.ids, 0)
        zones = self._user_zones(users)
        by_zone = defaultdict(list)
        for user_id, zone in zones.items():
            by_zone[zone].append(user_id)
        for zone, user_ids in by_zone.items():
            start, stop = self._utc_bounds(zone, date_from, date_to)
            for user, count in model._read_group(
                [
                    ("user_id", "in", user_ids),
                    (date_field, ">=", start),
                    (date_field, "<", stop),
                    *domain,
                ],
                ["user_id"],
                ["__count"],
            ):
                result[user.id] = count
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
        zones = self._user_zones(users)
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
        month = self._progress(users, month_start, day, metrics={f.key for f in QUOTA_FIGURES if f.period != "day"}, zones=zones)
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
