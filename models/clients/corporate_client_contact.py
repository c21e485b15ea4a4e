from odoo import api, fields, models
from odoo.exceptions import ValidationError

CONTACT_ROLES = [
    ("decision_maker", "Decision maker"),
    ("negotiator", "Negotiator"),
    ("supply_approver", "Supply approver"),
    ("accountant", "Accountant"),
    ("user", "User"),
]


class CorporateClientContact(models.Model):
    """The role a person of the client plays in buying from us (R11)."""

    _name = "corporate.client.contact"
    _description = "Client Decision Maker"
    _inherit = ["corporate.client.document"]
    _order = "client_id, sequence, id"

    sequence = fields.Integer(default=10)
    contact_id = fields.Many2one(
        "res.partner",
        string="Person",
        required=True,
        domain="[('parent_id', '=', client_partner_id), ('is_company', '=', False)]",
    )
    client_partner_id = fields.Many2one(related="client_id.partner_id")
    role = fields.Selection(CONTACT_ROLES, required=True, default="decision_maker")
    job_title = fields.Char(related="contact_id.function", readonly=False)
    email = fields.Char(related="contact_id.email", readonly=False)
    phone = fields.Char(related="contact_id.phone", readonly=False)
    influence = fields.Selection(
        [("low", "Low"), ("medium", "Medium"), ("high", "High")], default="medium"
    )
    note = fields.Text(string="Needs, level and focus")

    _sql_constraints = [
        (
            "role_unique",
            "unique(client_id, contact_id, role)",
            "This person already has this role for the client.",
        ),
    ]

    @api.constrains("contact_id", "client_id")
    def _check_contact_belongs(self):
        for line in self:
            if line.contact_id.commercial_partner_id != line.client_id.partner_id:
                raise ValidationError(
                    self.env._(
                        "%(person)s is not a contact of %(client)s: add the person to "
                        "the client's contacts first.",
                        person=line.contact_id.name,
                        client=line.client_id.name,
                    )
                )
