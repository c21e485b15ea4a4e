"""One frozen clock for Python and the database, for tests.

freezegun moves Python's clock only.  Odoo takes the records' ``create_date``
and ``write_date`` from the transaction's clock, ``cr.now()``, which asks
PostgreSQL once per transaction: a test frozen in November still creates
records "now", on whatever day the suite runs.  ``freeze_time`` here freezes
both: while it is active, every cursor's ``now()`` is Python's frozen moment.

Use it exactly like freezegun's (decorator or context manager)::

    from .clock import freeze_time

    with freeze_time("2026-11-27 10:00:00"):
        card = self.create_client(...)  # create_date is 2026-11-27 10:00:00
"""

from datetime import datetime
from unittest.mock import patch

from freezegun.api import _freeze_time
from freezegun.api import freeze_time as _freezegun_freeze_time

from odoo.sql_db import Cursor


def _frozen_now(_cr):
    # freezegun has replaced datetime.datetime by its FakeDatetime: this is
    # the frozen moment, naive and in UTC like the real cr.now().
    return datetime.now()


class _FrozenClock(_freeze_time):
    def start(self):
        factory = super().start()
        patcher = patch.object(Cursor, "now", _frozen_now)
        patcher.start()
        self._cursor_patchers = [*getattr(self, "_cursor_patchers", []), patcher]
        return factory

    def stop(self):
        self._cursor_patchers.pop().stop()
        return super().stop()


def freeze_time(time_to_freeze=None, **kwargs):
    """freezegun.freeze_time that also freezes ``cr.now()`` (create/write dates)."""
    frozen = _freezegun_freeze_time(time_to_freeze, **kwargs)
    frozen.__class__ = _FrozenClock
    return frozen
