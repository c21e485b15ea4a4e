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
    corporate_contract_check = fields.Selection(
        related="company_id.corporate_contract_check", readonly=False
    )
    corporate_credit_check = fields.Selection(
        related="company_id.corporate_credit_check", readonly=False
    )
    corporate_collection_escalation_days = fields.Integer(
        related="company_id.corporate_collection_escalation_days", readonly=False
    )
    corporate_risky_approval = fields.Boolean(
        related="company_id.corporate_risky_approval", readonly=False
    )
    corporate_risky_approval_mode = fields.Selection(
        related="company_id.corporate_risky_approval_mode", readonly=False
    )
    corporate_greeting_days = fields.Integer(
        related="company_id.corporate_greeting_days", readonly=False
    )
    corporate_complaint_escalation = fields.Boolean(
        related="company_id.corporate_complaint_escalation", readonly=False
    )
    corporate_report_due_day = fields.Integer(
        related="company_id.corporate_report_due_day", readonly=False
    )
    corporate_logistics_user_id = fields.Many2one(
        related="company_id.corporate_logistics_user_id", readonly=False
    )
    corporate_production_group_id = fields.Many2one(
        related="company_id.corporate_production_group_id", readonly=False
    )
    corporate_back_in_stock_email = fields.Boolean(
        related="company_id.corporate_back_in_stock_email", readonly=False
    )
    corporate_reliable_from = fields.Integer(
        related="company_id.corporate_reliable_from", readonly=False
    )
    corporate_watch_from = fields.Integer(related="company_id.corporate_watch_from", readonly=False)
    corporate_weight_payment = fields.Integer(
        related="company_id.corporate_weight_payment", readonly=False
    )
    corporate_weight_overdue = fields.Integer(
        related="company_id.corporate_weight_overdue", readonly=False
    )
    corporate_weight_credit = fields.Integer(
        related="company_id.corporate_weight_credit", readonly=False
    )
    corporate_weight_age = fields.Integer(related="company_id.corporate_weight_age", readonly=False)
    corporate_weight_segment = fields.Integer(
        related="company_id.corporate_weight_segment", readonly=False
    )
    corporate_weight_complaints = fields.Integer(
        related="company_id.corporate_weight_complaints", readonly=False
    )
    corporate_weight_manual = fields.Integer(
        related="company_id.corporate_weight_manual", readonly=False
    )
    corporate_pbx_answered_only = fields.Boolean(
        related="company_id.corporate_pbx_answered_only", readonly=False
    )
    corporate_pbx_min_seconds = fields.Integer(
        related="company_id.corporate_pbx_min_seconds", readonly=False
    )
