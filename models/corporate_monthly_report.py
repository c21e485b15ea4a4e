import functools
import subprocess
from collections import defaultdict
from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.addons.base.models.ir_actions_report import _get_wkhtmltopdf_bin
from odoo.exceptions import UserError
from odoo.tools import format_date

from .corporate_figure import INTERACTION_METRICS, ratio

# The figures of the report are its fields declared with ``figure=``:
# - "sum": frozen in the snapshot and summed over a department;
# - "frozen": frozen in the snapshot (ratios, targets of a person, links).
# Daily-quota metrics add ``quota_row=True`` on their ``<metric>_count`` field:
# the report then shows ``<metric>_count``, ``_target``, ``_days_met`` and
# ``_pct`` as a quota row, all four filled from ``corporate.quota``'s engine.
FIGURE_KINDS = ("sum", "frozen")

# Months the printed report draws in its trend charts (the report's month included).
TREND_MONTHS = 6
# The KPIs drawn as trend charts: (count field, target field).
TREND_KPIS = (
    ("calls_count", "calls_target"),
    ("email_offers_count", "email_offers_target"),
    ("phone_offers_count", "phone_offers_target"),
    ("turnover", "turnover_target"),
)


def _pct(actual, target):
    return round(100.0 * actual / target, 1) if target else 0.0


def _growth(current, before):
    return round(100.0 * (current - before) / abs(before), 1) if before else 0.0


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


