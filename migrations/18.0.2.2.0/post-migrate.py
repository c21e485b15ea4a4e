"""18.0.2.2.0: risky-order approval gets a mode; cards their own archive flag;
the activity counters' triggers compute each statement's delta once.

Until 18.0.2.1.0 ``res_company.corporate_risky_approval`` was a stored boolean
(on: block the order until the head approves).  It is now computed from
``corporate_risky_approval_mode``, which the ORM filled with its default
("block"): keep "off" where the boolean was off, then drop the old column
(the column is ours when the field's ``ir.model.fields`` record has an xml
id of module ``corporate_client``, kept until the end of the upgrade: the mode
is copied only from our column, which is dropped only when no other module
declares the field too).

The client card gets an ``active`` field of its own (archiving a card no
longer archives the company): the cards of archived companies stay archived.

The trigger function (``corporate.activity.counter._init_counters``, replaced
when the module's tables are updated, before this script) now looks each
manager's time zone up once per statement instead of once per row, and adds
the delta to the counters and to the day counters in one statement.  The
counts it keeps are the same; rebuild them once from the interactions all the
same, so that every database starts the version from counters equal to its
interactions.
"""

from odoo import SUPERUSER_ID, api
from odoo.tools.sql import column_exists


def declaring_modules(cr, model, field):
    """The modules whose xml ids declare ``model.field`` (``ir.model.fields``)."""
    cr.execute(
        """
        SELECT DISTINCT data.module
          FROM ir_model_fields field
          JOIN ir_model_data data
            ON data.model = 'ir.model.fields' AND data.res_id = field.id
         WHERE field.model = %s AND field.name = %s
        """,
        [model, field],
    )
    return {module for (module,) in cr.fetchall()}


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE corporate_client card
           SET active = partner.active
          FROM res_partner partner
         WHERE partner.id = card.partner_id AND card.active IS DISTINCT FROM partner.active
        """
    )
    modules = declaring_modules(cr, "res.company", "corporate_risky_approval")
    if column_exists(cr, "res_company", "corporate_risky_approval") and (
        "corporate_client" in modules
    ):
        cr.execute(
            """
            UPDATE res_company
               SET corporate_risky_approval_mode = CASE
                       WHEN corporate_risky_approval THEN 'block' ELSE 'off' END
            """
        )
        if modules == {"corporate_client"}:
            cr.execute("ALTER TABLE res_company DROP COLUMN corporate_risky_approval")
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["corporate.activity.counter"]._rebuild()
