import functools
import subprocess
from collections import defaultdict
from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.addons.base.models.ir_actions_report import _get_wkhtmltopdf_bin
from odoo.exceptions import UserError
from odoo.tools import format_date

from ..activity.corporate_figure import FIGURES, combine, pct

# The figures of the report are its fields declared with ``figure=``:
# - "sum": frozen in the snapshot and added up over a department (counts,
#   amounts and their targets);
# - "frozen": frozen in the snapshot, a manager's own (ratios, growth, %,
#   days met, links).
FIGURE_KINDS = ("sum", "frozen")

# Months the printed report draws in its trend charts (the report's month included).
TREND_MONTHS = 6


def _figure_field(unit, string, kind):
    """A frozen figure field of ``unit``: counts and days are integers, money
    in the company's currency, percentages averaged when grouped; days (worked,
    a quota met) are a manager's own and not added up."""
    common = {"string": string, "readonly": True, "figure": kind}
    if unit == "money":
        return fields.Monetary(**common)
    if unit == "percent":
        return fields.Float(aggregator="avg", **common)
    if unit == "days":
        return fields.Integer(aggregator=None, **common)
    return fields.Integer(**common)


def figure_fields():
    """{field name: field} of the report's frozen figures, from ``FIGURES``.

    Each figure gets its value field (``Figure.fname``) and the extras of
    ``Figure.report``: its target (same unit), its % of the target and the
    working days its daily quota was met.  Labels are the English sources of
    the registry's (Odoo translates field strings as terms of the model).
    """
    result = {}
    for figure in FIGURES:
        label = figure.label._source
        percent = " %" if figure.unit == "percent" else ""
        # Summed figures (and totals of them) add up over a department, and so
        # do their targets; ratios, growth and a manager's own days do not.
        kind = "sum" if figure.combine in ("sum", "total") else "frozen"
        result[figure.fname] = _figure_field(figure.unit, f"{label}{percent}", kind)
        extras = figure.report
        if "target" in extras:
            result[extras["target"]] = _figure_field(figure.unit, f"{label} target{percent}", kind)
        if "pct" in extras:
            result[extras["pct"]] = _figure_field("percent", f"{label} %", "frozen")
        if "days_met" in extras:
            result[extras["days_met"]] = _figure_field(
                "days", f"Days {label[:1].lower()}{label[1:]} quota met", "frozen"
            )
    return result


def has_data(figure, values):
    """Whether ``values`` ({key: value}) hold what measures ``figure``: a ratio or
    a growth needs its denominator (a portfolio for check-in coverage, a
    turnover to compare with); a figure measured against another one needs it
    (cards due for registration)."""
    if figure.combine in ("ratio", "growth"):
        return bool(values.get(figure.parts[1]))
    if figure.target == "figure":
        return bool(values.get(figure.target_figure))
    return True


