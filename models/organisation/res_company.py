from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError

RELIABILITY_WEIGHT_FIELDS = {
    "payment": "corporate_weight_payment",
    "overdue": "corporate_weight_overdue",
    "credit": "corporate_weight_credit",
    "age": "corporate_weight_age",
    "segment": "corporate_weight_segment",
    "complaints": "corporate_weight_complaints",
    "manual": "corporate_weight_manual",
}
RELIABILITY_SETTING_FIELDS = {
    "corporate_reliable_from",
    "corporate_watch_from",
    *RELIABILITY_WEIGHT_FIELDS.values(),
}


class ResCompany(models.Model):
    _inherit = "res.company"

    corporate_separate_retail = fields.Boolean(
        string="Separate retail and corporate sales",
        help="Account managers may not sell to retail customers, and salespeople "
        "outside the corporate groups may not take corporate clients.",
    )
    corporate_registration_days = fields.Integer(
        string="Card registration delay (working days)",
        default=2,
        help="A new client card counts as registered on time when it is registered "
        "within this many working days of its creation.",
    )
    corporate_checkin_days = fields.Integer(
        string="Check-in interval (days)",
        default=30,
        help="Every client must be contacted at least once in this many days.",
    )
    corporate_stale_days = fields.Integer(
        string="Card freshness (days)",
        default=30,
        help="A card not updated for this many days is listed as stale.",
    )
    corporate_notify_accounting_ids = fields.Many2many(
        "res.users",
        "res_company_corporate_notify_accounting_rel",
        "company_id",
        "user_id",
        string="Accounting recipients",
        help="Notified when a new client card is registered.",
    )
    corporate_notify_logistics_ids = fields.Many2many(
        "res.users",
        "res_company_corporate_notify_logistics_rel",
        "company_id",
        "user_id",
        string="Logistics recipients",
        help="Notified when a new client card is registered.",
    )

    # ------------------------------------------------------------------ time
    # One rule for "today" (see CONTRIBUTING.md, "Dates and time zones"): a
    # user's today is fields.Date.context_today in the user's time zone; a
    # scheduled job's today is the company's, in the time zone of its working
    # calendar.  Never the server's UTC date.
    def _corporate_tz(self):
        """The company's time zone: its working calendar's, else its address's."""
        self.ensure_one()
        return self.resource_calendar_id.tz or self.partner_id.tz or "UTC"

    def _corporate_today(self):
        """Today in the company's time zone: the day of its scheduled jobs."""
        self.ensure_one()
        return fields.Date.context_today(self.with_context(tz=self._corporate_tz()))

    def _corporate_local_date(self, moment):
        """The company's local date of a naive UTC datetime."""
        self.ensure_one()
        return fields.Date.context_today(self.with_context(tz=self._corporate_tz()), moment)

    def _corporate_end_of_day(self, day):
        """Naive UTC datetime of the last second of ``day`` in the company's time zone."""
        self.ensure_one()
        zone = pytz.timezone(self._corporate_tz())
        local = zone.localize(datetime.combine(day, time.max).replace(microsecond=0))
        return local.astimezone(pytz.utc).replace(tzinfo=None)

    def _corporate_working_days(self, date_from, date_to, tz=None):
        """Working days between two dates (inclusive) of the company's calendar.

        Public holidays (global leaves of the calendar) are excluded. ``tz`` is
        the time zone the days are counted in (a user's), default the calendar's.
        One call to the calendar whatever the length of the period, cached
        until a calendar, its hours or its public holidays change
        (``resource.calendar``).
        """
        self.ensure_one()
        if date_to < date_from:
            return []
        calendar = self.resource_calendar_id
        return list(
            self._corporate_calendar_days(
                calendar.id, tz or calendar.tz or "UTC", date_from, date_to
            )
        )

    @api.model
    @tools.ormcache("calendar_id", "tz", "date_from", "date_to")
    def _corporate_calendar_days(self, calendar_id, tz, date_from, date_to):
        """The working days (a sorted tuple) of a calendar (Monday to Friday
        without one) in the time zone ``tz``."""
        if not calendar_id:
            return tuple(
                date_from + timedelta(days=n)
                for n in range((date_to - date_from).days + 1)
                if (date_from + timedelta(days=n)).weekday() < 5
            )
        calendar = self.env["resource.calendar"].sudo().browse(calendar_id)
        zone = pytz.timezone(tz)
        start = zone.localize(datetime.combine(date_from, time.min))
        stop = zone.localize(datetime.combine(date_to, time.max))
        intervals = calendar._work_intervals_batch(start, stop, tz=zone)[False]
        return tuple(sorted({begin.astimezone(zone).date() for begin, _end, _rec in intervals}))

    corporate_contract_check = fields.Selection(
        [("none", "No check"), ("warn", "Warn"), ("block", "Block")],
        string="Orders without a contract in force",
        default="warn",
        required=True,
        help="Confirming an order for a corporate client with no signed contract, or an "
        "expired one: warn (note on the order) or block.",
    )
    corporate_credit_check = fields.Selection(
        [("none", "No check"), ("warn", "Warn"), ("block", "Block")],
        string="Orders beyond the credit limit",
        default="warn",
        required=True,
        help="Confirming an order that takes the client beyond its credit limit "
        "(receivable + uninvoiced orders + this order): warn or block.",
    )
    corporate_collection_escalation_days = fields.Integer(
        string="Escalate collection after (days)",
        default=15,
        help="An invoice overdue for this many days is escalated to the department head.",
    )
    corporate_risky_approval_mode = fields.Selection(
        [
            ("off", "Off"),
            ("notify", "Notify the department head"),
            ("block", "Block until approved"),
        ],
        string="Orders of risky clients",
        default="block",
        required=True,
        help="Off: no check. Notify: the order is confirmed and the client's department "
        "head (else the director) is told. Block: the order waits for the department "
        "head's (else the director's) approval. A company that already had orders when "
        "the addon was installed starts with 'Notify' (go-live).",
    )
    corporate_risky_approval = fields.Boolean(
        string="Head approves orders of risky clients",
        compute="_compute_corporate_risky_approval",
        inverse="_inverse_corporate_risky_approval",
        help="Orders of clients rated risky need the department head's approval "
        "(shortcut for the 'Block' mode of 'Orders of risky clients').",
    )

    # Reliability forecast (R12): class thresholds on the 0-100 score and the
    # weight of each factor (factors without data are left out and the others
    # share the weight, so a prospect is scored on what is known).
    corporate_reliable_from = fields.Integer(
        string="Reliable from (score)",
        default=70,
        help="Clients scoring at least this much are reliable.",
    )
    corporate_watch_from = fields.Integer(
        string="Watch from (score)",
        default=40,
        help="Clients scoring at least this much, and less than the reliable "
        "threshold, are to watch; below, they are risky.",
    )
    corporate_weight_payment = fields.Integer(
        string="Weight: payment behaviour",
        default=30,
        help="Average days late over the instalments due in the last 12 months.",
    )
    corporate_weight_overdue = fields.Integer(
        string="Weight: overdue ratio",
        default=25,
        help="Share of the open debt that is overdue.",
    )
    corporate_weight_credit = fields.Integer(
        string="Weight: credit usage", default=15, help="Receivable against the credit limit."
    )
    corporate_weight_age = fields.Integer(
        string="Weight: company age", default=10, help="Years since the client's founding."
    )
    corporate_weight_segment = fields.Integer(
        string="Weight: segment", default=10, help="State-owned, large, medium or small."
    )
    corporate_weight_complaints = fields.Integer(
        string="Weight: complaints", default=10, help="Complaints of the last 12 months."
    )
    corporate_weight_manual = fields.Integer(
        string="Weight: manual assessment",
        default=20,
        help="The account manager's own assessment, when there is one.",
    )

    @api.constrains(
        "corporate_reliable_from",
        "corporate_watch_from",
        *RELIABILITY_WEIGHT_FIELDS.values(),
    )
    def _check_corporate_reliability_settings(self):
        for company in self:
            if not 0 <= company.corporate_watch_from <= company.corporate_reliable_from <= 100:
                raise ValidationError(
                    self.env._(
                        "Reliability thresholds: 0 <= watch <= reliable <= 100 "
                        "(now watch from %(watch)s, reliable from %(reliable)s).",
                        watch=company.corporate_watch_from,
                        reliable=company.corporate_reliable_from,
                    )
                )
            weights = company._corporate_reliability_weights()
            if min(weights.values()) < 0 or not sum(weights.values()):
                raise ValidationError(
                    self.env._(
                        "Reliability weights cannot be negative and at least one must be positive."
                    )
                )

    def _corporate_reliability_weights(self):
        """{factor key: weight} of the reliability score."""
        self.ensure_one()
        return {key: self[fname] for key, fname in RELIABILITY_WEIGHT_FIELDS.items()}

    def write(self, vals):
        fnames = sorted(RELIABILITY_SETTING_FIELDS.intersection(vals))
        before = {company.id: [company[f] for f in fnames] for company in self} if fnames else {}
        res = super().write(vals)
        if "resource_calendar_id" in vals:
            # Users without a time zone of their own count their days in the
            # calendar's: their activity counters follow.
            self.env["resource.calendar"]._corporate_rebuild_counters(self)
        changed = self.filtered(lambda c: before and before[c.id] != [c[f] for f in fnames])
        if changed:
            # Stored classes follow the new thresholds and weights at once
            # (saving the settings rewrites every field: only real changes count).
            self.env["corporate.client"].sudo().with_context(active_test=False).search(
                [("company_id", "in", [*changed.ids, False])]
            )._corporate_refresh_reliability()
        return res

    # Relationship care (R14, R24)
    corporate_greeting_days = fields.Integer(
        string="Greeting notice (days)",
        default=3,
        help="Account managers get their greeting activity this many days before the "
        "birthday, founding anniversary or holiday.",
    )
    corporate_complaint_escalation = fields.Boolean(
        string="Escalate overdue complaints",
        default=True,
        help="Complaints still open after their deadline are escalated to the department head.",
    )
    corporate_report_due_day = fields.Integer(
        string="Monthly report due day",
        default=3,
        help="Day of the month by which account managers submit the report of the "
        "month before; reminders are sent the day before and on that day.",
    )

    @api.constrains("corporate_report_due_day")
    def _check_corporate_report_due_day(self):
        for company in self:
            if not 1 <= company.corporate_report_due_day <= 28:
                raise ValidationError(
                    self.env._("The monthly report due day must be between 1 and 28.")
                )

    # Supply requests (R28)
    corporate_logistics_user_id = fields.Many2one(
        "res.users",
        string="Default logistics manager",
        domain=lambda self: [
            ("share", "=", False),
            ("groups_id", "in", self.env.ref("stock.group_stock_user").ids),
        ],
        help="Receives the supply requests of account managers unless they choose "
        "another logistics manager.",
    )
    corporate_production_group_id = fields.Many2one(
        "res.groups",
        string="Production specialists",
        help="Users of this group follow the supply requests that involve production.",
    )
    corporate_back_in_stock_email = fields.Boolean(
        string="Email clients when back in stock",
        help="When received goods cover a supply request, the client's authorised "
        "person gets an email at once, besides the account manager's activity.",
    )

    @api.depends("corporate_risky_approval_mode")
    def _compute_corporate_risky_approval(self):
        for company in self:
            company.corporate_risky_approval = company.corporate_risky_approval_mode == "block"

    def _inverse_corporate_risky_approval(self):
        for company in self:
            if company.corporate_risky_approval:
                company.corporate_risky_approval_mode = "block"
            elif company.corporate_risky_approval_mode == "block":
                company.corporate_risky_approval_mode = "off"
