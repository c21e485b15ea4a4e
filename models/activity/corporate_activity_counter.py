import hashlib
import json
import logging
from datetime import datetime, time, timedelta

from odoo import api, models
from odoo.tools import SQL
from odoo.tools.misc import file_open
from odoo.tools.sql import column_exists, table_exists

from .corporate_figure import (
    INTERACTION_METRICS,
    INTERACTION_TYPE_METRIC,
    metric_interaction_types,
)

_logger = logging.getLogger(__name__)

COUNTER_TABLE = "corporate_activity_counter"
# The same counts by manager and local day only, one column per interaction
# metric (INTERACTION_METRICS): what the quotas read, one row per manager and
# day instead of one per type, outcome, client's manager and department; kept
# by the same triggers.
DAY_TABLE = "corporate_activity_day_counter"
# The time zone each manager's counters are kept in.
ZONE_TABLE = "corporate_activity_counter_zone"
DAY_KEY = ("user_id", "day", "tz")
# The dimensions of a counter row besides the manager and the local day: what the
# quotas count (the type) and what the interaction analysis groups by.  NULLs are
# stored as '' / 0 so that the row has one key.
COUNTER_KEY = (
    "user_id",
    "day",
    "tz",
    "interaction_type",
    "outcome",
    "client_user_id",
    "team_id",
    "company_id",
)
# The SQL of the counters, in the addon's data/sql/ folder (see the class).
SQL_DIR = "corporate_client/data/sql"
SQL_TABLES = "activity_counter_tables.sql"
SQL_FUNCTIONS = "activity_counter_functions.sql"
SQL_TRIGGER = "activity_counter_trigger.sql"
SQL_TRIGGERS = "activity_counter_triggers.sql"
SQL_DROP = "activity_counter_drop.sql"
# The trigger function of each event and the statement's rows with their sign
# (+1 inserted / as after the update, -1 deleted / as before the update).
TRIGGER_EVENTS = {
    "corporate_activity_counter_on_insert": "SELECT 1 AS sign, n.* FROM new_rows AS n",
    "corporate_activity_counter_on_update": (
        "SELECT -1 AS sign, o.* FROM old_rows AS o UNION ALL SELECT 1, n.* FROM new_rows AS n"
    ),
    "corporate_activity_counter_on_delete": "SELECT -1 AS sign, o.* FROM old_rows AS o",
}
TRIGGERS = (
    "corporate_activity_counter_insert",
    "corporate_activity_counter_update",
    "corporate_activity_counter_delete",
    "corporate_activity_counter_truncate",
)
# What the counters were last built with (see _fingerprint).
FINGERPRINT_PARAM = "corporate_client.activity_counter_fingerprint"


def counter_sql(name, **params):
    """SQL of the file ``name`` of data/sql/, ``params`` substituted as SQL
    (identifiers, SQL fragments or values adapted by the driver)."""
    with file_open(f"{SQL_DIR}/{name}") as file:
        return SQL(file.read(), **params)


