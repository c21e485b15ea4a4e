"""18.0.2.3.0: counters that cannot drift (issue 31).

The activity counters' SQL moved to ``data/sql/`` and does more: rows
brought to zero are deleted, ``TRUNCATE corporate_interaction`` empties the
counters, an unknown time zone name counts as UTC, a manager whose zone
changed in SQL is recounted, and the same triggers keep the cards' last
contact (``last_contact_date``, ``last_outcome``), formerly written by
Python.  A fingerprint of the type → metric mapping and of that SQL is
stored (``corporate_client.activity_counter_fingerprint``).

``corporate.interaction.init`` (run by the update, before this script)
already recreated the triggers and rebuilt the counters and the last
contacts, the fingerprint being new; ``_init_counters`` makes sure of it and
does nothing when so (a rebuild reads every interaction once).
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["corporate.activity.counter"]._init_counters()
