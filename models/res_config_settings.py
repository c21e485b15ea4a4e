from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    corporate_separate_retail = fields.Boolean(
        related="company_id.corporate_separate_retail", readonly=False
    )
    corporate_registration_days = fields.Integer(
        related="company_id.corporate_registration_days", readonly=False
    )
    corporate_checkin_days = fields.Integer(
        related="company_id.corporate_checkin_days", readonly=False
    )
    corporate_stale_days = fields.Integer(related="company_id.corporate_stale_days", readonly=False)
    corporate_notify_accounting_ids = fields.Many2many(
        related="company_id.corporate_notify_accounting_ids", readonly=False
    )
    corporate_notify_logistics_ids = fields.Many2many(
        related="company_id.corporate_notify_logistics_ids", readonly=False
    )


class ResConfigSettingsLogistics(models.TransientModel):
    _inherit = "res.config.settings"

    corporate_logistics_user_id = fields.Many2one(
        related="company_id.corporate_logistics_user_id", readonly=False
    )
    corporate_production_group_id = fields.Many2one(
        related="company_id.corporate_production_group_id", readonly=False
    )
    corporate_back_in_stock_email = fields.Boolean(
        related="company_id.corporate_back_in_stock_email", readonly=False
    )