class CorporateActivityCounter(models.AbstractModel):
    """Interactions counted per manager, local day and dimension (issues 20, 31).

    A plain table, ``corporate_activity_counter``, holds the number of
    interactions per manager (the interaction's ``user_id``), local day of the
    manager (their time zone, else the company calendar's, else UTC: the
    zone of ``res.users._corporate_zones``, an unknown zone name counting as
    UTC), type, outcome, client's manager, department and company.
    Statement-level triggers on ``corporate_interaction`` keep it up to date
    in the transaction of every insert, update and delete, whether the ORM or
    SQL makes it (a related field recomputed when a card changes hands
    included), with ``INSERT ... ON CONFLICT DO UPDATE``: concurrent writers
    add to the same row without losing a count (always in key order: two
    writers cannot deadlock on the counters).  Rows brought to zero are
    deleted; ``TRUNCATE corporate_interaction`` empties the counters.

    A second table, ``corporate_activity_day_counter``, holds the same counts
    by manager and local day only, one column per interaction metric
    (``INTERACTION_METRICS``: the counters summed over their other
    dimensions), kept by the same triggers: the quotas read it (2,200 rows for
    100 managers' month instead of 64,000 counters).  A third one,
    ``corporate_activity_counter_zone``, records the zone each manager's
    counters are kept in: a manager whose zone changed without Odoo (in SQL)
    is recounted by the triggers at their next interaction.  The same
    triggers keep the card's last contact (``corporate.client``'s
    ``last_contact_date`` and ``last_outcome``: its latest interaction).

    Where the code lives: the SQL is in readable files of ``data/sql/``
    (tables, shared functions, the trigger function's template, the triggers,
    what uninstalling drops).  Python only renders them: it substitutes the
    table names as identifiers and writes the one part that must follow the
    code, the metric columns of the day counters and the sums that fill them,
    from the type → metric mapping (``INTERACTION_TYPE_METRIC``,
    ``INTERACTION_METRICS``); the template becomes one trigger function per
    event with the rows of that event.  A fingerprint of the mapping and of
    the rendered SQL is stored (``corporate_client.activity_counter_fingerprint``):
    installing or upgrading the addon with another one recreates the
    triggers and rebuilds the counters and the last contacts
    (``_init_counters``); with the same one, nothing is done.

    The figures of activity (``corporate.figure._activity_rows``) read the
    day counters, so their cost depends on the managers and days asked for,
    not on the history.  ``day_start`` is the UTC moment the manager's local
    day starts.  Reading never writes (the readers are ``api.readonly``): a
    change of time zone saved through Odoo rebuilds the manager's counters
    then (``_rebuild_zones_of``); counters of another zone (a change made in
    SQL, not yet followed by an interaction of the manager) are counted from
    the interactions on read, without writing.

    The tables are not ORM models: the engine reads them in SQL for the users
    its callers are allowed to see, and the interaction analysis
    (``corporate.interaction.analysis``) is a query on the counters (its
    ``_table_query``), with the record rules of the interactions.
    ``_rebuild`` recomputes them from the interactions (when the fingerprint
    changes, from ``tools/rebuild_activity_counters.py`` after a bulk load
    that bypassed the triggers, and for a manager whose time zone changed).
    """

    _name = "corporate.activity.counter"
    _description = "Activity Counters"

    # ------------------------------------------------------------------ SQL pieces
    @api.model
    def _day_metric_sql(self, type_column, count_column):
        """SQL: sum(count_column) per INTERACTION_METRICS column (named after it),
        from the types in ``type_column`` (``metric_interaction_types``; any
        other type is an "other interaction")."""
        known = list(INTERACTION_TYPE_METRIC)
        columns = []
        for metric in INTERACTION_METRICS:
            types = metric_interaction_types(metric)
            condition = (
                SQL("%s = ANY(%s::varchar[])", type_column, types)
                if types
                else SQL("NOT (%s = ANY(%s::varchar[]))", type_column, known)
            )
            columns.append(
                SQL(
                    "COALESCE(sum(%s) FILTER (WHERE %s), 0)::integer AS %s",
                    count_column,
                    condition,
                    SQL.identifier(metric),
                )
            )
        return SQL(", ").join(columns)

    @api.model
    def _sql_params(self):
        """The substitutions of the SQL files: table names, and the parts that
        follow the type → metric mapping (a column per metric)."""
        metrics = [SQL.identifier(metric) for metric in INTERACTION_METRICS]
        return {
            "counter_table": SQL.identifier(COUNTER_TABLE),
            "day_table": SQL.identifier(DAY_TABLE),
            "zone_table": SQL.identifier(ZONE_TABLE),
            "metrics": SQL(", ").join(metrics),
            "metric_columns": SQL(", ").join(
                SQL("%s integer NOT NULL DEFAULT 0", metric) for metric in metrics
            ),
            "metric_sums": self._day_metric_sql(
                SQL.identifier("interaction_type"), SQL.identifier("n")
            ),
            "metrics_add": SQL(", ").join(
                SQL("%(col)s = c.%(col)s + EXCLUDED.%(col)s", col=metric) for metric in metrics
            ),
            "metrics_nonzero": SQL(" OR ").join(SQL("%s <> 0", metric) for metric in metrics),
            "metrics_zero": SQL(" AND ").join(SQL("%s = 0", metric) for metric in metrics),
        }

    @api.model
    def _counter_sql(self):
        """[SQL] creating the tables, the functions and the triggers (idempotent)."""
        params = self._sql_params()
        statements = [
            counter_sql(SQL_TABLES, **params),
            counter_sql(SQL_FUNCTIONS, **params),
        ]
        for function, rows in TRIGGER_EVENTS.items():
            statements.append(
                counter_sql(
                    SQL_TRIGGER,
                    function=SQL.identifier(function),
                    changed_rows=SQL(rows),
                    **params,
                )
            )
        statements.append(counter_sql(SQL_TRIGGERS))
        return statements

    @api.model
    def _fingerprint(self, statements=None):
        """Hash of the type → metric mapping and of the rendered SQL: another
        one means counters kept by other rules (see ``_init_counters``)."""
        cr = self.env.cr
        digest = hashlib.sha256()
        digest.update(
            json.dumps(
                [sorted(INTERACTION_TYPE_METRIC.items()), list(INTERACTION_METRICS)]
            ).encode()
        )
        for statement in statements or self._counter_sql():
            digest.update(cr.mogrify(statement.code, statement.params))
        return digest.hexdigest()

    @api.model
    def _is_set_up(self):
        """Whether the tables and the four triggers exist."""
        cr = self.env.cr
        if not all(table_exists(cr, table) for table in (COUNTER_TABLE, DAY_TABLE, ZONE_TABLE)):
            return False
        cr.execute(
            SQL(
                "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'corporate_interaction'::regclass"
                " AND tgname = ANY(%s)",
                list(TRIGGERS),
            )
        )
        return cr.fetchone()[0] == len(TRIGGERS)

    # ------------------------------------------------------------------ set-up
    @api.model
    def _init_counters(self):
        """Create the tables, functions and triggers and rebuild the counters
        and the cards' last contacts, unless they were built with the same
        fingerprint (mapping and SQL).  Called on install and upgrade
        (``corporate.interaction.init``).  Returns whether it rebuilt.
        """
        cr = self.env.cr
        statements = self._counter_sql()
        fingerprint = self._fingerprint(statements)
        params = self.env["ir.config_parameter"].sudo()
        if params.get_param(FINGERPRINT_PARAM) == fingerprint and self._is_set_up():
            return False
        if table_exists(cr, COUNTER_TABLE) and not column_exists(cr, COUNTER_TABLE, "day_start"):
            # A counter table of an earlier shape (18.0.1): it only holds derived data.
            cr.execute(SQL("DROP TABLE %s", SQL.identifier(COUNTER_TABLE)))
        if table_exists(cr, DAY_TABLE):
            cr.execute(
                SQL(
                    "SELECT array_agg(column_name::varchar ORDER BY column_name)"
                    " FROM information_schema.columns WHERE table_name = %s"
                    " AND column_name <> ALL(%s)",
                    DAY_TABLE,
                    list(DAY_KEY),
                )
            )
            if cr.fetchone()[0] != sorted(INTERACTION_METRICS):
                # A column per metric: the metrics changed, the table follows.
                cr.execute(SQL("DROP TABLE %s", SQL.identifier(DAY_TABLE)))
        for statement in statements:
            cr.execute(statement)
        self._rebuild()
        self._rebuild_last_contacts()
        params.set_param(FINGERPRINT_PARAM, fingerprint)
        _logger.info("Activity counters and last contacts rebuilt (fingerprint %s)", fingerprint)
        return True

    @api.model
    def _drop_counters(self):
        """Drop the triggers, functions and tables (uninstall): the SQL of
        ``data/sql/activity_counter_drop.sql``."""
        self.env.cr.execute(counter_sql(SQL_DROP, **self._sql_params()))
        self.env["ir.config_parameter"].sudo().search([("key", "=", FINGERPRINT_PARAM)]).unlink()

    @api.model
    def _flush_sources(self):
        """Flush what the counters are computed from (interactions and zones)."""
        self.env["corporate.interaction"].flush_model()
        self.env["res.users"].flush_model(["partner_id", "company_id"])
        self.env["res.partner"].flush_model(["tz"])
        self.env["res.company"].flush_model(["resource_calendar_id"])
        self.env["resource.calendar"].flush_model(["tz"])

    @api.model
    def _rebuild(self, users=None):
        """Recompute the counters from the interactions (of ``users``, else all).

        Returns the number of counter rows written.
        """
        self._flush_sources()
        self.env.cr.execute(
            SQL(
                "SELECT corporate_activity_counter_recount(%s::integer[])",
                None if users is None else list(users.ids),
            )
        )
        return self.env.cr.fetchone()[0]

    @api.model
    def _rebuild_last_contacts(self, cards=None):
        """Set the cards' (else every card's) last contact from their latest
        interaction, as the triggers keep it."""
        self.env["corporate.interaction"].flush_model()
        Card = self.env["corporate.client"]
        Card.flush_model(["last_contact_date", "last_outcome"])
        self.env.cr.execute(
            SQL(
                "SELECT corporate_client_last_contact_recount(%s::integer[])",
                None if cards is None else list(cards.ids),
            )
        )
        Card.invalidate_model(["last_contact_date", "last_outcome"])

    @api.model
    def _rebuild_zones_of(self, users):
        """Rebuild the counters of ``users`` kept in another time zone than theirs.

        Called when a user's, a company's or a calendar's time zone may have
        changed, in that transaction: reading the counters (the read-only
        landing pages) then never has to write.  One query when no zone moved.
        """
        users = users.filtered(lambda user: not user.share).exists()
        if not users:
            return
        self._flush_sources()
        self.env.cr.execute(
            SQL(
                "SELECT user_id FROM %s WHERE user_id = ANY(%s)"
                " AND tz <> corporate_activity_user_tz(user_id) ORDER BY user_id",
                SQL.identifier(ZONE_TABLE),
                users.ids,
            )
        )
        stale = [user_id for (user_id,) in self.env.cr.fetchall()]
        if stale:
            self.sudo()._rebuild(users.browse(stale))

    # ------------------------------------------------------------------ reading
    @api.model
    def _read_day_counts(self, users, date_from, date_to, zones=None):
        """[(user_id, local day, counts)] of date_from..date_to, ``counts`` a
        tuple in INTERACTION_METRICS order; days without activity are absent.

        One query on the day counters (``DAY_TABLE``), a range scan of its
        primary key.  It only reads (``get_my_day`` and ``get_overview`` are
        ``api.readonly``): a change of time zone saved through Odoo rebuilds
        the manager's counters when it is saved (``_rebuild_zones_of``).
        Counters of another zone (a zone changed in SQL, not followed yet by
        an interaction of the manager, whose trigger recounts them) are not
        rebuilt here: those managers' days are counted from the interactions
        instead (``corporate_activity_counter_rows``), one more query.
        ``zones``: ``users._corporate_zones()``, when the caller has it.
        """
        if not users:
            return []
        self.env["corporate.interaction"].flush_model()
        zones = zones or users._corporate_zones()
        names = {user_id: zone.zone for user_id, zone in zones.items()}
        metrics = SQL(", ").join(SQL.identifier("c", metric) for metric in INTERACTION_METRICS)
        # The zones are compared here, not joined in SQL: the query stays a
        # range scan of the primary key whatever the planner knows of the table.
        cr = self.env.cr
        cr.execute(
            SQL(
                """
                SELECT c.user_id, c.day, c.tz, %(metrics)s
                  FROM %(table)s c
                 WHERE c.user_id = ANY(%(ids)s)
                   AND c.day BETWEEN %(start)s::date - 2 AND %(stop)s::date + 2
                """,
                metrics=metrics,
                table=SQL.identifier(DAY_TABLE),
                ids=list(names),
                start=date_from,
                stop=date_to,
            )
        )
        rows = cr.fetchall()
        stale = sorted({row[0] for row in rows if row[2] != names[row[0]]})
        if stale:
            _logger.warning(
                "Activity counters of users %s are kept in another time zone than "
                "theirs (changed without Odoo): counted from the interactions. "
                "Rebuild them with corporate.activity.counter._rebuild().",
                stale,
            )
            rows = [row for row in rows if row[0] not in stale]
            cr.execute(
                SQL(
                    """
                    SELECT c.user_id, c.day, c.tz, %(metrics)s
                      FROM (SELECT r.user_id, r.day, r.tz, %(sums)s
                              FROM corporate_activity_counter_rows(
                                       %(ids)s::integer[], %(start)s::timestamp,
                                       %(stop)s::timestamp) AS r
                          GROUP BY r.user_id, r.day, r.tz) AS c
                    """,
                    metrics=metrics,
                    sums=self._day_metric_sql(SQL.identifier("r", "interaction_type"), SQL("r.n")),
                    ids=stale,
                    # Every UTC moment of the local days, whatever the zone.
                    start=datetime.combine(date_from - timedelta(days=2), time.min),
                    stop=datetime.combine(date_to + timedelta(days=3), time.min),
                )
            )
            rows += cr.fetchall()
        return [
            (row[0], row[1], row[3:])
            for row in rows
            if row[2] == names[row[0]] and date_from <= row[1] <= date_to and any(row[3:])
        ]
