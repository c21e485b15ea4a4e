"""18.0.2.0.0: the contacts' birthdays move to records that follow the card.

``res_partner.birthday`` was readable by every account manager for every
contact of every client.  Birthdays now live in ``corporate_contact_birthday``
(one row per contact of a corporate client, protected by the card's rules);
copy them there, then drop the old column.  Birthdays of people who are not
contacts of a client card are not kept (nothing reads them).

The column is ours only if this addon declared the field (its
``ir.model.fields`` record has an xml id of module ``corporate_client``, kept
until the end of the upgrade): a ``birthday`` of another module is neither
copied nor dropped, and a field another module declares too is copied but its
column is left to that module.  Idempotent: copied rows are skipped on
conflict, and a dropped column stops the script.
"""

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
    if not version or not column_exists(cr, "res_partner", "birthday"):
        return
    modules = declaring_modules(cr, "res.partner", "birthday")
    if "corporate_client" not in modules:
        return
    cr.execute(
        """
        INSERT INTO corporate_contact_birthday
               (contact_id, birthday, client_id, partner_id, client_user_id, team_id,
                company_id, create_uid, write_uid, create_date, write_date)
        SELECT contact.id, contact.birthday, card.id, card.partner_id, card.user_id,
               card.team_id,
               COALESCE(company.company_id, (SELECT MIN(id) FROM res_company)),
               1, 1, NOW() AT TIME ZONE 'UTC', NOW() AT TIME ZONE 'UTC'
          FROM res_partner contact
          JOIN corporate_client card ON card.partner_id = contact.commercial_partner_id
          JOIN res_partner company ON company.id = card.partner_id
         WHERE contact.birthday IS NOT NULL
           AND contact.id != card.partner_id
        ON CONFLICT (contact_id) DO NOTHING
        """
    )
    if modules == {"corporate_client"}:
        cr.execute("ALTER TABLE res_partner DROP COLUMN birthday")
