from odoo.tools import SQL

from .models.corporate_receivable_report import OPEN_ITEM_INDEX
from .models.res_partner import SALESPERSON_INDEX

# Indexes the addon adds to other modules' tables (see the models' init()).
FOREIGN_INDEXES = [SALESPERSON_INDEX, OPEN_ITEM_INDEX]


def uninstall_hook(env):
    """Drop the indexes created on res_partner and account_move_line."""
    for name in FOREIGN_INDEXES:
        env.cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(name)))
