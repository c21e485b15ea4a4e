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
