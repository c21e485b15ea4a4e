from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .corporate_figure import FIGURES_BY_KEY, QUOTA_FIGURES, combine, combine_targets, pct

PERIODS = ("day", "month")


class CorporateQuotaProgress(models.AbstractModel):
    """*Team progress*: the quotas of the managers a department head follows.

    One computation, ``_team_progress``, over ``corporate.progress._progress_lines``
    (done and target per manager, figure and period) feeds the screen
    (``get_team_grid``: managers × figures, department totals) and the JSON-RPC
    of other systems (``get_team_progress``: the same lines, flat).  Both only
    read: they may run on a read replica.

    An abstract model: it holds no record, only the name under which other
    systems call ``get_team_progress`` (see the README).
    """

    _name = "corporate.quota.progress"
    _description = "Team Progress"

    @api.model
    def _check_team_access(self):
        if not self.env.user.has_group("corporate_client.group_department_head"):
            raise AccessError(
                self.env._("Only department heads and the director see team progress.")
            )

    @api.model
    def action_team_progress(self):
        """The *Team progress* screen (the landing page of department heads)."""
        self._check_team_access()
        return self.env["ir.actions.actions"]._for_xml_id(
            "corporate_client.action_corporate_team_progress"
        )

    @api.model
    def _team_progress(self, date=None):
        """(managers, lines, values) of the managers the user follows: a head the
        members of the departments they lead, the director every corporate
        department's; anyone else is refused.  ``lines`` and ``values``:
        ``corporate.progress._progress`` of ``date`` (ISO string or date;
        default: each manager's local today)."""
        self._check_team_access()
        try:
            on_date = fields.Date.to_date(date) if date else None
        except (TypeError, ValueError) as error:
            raise UserError(
                self.env._("“%s” is not a date: write it as YYYY-MM-DD.", str(date)[:40])
            ) from error
        Progress = self.env["corporate.progress"]
        users = Progress._managed_users()
        return users, *Progress._progress(users, on_date=on_date)

    # ------------------------------------------------------------------ screen
    @api.model
    @api.readonly
    def get_team_grid(self, date=None):
        """The *Team progress* screen: managers × the quota figures, by department.

        Returns plain dicts:

        - ``figures``: the quota figures of the registry that carry a target
          here, in its order (``corporate.figure._describe``), each with the
          ``periods`` it has cells for ("day": today, "month": the month so
          far);
        - ``departments``: one per department, with its ``rows`` (one per
          manager: ``cells`` {figure: {period: cell or None}}, ``behind``: a
          daily quota not met on a working day, the managers behind first) and
          its ``total`` (same cells: counts summed, ratios recomputed from
          their parts with the registry's ``combine``; figures are never added
          up together);
        - ``behind``: the number of managers behind today.

        A cell: ``done``, ``target``, ``pct`` (done / target, %), ``met``;
        today's: ``behind``; the month's of a daily figure: ``days_met`` and
        ``working_days`` (so far); a ratio's: ``parts`` [numerator,
        denominator] (coverage: clients contacted, clients).
        """
        users, lines, values = self._team_progress(date)
        Figure = self.env["corporate.figure"]
        teams = users._corporate_teams()
        by_user = defaultdict(dict)
        for line in lines:
            by_user[line["user_id"]][(line["metric"], line["period"])] = line
        behind = defaultdict(set)
        for (user_id, _day), user_lines in (
            self.env["corporate.quota.shortfall"]._shortfalls(lines).items()
        ):
            behind[user_id].update(line["metric"] for line in user_lines)

        figures = [f for f in QUOTA_FIGURES if any(f.key == line["metric"] for line in lines)]
        periods = {figure.key: [] for figure in figures}
        rows_by_team = defaultdict(list)
        for user in users.sudo():
            user_lines = by_user.get(user.id, {})
            any_line = next(iter(user_lines.values()), {})
            cells = {}
            for figure in figures:
                cells[figure.key] = {
                    period: self._cell(
                        figure,
                        period,
                        user_lines,
                        behind[user.id],
                        values[period].get(user.id, {}),
                    )
                    for period in PERIODS
                }
                for period, cell in cells[figure.key].items():
                    if cell and period not in periods[figure.key]:
                        periods[figure.key].append(period)
            rows_by_team[teams.get(user.id) or False].append(
                {
                    "user_id": user.id,
                    "name": user.name,
                    "date": fields.Date.to_string(any_line.get("date")) or False,
                    "is_working_day": any_line.get("is_working_day", False),
                    "behind": bool(behind[user.id]),
                    "behind_figures": [f.key for f in figures if f.key in behind[user.id]],
                    "cells": cells,
                }
            )
        described = Figure._describe([figure.key for figure in figures])
        for description in described:
            description["periods"] = sorted(periods[description["key"]], key=PERIODS.index)
            # What a ratio's cells' ``parts`` are (coverage: clients contacted, clients).
            description["parts"] = [
                Figure._label(part) for part in FIGURES_BY_KEY[description["key"]].parts
            ]
        team_names = {
            team.id: team.name
            for team in self.env["crm.team"].sudo().browse([t for t in rows_by_team if t])
        }
        departments = []
        for team_id, rows in rows_by_team.items():
            rows.sort(key=lambda row: (not row["behind"], row["name"]))
            departments.append(
                {
                    "id": team_id,
                    "name": team_names.get(team_id) or self.env._("No department"),
                    "date": max((row["date"] for row in rows if row["date"]), default=False),
                    "behind": sum(row["behind"] for row in rows),
                    "rows": rows,
                    "total": {
                        figure.key: {
                            period: self._total_cell(
                                figure, period, [row["cells"][figure.key][period] for row in rows]
                            )
                            for period in PERIODS
                        }
                        for figure in figures
                    },
                }
            )
        departments.sort(key=lambda department: department["name"])
        return {
            "figures": described,
            "departments": departments,
            "behind": sum(department["behind"] for department in departments),
        }

    @api.model
    def _cell(self, figure, period, user_lines, behind, parts):
        """One manager's figure over ``period``, or None when no target applies."""
        line = user_lines.get((figure.key, period))
        day_line = user_lines.get((figure.key, "day"))
        if line:
            done, target = line["actual"], line["target"]
        elif period == "month" and day_line and figure.period == "day":
            # The month so far of a daily quota.
            done, target = day_line["month_actual"], day_line["month_target"]
        else:
            return None
        cell = {"done": done, "target": target, "pct": pct(done, target), "met": done >= target}
        if period == "day":
            cell["behind"] = figure.key in behind
        elif day_line and figure.period == "day":
            cell["days_met"] = day_line["days_met"]
            cell["working_days"] = day_line["working_days"]
        if figure.combine == "ratio":
            cell["parts"] = [parts.get(part, 0) for part in figure.parts]
        return cell

    @api.model
    def _total_cell(self, figure, period, cells):
        """A department's figure from its managers' ``cells`` (None: no target).

        Counts: done and targets summed.  Ratios (coverage): the ratio of the
        summed parts (``combine``: the department's clients contacted over its
        clients, never a sum or a mean of percentages); the target is the
        managers' targets weighted by their denominators (the clients each
        should have contacted, over the department's clients).
        """
        cells = [cell for cell in cells if cell]
        if not cells:
            return None
        if figure.combine == "ratio":
            numerator, denominator = figure.parts
            rows = [dict(zip(figure.parts, cell["parts"], strict=True)) for cell in cells]
            done = combine(rows, [figure.key])[figure.key]
            target = combine_targets(figure, [cell["target"] for cell in cells], rows)
            total = {
                "parts": [
                    sum(row[numerator] for row in rows),
                    sum(row[denominator] for row in rows),
                ]
            }
        elif figure.combine == "sum":
            done = combine([{figure.key: cell["done"]} for cell in cells], [figure.key])[figure.key]
            target = sum(cell["target"] for cell in cells)
            total = {}
        else:  # never added up ("none"), or not a quota figure's way
            return None
        total.update(
            {
                "done": done,
                "target": target,
                "pct": pct(done, target),
                "met": done >= target,
                "managers": len(cells),
            }
        )
        if period == "day":
            total["behind"] = sum(bool(cell.get("behind")) for cell in cells)
        return total

    # ------------------------------------------------------------------ JSON-RPC
    @api.model
    @api.readonly
    def get_team_progress(self, date=None):
        """Team progress for another system (JSON-RPC), read only.

        The figures of the *Team progress* screen (``_team_progress``), with its
        access rules: a department head gets the managers of the departments
        they lead, the director every corporate department; anyone else is
        refused.  ``date`` (ISO string or date, default: each manager's local
        today).  Returns plain dicts (ids, names, ISO dates, numbers), one per
        manager, figure with a target and period.
        """
        users, lines, _values = self._team_progress(date)
        names = {user.id: user.name for user in users.sudo()}
        team_ids = {line["team_id"] for line in lines if line["team_id"]}
        teams = {team.id: team.name for team in self.env["crm.team"].sudo().browse(team_ids)}
        result = []
        for line in lines:
            target, actual = line["target"], line["actual"]
            result.append(
                {
                    "user_id": line["user_id"],
                    "user_name": names.get(line["user_id"], ""),
                    "team_id": line["team_id"] or False,
                    "team_name": teams.get(line["team_id"], ""),
                    "date": fields.Date.to_string(line["date"]),
                    "metric": line["metric"],
                    "period": line["period"],
                    "target": target,
                    "actual": actual,
                    "progress": pct(actual, target),
                    "met": actual >= target,
                    "is_working_day": line["is_working_day"],
                    "days_met": line["days_met"],
                    "working_days": line["working_days"],
                    "month_actual": line["month_actual"],
                }
            )
        return result
