from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
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
        # The managers' lists of customers select partners by salesperson:
        # without an index that is a scan of every partner (100k partners:
        # 61 ms -> 0.1 ms, see tools/bench_scale.py).
        # Partial: most partners (retail, contacts) have no salesperson.
        create_index(
            self.env.cr,
            SALESPERSON_INDEX,
            self._table,
            ["user_id"],
            where="user_id IS NOT NULL",
        )
        return res

    def _corporate_check_salesperson_follows_card(self, user_id):
        """A client's salesperson mirrors its card's account manager (R15).

        Anyone with Contact Creation may write a partner's salesperson: it must
        not be a way to take a client.  The card's manager is changed on the
        card, by the department head or the director.
        """
        for partner in self:
            card = partner.sudo().corporate_client_ids[:1]
            if card and card.user_id.id != (user_id or False):
                raise UserError(
                    self.env._(
                        "The salesperson of %(client)s follows the account manager of its "
                        "client card (%(manager)s). To hand the client over, the department "
                        "head or the director changes the account manager on the card.",
                        client=partner.display_name,
                        manager=card.user_id.name or self.env._("nobody"),
                    )
                )

    @api.depends(
        "corporate_client_ids.active",
        "commercial_partner_id.corporate_client_ids",
        "commercial_partner_id.corporate_client_ids.active",
    )
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
            message = self.env._(
                "%(client)s is a corporate client, but %(user)s is not a corporate "
                "account manager. Retail and corporate sales are kept apart "
                "(Corporate Clients settings): choose an account manager, or give "
                "%(user)s the Account Manager role.",
                client=self.display_name,
                user=user.name,
            )
            # Only the manager's name is read from the confidential card.
            manager = self.sudo().corporate_client_ids[:1].user_id
            if manager:
                message += " " + self.env._(
                    "Ask %(manager)s, the client's account manager, to quote.",
                    manager=manager.name,
                )
            raise ValidationError(message)
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

    def write(self, vals):
        if "user_id" in vals:
            self._corporate_check_salesperson_follows_card(vals["user_id"])
        res = super().write(vals)
        if "tz" in vals:
            # The activity counters are kept by the manager's local day.
            self.env["corporate.activity.counter"]._rebuild_zones_of(
                self.sudo().with_context(active_test=False).user_ids
            )
        if "credit_limit" in vals:
            # Credit usage is a factor of the stored reliability score.
            self.env["corporate.client"]._corporate_partner_cards(
                self
            )._corporate_recompute_reliability()
        return res

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
