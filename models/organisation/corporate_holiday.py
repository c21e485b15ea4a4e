import calendar

from odoo import api, fields, models
from odoo.exceptions import ValidationError

MONTHS = [
    ("1", "January"),
    ("2", "February"),
    ("3", "March"),
    ("4", "April"),
    ("5", "May"),
    ("6", "June"),
    ("7", "July"),
    ("8", "August"),
    ("9", "September"),
    ("10", "October"),
    ("11", "November"),
    ("12", "December"),
]


class CorporateHoliday(models.Model):
    """A professional or national holiday on which clients are greeted (R14)."""

    _name = "corporate.holiday"
    _description = "Professional Holiday"
    _order = "month_number, day, name"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    holiday_type = fields.Selection(
        [("professional", "Professional"), ("national", "National")],
        string="Type",
        required=True,
        default="professional",
    )
    day = fields.Integer(required=True, default=1)
    month = fields.Selection(MONTHS, required=True, default="1")
    month_number = fields.Integer(compute="_compute_month_number", store=True)
    industry_ids = fields.Many2many(
        "res.partner.industry",
        "corporate_holiday_industry_rel",
        "holiday_id",
        "industry_id",
        string="Industries",
        help="Clients of these industries are greeted; leave empty to greet every client.",
    )
    company_id = fields.Many2one("res.company", help="Leave empty to use it in every company.")
    note = fields.Text()

    @api.depends("month")
    def _compute_month_number(self):
        for holiday in self:
            holiday.month_number = int(holiday.month or 0)

    @api.constrains("day", "month")
    def _check_day(self):
        for holiday in self:
            # A leap year, so that 29 February is accepted.
            last = calendar.monthrange(2024, int(holiday.month))[1]
            if not 1 <= holiday.day <= last:
                raise ValidationError(
                    self.env._(
                        "%(name)s: day %(day)s does not exist in %(month)s (1 to %(last)s).",
                        name=holiday.name,
                        day=holiday.day,
                        month=dict(MONTHS)[holiday.month],
                        last=last,
                    )
                )

    def _applies_to(self, card):
        self.ensure_one()
        if self.company_id and card.company_id and self.company_id != card.company_id:
            return False
        return not self.industry_ids or card.industry_id in self.industry_ids
