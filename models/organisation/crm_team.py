from odoo import fields, models


class CrmTeam(models.Model):
    _inherit = "crm.team"

    is_corporate = fields.Boolean(
        string="Corporate department",
        help="A department of corporate account managers: its leader is the "
        "department head, its members are account managers.",
    )
    corporate_client_count = fields.Integer(compute="_compute_corporate_client_count")

    def _compute_corporate_client_count(self):
        counts = dict(
            self.env["corporate.client"]._read_group(
                [("team_id", "in", self.ids)], ["team_id"], ["__count"]
            )
        )
        for team in self:
            team.corporate_client_count = counts.get(team, 0)
