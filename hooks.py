from odoo.tools import SQL

from .models.clients.res_partner import SALESPERSON_INDEX
from .models.sales.corporate_receivable_report import OPEN_ITEM_INDEX

# Indexes the addon adds to other modules' tables (see the models' init()).
FOREIGN_INDEXES = [SALESPERSON_INDEX, OPEN_ITEM_INDEX]


def post_init_hook(env):
    """Go-live in a company that already sells: risky orders notify, not block.

    Blocking at once every open order of the clients rated risky, in a
    company that has been taking orders for a year, stops the first working
    day (issue 30): such companies start in "notify" mode; "block" stays one
    setting away.
    """
    groups = (
        env["sale.order"]
        .sudo()
        ._read_group([("state", "in", ("draft", "sent", "sale"))], ["company_id"])
    )
    companies = env["res.company"].browse([company.id for [company] in groups])
    companies.write({"corporate_risky_approval_mode": "notify"})


def uninstall_hook(env):
    """Drop the indexes created on res_partner and account_move_line, and the
    activity counters: their triggers on corporate_interaction, functions and
    tables (``data/sql/activity_counter_drop.sql``).  The interaction
    analysis reads them in a query (``_table_query``), not a view: Odoo has
    no view to drop after this hook."""
    for name in FOREIGN_INDEXES:
        env.cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(name)))
    env["corporate.activity.counter"]._drop_counters()
