"""The figures the addon measures, each declared once (issue 31).

A figure is what evaluates an account manager: calls made, check-in coverage,
turnover…  ``FIGURES`` declares every one of them with its key, translatable
label, unit, period, the way it adds up across managers and departments, the
source of its target and the engine that computes it.  Everything that shows a
figure reads it from here: *My day*, *Team progress*, the director's overview,
the shortfall e-mails, the quotas (which figures may carry one), the monthly
report (its frozen fields, KPI table, trend charts and department summary) and
the interaction analysis.

Adding a figure is one declaration below plus its engine (a method
``_engine_<name>`` of ``corporate.figure`` returning {user_id: {key: value}});
``tests/test_figure_registry.py`` proves every consumer shows it.
"""

import dataclasses
from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, models
from odoo.tools import SQL
from odoo.tools.translate import LazyTranslate

# The labels are declared once, at import, and translated when shown
# (``env._(figure.label)``, in the reader's language): lazy terms, as Odoo's own
# module-level labels (``odoo/addons/web/models/models.py``).
# pylint: disable=prefer-env-translation
_lt = LazyTranslate(__name__)

UNITS = ("count", "percent", "money", "days")


@dataclasses.dataclass(frozen=True)
class Figure:
    """One figure.

    - ``key``: its name everywhere (quota metric, progress lines, RPC);
    - ``label`` / ``help``: lazily translated (``env._(figure.label)``);
    - ``unit``: count, percent, money or days;
    - ``period``: "day" when it is counted per local day (a period's value is
      the sum of its days; a quota may be set per working day), "month" when it
      is measured over the period as a whole;
    - ``engine``: the ``corporate.figure`` method ``_engine_<engine>`` that
      computes it (``derived``: from other figures, see ``combine``);
    - ``combine``: how it adds up across days, managers and departments:
      "sum"; "ratio" (100 × ``parts[0]`` / ``parts[1]``, ``empty`` without a
      denominator); "growth" (% change of ``parts[0]`` over ``parts[1]``);
      "total" (the sum of the figures ``parts``); "none" (a manager's own,
      never added up);
    - ``quota``: a ``corporate.quota`` may set its target;
    - ``target``: "quota" (its quotas), "plan" (the month's work plan field
      ``plan_field`` when the manager has a plan, else its monthly quota), "figure"
      (the value of the figure ``target_figure``) or "" (none);
      ``default_target`` when nothing sets one;
    - ``field``: the monthly report's frozen field holding it (default: the
      key); ``report``: extra frozen fields {"target" | "pct" | "days_met":
      field name};
    - ``kpi``: its place in the report's KPI table (0: not a KPI); ``trend``:
      drawn as a six-month chart;
    - ``interaction_types``: for the interaction counters, the types counted
      (``other_interactions`` takes every type no figure names);
    - ``queue_rows``: the kinds of rows of *My day*'s work queue that help the
      figure (every contact is a call, an offer requested is an offer, a
      check-in also covers the portfolio).
    """

    key: str
    label: object
    unit: str = "count"
    period: str = "month"
    engine: str = "derived"
    combine: str = "sum"
    parts: tuple = ()
    empty: float = 0.0
    quota: bool = False
    target: str = ""
    plan_field: str = ""
    target_figure: str = ""
    default_target: float = 0.0
    help: object = None
    field: str = ""
    report: dict = dataclasses.field(default_factory=dict)
    kpi: int = 0
    trend: bool = False
    interaction_types: tuple = ()
    queue_rows: tuple = ()

    @property
    def fname(self):
        """The monthly report's field of the figure."""
        return self.field or self.key


