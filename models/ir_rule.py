from odoo import fields, models


class IrRule(models.Model):
    _inherit = "ir.rule"

    def _compute_domain_context_values(self):
        """Add today's date to the key of the cached rule domains.

        The corporate rules depend on substitutions, which are periods of
        dates: with the date in the cache key, a substitute gains and loses
        access exactly at the period's boundaries instead of at the next cache
        flush.  Changes to substitutions clear the cache themselves.
        """
        values = super()._compute_domain_context_values()
        return (*values, fields.Date.context_today(self))
