"""18.0.2.2.0: the activity counters' triggers compute each statement's delta once.

The trigger function (``corporate.activity.counter._init_counters``, replaced
when the module's tables are updated, before this script) now looks each
manager's time zone up once per statement instead of once per row, and adds
the delta to the counters and to the day counters in one statement.  The
counts it keeps are the same; rebuild them once from the interactions all the
same, so that every database starts the version from counters equal to its
interactions.
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["corporate.activity.counter"]._rebuild()
