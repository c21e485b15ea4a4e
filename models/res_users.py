from odoo import api, fields, models


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

    @api.depends("crm_team_member_ids.crm_team_id.is_corporate")
    def _compute_corporate_team_id(self):
        # Departments led, for all users in one query (crm.team's order: first wins).
        led = {}
        for team in (
            self.env["crm.team"]
            .sudo()
            .search([("is_corporate", "=", True), ("user_id", "in", self.ids)])
        ):
            led.setdefault(team.user_id, team)
        for user in self:
            user.corporate_team_id = (
                led.get(user)
                or user.sudo().crm_team_member_ids.crm_team_id.filtered("is_corporate")[:1]
            )

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
