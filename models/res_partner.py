from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import create_index

# Dropped by the uninstall hook (hooks.py).
SALESPERSON_INDEX = "res_partner_corporate_user_id_index"


class ResPartner(models.Model):
    _inherit = "res.partner"

    corporate_client_ids = fields.One2many("corporate.client", "partner_id", string="Client cards")
    is_corporate_client = fields.Boolean(
        string="Corporate client",
        compute="_compute_is_corporate_client",
        store=True,
        index=True,
        help="The company has a corporate client card. The card itself is "
        "confidential; this flag is not.",
    )
    is_competitor = fields.Boolean(
        string="Competitor",
        help="A company competing with us for corporate clients.",
    )
    competitor_note = fields.Text(
        string="Competitor notes",
        groups="corporate_client.group_account_manager",
        copy=False,
        help="Products, price level, strengths and weaknesses of this competitor.",
    )

    def init(self):
        res = super().init()
        # Record rules of the client cards (and the managers' lists) select
        # partners by salesperson: without an index that is a scan of every
        # partner (100k partners: 61 ms -> 0.1 ms, see tools/bench_scale.py).
        # Partial: most partners (retail, contacts) have no salesperson.
        create_index(
            self.env.cr,
            SALESPERSON_INDEX,
            self._table,
            ["user_id"],
            where="user_id IS NOT NULL",
        )
        return res

    @api.depends("corporate_client_ids", "commercial_partner_id.corporate_client_ids")
    def _compute_is_corporate_client(self):
        for partner in self:
            partner.is_corporate_client = bool(
                partner.sudo().commercial_partner_id.corporate_client_ids
            )

    @api.constrains("user_id", "is_corporate_client")
    def _check_corporate_retail_separation(self):
        for partner in self:
            partner.commercial_partner_id._corporate_check_salesperson(partner.user_id)

    def _corporate_check_salesperson(self, user, company=None):
        """R5: the same salesperson must not work both retail and corporate clients.

        ``self`` is a commercial partner, possibly empty (an order whose
        customer is being cleared): nothing to check then.
        """
        company = company or self.company_id or self.env.company
        if not user or not self or not company.corporate_separate_retail:
            return
        self.ensure_one()
        if user._corporate_sells_both_segments():
            return
        is_corporate_user = user._is_corporate_user()
        if self.is_corporate_client and not is_corporate_user:
            raise ValidationError(
                self.env._(
                    "%(client)s is a corporate client, but %(user)s is not a corporate "
                    "account manager. Retail and corporate sales are kept apart "
                    "(Corporate Clients settings): choose an account manager, or give "
                    "%(user)s the Account Manager role.",
                    client=self.display_name,
                    user=user.name,
                )
            )
        if not self.is_corporate_client and is_corporate_user:
            raise ValidationError(
                self.env._(
                    "%(user)s is a corporate account manager and cannot be the "
                    "salesperson of the retail customer %(client)s. Retail and "
                    "corporate sales are kept apart (Corporate Clients settings): "
                    "choose a retail salesperson, or create a client card for "
                    "%(client)s first.",
                    client=self.display_name,
                    user=user.name,
                )
            )

    def action_open_corporate_client(self):
        """Open the client card of the commercial partner, creating it if asked."""
        self.ensure_one()
        partner = self.commercial_partner_id
        card = partner.corporate_client_ids[:1]
        if not card:
            card = self.env["corporate.client"].create({"partner_id": partner.id})
        return {
            "type": "ir.actions.act_window",
            "res_model": "corporate.client",
            "res_id": card.id,
            "view_mode": "form",
            "target": "current",
        }
