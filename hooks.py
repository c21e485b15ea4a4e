from odoo.tools import SQL

# Indexes the addon adds to other modules' tables (see the models' init()).
FOREIGN_INDEXES = [
    "res_partner_corporate_user_id_index",
    "account_move_line_corporate_open_item_index",
]


def uninstall_hook(env):
    """Drop the indexes created on res_partner and account_move_line."""
    for name in FOREIGN_INDEXES:
        env.cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(name)))
