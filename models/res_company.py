from datetime import datetime, time, timedelta

import pytz

from odoo import fields, models


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

    def _corporate_working_days(self, date_from, date_to, tz=None):
        """Working days between two dates (inclusive) of the company's calendar.

        Public holidays (global leaves of the calendar) are excluded. ``tz`` is
        the time zone the days are counted in (a user's), default the calendar's.
        One call to the calendar whatever the length of the period.
        """
        self.ensure_one()
        if date_to < date_from:
            return []
        calendar = self.resource_calendar_id
        if not calendar:
            return [
                date_from + timedelta(days=n)
                for n in range((date_to - date_from).days + 1)
                if (date_from + timedelta(days=n)).weekday() < 5
            ]
        zone = pytz.timezone(tz or calendar.tz or "UTC")
        start = zone.localize(datetime.combine(date_from, time.min))
        stop = zone.localize(datetime.combine(date_to, time.max))
        intervals = calendar._work_intervals_batch(start, stop, tz=zone)[False]
        return sorted({begin.astimezone(zone).date() for begin, _end, _rec in intervals})


class ResCompanyLogistics(models.Model):
    _inherit = "res.company"

    corporate_logistics_user_id = fields.Many2one(
        "res.users",
        string="Default logistics manager",
        domain=lambda self: [
            ("share", "=", False),
            ("groups_id", "in", self.env.ref("stock.group_stock_user").ids),
        ],
        help="Receives the supply requests of account managers unless they choose "
        "another logistics manager (R28).",
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