FIGURES = (
    Figure(
        "calls",
        _lt("Calls"),
        period="day",
        engine="activity",
        interaction_types=("call",),
        queue_rows=("activity", "checkin", "callback"),
        quota=True,
        target="quota",
        help=_lt("Calls logged; target: the daily call quota of each working day."),
        field="calls_count",
        report={"target": "calls_target", "pct": "calls_pct", "days_met": "calls_days_met"},
        kpi=1,
        trend=True,
    ),
    Figure(
        "email_offers",
        _lt("Email offers"),
        period="day",
        engine="activity",
        interaction_types=("email_offer",),
        queue_rows=("offer_requested",),
        quota=True,
        target="quota",
        help=_lt("Commercial offers sent by email; target: the daily quota of each working day."),
        field="email_offers_count",
        report={
            "target": "email_offers_target",
            "pct": "email_offers_pct",
            "days_met": "email_offers_days_met",
        },
        kpi=2,
        trend=True,
    ),
    Figure(
        "phone_offers",
        _lt("Phone offers"),
        period="day",
        engine="activity",
        interaction_types=("phone_offer",),
        queue_rows=("offer_requested",),
        quota=True,
        target="quota",
        help=_lt("Offers made by phone; target: the daily quota of each working day."),
        field="phone_offers_count",
        report={
            "target": "phone_offers_target",
            "pct": "phone_offers_pct",
            "days_met": "phone_offers_days_met",
        },
        kpi=3,
        trend=True,
    ),
    Figure(
        "meetings",
        _lt("Meetings and visits"),
        period="day",
        engine="activity",
        interaction_types=("meeting", "visit"),
        field="meetings_count",
    ),
    Figure(
        "other_interactions",
        _lt("Other interactions"),
        period="day",
        engine="activity",
        field="other_interactions_count",
    ),
    Figure(
        "interactions",
        _lt("Interactions"),
        period="day",
        combine="total",
        parts=("calls", "email_offers", "phone_offers", "meetings", "other_interactions"),
        field="interaction_count",
    ),
    Figure(
        "new_prospects",
        _lt("New prospects"),
        period="day",
        engine="prospects",
        quota=True,
        target="plan",
        plan_field="target_prospects",
        help=_lt("Prospective clients found (the client-search plan of the work plan)."),
        report={"target": "new_prospects_target", "pct": "search_plan_pct"},
        kpi=5,
    ),
    Figure("clients", _lt("Clients"), engine="portfolio", field="client_count"),
    Figure(
        "contacted_clients",
        _lt("Clients contacted"),
        engine="portfolio",
        field="contacted_client_count",
    ),
    Figure(
        "checkin_coverage",
        _lt("Check-in coverage"),
        unit="percent",
        combine="ratio",
        parts=("contacted_clients", "clients"),
        empty=100.0,
        quota=True,
        target="quota",
        default_target=100.0,
        queue_rows=("checkin",),
        help=_lt("Share of the portfolio's clients contacted in the period."),
        report={"target": "checkin_target"},
        kpi=4,
    ),
    Figure(
        "new_contracts",
        _lt("Contracts with new clients"),
        engine="contracts",
        quota=True,
        target="plan",
        plan_field="target_new_contracts",
        help=_lt("Contracts signed with clients new to the company."),
        report={"target": "new_contracts_target", "pct": "new_contracts_pct"},
        kpi=6,
    ),
    Figure(
        "turnover",
        _lt("Turnover"),
        unit="money",
        engine="sales",
        target="plan",
        plan_field="target_turnover",
        help=_lt("Invoiced turnover without taxes, refunds deducted; target: the work plan."),
        report={"target": "turnover_target", "pct": "turnover_pct"},
        kpi=7,
        trend=True,
    ),
    Figure("turnover_previous", _lt("Turnover month before"), unit="money", engine="sales"),
    Figure("turnover_last_year", _lt("Turnover a year before"), unit="money", engine="sales"),
    Figure(
        "growth_previous",
        _lt("Growth vs month before"),
        unit="percent",
        combine="growth",
        parts=("turnover", "turnover_previous"),
        field="growth_previous_pct",
    ),
    Figure(
        "growth_last_year",
        _lt("Growth vs a year before"),
        unit="percent",
        combine="growth",
        parts=("turnover", "turnover_last_year"),
        field="growth_last_year_pct",
    ),
    Figure(
        "receivable_end",
        _lt("Receivables at period end"),
        unit="money",
        engine="receivables",
    ),
    Figure("collected", _lt("Collected in the period"), unit="money", engine="receivables"),
    Figure("cards_due", _lt("Cards due for registration"), engine="registration"),
    Figure(
        "cards_on_time",
        _lt("Cards registered on time"),
        engine="registration",
        target="figure",
        target_figure="cards_due",
        help=_lt("Client cards due for registration in the period and registered in time."),
        kpi=8,
    ),
    Figure(
        "registration",
        _lt("Timely registration"),
        unit="percent",
        combine="ratio",
        parts=("cards_on_time", "cards_due"),
        empty=100.0,
        field="registration_pct",
    ),
    Figure("complaints_opened", _lt("Complaints opened"), engine="care"),
    Figure("complaints_resolved", _lt("Complaints resolved"), engine="care"),
    Figure("logistics_requests", _lt("Supply requests"), engine="care"),
    Figure(
        "working_days",
        _lt("Working days"),
        unit="days",
        engine="calendar",
        combine="none",
    ),
)

