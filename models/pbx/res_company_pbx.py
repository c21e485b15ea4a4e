from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    # What a call journaled by the phone system counts for (issue 33, R16).
    corporate_pbx_answered_only = fields.Boolean(
        string="Count answered calls only",
        default=True,
        help="Calls the phone system reports as not answered are journaled but do not "
        "count toward the daily call quota.",
    )
    corporate_pbx_min_seconds = fields.Integer(
        string="Minimum call length (s)",
        default=10,
        help="Calls shorter than this (talk time, in seconds) are journaled but do not "
        "count toward the daily call quota.",
    )
