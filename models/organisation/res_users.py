import pytz

from odoo import api, fields, models
from odoo.tools import SQL


class ResUsers(models.Model):
    _inherit = "res.users"

    corporate_team_id = fields.Many2one(
        "crm.team",
        string="Corporate department",
        compute="_compute_corporate_team_id",
        help="The corporate department the user leads or belongs to.",
    )
    corporate_substituted_user_ids = fields.Many2many(
        "res.users",
        string="Currently substituting",
        compute="_compute_corporate_substituted_user_ids",
        compute_sudo=True,
        help="Managers whose clients this user handles today, by a confirmed substitution.",
    )

    @api.depends(
        "crm_team_member_ids.crm_team_id.is_corporate", "crm_team_member_ids.crm_team_id.user_id"
    )
    def _compute_corporate_team_id(self):
        teams = self._origin._corporate_teams()
        for user in self:
            user.corporate_team_id = self.env["crm.team"].browse(teams.get(user._origin.id))

    def _corporate_zones(self):
        """{user_id: pytz zone}: the user's, else their company calendar's, else UTC.

        The one way a user's local day is resolved (figures, quotas, the activity
        counters' triggers do the same in SQL); an unknown zone name counts as UTC.
        """
        # The time zone lives on the partner: read it alone, not the partners'
        # hundred other columns.
        self.fetch(["partner_id", "company_id"])
        self.partner_id.fetch(["tz"])
        zones, by_name = {}, {}
        for user in self:
            name = user.partner_id.tz or user.company_id.resource_calendar_id.tz or "UTC"
            zone = by_name.get(name)
            if zone is None:
                try:
                    zone = by_name[name] = pytz.timezone(name)
                except pytz.UnknownTimeZoneError:
                    zone = by_name[name] = pytz.utc
            zones[user.id] = zone
        return zones

    def _corporate_working_days(self, date_from, date_to, zones=None):
        """{user_id: set of working days} in each user's time zone.

        The company calendar (public holidays excluded,
        ``res.company._corporate_working_days``) is read once per company and
        time zone, not per user; users of a company and zone share the same set.
        """
        zones = zones or self._corporate_zones()
        self.company_id.fetch(["resource_calendar_id"])
        cache = {}
        result = {}
        for user in self:
            key = (user.company_id, zones[user.id].zone)
            if key not in cache:
                cache[key] = set(
                    user.company_id.sudo()._corporate_working_days(date_from, date_to, tz=key[1])
                )
            result[user.id] = cache[key]
        return result

    def _corporate_teams(self):
        """{user_id: corporate team id or None}: the department led, else the one joined.

        The one place that says which department a user belongs to: the card's
        default department, the monthly report's and the department quotas of
        *My day* all read it.  One query for any number of users.
        """
        if not self:
            return {}
        self.env["crm.team"].flush_model(["user_id", "is_corporate", "active"])
        self.env["crm.team.member"].flush_model(["user_id", "crm_team_id", "active"])
        self.env.cr.execute(
            SQL(
                """
                SELECT DISTINCT ON (user_id) user_id, team_id FROM (
                    SELECT t.user_id, t.id AS team_id, 0 AS rank
                      FROM crm_team t
                     WHERE t.is_corporate AND t.active AND t.user_id = ANY(%(users)s)
                     UNION ALL
                    SELECT m.user_id, m.crm_team_id, 1
                      FROM crm_team_member m
                      JOIN crm_team t ON t.id = m.crm_team_id
                     WHERE t.is_corporate AND t.active AND m.active
                       AND m.user_id = ANY(%(users)s)
                ) AS teams
                ORDER BY user_id, rank, team_id
                """,
                users=self.ids,
            )
        )
        teams = dict.fromkeys(self.ids)
        teams.update(dict(self.env.cr.fetchall()))
        return teams

    @api.depends_context("uid")
    def _compute_corporate_substituted_user_ids(self):
        today = fields.Date.context_today(self)
        groups = dict(
            self.env["corporate.substitution"]
            .sudo()
            ._read_group(
                [
                    ("substitute_user_id", "in", self.ids),
                    ("state", "in", ("confirmed", "active")),
                    ("date_from", "<=", today),
                    ("date_to", ">=", today),
                ],
                ["substitute_user_id"],
                ["absent_user_id:recordset"],
            )
        )
        for user in self:
            user.corporate_substituted_user_ids = groups.get(user, self.env["res.users"])

    def _is_corporate_user(self):
        self.ensure_one()
        return self.has_group("corporate_client.group_account_manager")

    def _corporate_sells_both_segments(self):
        """R5 binds account managers and department heads, not directors.

        Directors oversee retail and corporate sales alike (and the
        administrator is made a Director at install, as Odoo makes them Sales
        Administrator): they may be the salesperson of any customer.
        """
        self.ensure_one()
        return self.has_group("corporate_client.group_director")

    def write(self, vals):
        res = super().write(vals)
        if "company_id" in vals:
            # Without a time zone of their own, users count their days in their
            # company calendar's: their activity counters follow (the zone of
            # their partner is followed by res.partner's write).
            self.env["corporate.activity.counter"]._rebuild_zones_of(self)
        return res