FIGURES_BY_KEY = {figure.key: figure for figure in FIGURES}
# Figures that may carry a quota, in the order quotas list them.
QUOTA_FIGURES = tuple(figure for figure in FIGURES if figure.quota)
# The interaction counters' columns (``corporate.activity.counter``), in order.
INTERACTION_METRICS = tuple(figure.key for figure in FIGURES if figure.engine == "activity")
# The figure each interaction type counts for; any other type is an "other interaction".
INTERACTION_TYPE_METRIC = {
    itype: figure.key for figure in FIGURES for itype in figure.interaction_types
}
# Counted per local day and read from the day counters with the prospects found.
ACTIVITY_METRICS = (*INTERACTION_METRICS, "new_prospects")
# Quota figures counted day by day: a period's value is the sum of its days.
DAILY_METRICS = tuple(figure.key for figure in QUOTA_FIGURES if figure.period == "day")


def queue_row_metrics(kind):
    """The figures a work queue row of ``kind`` helps, in registry order."""
    return tuple(figure.key for figure in FIGURES if kind in figure.queue_rows)


def metric_interaction_types(*metrics):
    """The interaction types counted by ``metrics`` (see INTERACTION_TYPE_METRIC)."""
    return [itype for itype, metric in INTERACTION_TYPE_METRIC.items() if metric in metrics]


def quota_selection():
    """The selection of the figures a quota may apply to (labels in English:
    Odoo translates selection labels as terms of the field)."""
    return [(figure.key, figure.label._source) for figure in QUOTA_FIGURES]


def ratio(numerator, denominator, empty=0.0):
    """100 × numerator / denominator, rounded to 0.1; ``empty`` without a denominator."""
    return round(100.0 * numerator / denominator, 1) if denominator else empty


def growth(current, before):
    """% change of ``current`` over ``before``; 0 when there is nothing before."""
    return round(100.0 * (current - before) / abs(before), 1) if before else 0.0


def pct(actual, target):
    """Progress toward a target, in %: 0 without a target."""
    return ratio(actual, target)


def needed(keys):
    """``keys`` and every figure they are derived from, in declaration order."""
    wanted, todo = set(), list(keys)
    while todo:
        key = todo.pop()
        if key in wanted:
            continue
        wanted.add(key)
        figure = FIGURES_BY_KEY[key]
        if figure.combine in ("ratio", "growth", "total"):
            todo.extend(figure.parts)
    return [figure.key for figure in FIGURES if figure.key in wanted]


def derive(values, keys=None):
    """Fill the derived figures (ratio, growth, total) of ``values`` ({key: value})
    from their parts, in place; returns ``values``.  The same for a manager, a
    department or the company: what makes figures add up."""
    for figure in FIGURES:
        if keys is not None and figure.key not in keys:
            continue
        if figure.combine == "ratio":
            numerator, denominator = (values.get(part, 0) for part in figure.parts)
            values[figure.key] = ratio(numerator, denominator, figure.empty)
        elif figure.combine == "growth":
            values[figure.key] = growth(*(values.get(part, 0) for part in figure.parts))
        elif figure.combine == "total":
            values[figure.key] = sum(values.get(part, 0) for part in figure.parts)
    return values


def combine(rows, keys=None):
    """The figures of a group (department, company) from its members' ``rows``
    ([{key: value}]): sums of the summed figures, the derived ones recomputed from
    those sums (a department's coverage is its contacted clients over its
    clients, never a sum or a mean of percentages); "none" figures are left out."""
    keys = set(needed(keys) if keys is not None else FIGURES_BY_KEY)
    totals = {}
    for figure in FIGURES:
        if figure.key in keys and figure.combine == "sum":
            totals[figure.key] = sum(row.get(figure.key, 0) for row in rows)
    return derive(totals, keys)


def combine_targets(figure, targets, rows):
    """A group's target of ``figure`` from its members' ``targets`` and their
    figures ``rows`` ([{key: value}], the parts of a ratio included): counts
    add up; a ratio's target is the members' targets weighted by their
    denominators (coverage: the share of the department's clients to contact),
    the highest one when nobody has any."""
    if figure.combine != "ratio":
        return sum(targets)
    weights = [row.get(figure.parts[1], 0) for row in rows]
    if not sum(weights):
        return max(targets, default=0.0)
    weighted = sum(target * weight for target, weight in zip(targets, weights, strict=True))
    return round(weighted / sum(weights), 1)


