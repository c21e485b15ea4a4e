from odoo import fields, models
from odoo.exceptions import AccessError, UserError

from .corporate_pbx_call import PBX_KEY_SCOPE


class ResUsers(models.Model):
    _inherit = "res.users"

    corporate_pbx_extension = fields.Char(
        string="Phone extension",
        index="btree_not_null",
        copy=False,
        help="The user's extension on the company's phone system (PBX): the calls it "
        "reports for this extension are journaled as this user's interactions.",
    )

    _sql_constraints = [
        (
            "corporate_pbx_extension_unique",
            "UNIQUE(corporate_pbx_extension, company_id)",
            "Two users of a company cannot share a phone extension.",
        )
    ]

    def action_corporate_pbx_key(self):
        """An API key for the phone system, of scope ``corporate_pbx``: it opens
        the phone system's routes (call journaling, caller lookup), not Odoo's RPC."""
        self.ensure_one()
        if not self.env.user.has_group("base.group_system"):
            raise AccessError(self.env._("Only an administrator creates phone system keys."))
        if not self.has_group("corporate_client.group_pbx_integration"):
            raise UserError(
                self.env._(
                    "Put %s in Corporate Clients / Phone System Integration first: the phone "
                    "system's key works for the users of that group only.",
                    self.name,
                )
            )
        key = (
            self.env["res.users.apikeys"]
            .with_user(self)
            .sudo()
            ._generate(PBX_KEY_SCOPE, self.env._("Phone system"), False)
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.users.apikeys.show",
            "name": self.env._("Phone system key"),
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_key": key},
        }