@functools.cache
def _wkhtmltopdf_draws_headers():
    """Whether the wkhtmltopdf binary draws the HTML header and footer of a
    report: only builds with patched Qt do ("wkhtmltopdf 0.12.6 (with patched qt)")."""
    try:
        version = subprocess.run(
            [_get_wkhtmltopdf_bin(), "--version"], capture_output=True, timeout=30, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return b"patched qt" in version.lower()


class CorporateMonthlyReport(models.Model):
    """R29, R30: an account manager's performance report of one month.

    Generated on the 1st for the month before (cron) or on demand; its figures
    are a snapshot of the facts (interactions, cards, contracts, invoices,
    payments, complaints, supply requests), frozen once the manager submits
    it.  Due on the configured day of the next month (3rd by default).
    """

    _name = "corporate.monthly.report"
    _description = "Monthly Performance Report"
    _inherit = [
        "corporate.monthly.mixin",
        "corporate.access.guard",
        "mail.thread",
        "mail.activity.mixin",
        "corporate.reader.name",
    ]
    _corporate_name_depends = ("user_id", "date_from")
    # Submitted by the manager, approved or returned by the head or the director.
    _corporate_workflow_fields = (
        "state",
        "date_submitted",
        "submitted_late",
        "approved_by_id",
        "date_approved",
    )
    _corporate_scope_fields = ("user_id",)
    _order = "date_from desc, team_id, user_id"

    name = fields.Char(compute="_compute_name", store=True)
    user_id = fields.Many2one(
        "res.users",
        string="Account manager",
        required=True,
        default=lambda self: self.env.user,
        index=True,
        tracking=True,
    )
    team_id = fields.Many2one(
        "crm.team", string="Department", compute="_compute_team_id", store=True, index=True
    )
    head_id = fields.Many2one(related="team_id.user_id", string="Department head")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date_from = fields.Date(
        string="First day of the month",
        required=True,
        default=lambda self: (
            fields.Date.context_today(self).replace(day=1) - relativedelta(months=1)
        ),
        index=True,
    )
    date_to = fields.Date(compute="_compute_dates", store=True)
    date_due = fields.Date(string="Due", compute="_compute_dates", store=True)
    month_label = fields.Char(string="Month", compute="_compute_month_label")
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("submitted", "Submitted"),
            ("approved", "Approved"),
            ("returned", "Returned"),
        ],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
        index=True,
    )
    date_submitted = fields.Datetime(string="Submitted on", readonly=True, copy=False)
    submitted_late = fields.Boolean(readonly=True, copy=False)
    is_late = fields.Boolean(string="Late", compute="_compute_is_late", search="_search_is_late")
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    date_approved = fields.Datetime(string="Approved on", readonly=True, copy=False)
    return_reason = fields.Text(tracking=True, copy=False)
    reminder_stage = fields.Integer(
        readonly=True, copy=False, help="Reminders sent: 1 the day before the due date, 2 on it."
    )
    plan_id = fields.Many2one("corporate.plan", string="Work plan", readonly=True, figure="frozen")
    figures_date = fields.Datetime(
        string="Figures computed on", readonly=True, copy=False, figure="frozen"
    )

    # The manager's own words.
    achievements = fields.Text()
    problems = fields.Text(string="Problems and needs")
    next_month_plan = fields.Text(string="Plan for next month")

    # R4, shown on the report.
    attestation_last_date = fields.Date(
        related="user_id.corporate_attestation_last_date", string="Last attestation"
    )
    attestation_next_date = fields.Date(
        related="user_id.corporate_attestation_next_date", string="Next attestation"
    )

    # ---------------------------------------------------------- frozen figures
    # One field per figure of the registry and per extra it shows on the
    # report (target, %, days met): see ``figure_fields``.
    locals().update(figure_fields())

    _sql_constraints = [
        (
            "user_month_unique",
            "unique(user_id, date_from)",
            "A manager has one monthly report per month.",
        ),
    ]

    def _creation_subtype(self):
        # Reports are created by a daily job: the chatter line must not be
        # frozen in its language (see the data file).
        return self.env.ref("corporate_client.mt_monthly_report_created")

    # ------------------------------------------------------------------ computes
    def _corporate_name(self):
        self.ensure_one()
        return self.env._(
            "Report %(month)s, %(manager)s",
            month=self.date_from.strftime("%Y-%m") if self.date_from else "",
            manager=self.user_id.name or "",
        )

    @api.depends("user_id")
    def _compute_team_id(self):
        for report in self:
            report.team_id = report.user_id.sudo().corporate_team_id

    @api.depends("date_from", "company_id")
    def _compute_dates(self):
        for report in self:
            if not report.date_from:
                report.date_to = report.date_due = False
                continue
            due_day = (report.company_id or self.env.company).corporate_report_due_day or 3
            report.date_to = report.date_from + relativedelta(day=31)
            report.date_due = report.date_from + relativedelta(months=1, day=due_day)

    @api.depends("date_from")
    @api.depends_context("lang")
    def _compute_month_label(self):
        """The report's month in the reader's language ("November 2026")."""
        for report in self:
            report.month_label = (
                format_date(report.env, report.date_from, date_format="LLLL yyyy")
                if report.date_from
                else False
            )

    @api.depends("date_due", "date_submitted", "submitted_late")
    @api.depends_context("tz")
    def _compute_is_late(self):
        today = fields.Date.context_today(self)
        for report in self:
            if report.date_submitted:
                report.is_late = report.submitted_late
            else:
                report.is_late = bool(report.date_due) and today > report.date_due

    def _search_is_late(self, operator, value):
        if operator not in ("=", "!="):
            raise UserError(self.env._("Unsupported search on the late flag."))
        today = fields.Date.context_today(self)
        late = [
            "|",
            "&",
            ("date_submitted", "!=", False),
            ("submitted_late", "=", True),
            "&",
            ("date_submitted", "=", False),
            ("date_due", "<", today),
        ]
        if (operator == "=") == bool(value):
            return late
        return ["!", *late]

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        # The figures are guarded fields (stored, read-only): the guard refuses
        # them in ``vals`` and in defaults; only the snapshot writes them.
        reports = super().create(vals_list)
        reports._compute_figures()
        return reports

    def write(self, vals):
        if {"user_id", "date_from"} & set(vals) and any(r.state != "draft" for r in self):
            raise UserError(
                self.env._("The manager and month of a submitted report cannot change.")
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        if any(report.state != "draft" for report in self):
            raise UserError(self.env._("Only a draft monthly report can be deleted."))

    def _month_taken_message(self, existing):
        return self.env._(
            "%(manager)s already has a monthly report for %(month)s (%(state)s): "
            "open it instead of creating a second one.",
            manager=existing.user_id.name,
            month=existing.date_from.strftime("%Y-%m"),
            state=dict(self._fields["state"].selection)[existing.state],
        )

    def _month_repeated_message(self):
        return self.env._("A manager has one monthly report per month.")

    @api.model
    def _valid_field_parameter(self, field, name):
        # ``figure`` declares the report's figures (see FIGURE_KINDS).
        return name == "figure" or super()._valid_field_parameter(field, name)

    # ------------------------------------------------------------------ figures
    def action_recompute(self):
        self._compute_figures()
        return True

    def _compute_figures(self):
        """Take the snapshot of every figure; refused once the report is submitted."""
        for report in self:
            if report.state not in ("draft", "returned"):
                raise UserError(
                    self.env._(
                        "The figures of %(report)s were frozen when it was submitted: "
                        "they cannot be recomputed.",
                        report=report.name,
                    )
                )
        batches = defaultdict(lambda: self.browse())
        for report in self:
            batches[(report.company_id, report.date_from)] |= report
        now = fields.Datetime.now()
        for (company, date_from), reports in batches.items():
            figures = reports._collect_figures(company, date_from)
            for report in reports:
                vals = dict(figures[report.user_id.id], figures_date=now)
                report._corporate_workflow_write(vals)

    def _collect_figures(self, company, date_from, keys=None):
        """{user_id: {field: value}} for the managers of ``self``, one month, in batch.

        The figures registry's values and targets (``corporate.figure._compute``
        and ``_targets``, the engines of *My day* and *Team progress*) over the
        month, in each manager's time zone, put in the report's fields
        (``Figure.fname`` and ``Figure.report``), with the month's work plan
        and the days each daily quota was met (``_activity_summary``).
        ``keys``: the figures wanted (default: all).  Every source is read with
        grouped queries over all the managers at once.
        """
        date_to = date_from + relativedelta(day=31)
        users = self.user_id
        Figure = self.env["corporate.figure"].sudo()
        figures = Figure._figures(keys)
        zones = users._corporate_zones()
        summary = None
        if any("days_met" in figure.report for figure in figures):
            summary = Figure._activity_summary(users, date_from, date_to, zones=zones)
        values = Figure._compute(users, date_from, date_to, keys=keys, zones=zones, company=company)
        targets = Figure._targets(
            users, date_from, date_to, keys=keys, values=values, summary=summary
        )
        plans = Figure._plans(users, date_from) if keys is None else {}
        result = {}
        for user in users:
            user_values, user_targets = values[user.id], targets[user.id]
            vals = result[user.id] = {}
            if keys is None:
                vals["plan_id"] = plans[user.id].id if user.id in plans else False
            for figure in figures:
                value = user_values[figure.key]
                vals[figure.fname] = value
                extras = figure.report
                target = user_targets.get(figure.key, 0.0)
                if figure.unit != "money":
                    target = round(target, 1 if figure.unit == "percent" else None)
                if "target" in extras:
                    vals[extras["target"]] = target
                if "pct" in extras:
                    vals[extras["pct"]] = pct(value, target)
                if "days_met" in extras:
                    vals[extras["days_met"]] = summary[user.id]["days_met"][figure.key]
        return result

    def _figure_values(self):
        """{figure key: value} of the report's frozen figures."""
        self.ensure_one()
        return {figure.key: self[figure.fname] for figure in FIGURES}

    @api.model
    def _quota_metrics(self):
        """The daily-quota figures shown as quota rows (those with days met)."""
        return [figure.key for figure in FIGURES if "days_met" in figure.report]

    @api.model
    def _corporate_guarded_fields(self):
        # The frozen figures: only the snapshot (_compute_figures) writes them.
        return super()._corporate_guarded_fields() | self._figure_fields()

    @api.model
    def _figure_fields(self, kind=None):
        """Names of the figure fields (of ``kind`` "sum" or "frozen", default both)."""
        kinds = (kind,) if kind else FIGURE_KINDS
        return {
            fname
            for fname, field in self._fields.items()
            if getattr(field, "figure", None) in kinds
        }

    # ------------------------------------------------------------------ generation
    @api.model
    def _report_managers(self, company=None):
        """Account managers who report: active members of corporate departments."""
        members = (
            self.env["crm.team.member"]
            .sudo()
            .search([("crm_team_id.is_corporate", "=", True), ("user_id.active", "=", True)])
        )
        users = members.user_id.filtered(
            lambda u: not u.share and u.has_group("corporate_client.group_account_manager")
        )
        if company:
            users = users.filtered(lambda u: u.company_id == company)
        return users

    @api.model
    def _generate_reports(self, month, users=None):
        """The reports of ``users`` (default every manager) for the month of ``month``.

        Missing reports are created and computed; existing ones are left as
        they are, so running it twice changes nothing.
        """
        date_from = self._month_start(month)
        users = self._report_managers() if users is None else users
        existing = self.sudo().search([("user_id", "in", users.ids), ("date_from", "=", date_from)])
        missing = users - existing.user_id
        created = (
            self.sudo()
            .with_context(mail_create_nolog=True, tracking_disable=True)
            .create(
                [
                    {"user_id": user.id, "date_from": date_from, "company_id": user.company_id.id}
                    for user in missing
                ]
            )
        )
        return self.browse((existing | created).ids)

    def action_generate_reports(self):
        """On demand: last month's reports of the managers the user answers for."""
        user = self.env.user
        if user.has_group("corporate_client.group_director"):
            users = self._report_managers()
        elif user.has_group("corporate_client.group_department_head"):
            teams = self.env["crm.team"].search(
                [("is_corporate", "=", True), ("user_id", "=", user.id)]
            )
            users = self._report_managers() & teams.sudo().member_ids
        else:
            users = user
        month = fields.Date.context_today(self) - relativedelta(months=1)
        reports = self._generate_reports(month, users)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Monthly reports"),
            "res_model": self._name,
            "view_mode": "list,form",
            "domain": [("id", "in", reports.ids)],
        }

    @api.model
    def _demo_history(self, months=6):
        """Demo data: the approved reports of the months before last, so that
        with last month's the demo managers have ``months`` months of reports
        (computed by the real engine over the demo interactions and invoices)
        and *Department trends* shows a trend."""
        today = fields.Date.context_today(self)
        reports = self.browse()
        for back in range(months, 1, -1):
            reports |= self._generate_reports(today - relativedelta(months=back))
        for report in reports.filtered(lambda r: r.state == "draft"):
            submitted = datetime.combine(report.date_due - timedelta(days=1), time(3))
            report._corporate_workflow_write(
                {
                    "state": "approved",
                    "date_submitted": submitted,
                    "submitted_late": False,
                    "approved_by_id": (report.head_id or self.env.user).id,
                    "date_approved": submitted + timedelta(days=1),
                }
            )
        return reports.ids

    # ------------------------------------------------------------------ workflow
    def _can_approve(self, user=None):
        """The head of the report's department, or the director."""
        self.ensure_one()
        user = user or self.env.user
        return user.has_group("corporate_client.group_director") or (
            bool(self.team_id) and self.team_id.user_id == user
        )

    def action_submit(self):
        today = fields.Date.context_today(self)
        for report in self:
            if report.user_id != self.env.user:
                raise UserError(
                    self.env._(
                        "This is the report of %(manager)s: only they can submit it.",
                        manager=report.user_id.name,
                    )
                )
            if report.state not in ("draft", "returned"):
                raise UserError(
                    self.env._("The report %s has already been submitted.", report.name)
                )
            if not report.figures_date:
                report._compute_figures()
            report._corporate_workflow_write(
                {
                    "state": "submitted",
                    "date_submitted": fields.Datetime.now(),
                    "submitted_late": today > report.date_due,
                }
            )
            report._close_activities("corporate_client.mail_activity_type_monthly_report")
            if report.head_id:
                report.sudo().activity_schedule(
                    "corporate_client.mail_activity_type_report_approval",
                    date_deadline=today,
                    user_id=report.head_id.id,
                    summary=report.with_context(lang=report.head_id.lang).env._(
                        "Approve the monthly report of %s", report.user_id.name
                    ),
                )
        return True

    def _check_approver(self):
        # Read as superuser: whoever may not approve gets this message, not an access error.
        for report in self.sudo():
            if not report._can_approve(self.env.user):
                raise UserError(
                    self.env._(
                        "Only the head of %(team)s or the director can approve or return "
                        "the report of %(manager)s.",
                        team=report.team_id.name or self.env._("the department"),
                        manager=report.user_id.name,
                    )
                )
            if report.state != "submitted":
                raise UserError(self.env._("Only a submitted report can be approved or returned."))

    def action_approve(self):
        self._check_approver()
        self._corporate_workflow_write(
            {
                "state": "approved",
                "approved_by_id": self.env.user.id,
                "date_approved": fields.Datetime.now(),
            }
        )
        self._close_activities("corporate_client.mail_activity_type_report_approval")
        return True

    def action_return(self, reason=None):
        self._check_approver()
        for report in self:
            why = reason or report.return_reason
            if not (why or "").strip():
                raise UserError(
                    self.env._(
                        "Write the reason in 'Return reason' before returning the report to %s.",
                        report.user_id.name,
                    )
                )
            report._corporate_workflow_write({"state": "returned", "return_reason": why})
            report._close_activities("corporate_client.mail_activity_type_report_approval")
            report.sudo().activity_schedule(
                "corporate_client.mail_activity_type_monthly_report",
                date_deadline=fields.Date.context_today(self),
                user_id=report.user_id.id,
                summary=report.with_context(lang=report.user_id.lang).env._(
                    "Report returned: %s", why
                ),
            )
        return True

    def _close_activities(self, xmlid):
        activity_type = self.env.ref(xmlid)
        self.sudo().activity_ids.filtered(
            lambda a: a.activity_type_id == activity_type
        ).action_done()

    # ------------------------------------------------------------------ crons
    @api.model
    def _cron_monthly_reports(self):
        """Daily: create the reports of the month before, then send reminders.

        The reports are created on the 1st; on later days the run only adds
        those that are missing (a manager who joined, a run that failed).
        """
        today = self.env.company._corporate_today()
        reports = self._generate_reports(today - relativedelta(months=1))
        self._send_reminders(today)
        return reports

    @api.model
    def _send_reminders(self, today):
        """Reminder activities the day before the due date and on it (R29)."""
        pending = self.sudo().search(
            [
                ("state", "in", ("draft", "returned")),
                ("date_due", "<=", today + timedelta(days=1)),
                ("date_due", ">=", today),
                ("reminder_stage", "<", 2),
            ]
        )
        for report in pending:
            stage = 2 if today >= report.date_due else 1
            if stage <= report.reminder_stage:
                continue
            env = report.with_context(lang=report.user_id.lang).env
            report.activity_schedule(
                "corporate_client.mail_activity_type_monthly_report",
                date_deadline=report.date_due,
                user_id=report.user_id.id,
                summary=(
                    env._("Monthly report due today")
                    if stage == 2
                    else env._("Monthly report due tomorrow")
                ),
            )
            report.reminder_stage = stage
        return pending

    # ------------------------------------------------------------------ printing
    def _quota_rows(self):
        """(label, actual, target, days met, %) of each daily quota, for the bars:
        the figures of the registry whose report shows the days met."""
        self.ensure_one()
        return [
            (
                self.env._(figure.label),
                self[figure.fname],
                self[figure.report["target"]],
                self[figure.report["days_met"]],
                self[figure.report["pct"]],
            )
            for figure in FIGURES
            if "days_met" in figure.report
        ]

    @api.model
    def _letterhead_in_body(self):
        """Print the company's letterhead in the page body when wkhtmltopdf
        cannot draw the layout's header and footer."""
        return not _wkhtmltopdf_draws_headers()

    @api.model
    def _kpi_status_labels(self):
        return {
            "met": self.env._("Met"),
            "behind": self.env._("Behind"),
            "no_target": self.env._("No target"),
            "no_data": self.env._("No data"),
        }

    @api.model
    def _kpi_figures(self):
        """The figures of the KPI table (``Figure.kpi``), in its order."""
        return sorted((figure for figure in FIGURES if figure.kpi), key=lambda f: f.kpi)

    @api.model
    def _kpi_row(self, figure, values, target, pct_done=None):
        """The KPI table's row of ``figure`` from ``values`` ({key: value}).

        ``label`` and ``help`` in the reader's language, ``target``, ``actual``,
        ``pct`` (None when there is no target or no data; ``pct_done`` when the
        report froze it), ``status`` (met / behind / no_target / no_data),
        ``status_label``, ``kind`` (count / percent / money).
        """
        labels = self._kpi_status_labels()
        actual = values[figure.key]
        data = has_data(figure, values)
        if not data:
            status = "no_data"
        elif not target:
            status = "no_target"
        else:
            status = "met" if actual >= target else "behind"
        if pct_done is None:
            pct_done = pct(actual, target)
        return {
            "key": figure.key,
            "label": self.env._(figure.label),
            "help": self.env._(figure.help) if figure.help else "",
            "target": target or None,
            "actual": actual if data else None,
            "pct": pct_done if status in ("met", "behind") else None,
            "status": status,
            "status_label": labels[status],
            "kind": figure.unit if figure.unit in ("percent", "money") else "count",
        }

    def _report_kpis(self):
        """The rows of the printed KPI table (``_kpi_row``), read from the report's
        frozen figures: the figures of the registry with a ``kpi`` place."""
        self.ensure_one()
        values = self._figure_values()
        rows = []
        for figure in self._kpi_figures():
            if figure.target == "figure":
                target = values[figure.target_figure]
            else:
                target = self[figure.report["target"]] if "target" in figure.report else None
            frozen = self[figure.report["pct"]] if "pct" in figure.report else None
            rows.append(self._kpi_row(figure, values, target, frozen))
        return rows

    def _plan_execution_pct(self):
        """Mean % of the KPIs that have a target and data, each counted up to 100 %.

        None when no KPI has a target: the department summary ranks by it.
        """
        self.ensure_one()
        pcts = [min(100.0, row["pct"]) for row in self._report_kpis() if row["pct"] is not None]
        return round(sum(pcts) / len(pcts), 1) if pcts else None

    @api.model
    def _trend_figure_list(self):
        """The figures drawn as six-month trend charts (``Figure.trend``)."""
        return [figure for figure in FIGURES if figure.trend]

    def _trend_figures(self, months=TREND_MONTHS):
        """{report id: [(month start, {field: value} or None)]}, oldest month first.

        The value and target fields of the trend figures.  A month with a
        report of the manager shows that report's snapshot; a month without
        one shows what its report would hold, from the same engine
        (``_collect_figures``), computed for the print and not stored.
        """
        trend = self._trend_figure_list()
        fnames = [
            fname
            for figure in trend
            for fname in (figure.fname, figure.report.get("target"))
            if fname
        ]
        starts = {
            report.id: [
                report.date_from - relativedelta(months=n) for n in range(months - 1, -1, -1)
            ]
            for report in self
        }
        all_months = sorted({start for month_list in starts.values() for start in month_list})
        stored = {
            (report.user_id.id, report.date_from): report
            for report in self.sudo().search(
                [("user_id", "in", self.user_id.ids), ("date_from", "in", all_months)]
            )
        }
        missing = defaultdict(lambda: self.browse())
        for report in self:
            for start in starts[report.id]:
                if (report.user_id.id, start) not in stored:
                    missing[(report.company_id, start)] |= report
        computed = {}
        keys = [figure.key for figure in trend]
        for (company, start), reports in missing.items():
            for user_id, vals in reports.sudo()._collect_figures(company, start, keys).items():
                computed[(user_id, start)] = {fname: vals.get(fname, 0) for fname in fnames}
        result = {}
        for report in self:
            series = []
            for start in starts[report.id]:
                key = (report.user_id.id, start)
                if key in stored:
                    series.append((start, {fname: stored[key][fname] for fname in fnames}))
                else:
                    series.append((start, computed.get(key)))
            result[report.id] = series
        return result

    def _trend_charts(self):
        """The trend charts of the print: one per trend figure, six months each.

        Each chart: ``key``, ``label`` (in the reader's language), ``money``
        and ``bars``: per month its ``month`` (short name in the reader's
        language), ``actual``, ``target``, ``height`` and ``target_height``
        (0..1 of the chart's height) and ``met`` (None without a target).
        """
        self.ensure_one()
        series = self._trend_figures()[self.id]
        charts = []
        for figure in self._trend_figure_list():
            target_field = figure.report.get("target")
            values = [
                (
                    start,
                    figures and figures[figure.fname],
                    figures and target_field and figures[target_field],
                )
                for start, figures in series
            ]
            top = max([v or 0 for _start, a, t in values for v in (a, t)] + [0]) or 1
            charts.append(
                {
                    "key": figure.key,
                    "label": self.env._(figure.label),
                    "money": figure.unit == "money",
                    "bars": [
                        {
                            "month": format_date(self.env, start, date_format="LLL"),
                            "actual": actual,
                            "target": target or None,
                            "height": (actual or 0) / top,
                            "target_height": (target or 0) / top,
                            "met": (actual >= target) if target else None,
                        }
                        for start, actual, target in values
                    ],
                }
            )
        return charts

    def _department_totals(self):
        """The figures of the reports ``self`` taken together (a department's month).

        Returns (totals, rows): ``totals`` {key: value} is ``combine()`` of
        the members' figures (sums, and the ratios and growths recomputed from
        those sums: a department's coverage is its contacted clients over its
        clients, never a sum or a mean of percentages); ``rows`` are the rows
        of the totals table (``_kpi_row``), one per figure that adds up, with
        the sum of the members' targets where they add up too.
        """
        totals = combine([report._figure_values() for report in self])
        rows = []
        for figure in FIGURES:
            if figure.key not in totals:
                continue
            target = None
            if figure.target == "figure":
                target = totals[figure.target_figure]
            elif "target" in figure.report and figure.combine == "sum":
                target = sum(self.mapped(figure.report["target"]))
            rows.append(self._kpi_row(figure, totals, target))
        return totals, rows

    def _approval_history(self):
        """Who returned the report last and when (from the tracking of the reason)."""
        self.ensure_one()
        field = self.env["ir.model.fields"]._get(self._name, "return_reason")
        tracking = (
            self.env["mail.tracking.value"]
            .sudo()
            .search(
                [
                    ("field_id", "=", field.id),
                    ("mail_message_id.model", "=", self._name),
                    ("mail_message_id.res_id", "=", self.id),
                ],
                order="id desc",
                limit=1,
            )
        )
        message = tracking.mail_message_id
        return {
            "returned_by": message.author_id.name if message else False,
            "returned_on": message.date if message else False,
        }