class CorporateFigure(models.AbstractModel):
    """The engines of the figures of ``FIGURES`` and their targets.

    ``_compute`` is the one way to get figures of managers over a period:
    *My day*, *Team progress*, the overview and the monthly report call it.
    Every engine reads all the managers with a constant number of grouped
    queries.  Engines read as the caller: callers that show figures to a
    person they may follow (a head, the director) call it with ``sudo()``.
    """

    _name = "corporate.figure"
    _description = "Figures of account managers"

    # ------------------------------------------------------------------ registry
    @api.model
    def _figures(self, keys=None):
        """The ``Figure`` declarations of ``keys`` (default: all), in order."""
        if keys is None:
            return FIGURES
        return tuple(figure for figure in FIGURES if figure.key in keys)

    @api.model
    def _label(self, key):
        """The figure's label in the user's language."""
        return self.env._(FIGURES_BY_KEY[key].label)

    @api.model
    def _labels(self, keys=None):
        return {figure.key: self.env._(figure.label) for figure in self._figures(keys)}

    @api.model
    def _describe(self, keys=None):
        """Plain dicts of the figures for the web client: key, label, help, unit,
        period, combine."""
        return [
            {
                "key": figure.key,
                "label": self.env._(figure.label),
                "help": self.env._(figure.help) if figure.help else "",
                "unit": figure.unit,
                "period": figure.period,
                "combine": figure.combine,
            }
            for figure in self._figures(keys)
        ]

    # ------------------------------------------------------------------ values
    @api.model
    def _compute(self, users, date_from, date_to, keys=None, zones=None, company=None):
        """{user_id: {key: value}} of the figures ``keys`` (default: all) of
        ``users`` over their local days date_from..date_to.

        Each engine runs once for all the users; the derived figures are then
        computed from their parts (``derive``).  ``company``: the company whose
        accounting is read (default: each user's).
        """
        keys = needed(keys if keys is not None else FIGURES_BY_KEY)
        result = {user_id: dict.fromkeys(keys, 0) for user_id in users.ids}
        if not users:
            return result
        engines = defaultdict(set)
        for figure in self._figures(keys):
            if figure.engine != "derived":
                engines[figure.engine].add(figure.key)
        if not zones and engines.keys() & {"activity", "prospects", "portfolio", "calendar"}:
            zones = users._corporate_zones()
        for engine, engine_keys in engines.items():
            values = getattr(self, f"_engine_{engine}")(
                users, date_from, date_to, engine_keys, zones=zones, company=company
            )
            for user_id, user_values in values.items():
                result[user_id].update(
                    (key, value) for key, value in user_values.items() if key in engine_keys
                )
        for user_values in result.values():
            derive(user_values, keys)
        return result

    @api.model
    def _targets(self, users, date_from, date_to, keys=None, values=None, summary=None):
        """{user_id: {key: target}} of ``users`` over date_from..date_to.

        "quota" figures counted per day: the sum of the daily quotas of the
        users' working days (``summary``: ``corporate.figure._activity_summary``
        of the period, when the caller has it), else the monthly quota;
        "plan": the work plan of the month when the manager has one, else the
        monthly quota (the month's client-search and contract plans); "figure":
        another figure of ``values``; the figure's default target otherwise.
        """
        figures = [f for f in self._figures(keys) if f.target or f.default_target]
        result = {user_id: {} for user_id in users.ids}
        if not users or not figures:
            return result
        Quota = self.env["corporate.quota"]
        teams = users._corporate_teams()
        month = Quota._targets_for(users, "month", date_from, teams=teams)
        if any(f.period == "day" and f.target == "quota" for f in figures) and summary is None:
            summary = self._activity_summary(users, date_from, date_to, teams=teams)
        plans = {}
        if any(f.target == "plan" for f in figures):
            plans = self._plans(users, date_from)
        for user_id in users.ids:
            targets = result[user_id]
            for figure in figures:
                target = month[user_id].get(figure.key)
                if figure.period == "day" and figure.target == "quota" and summary is not None:
                    target = summary[user_id]["targets"].get(figure.key) or target
                if figure.target == "plan" and user_id in plans:
                    target = plans[user_id][figure.plan_field]
                elif figure.target == "figure":
                    target = (values or {}).get(user_id, {}).get(figure.target_figure, 0)
                targets[figure.key] = target if target else figure.default_target
        return result

    @api.model
    def _plans(self, users, date_from):
        """{user_id: corporate.plan} of the work plans of ``users`` for the month
        of ``date_from`` (one query)."""
        plans = (
            self.env["corporate.plan"]
            .sudo()
            .search([("user_id", "in", users.ids), ("date_from", "=", date_from.replace(day=1))])
        )
        return {plan.user_id.id: plan for plan in plans}

    # ------------------------------------------------------------------ local days
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
        ``_local_day_sql``).  ``zones``: ``users._corporate_zones()``, when the
        caller has it.
        """
        zones = zones or users._corporate_zones()
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

    # ------------------------------------------------------------ activity, portfolio, periods
    # Every figure that evaluates a manager's activity (My day, Team progress,
    # the monthly report, the shortfall summaries) comes from the functions
    # below; nothing else counts interactions, prospects or coverage.
    @api.model
    def _activity_rows(self, users, date_from, date_to, metrics=None, zones=None):
        """{user_id: {local day: [count, ...]}}: the counts of ACTIVITY_METRICS, in
        that order, of each day with activity."""
        result = {user_id: {} for user_id in users.ids}
        metrics = set(metrics or ACTIVITY_METRICS)
        if not users:
            return result
        zones = zones or users._corporate_zones()
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
          ``_activity_rows``;
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
        zones = zones or users._corporate_zones()
        rows = self._activity_rows(users, date_from, date_to, zones=zones)
        day_targets = self.env["corporate.quota"]._targets_by_day(users, "day", days, teams=teams)
        working = users._corporate_working_days(date_from, date_to, zones=zones)
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
        zones = users._corporate_zones()
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

    # ------------------------------------------------------------------ engines
    @api.model
    def _engine_activity(self, users, date_from, date_to, keys, zones=None, company=None):
        """Interactions per figure of INTERACTION_TYPE_METRIC: the sums of the
        days of the activity counters (``corporate.figure._activity_rows``);
        prospects come from ``_engine_prospects``."""
        return self._activity_sums(
            users, date_from, date_to, zones, metrics=set(INTERACTION_METRICS)
        )

    @api.model
    def _engine_prospects(self, users, date_from, date_to, keys, zones=None, company=None):
        """Cards created by the manager in the period, archived ones included."""
        return self._activity_sums(users, date_from, date_to, zones, metrics={"new_prospects"})

    @api.model
    def _activity_sums(self, users, date_from, date_to, zones, metrics=None):
        rows = self._activity_rows(users, date_from, date_to, metrics=metrics, zones=zones)
        result = {}
        for user_id, by_day in rows.items():
            totals = [sum(column) for column in zip(*by_day.values(), strict=True)]
            result[user_id] = dict(zip(ACTIVITY_METRICS, totals, strict=True)) if totals else {}
        return result

    @api.model
    def _engine_portfolio(self, users, date_from, date_to, keys, zones=None, company=None):
        """Clients of the portfolio and those contacted (``_portfolio_coverage``)."""
        coverage = self._portfolio_coverage(users, date_from, date_to, zones=zones)
        return {
            user_id: {"clients": cards, "contacted_clients": covered}
            for user_id, (cards, covered) in coverage.items()
        }

    @api.model
    def _engine_contracts(self, users, date_from, date_to, keys, zones=None, company=None):
        """Contracts with clients new to the company signed in the period (R19)."""
        counts = self.env["corporate.contract"]._count_new_client_contracts(
            users, date_from, date_to
        )
        return {user_id: {"new_contracts": count} for user_id, count in counts.items()}

    @api.model
    def _engine_calendar(self, users, date_from, date_to, keys, zones=None, company=None):
        """Working days of the period in each manager's time zone."""
        working = users._corporate_working_days(date_from, date_to, zones=zones)
        return {
            user_id: {"working_days": sum(1 for day in days if date_from <= day <= date_to)}
            for user_id, days in working.items()
        }

    @api.model
    def _owners(self, users):
        """{partner id: manager id} of the companies of the cards ``users`` manage,
        archived cards included: an invoice counts for the card's manager
        whoever typed it in."""
        cards = (
            self.env["corporate.client"]
            .sudo()
            .with_context(active_test=False)
            .search_fetch([("user_id", "in", users.ids)], ["partner_id", "user_id"])
        )
        return {card.partner_id.id: card.user_id.id for card in cards}

    @api.model
    def _company_ids(self, users, company):
        return [company.id] if company else users.company_id.ids

    @api.model
    def _engine_sales(self, users, date_from, date_to, keys, zones=None, company=None):
        """Turnover of the managers' clients (R8, R30), as
        ``account.move._corporate_turnover`` defines it; the same length of
        period the month before and a year before."""
        result = {user_id: {} for user_id in users.ids}
        owner = self._owners(users)
        if not owner:
            return result
        # A whole month compares with whole months; another period with the
        # same number of days.
        whole_month = date_from.day == 1 and date_to == date_from + relativedelta(day=31)
        periods = {
            "turnover": date_from,
            "turnover_previous": date_from - relativedelta(months=1),
            "turnover_last_year": date_from - relativedelta(years=1),
        }
        Move = self.env["account.move"]
        company_ids = self._company_ids(users, company)
        for key, start in periods.items():
            if key not in keys:
                continue
            stop = start + (relativedelta(day=31) if whole_month else (date_to - date_from))
            turnover = Move._corporate_turnover(owner, start, stop, company_ids=company_ids)
            for (partner_id, _company_id), (amount, _invoiced) in turnover.items():
                values = result[owner[partner_id]]
                values[key] = values.get(key, 0.0) + amount
        return result

    @api.model
    def _engine_receivables(self, users, date_from, date_to, keys, zones=None, company=None):
        """Receivables of the managers' clients at the period's end (balance of
        the receivable lines posted up to then) and collected in the period
        (credit of the receivable lines of payments and bank reconciliations)."""
        result = {user_id: {} for user_id in users.ids}
        owner = self._owners(users)
        if not owner:
            return result
        Line = self.env["account.move.line"].sudo()
        receivable = [
            ("company_id", "in", self._company_ids(users, company)),
            ("parent_state", "=", "posted"),
            ("account_id.account_type", "=", "asset_receivable"),
            ("partner_id", "in", list(owner)),
        ]
        queries = {
            "receivable_end": ([("date", "<=", date_to)], "balance:sum"),
            "collected": (
                [
                    ("date", ">=", date_from),
                    ("date", "<=", date_to),
                    ("move_id.move_type", "=", "entry"),
                    ("credit", ">", 0),
                ],
                "credit:sum",
            ),
        }
        for key, (domain, aggregate) in queries.items():
            if key not in keys:
                continue
            for partner, amount in Line._read_group(
                [*receivable, *domain], ["partner_id"], [aggregate]
            ):
                values = result[owner[partner.id]]
                values[key] = values.get(key, 0.0) + amount
        return result

    @api.model
    def _engine_registration(self, users, date_from, date_to, keys, zones=None, company=None):
        """Cards whose registration deadline falls in the period, and those of
        them registered in time (R30)."""
        Client = self.env["corporate.client"].sudo().with_context(active_test=False)
        due = self._count_in_local_period(
            Client, users, "registration_deadline", date_from, date_to
        )
        on_time = self._count_in_local_period(
            Client,
            users,
            "registration_deadline",
            date_from,
            date_to,
            [("registered_on_time", "=", True)],
        )
        return {
            user_id: {"cards_due": due[user_id], "cards_on_time": on_time[user_id]}
            for user_id in users.ids
        }

    @api.model
    def _engine_care(self, users, date_from, date_to, keys, zones=None, company=None):
        """Complaints opened and resolved (R24), supply requests (R28)."""
        Complaint = self.env["corporate.complaint"].sudo()
        Request = self.env["corporate.logistics.request"].sudo()
        opened = self._count_in_local_period(Complaint, users, "date_opened", date_from, date_to)
        resolved = self._count_in_local_period(
            Complaint,
            users,
            "date_resolved",
            date_from,
            date_to,
            [("state", "in", ("resolved", "closed"))],
        )
        submitted = self._count_in_local_period(
            Request, users, "date_submitted", date_from, date_to
        )
        unsent = self._count_in_local_period(
            Request, users, "create_date", date_from, date_to, [("date_submitted", "=", False)]
        )
        return {
            user_id: {
                "complaints_opened": opened[user_id],
                "complaints_resolved": resolved[user_id],
                "logistics_requests": submitted[user_id] + unsent[user_id],
            }
            for user_id in users.ids
        }
