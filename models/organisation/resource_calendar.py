from odoo import api, models

# res.company._corporate_calendar_days caches the working days of a calendar:
# a change of a calendar, of its working hours or of its public holidays
# (leaves without a resource) clears it (corporate.cache.clearing).  A
# calendar's time zone is the local day of the users without one: its change
# rebuilds their activity counters.


class ResourceCalendar(models.Model):
    _name = "resource.calendar"
    _inherit = ["resource.calendar", "corporate.cache.clearing"]

    def write(self, vals):
        res = super().write(vals)
        if "tz" in vals:
            # Users without a time zone of their own count their days in the
            # calendar's: their activity counters follow.
            companies = (
                self.env["res.company"].sudo().search([("resource_calendar_id", "in", self.ids)])
            )
            self._corporate_rebuild_counters(companies)
        return res

    @api.model
    def _corporate_rebuild_counters(self, companies):
        """Rebuild the activity counters of the users of ``companies`` who have
        no time zone of their own (they count their days in the calendar's)."""
        users = (
            self.env["res.users"]
            .sudo()
            .with_context(active_test=False)
            .search([("company_id", "in", companies.ids), ("tz", "in", (False, ""))])
        )
        self.env["corporate.activity.counter"]._rebuild_zones_of(users)


class ResourceCalendarAttendance(models.Model):
    _name = "resource.calendar.attendance"
    _inherit = ["resource.calendar.attendance", "corporate.cache.clearing"]


class ResourceCalendarLeaves(models.Model):
    _name = "resource.calendar.leaves"
    _inherit = ["resource.calendar.leaves", "corporate.cache.clearing"]

    def _corporate_clears_cache(self):
        """Public holidays only (leaves without a resource): a person's time off
        changes no working day of the calendar."""
        return any(not leave.resource_id for leave in self)