class ReportDepartmentSummary(models.AbstractModel):
    """The department summary of a set of monthly reports, for heads and the director."""

    _name = "report.corporate_client.report_department_summary"
    _description = "Monthly Reports: Department Summary"

    @api.model
    def _get_report_values(self, docids, data=None):
        reports = self.env["corporate.monthly.report"].browse(docids)
        groups = defaultdict(lambda: self.env["corporate.monthly.report"])
        for report in reports:
            groups[(report.team_id, report.date_from)] |= report
        summaries = []
        for (team, date_from), members in sorted(
            groups.items(), key=lambda item: (item[0][1], item[0][0].name or "")
        ):
            totals, total_rows = members._department_totals()
            execution = [(report, report._plan_execution_pct()) for report in members]
            ranking = sorted(
                execution,
                key=lambda item: (item[1] is None, -(item[1] or 0.0), item[0].user_id.name or ""),
            )
            summaries.append(
                {
                    "ranking": ranking,
                    "month_label": members[:1].month_label,
                    "team": team,
                    "date_from": date_from,
                    "date_to": date_from + relativedelta(day=31),
                    "reports": members.sorted(lambda r: r.user_id.name or ""),
                    "totals": totals,
                    "total_rows": total_rows,
                    "company": members[:1].company_id,
                }
            )
        Report = self.env["corporate.monthly.report"]
        return {
            "doc_ids": docids,
            "doc_model": "corporate.monthly.report",
            "docs": reports,
            "summaries": summaries,
            "kpi_labels": [self.env._(figure.label) for figure in Report._kpi_figures()],
            "today": fields.Date.context_today(self),
        }
