from collections import defaultdict

import pytz

from odoo import api, fields, models
from odoo.tools import formatLang

from .corporate_figure import (
    DAILY_METRICS,
    FIGURES_BY_KEY,
    QUOTA_FIGURES,
    combine,
    combine_targets,
    pct,
)

# Figures measured over the month as a whole (coverage, contracts): their month
# targets come from the registry (``corporate.figure._targets``: the work plan
# or the quota).
MONTH_FIGURES = tuple(figure.key for figure in QUOTA_FIGURES if figure.period == "month")


class CorporateProgress(models.AbstractModel):
    """Progress of account managers toward their quotas, today and this month.

    What *My day*, *Team progress*, the director's overview and the shortfall
    e-mails show: for each manager and each figure of the registry that may
    carry a quota (``QUOTA_FIGURES``), done and target.  The values come from
    the figures registry (``corporate.figure``); the quotas from
    ``corporate.quota``.  A constant number of queries per distinct local date
    (usually one), whatever the number of managers.
    """

    _name = "corporate.progress"
    _description = "Progress toward quotas"

    # ------------------------------------------------------------------ who
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

    # ------------------------------------------------------------------ lines
    @api.model
    def _local_days(self, users, on_date=None):
        """{local day: (users, zones)}: ``users`` grouped by their today (or ``on_date``)."""
        zones = users._corporate_zones()
        if on_date:
            groups = {on_date: list(zones)}
        else:
            now = pytz.utc.localize(fields.Datetime.now())
            groups = defaultdict(list)
            for user_id, zone in zones.items():
                groups[now.astimezone(zone).date()].append(user_id)
        return {
            day: (users.browse(ids), {user_id: zones[user_id] for user_id in ids})
            for day, ids in groups.items()
        }

    @api.model
    def _progress_lines(self, users, on_date=None):
        """Progress of ``users`` for their local today (or ``on_date``), as dicts.

        One line per user and quota figure with a target: daily quotas for
        the day (with the days met among this month's working days so far),
        monthly targets for the month so far (see ``_day_progress``).
        """
        return self._progress(users, on_date=on_date)[0]

    @api.model
    def _progress(self, users, on_date=None):
        """(lines, values) of ``users`` for their local today (or ``on_date``):
        ``_day_progress`` of each group of users sharing a local day, merged."""
        lines, values = [], {"day": {}, "month": {}}
        for day, (day_users, zones) in self._local_days(users, on_date).items():
            progress = self._day_progress(day_users, day, zones)
            lines += progress["lines"]
            for period, by_user in progress["values"].items():
                values[period].update(by_user)
        return lines, values

    @api.model
    def _day_progress(self, users, day, zones):
        """Progress of ``users`` whose local today is ``day``.

        Returns {"lines": [line, ...], "values": {"day" | "month": {user_id:
        {key: value}}}}: the lines (keys: user_id, team_id, date,
        is_working_day, working_days, metric, period, target, actual,
        days_met, month_actual; a daily line also month_target, the sum of
        the daily quotas of the month's working days so far) and the figures
        of each user today and this month so far, parts of the derived figures included (clients and
        clients contacted of the coverage), so that a caller can add them up
        across managers (``combine``).

        Daily quotas are resolved day by day (``_activity_summary``); the
        month targets of the figures measured over the month (coverage,
        contracts) come from ``corporate.figure._targets`` (the month's work
        plan, else the quota); those of the figures counted per day are the
        month quotas.
        """
        Figure = self.env["corporate.figure"]
        month_start = day.replace(day=1)
        teams = users._corporate_teams()
        summary = Figure._activity_summary(users, month_start, day, teams=teams, zones=zones)
        month_quotas = self.env["corporate.quota"]._targets_for(users, "month", day, teams=teams)
        month_targets = Figure._targets(users, month_start, day, keys=MONTH_FIGURES)
        # The month so far: the sums of the days for the figures counted per
        # day, the period's figures for the others.
        month = Figure._compute(users, month_start, day, keys=MONTH_FIGURES, zones=zones)
        other_today = {
            metric
            for user_summary in summary.values()
            for metric in user_summary["day_targets"][day]
            if metric not in DAILY_METRICS
        }
        today = (
            Figure._compute(users, day, day, keys=other_today, zones=zones)
            if other_today
            else {user_id: {} for user_id in users.ids}
        )
        lines = []
        for user in users:
            user_summary = summary[user.id]
            today[user.id].update(user_summary["last_day"])
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
            for figure in QUOTA_FIGURES:
                target = user_summary["day_targets"][day].get(figure.key)
                if not target:
                    continue
                lines.append(
                    {
                        **common,
                        "metric": figure.key,
                        "period": "day",
                        "target": target,
                        "actual": today[user.id].get(figure.key, 0),
                        "days_met": user_summary["days_met"].get(figure.key, 0),
                        "month_actual": month[user.id][figure.key],
                        # The daily quotas of the month's working days so far.
                        "month_target": user_summary["targets"].get(figure.key, 0),
                    }
                )
            for figure in QUOTA_FIGURES:
                quota = month_quotas[user.id].get(figure.key)
                if figure.key in MONTH_FIGURES:
                    target = month_targets[user.id].get(figure.key)
                    # A quota figure without any quota has no line (its
                    # default target is for the monthly report).
                    if figure.target == "quota" and not quota:
                        target = 0
                else:
                    target = quota
                if not target:
                    continue
                lines.append(
                    {
                        **common,
                        "metric": figure.key,
                        "period": "month",
                        "target": target,
                        "actual": month[user.id][figure.key],
                        "days_met": 0,
                        "month_actual": month[user.id][figure.key],
                    }
                )
        return {"lines": lines, "values": {"day": today, "month": month}}

    # ------------------------------------------------------------------ groups
    @api.model
    def _group_progress(self, lines, values):
        """Done / target of a group of managers (a department) per period and
        figure, from their ``lines`` and ``values`` (``_day_progress``).

        Done is ``combine`` of the figures of the managers with a target for
        it: counts are summed, a ratio is recomputed from the sums of its parts
        (a department's coverage is its contacted clients over its clients,
        never a mean of percentages).  The target of a count is the sum of the
        targets; the target of a ratio is the managers' targets weighted by
        their denominators (the share of the department's clients to contact),
        the highest one when nobody has any.

        Returns [{key, metric, period, actual, target, pct, met}], in the
        order of the registry, today's first.
        """
        grouped = defaultdict(list)
        for line in lines:
            grouped[(line["period"], line["metric"])].append(line)
        result = []
        for period in ("day", "month"):
            for figure in QUOTA_FIGURES:
                group = grouped.get((period, figure.key))
                if not group:
                    continue
                rows = [values[period][line["user_id"]] for line in group]
                actual = combine(rows, keys=[figure.key])[figure.key]
                target = combine_targets(figure, [line["target"] for line in group], rows)
                result.append(
                    {
                        "key": f"{period}-{figure.key}",
                        "metric": figure.key,
                        "period": period,
                        "actual": actual,
                        "target": target,
                        "pct": pct(actual, target),
                        "met": actual >= target,
                    }
                )
        return result

    # ------------------------------------------------------------------ display
    @api.model
    def _format_number(self, value, unit="count"):
        """``value`` as its reader writes numbers (the environment's language),
        with its unit: "12", "87,5 %"."""
        digits = 0 if float(value).is_integer() else 1
        text = formatLang(self.env, value, digits=digits)
        return f"{text}\N{NO-BREAK SPACE}%" if unit == "percent" else text

    @api.model
    def _format_value(self, metric, value):
        """``value`` of the figure ``metric``, formatted with its unit."""
        return self._format_number(value, FIGURES_BY_KEY[metric].unit)

    @api.model
    def _describe_line(self, line):
        """Label, unit, help and formatted done / target (and percent, when
        the figure has one) of a line or group figure, in the environment's
        language (for the web client)."""
        figure = FIGURES_BY_KEY[line["metric"]]
        description = {
            "label": self.env._(figure.label),
            "help": self.env._(figure.help) if figure.help else "",
            "unit": figure.unit,
            "actual_display": self._format_value(figure.key, line["actual"]),
            "target_display": self._format_value(figure.key, line["target"]),
        }
        if "pct" in line:
            description["pct_display"] = self._format_number(line["pct"], "percent")
        return description
