"""18.0.2.0.0: the account manager becomes the client card's own field.

Until 18.0.1 the card's manager was the company's salesperson
(``res_partner.user_id``, delegated through ``_inherits``), which any user with
Contact Creation could write.  The card now has its own ``user_id`` column;
fill it from the salesperson before the ORM sees the new field, so that the
records that store the card's manager (``client_user_id``) keep their values.
"""

from odoo.tools.sql import column_exists, create_column


def migrate(cr, version):
    if not version or column_exists(cr, "corporate_client", "user_id"):
        return
    create_column(cr, "corporate_client", "user_id", "int4")
    cr.execute(
        """
        UPDATE corporate_client card
           SET user_id = partner.user_id
          FROM res_partner partner
         WHERE partner.id = card.partner_id
           AND partner.user_id IS NOT NULL
        """
    )
