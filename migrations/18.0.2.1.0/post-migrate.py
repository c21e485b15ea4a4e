"""18.0.2.1.0: check-in coverage reads the cards' last contact.

``corporate_client.last_contact_date`` (and ``last_outcome``) is the card's
latest interaction.  Until 18.0.2.0.0 deleting an interaction, or moving it to
another card, left the old card's values as they were; check-in coverage
(``corporate.figure._portfolio_coverage``) now relies on them.  Recompute them
from the interactions for every card that disagrees, then what follows from
them (the next check-in).

The day counters change shape (one column per metric instead of a row per
type): ``corporate.activity.counter._init_counters`` refills them from the
counters when the module's tables are updated, before this script.
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        WITH latest AS (
            SELECT DISTINCT ON (client_id) client_id, date, outcome
              FROM corporate_interaction
          ORDER BY client_id, date DESC, id DESC
        )
        UPDATE corporate_client card
           SET last_contact_date = latest.date, last_outcome = latest.outcome
          FROM corporate_client c
     LEFT JOIN latest ON latest.client_id = c.id
         WHERE card.id = c.id
           AND (card.last_contact_date IS DISTINCT FROM latest.date
                OR card.last_outcome IS DISTINCT FROM latest.outcome)
     RETURNING card.id
        """
    )
    ids = [row[0] for row in cr.fetchall()]
    if not ids:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    cards = env["corporate.client"].with_context(active_test=False).browse(ids)
    fnames = ["last_contact_date", "last_outcome"]
    cards.invalidate_recordset(fnames)
    cards.modified(fnames)
    env.flush_all()