def _as_date(value):
    return value.date() if isinstance(value, datetime) else value


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
        string="Month",
        required=True,
        default=lambda self: (
            fields.Date.context_today(self).replace(day=1) - relativedelta(months=1)
        ),
        index=True,
    )
    date_to = fields.Date(compute="_compute_dates", store=True)
    date_due = fields.Date(string="Due", compute="_compute_dates", store=True)
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
    working_days = fields.Integer(readonly=True, figure="frozen")
    calls_count = fields.Integer(string="Calls", readonly=True, figure="sum", quota_row=True)
    calls_target = fields.Integer(
        string="Calls target", readonly=True, aggregator="sum", figure="sum"
    )
    calls_days_met = fields.Integer(string="Days calls quota met", readonly=True, figure="frozen")
    calls_pct = fields.Float(string="Calls %", readonly=True, aggregator="avg", figure="frozen")
    email_offers_count = fields.Integer(
        string="Email offers", readonly=True, figure="sum", quota_row=True
    )
    email_offers_target = fields.Integer(string="Email offers target", readonly=True, figure="sum")
    email_offers_days_met = fields.Integer(
        string="Days email quota met", readonly=True, figure="frozen"
    )
    email_offers_pct = fields.Float(
        string="Email offers %", readonly=True, aggregator="avg", figure="frozen"
    )
    phone_offers_count = fields.Integer(
        string="Phone offers", readonly=True, figure="sum", quota_row=True
    )
    phone_offers_target = fields.Integer(string="Phone offers target", readonly=True, figure="sum")
    phone_offers_days_met = fields.Integer(
        string="Days phone quota met", readonly=True, figure="frozen"
    )
    phone_offers_pct = fields.Float(
        string="Phone offers %", readonly=True, aggregator="avg", figure="frozen"
    )
    meetings_count = fields.Integer(string="Meetings and visits", readonly=True, figure="sum")
    other_interactions_count = fields.Integer(
        string="Other interactions", readonly=True, figure="sum"
    )
    interaction_count = fields.Integer(string="Interactions", readonly=True, figure="sum")
    client_count = fields.Integer(string="Clients", readonly=True, figure="sum")
    contacted_client_count = fields.Integer(string="Clients contacted", readonly=True, figure="sum")
    checkin_coverage = fields.Float(
        string="Check-in coverage %", readonly=True, aggregator="avg", figure="frozen"
    )
    checkin_target = fields.Float(
        string="Check-in target %", readonly=True, aggregator="avg", figure="frozen"
    )
    new_prospects = fields.Integer(readonly=True, figure="sum")
    new_prospects_target = fields.Integer(
        string="New prospects target", readonly=True, figure="sum"
    )
    search_plan_pct = fields.Float(
        string="Client-search plan %", readonly=True, aggregator="avg", figure="frozen"
    )
    new_contracts = fields.Integer(string="Contracts with new clients", readonly=True, figure="sum")
    new_contracts_target = fields.Integer(
        string="New contracts target", readonly=True, figure="sum"
    )
    new_contracts_pct = fields.Float(
        string="New contracts %", readonly=True, aggregator="avg", figure="frozen"
    )
    turnover = fields.Monetary(readonly=True, figure="sum")
    turnover_previous = fields.Monetary(string="Turnover month before", readonly=True, figure="sum")
    turnover_last_year = fields.Monetary(
        string="Turnover a year before", readonly=True, figure="sum"
    )
    turnover_target = fields.Monetary(readonly=True, figure="sum")
    turnover_pct = fields.Float(
        string="Turnover plan %", readonly=True, aggregator="avg", figure="frozen"
    )
    growth_previous_pct = fields.Float(
        string="Growth vs month before %", readonly=True, aggregator="avg", figure="frozen"
    )
    growth_last_year_pct = fields.Float(
        string="Growth vs a year before %", readonly=True, aggregator="avg", figure="frozen"
    )
    receivable_end = fields.Monetary(string="Receivables at month end", readonly=True, figure="sum")
    collected = fields.Monetary(string="Collected in the month", readonly=True, figure="sum")
    cards_due = fields.Integer(string="Cards due for registration", readonly=True, figure="sum")
    cards_on_time = fields.Integer(string="Cards registered on time", readonly=True, figure="sum")
    registration_pct = fields.Float(
        string="Timely registration %", readonly=True, aggregator="avg", figure="frozen"
    )
    complaints_opened = fields.Integer(readonly=True, figure="sum")
    complaints_resolved = fields.Integer(readonly=True, figure="sum")
    logistics_requests = fields.Integer(string="Supply requests", readonly=True, figure="sum")

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
        # ``figure`` and ``quota_row`` declare the report's figures (see FIGURE_KINDS).
        return name in ("figure", "quota_row") or super()._valid_field_parameter(field, name)

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

    def _collect_figures(self, company, date_from):
        """{user_id: {field: value}} for the managers of ``self``, one month, in batch.

        The activity figures are those of *My day* and *Team progress*: the same
        engine (``corporate.figure._activity_summary``, ``_portfolio_coverage``,
        ``_count_in_local_period``) over the month, in each manager's time zone.
        Every source is read with grouped queries over all the managers at
        once, so the cost does not grow with the number of records read.
        """
        date_to = date_from + relativedelta(day=31)
        users = self.user_id
        result = {user.id: {} for user in users}
        self._collect_activity(users, date_from, date_to, result)
        self._collect_clients(users, date_from, date_to, result)
        self._collect_accounting(company, users, date_from, date_to, result)
        self._collect_care(users, date_from, date_to, result)
        plans = {
            plan.user_id.id: plan
            for plan in self.env["corporate.plan"]
            .sudo()
            .search([("user_id", "in", users.ids), ("date_from", "=", date_from)])
        }
        month_targets = self.env["corporate.quota"].sudo()._targets_for(users, "month", date_from)
        for user in users:
            vals = result[user.id]
            plan = plans.get(user.id)
            targets = month_targets.get(user.id, {})
            vals["plan_id"] = plan.id if plan else False
            vals["new_prospects_target"] = (
                plan.target_prospects if plan else int(targets.get("new_prospects", 0))
            )
            vals["new_contracts_target"] = (
                plan.target_new_contracts if plan else int(targets.get("new_contracts", 0))
            )
            vals["turnover_target"] = plan.target_turnover if plan else 0.0
            vals["checkin_target"] = targets.get("checkin_coverage", 100.0)
            vals["search_plan_pct"] = _pct(vals["new_prospects"], vals["new_prospects_target"])
            vals["new_contracts_pct"] = _pct(vals["new_contracts"], vals["new_contracts_target"])
            vals["turnover_pct"] = _pct(vals["turnover"], vals["turnover_target"])
        return result

    @api.model
    def _quota_metrics(self):
        """The daily-quota metrics shown as quota rows (fields with ``quota_row``)."""
        return [
            fname.removesuffix("_count")
            for fname, field in self._fields.items()
            if getattr(field, "quota_row", False)
        ]

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

    def _collect_activity(self, users, date_from, date_to, result):
        """Interactions and daily quotas (R16-R18), prospects found: the sums of the
        month's days of ``corporate.figure._activity_summary``, as on *My day*."""
        summary = self.env["corporate.figure"].sudo()._activity_summary(users, date_from, date_to)
        for user in users:
            vals, month = result[user.id], summary[user.id]
            totals = month["totals"]
            vals["working_days"] = len(month["working_days"])
            for metric in self._quota_metrics():
                count, target = totals[metric], round(month["targets"][metric])
                vals[f"{metric}_count"] = count
                vals[f"{metric}_target"] = target
                vals[f"{metric}_pct"] = _pct(count, target)
                vals[f"{metric}_days_met"] = month["days_met"][metric]
            vals["meetings_count"] = totals["meetings"]
            vals["other_interactions_count"] = totals["other_interactions"]
            vals["interaction_count"] = sum(totals[metric] for metric in INTERACTION_METRICS)
            vals["new_prospects"] = totals["new_prospects"]

    def _collect_clients(self, users, date_from, date_to, result):
        """Check-in coverage (R7) and timely card registration (R30)."""
        Quota = self.env["corporate.figure"].sudo()
        coverage = Quota._portfolio_coverage(users, date_from, date_to)
        Client = self.env["corporate.client"].sudo().with_context(active_test=False)
        due = Quota._count_in_local_period(
            Client, users, "registration_deadline", date_from, date_to
        )
        on_time = Quota._count_in_local_period(
            Client,
            users,
            "registration_deadline",
            date_from,
            date_to,
            [("registered_on_time", "=", True)],
        )
        for user in users:
            vals = result[user.id]
            cards, covered = coverage[user.id]
            vals["client_count"] = cards
            vals["contacted_client_count"] = covered
            vals["checkin_coverage"] = ratio(covered, cards, 100.0)
            vals["cards_due"] = due[user.id]
            vals["cards_on_time"] = on_time[user.id]
            vals["registration_pct"] = (
                _pct(on_time[user.id], due[user.id]) if due[user.id] else 100.0
            )

    def _collect_accounting(self, company, users, date_from, date_to, result):
        """Turnover, receivables and collections of the managers' clients (R8, R9, R30).

        A manager's figures are those of the companies of the client cards they
        manage: an invoice counts for the card's manager whoever typed it in.
        Turnover is posted customer invoices minus refunds, untaxed, in company
        currency.  Receivables at month end are the balance of the receivable
        lines posted up to that day; collected is the credit of receivable lines
        of payments and bank reconciliations (journal entries) in the month.
        """
        # The ids only: search_read would compute 5,000 partners' display names.
        cards = (
            self.env["corporate.client"]
            .sudo()
            .with_context(active_test=False)
            .search_fetch([("user_id", "in", users.ids)], ["partner_id", "user_id"])
        )
        owner = {card.partner_id.id: card.user_id.id for card in cards}
        for user in users:
            result[user.id].update(
                turnover=0.0,
                turnover_previous=0.0,
                turnover_last_year=0.0,
                receivable_end=0.0,
                collected=0.0,
            )
        if not owner:
            self._growth(users, result)
            return
        partners = list(owner)
        previous = date_from - relativedelta(months=1)
        last_year = date_from - relativedelta(years=1)
        keys = {
            date_from: "turnover",
            previous: "turnover_previous",
            last_year: "turnover_last_year",
        }
        month_domains = [
            [
                "&",
                ("invoice_date", ">=", start),
                ("invoice_date", "<=", start + relativedelta(day=31)),
            ]
            for start in keys
        ]
        period = ["|", "|", *month_domains[0], *month_domains[1], *month_domains[2]]
        invoices = (
            self.env["account.move"]
            .sudo()
            ._read_group(
                [
                    ("company_id", "=", company.id),
                    ("state", "=", "posted"),
                    ("move_type", "in", ("out_invoice", "out_refund")),
                    ("commercial_partner_id", "in", partners),
                    *period,
                ],
                ["commercial_partner_id", "invoice_date:month"],
                ["amount_untaxed_signed:sum"],
            )
        )
        for partner, month, amount in invoices:
            key = keys.get(_as_date(month))
            if key:
                result[owner[partner.id]][key] += amount
        Line = self.env["account.move.line"].sudo()
        receivable = [
            ("company_id", "=", company.id),
            ("parent_state", "=", "posted"),
            ("account_id.account_type", "=", "asset_receivable"),
            ("partner_id", "in", partners),
        ]
        for partner, balance in Line._read_group(
            [*receivable, ("date", "<=", date_to)], ["partner_id"], ["balance:sum"]
        ):
            result[owner[partner.id]]["receivable_end"] += balance
        for partner, credit in Line._read_group(
            [
                *receivable,
                ("date", ">=", date_from),
                ("date", "<=", date_to),
                ("move_id.move_type", "=", "entry"),
                ("credit", ">", 0),
            ],
            ["partner_id"],
            ["credit:sum"],
        ):
            result[owner[partner.id]]["collected"] += credit
        self._growth(users, result)

    @api.model
    def _growth(self, users, result):
        for user in users:
            vals = result[user.id]
            vals["growth_previous_pct"] = _growth(vals["turnover"], vals["turnover_previous"])
            vals["growth_last_year_pct"] = _growth(vals["turnover"], vals["turnover_last_year"])

    def _collect_care(self, users, date_from, date_to, result):
        """Contracts with new clients (R19), complaints (R24), supply requests (R28)."""
        Quota = self.env["corporate.figure"].sudo()
        contracts = (
            self.env["corporate.contract"]
            .sudo()
            ._count_new_client_contracts(users, date_from, date_to)
        )
        Complaint = self.env["corporate.complaint"].sudo()
        opened = Quota._count_in_local_period(Complaint, users, "date_opened", date_from, date_to)
        resolved = Quota._count_in_local_period(
            Complaint,
            users,
            "date_resolved",
            date_from,
            date_to,
            [("state", "in", ("resolved", "closed"))],
        )
        Request = self.env["corporate.logistics.request"].sudo()
        submitted = Quota._count_in_local_period(
            Request, users, "date_submitted", date_from, date_to
        )
        unsent = Quota._count_in_local_period(
            Request, users, "create_date", date_from, date_to, [("date_submitted", "=", False)]
        )
        for user in users:
            vals = result[user.id]
            vals["new_contracts"] = contracts[user.id]
            vals["complaints_opened"] = opened[user.id]
            vals["complaints_resolved"] = resolved[user.id]
            vals["logistics_requests"] = submitted[user.id] + unsent[user.id]

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
        """(label, actual, target, days met, %) of each daily quota, for the bars."""
        self.ensure_one()
        return [
            (
                self._fields[f"{metric}_count"]._description_string(self.env),
                self[f"{metric}_count"],
                self[f"{metric}_target"],
                self[f"{metric}_days_met"],
                self[f"{metric}_pct"],
            )
            for metric in self._quota_metrics()
        ]

    @api.model
    def _letterhead_in_body(self):
        """Print the company's letterhead in the page body when wkhtmltopdf
        cannot draw the layout's header and footer."""
        return not _wkhtmltopdf_draws_headers()

    def _month_label(self):
        """The report's month in the reader's language ("October 2026")."""
        self.ensure_one()
        return format_date(self.env, self.date_from, date_format="LLLL yyyy")

    @api.model
    def _kpi_status_labels(self):
        return {
            "met": self.env._("Met"),
            "behind": self.env._("Behind"),
            "no_target": self.env._("No target"),
            "no_data": self.env._("No data"),
        }

    def _report_kpis(self):
        """The rows of the printed KPI table, read from the report's frozen figures.

        Each row: ``label``, ``help``, ``target``, ``actual``, ``pct`` (None
        when there is no target or no data), ``status`` (met / behind /
        no_target / no_data), ``status_label``, ``kind`` (count / percent /
        money).
        """
        self.ensure_one()
        labels = self._kpi_status_labels()
        coverage_pct = (
            _pct(self.checkin_coverage, self.checkin_target) if self.checkin_target else 0.0
        )
        rows = [
            # (label, help, target, actual, pct, kind, has data)
            (
                self.env._("Calls"),
                self.env._(
                    "Calls logged in the month; target: the daily call quota of each working day."
                ),
                self.calls_target,
                self.calls_count,
                self.calls_pct,
                "count",
                True,
            ),
            (
                self.env._("Commercial offers by email"),
                self.env._("Offers sent by email; target: the daily quota of each working day."),
                self.email_offers_target,
                self.email_offers_count,
                self.email_offers_pct,
                "count",
                True,
            ),
            (
                self.env._("Offers by phone"),
                self.env._("Offers made by phone; target: the daily quota of each working day."),
                self.phone_offers_target,
                self.phone_offers_count,
                self.phone_offers_pct,
                "count",
                True,
            ),
            (
                self.env._("Check-in coverage"),
                self.env._("Share of the portfolio's clients contacted in the month."),
                self.checkin_target,
                self.checkin_coverage,
                coverage_pct,
                "percent",
                bool(self.client_count),
            ),
            (
                self.env._("New prospects"),
                self.env._("Prospective clients found (the client-search plan of the work plan)."),
                self.new_prospects_target,
                self.new_prospects,
                self.search_plan_pct,
                "count",
                True,
            ),
            (
                self.env._("Contracts with new clients"),
                self.env._("Contracts signed with clients new to the company."),
                self.new_contracts_target,
                self.new_contracts,
                self.new_contracts_pct,
                "count",
                True,
            ),
            (
                self.env._("Turnover"),
                self.env._(
                    "Invoiced turnover without taxes, refunds deducted; target: the work plan."
                ),
                self.turnover_target,
                self.turnover,
                self.turnover_pct,
                "money",
                True,
            ),
            (
                self.env._("Cards registered on time"),
                self.env._(
                    "Client cards due for registration in the month and registered in time."
                ),
                self.cards_due,
                self.cards_on_time,
                self.registration_pct,
                "count",
                bool(self.cards_due),
            ),
        ]
        result = []
        for label, help_text, target, actual, pct, kind, has_data in rows:
            if not has_data:
                status = "no_data"
            elif not target:
                status = "no_target"
            else:
                status = "met" if actual >= target else "behind"
            result.append(
                {
                    "label": label,
                    "help": help_text,
                    "target": target or None,
                    "actual": actual if has_data else None,
                    "pct": pct if status in ("met", "behind") else None,
                    "status": status,
                    "status_label": labels[status],
                    "kind": kind,
                }
            )
        return result

    def _plan_execution_pct(self):
        """Mean % of the KPIs that have a target and data, each counted up to 100 %.

        None when no KPI has a target: the department summary ranks by it.
        """
        self.ensure_one()
        pcts = [min(100.0, row["pct"]) for row in self._report_kpis() if row["pct"] is not None]
        return round(sum(pcts) / len(pcts), 1) if pcts else None

    def _trend_figures(self, months=TREND_MONTHS):
        """{report id: [(month start, figures or None)]}, oldest month first.

        A month with a report of the manager shows that report's snapshot; a
        month without one shows what its report would hold, from the same
        engine (``_collect_figures``), computed for the print and not stored.
        """
        fnames = [fname for pair in TREND_KPIS for fname in pair]
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
        for (company, start), reports in missing.items():
            for user_id, vals in reports.sudo()._collect_figures(company, start).items():
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
        """The trend charts of the print: one per main KPI, six months each.

        Each chart: ``label``, ``money`` and ``bars``: per month its
        ``month`` (short name in the reader's language), ``actual``,
        ``target``, ``height`` and ``target_height`` (0..1 of the chart's
        height) and ``met`` (None without a target).
        """
        self.ensure_one()
        series = self._trend_figures()[self.id]
        charts = []
        for count_field, target_field in TREND_KPIS:
            values = [
                (start, figures and figures[count_field], figures and figures[target_field])
                for start, figures in series
            ]
            top = max([v or 0 for _start, a, t in values for v in (a, t)] + [0]) or 1
            charts.append(
                {
                    "label": self._fields[count_field]._description_string(self.env),
                    "money": count_field == "turnover",
                    "bars": [
                        {
                            "month": format_date(self.env, start, date_format="LLL"),
                            "actual": actual,
                            "target": target,
                            "height": (actual or 0) / top,
                            "target_height": (target or 0) / top,
                            "met": (actual >= target) if target else None,
                        }
                        for start, actual, target in values
                    ],
                }
            )
        return charts

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
            totals = {fname: sum(members.mapped(fname)) for fname in members._figure_fields("sum")}
            totals["growth_previous_pct"] = _growth(totals["turnover"], totals["turnover_previous"])
            totals["growth_last_year_pct"] = _growth(
                totals["turnover"], totals["turnover_last_year"]
            )
            totals["checkin_coverage"] = ratio(
                totals["contacted_client_count"], totals["client_count"], 100.0
            )
            execution = [(report, report._plan_execution_pct()) for report in members]
            ranking = sorted(
                execution,
                key=lambda item: (item[1] is None, -(item[1] or 0.0), item[0].user_id.name or ""),
            )
            summaries.append(
                {
                    "ranking": ranking,
                    "month_label": format_date(self.env, date_from, date_format="LLLL yyyy"),
                    "team": team,
                    "date_from": date_from,
                    "date_to": date_from + relativedelta(day=31),
                    "reports": members.sorted(lambda r: r.user_id.name or ""),
                    "totals": totals,
                    "company": members[:1].company_id,
                }
            )
        return {
            "doc_ids": docids,
            "doc_model": "corporate.monthly.report",
            "docs": reports,
            "summaries": summaries,
            "today": fields.Date.context_today(self),
        }
