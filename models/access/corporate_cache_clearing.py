from odoo import api, models


class CorporateCacheClearing(models.AbstractModel):
    """Records the engine caches (``tools.ormcache``): their changes clear it.

    Inherited by quotas (``corporate.quota._company_quota_rows``) and by the
    calendars, their hours and public holidays
    (``res.company._corporate_calendar_days``).  ``_corporate_clears_cache``
    tells which records count (all by default).
    """

    _name = "corporate.cache.clearing"
    _description = "Clears the Corporate Clients caches when changed"

    def _corporate_clears_cache(self):
        return bool(self)

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        if records._corporate_clears_cache():
            self.env.registry.clear_cache()
        return records

    def write(self, vals):
        cached = self._corporate_clears_cache()
        res = super().write(vals)
        if cached or self._corporate_clears_cache():
            self.env.registry.clear_cache()
        return res

    def unlink(self):
        # Work on delete, not a refusal (so not an @api.ondelete): the caches
        # are cleared once the records are gone.
        cached = self._corporate_clears_cache()
        res = super().unlink()
        if cached:
            self.env.registry.clear_cache()
        return res
