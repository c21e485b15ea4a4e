from odoo import fields, models


class CorporateClientDocument(models.AbstractModel):
    """What every record about a client card carries: the card and, stored from it,
    its company, account manager and department, plus the company of the record.

    Interactions, contracts, disagreements, complaints, supply requests,
    greetings, invitations, decision makers and competitors inherit it.  Their
    record rules follow the card (R15) through the same two stored, indexed
    columns, spelled the same way everywhere:

    - account managers: ``[('client_user_id', 'in', [user.id] +
      user.corporate_substituted_user_ids.ids)]``;
    - department heads: ``[('team_id.user_id', '=', user.id)]``.

    The rules bind creation and writes too: a record is created on, or moved to,
    a client the user manages, substitutes or leads (``client_id`` is a scope
    field of :class:`corporate.access.guard`).  A model redefines ``client_id``
    with only the attributes it changes (``ondelete``, ``tracking``, ``groups``).
    """

    _name = "corporate.client.document"
    _description = "Corporate Client Document"
    _inherit = ["corporate.access.guard"]

    _corporate_scope_fields = ("client_id",)

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
    client_user_id = fields.Many2one(
        "res.users",
        string="Client's manager",
        related="client_id.user_id",
        store=True,
        index="btree_not_null",
        help="Account manager of the client card: the records about the client are theirs to see.",
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

    def _logging_user(self):
        """Who logs an interaction about this record (an invitation sent, a
        greeting made): the current user, or the record's account manager
        (``user_id``) when a cron or an import (the superuser) does it."""
        self.ensure_one()
        if self.env.user._is_superuser() or not self.env.user._is_internal():
            return self.user_id or self.env.user
        return self.env.user
