from odoo import fields, models


class CorporateContractDisagreement(models.Model):
    """One clause the client disputes: the protocol of disagreements (R21, R22)."""

    _name = "corporate.contract.disagreement"
    _description = "Contract Disagreement"
    _inherit = ["corporate.client.document"]
    _order = "contract_id, sequence, id"
    _rec_name = "clause"

    contract_id = fields.Many2one(
        "corporate.contract", required=True, ondelete="cascade", index=True
    )
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
    state = fields.Selection(
        [("open", "Open"), ("resolved", "Resolved"), ("dropped", "Dropped")],
        default="open",
        required=True,
    )
