from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResPartner(models.Model):
    _inherit = "res.partner"

    birthday = fields.Date(
        groups="corporate_client.group_account_manager",
        copy=False,
        help="The contact is greeted on this day; 29 February is greeted on "
        "28 February in other years.",
    )
    competitor_price_level = fields.Selection(
        [("lower", "Lower than ours"), ("similar", "Similar"), ("higher", "Higher than ours")],
        string="Price level",
        groups="corporate_client.group_account_manager",
        copy=False,
    )
    competitor_category_ids = fields.Many2many(
        "product.category",
        "res_partner_competitor_category_rel",
        "partner_id",
        "category_id",
        string="Products offered",
        groups="corporate_client.group_account_manager",
        copy=False,
    )
    competitor_client_line_ids = fields.One2many(
        "corporate.client.competitor",
        "competitor_id",
        string="Clients served",
        groups="corporate_client.group_account_manager",
        copy=False,
    )
    competitor_lost_count = fields.Integer(
        string="Deals lost to them",
        compute="_compute_competitor_lost_count",
        groups="corporate_client.group_account_manager",
        copy=False,
    )

    @api.depends_context("uid")
    def _compute_competitor_lost_count(self):
        counts = dict(
            self.env["corporate.client"]._read_group(
                [("lost_to_competitor_id", "in", self.ids)],
                ["lost_to_competitor_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.competitor_lost_count = counts.get(partner, 0)

    @api.constrains("birthday")
    def _check_birthday(self):
        today = fields.Date.context_today(self)
        for partner in self:
            if partner.birthday and partner.birthday > today:
                raise ValidationError(
                    self.env._("The birthday of %s cannot be in the future.", partner.name)
                )

    def action_open_lost_deals(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Deals lost to %s", self.name),
            "res_model": "corporate.client",
            "view_mode": "list,form",
            "domain": [("lost_to_competitor_id", "=", self.id)],
        }
