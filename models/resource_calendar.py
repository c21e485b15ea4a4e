from odoo import api, models

# res.company._corporate_calendar_days caches the working days of a calendar:
# a change of a calendar, of its working hours or of its public holidays
# (leaves without a resource) clears it.  A calendar's time zone is the local
# day of the users without one: its change rebuilds their activity counters.


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    def write(self, vals):
        zones = {calendar: calendar.tz for calendar in self} if "tz" in vals else {}
        res = super().write(vals)
        self.env.registry.clear_cache()
        moved = [calendar.id for calendar, tz in zones.items() if calendar.tz != tz]
        if moved:
            # Users without a time zone of their own count their days in the
            # calendar's: their activity counters follow.
            companies = (
                self.env["res.company"].sudo().search([("resource_calendar_id", "in", moved)])
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

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()
        return res


class ResourceCalendarAttendance(models.Model):
    _inherit = "resource.calendar.attendance"

    @api.model_create_multi
    def create(self, vals_list):
        attendances = super().create(vals_list)
        self.env.registry.clear_cache()
        return attendances

    def write(self, vals):
        res = super().write(vals)
        self.env.registry.clear_cache()
        return res

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()
        return res


class ResourceCalendarLeaves(models.Model):
    _inherit = "resource.calendar.leaves"

    def _corporate_public(self):
        """Whether some of these leaves are public holidays (no resource)."""
        return any(not leave.resource_id for leave in self)

    @api.model_create_multi
    def create(self, vals_list):
        leaves = super().create(vals_list)
        if leaves._corporate_public():
            self.env.registry.clear_cache()
        return leaves

    def write(self, vals):
        public = self._corporate_public()
        res = super().write(vals)
        if public or self._corporate_public():
            self.env.registry.clear_cache()
        return res

    def unlink(self):
        public = self._corporate_public()
        res = super().unlink()
        if public:
            self.env.registry.clear_cache()
        return res
