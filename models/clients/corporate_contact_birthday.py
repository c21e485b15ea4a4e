from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CorporateContactBirthday(models.Model):
    """The birthday of a client's contact person (R14), confidential (R15).

    Kept apart from the partner, which every internal user reads: the record
    follows the client card like every other record about the client, so only
    the card's manager, their substitute, the department head and the director
    read it.  The contact's ``birthday`` field (res.partner) reads and writes
    it as the current user.
    """

    _name = "corporate.contact.birthday"
    _description = "Contact Birthday"
    _inherit = ["corporate.client.document"]
    _order = "contact_id"
    _rec_name = "contact_id"

    contact_id = fields.Many2one(
        "res.partner", string="Contact person", required=True, ondelete="cascade", index=True
    )
    birthday = fields.Date(required=True)

    _sql_constraints = [
        ("contact_unique", "unique(contact_id)", "A contact has one birthday."),
    ]

    @api.constrains("birthday")
    def _check_birthday(self):
        today = fields.Date.context_today(self)
        for record in self:
            if record.birthday > today:
                raise ValidationError(
                    self.env._(
                        "The birthday of %s cannot be in the future.", record.contact_id.name
                    )
                )
