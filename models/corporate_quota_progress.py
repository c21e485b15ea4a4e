from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError

from .corporate_quota import METRICS


class CorporateQuotaProgress(models.TransientModel):
    """Quota progress as shown to a person: "My day" and the team view.

    Lines are snapshots made when the view is opened, from
    ``corporate.progress._progress_lines`` (grouped queries over the facts);
    nothing here is a counter to keep up to date.  Everyone only sees the
    lines they opened (record rule on create_uid).
    """

    _name = "corporate.quota.progress"
    _description = "Quota Progress"
    _order = "user_id, period, metric"
    _rec_name = "metric"

    user_id = fields.Many2one("res.users", string="Account manager", readonly=True)
    team_id = fields.Many2one("crm.team", string="Department", readonly=True)
    date = fields.Date(readonly=True)
    metric = fields.Selection(METRICS, readonly=True)
    period = fields.Selection([("day", "Today"), ("month", "This month")], readonly=True)
    target = fields.Float(readonly=True, aggregator="sum")
    actual = fields.Float(string="Done", readonly=True, aggregator="sum")
    progress = fields.Float(
        string="Progress (%)", compute="_compute_progress", store=True, aggregator=None
    )
    is_working_day = fields.Boolean(string="Working day", readonly=True)
    days_met = fields.Integer(
        string="Days met",
        readonly=True,
        aggregator="sum",
        help="Working days this month on target.",
    )
    working_days = fields.Integer(
        string="Working days",
        readonly=True,
        aggregator="max",
        help="Working days this month so far.",
    )
    month_actual = fields.Float(string="This month", readonly=True, aggregator="sum")
    status = fields.Selection(
        [("met", "Met"), ("behind", "Behind"), ("off", "Day off")],
        compute="_compute_progress",
        store=True,
    )

    @api.depends("target", "actual", "is_working_day", "period")
    def _compute_progress(self):
        for line in self:
            line.progress = 100.0 * line.actual / line.target if line.target else 0.0
            if line.actual >= line.target:
                line.status = "met"
            elif line.period == "day" and not line.is_working_day:
                line.status = "off"
            else:
                line.status = "behind"

    @api.model
    def _open(self, users, name, view_xmlids, context=None):
        lines = self.create(self.env["corporate.progress"]._progress_lines(users))
        help_text = self.env._(
            "No quota applies here yet: quotas are set under Configuration → Quotas "
            "(company defaults, departments, account managers)."
        )
        return {
            "help": Markup('<p class="o_view_nocontent_smiling_face">%s</p>') % help_text,
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": self._name,
            "view_mode": ",".join(mode for mode, _xmlid in view_xmlids),
            "views": [(self.env.ref(xmlid).id, mode) for mode, xmlid in view_xmlids],
            "domain": [("id", "in", lines.ids)],
            "context": dict(context or {}, create=False, edit=False, delete=False),
            "target": "current",
        }

    @api.model
    def action_my_day(self):
        """The current user's quotas for today and this month."""
        return self._open(
            self.env.user,
            self.env._("My day"),
            [("list", "corporate_client.corporate_quota_progress_view_list_my_day")],
        )

    @api.model
    def action_team_progress(self):
        """Department heads: their managers × metrics, today and this month."""
        if not self.env.user.has_group("corporate_client.group_department_head"):
            raise AccessError(
                self.env._("Only department heads and the director see team progress.")
            )
        users = self.env["corporate.progress"]._managed_users()
        return self._open(
            users,
            self.env._("Team progress"),
            [
                ("pivot", "corporate_client.corporate_quota_progress_view_pivot"),
                ("list", "corporate_client.corporate_quota_progress_view_list_team"),
                ("graph", "corporate_client.corporate_quota_progress_view_graph"),
            ],
            # Done and target per metric and manager: metrics are never added up.
            context={"pivot_row_groupby": ["period", "metric", "user_id"]},
        )

    @api.model
    @api.readonly
    def get_team_progress(self, date=None):
        """Team progress for another system (JSON-RPC), read only.

        The figures of the *Team progress* screen, with its access rules: a
        department head gets the managers of the departments they lead, the
        director every corporate department; anyone else is refused.
        ``date`` (ISO string or date, default: each manager's local today).
        Returns plain dicts (ids, names, ISO dates, numbers).
        """
        if not self.env.user.has_group("corporate_client.group_department_head"):
            raise AccessError(
                self.env._("Only department heads and the director see team progress.")
            )
        on_date = fields.Date.to_date(date) if date else None
        users = self.env["corporate.progress"]._managed_users()
        lines = self.env["corporate.progress"]._progress_lines(users, on_date=on_date)
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
                    "progress": round(100.0 * actual / target, 1) if target else 0.0,
                    "met": actual >= target,
                    "is_working_day": line["is_working_day"],
                    "days_met": line["days_met"],
                    "working_days": line["working_days"],
                    "month_actual": line["month_actual"],
                }
            )
        return result
