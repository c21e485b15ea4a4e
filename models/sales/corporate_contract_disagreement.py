from odoo import fields, models
from odoo.exceptions import UserError

DISAGREEMENT_STATES = [("open", "Open"), ("resolved", "Resolved"), ("dropped", "Dropped")]
# Contract states in which its disagreements are still negotiated.
NEGOTIATED_STATES = ("draft", "negotiation")


class CorporateContractDisagreement(models.Model):
    """One clause the client disputes: the protocol of disagreements (R21, R22).

    A contract is signed only when none of its disagreements is open: a
    disagreement is resolved (with the resolution agreed) or dropped through
    its buttons, by an account manager who may edit the contract, while the
    contract is negotiated.
    """

    _name = "corporate.contract.disagreement"
    _description = "Contract Disagreement"
    _inherit = ["corporate.client.document"]
    _order = "contract_id, sequence, id"
    _rec_name = "clause"
    # Resolved or dropped only through the buttons: an open point blocks the signature.
    _corporate_workflow_fields = ("state",)

    contract_id = fields.Many2one(
        "corporate.contract", required=True, ondelete="cascade", index=True
    )
    contract_state = fields.Selection(related="contract_id.state", string="Contract status")
    client_id = fields.Many2one(related="contract_id.client_id", store=True, precompute=True)
    user_id = fields.Many2one(related="contract_id.user_id", store=True, string="Account manager")
    company_id = fields.Many2one(
        related="contract_id.company_id", store=True, precompute=True, default=None
    )
    sequence = fields.Integer(default=10)
    clause = fields.Char(required=True, help="Clause or subject in dispute, e.g. '5.2 Penalties'.")
    client_position = fields.Text(string="Client's position")
    our_position = fields.Text(string="Our position")
    resolution = fields.Text()
    state = fields.Selection(DISAGREEMENT_STATES, default="open", required=True)

    # ------------------------------------------------------------------ actions
    def _check_can_settle(self, reopening=False):
        """Who may settle a point (an account manager, head or director who may
        edit the contract: the record rules), from which state, and only while
        the contract is negotiated.  Whole sentences, for the translators."""
        if not self.env.user.has_group("corporate_client.group_account_manager"):
            raise UserError(
                self.env._(
                    "Only the account manager of the contract, their department head or "
                    "the director settle its disagreements."
                )
            )
        labels = dict(self._fields["state"]._description_selection(self.env))
        for point in self:
            if point.contract_id.state not in NEGOTIATED_STATES:
                raise UserError(
                    self.env._(
                        "The contract %(contract)s is no longer negotiated: its disagreement "
                        "“%(clause)s” stays as it is.",
                        contract=point.contract_id.name,
                        clause=point.clause,
                    )
                )
            if reopening and point.state == "open":
                raise UserError(
                    self.env._(
                        "The disagreement “%(clause)s” is still open: there is nothing to reopen.",
                        clause=point.clause,
                    )
                )
            if not reopening and point.state != "open":
                raise UserError(
                    self.env._(
                        "The disagreement “%(clause)s” is already “%(state)s”: reopen it first "
                        "to settle it otherwise.",
                        clause=point.clause,
                        state=labels[point.state],
                    )
                )

    def action_resolve(self):
        """The parties agreed: the resolution is recorded."""
        self._check_can_settle()
        unwritten = self.filtered(lambda point: not (point.resolution or "").strip())
        if unwritten:
            raise UserError(
                self.env._(
                    "Write the resolution agreed with the client for %(clauses)s before "
                    "marking it resolved.",
                    clauses=", ".join(f"“{clause}”" for clause in unwritten.mapped("clause")),
                )
            )
        self._corporate_workflow_write({"state": "resolved"})
        return True

    def action_drop(self):
        """The point is given up (by the client or by us): it no longer blocks the signature."""
        self._check_can_settle()
        self._corporate_workflow_write({"state": "dropped"})
        return True

    def action_reopen(self):
        """Negotiate the point again (before the contract is signed)."""
        self._check_can_settle(reopening=True)
        self._corporate_workflow_write({"state": "open"})
        return True
