from odoo import fields, models


class CorporateClientDocument(models.AbstractModel):
    """What every record about a client card carries: the card and, stored from it,
    its company and department, plus the company of the record.

    Interactions, contracts, complaints, supply requests and greetings inherit it;
    their record rules follow the card (R15) through these fields.  A model
    redefines ``client_id`` with only the attributes it changes (``ondelete``,
    ``tracking``, ``groups``).
    """

    _name = "corporate.client.document"
    _description = "Corporate Client Document"

    client_id = fields.Many2one(
        "corporate.client",
        string="Client card",
        required=True,
        ondelete="cascade",
        index=True,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Client company",
        related="client_id.partner_id",
        store=True,
        index=True,
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Department",
        related="client_id.team_id",
        store=True,
        index=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
