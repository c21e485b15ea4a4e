from odoo import api, fields, models
from odoo.exceptions import UserError


class ResPartner(models.Model):
    _inherit = "res.partner"

    birthday = fields.Date(
        compute="_compute_birthday",
        inverse="_inverse_birthday",
        search="_search_birthday",
        groups="corporate_client.group_account_manager",
        copy=False,
        help="The contact is greeted on this day; 29 February is greeted on "
        "28 February in other years. Kept with the client card: only those who read "
        "the card read it.",
    )
    corporate_birthday_ids = fields.One2many(
        "corporate.contact.birthday",
        "contact_id",
        string="Birthday records",
        groups="corporate_client.group_account_manager",
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

    # ------------------------------------------------------------------ birthday
    @api.depends("corporate_birthday_ids.birthday")
    @api.depends_context("uid")
    def _compute_birthday(self):
        # Read as the current user: the rules of the birthday records follow the card.
        for partner in self:
            partner.birthday = partner.corporate_birthday_ids[:1].birthday

    def _inverse_birthday(self):
        Birthday = self.env["corporate.contact.birthday"]
        for partner in self:
            record = partner.corporate_birthday_ids[:1]
            if not partner.birthday:
                record.unlink()
            elif record:
                record.birthday = partner.birthday
            else:
                card = partner.sudo().commercial_partner_id.corporate_client_ids[:1]
                if not card or partner == card.partner_id:
                    raise UserError(
                        self.env._(
                            "Birthdays are kept for the contact persons of corporate "
                            "clients: %s is not one. Add the person to a client's contacts "
                            "first.",
                            partner.display_name,
                        )
                    )
                Birthday.create(
                    {
                        "contact_id": partner.id,
                        "client_id": card.id,
                        "company_id": (card.company_id or self.env.company).id,
                        "birthday": partner.birthday,
                    }
                )

    def _search_birthday(self, operator, value):
        # Through "any": the subquery applies the birthday records' rules (they
        # follow the card), so a search cannot tell who has a birthday on file.
        if value is False and operator in ("=", "!="):
            return [("corporate_birthday_ids", "not any" if operator == "=" else "any", [])]
        return [("corporate_birthday_ids", "any", [("birthday", operator, value)])]

    def action_open_lost_deals(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Deals lost to %s", self.name),
            "res_model": "corporate.client",
            "view_mode": "list,form",
            "domain": [("lost_to_competitor_id", "=", self.id)],
        }
