from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CorporateClientCompetitor(models.Model):
    """A competitor serving a client (R13)."""

    _name = "corporate.client.competitor"
    _description = "Competitor Serving a Client"
    _inherit = ["corporate.client.document"]
    _order = "client_id, id"

    competitor_id = fields.Many2one(
        "res.partner",
        required=True,
        domain=[("is_competitor", "=", True)],
        index=True,
    )
    products = fields.Char(string="Products supplied")
    share = fields.Selection(
        [("minor", "Minor supplier"), ("main", "Main supplier"), ("sole", "Sole supplier")],
        default="minor",
    )
    note = fields.Text(string="Notes")

    _sql_constraints = [
        (
            "competitor_unique",
            "unique(client_id, competitor_id)",
            "This competitor is already listed for the client.",
        ),
    ]

    @api.constrains("competitor_id")
    def _check_competitor(self):
        for line in self:
            if not line.competitor_id.is_competitor:
                raise ValidationError(
                    self.env._(
                        "%s is not flagged as a competitor: tick 'Competitor' on the "
                        "company first.",
                        line.competitor_id.name,
                    )
                )
