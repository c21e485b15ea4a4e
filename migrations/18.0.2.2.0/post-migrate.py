"""18.0.2.2.0: risky-order approval gets a mode (off / notify / block).

Until 18.0.2.1.0 ``res_company.corporate_risky_approval`` was a stored boolean
(on: block the order until the head approves).  It is now computed from
``corporate_risky_approval_mode``, which the ORM filled with its default
("block"): keep "off" where the boolean was off, then drop the old column.

The client card gets an ``active`` field of its own (archiving a card no
longer archives the company): the cards of archived companies stay archived.
"""

from odoo.tools.sql import column_exists


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
    if not column_exists(cr, "res_company", "corporate_risky_approval"):
        return
    cr.execute(
        """
        UPDATE res_company
           SET corporate_risky_approval_mode = CASE
                   WHEN corporate_risky_approval THEN 'block' ELSE 'off' END
        """
    )
    cr.execute("ALTER TABLE res_company DROP COLUMN corporate_risky_approval")
