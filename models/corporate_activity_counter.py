from odoo import api, models
from odoo.tools import SQL
from odoo.tools.sql import column_exists, table_exists

from .corporate_figure import (
    INTERACTION_METRICS,
    INTERACTION_TYPE_METRIC,
    metric_interaction_types,
)

COUNTER_TABLE = "corporate_activity_counter"
# The same counts by manager and local day only, one column per interaction
# metric (INTERACTION_METRICS): what the quotas read, one row per manager and
# day instead of one per type, outcome, client's manager and department; kept
# by the same triggers.
DAY_TABLE = "corporate_activity_day_counter"
DAY_KEY = ("user_id", "day", "tz")
COUNTER_FUNCTION = "corporate_activity_counter_apply"
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


class CorporateActivityCounter(models.AbstractModel):
    """Interactions counted per manager, local day and dimension (issue 20).

    A plain table, ``corporate_activity_counter``, holds the number of
    interactions per manager (the interaction's ``user_id``), local day of the
    manager (their time zone, else the company calendar's, else UTC: the
    zone of ``corporate.quota._user_zones``), type, outcome, client's
    manager, department and company.  Statement-level triggers on
    ``corporate_interaction`` keep it up to date in the transaction of every
    insert, update and delete, whether the ORM or SQL makes it (a related
    field recomputed when a card changes hands included), with
    ``INSERT ... ON CONFLICT DO UPDATE``: concurrent writers add to the same
    row without losing a count (always in key order: two writers cannot
    deadlock on the counters).

    A second table, ``corporate_activity_day_counter``, holds the same counts
    by manager and local day only, one column per interaction metric
    (``INTERACTION_METRICS``: the counters summed over their other
    dimensions), kept by the same triggers: the quotas read it (2,200 rows for
    100 managers' month instead of 64,000 counters).

    The figures of activity (``corporate.quota._activity_counts``) read it, so
    their cost depends on the managers and days asked for, not on the history.
    ``day_start`` is the UTC moment the manager's local day starts.

    The table is not an ORM model: the engine reads it in SQL for the users
    its callers are allowed to see, and the interaction analysis
    (``corporate.interaction.analysis``) is a view of it, with the record
    rules of the interactions.  ``_rebuild`` recomputes it from the
    interactions (on install and upgrade when the table is missing, from
    ``tools/rebuild_activity_counters.py``, and for a manager whose time zone
    changed).
    """

    _name = "corporate.activity.counter"
    _description = "Activity Counters"

    # ------------------------------------------------------------------ SQL pieces
    @api.model
    def _zone_sql(self, user_column):
        """SQL: the time zone name of the user in ``user_column`` (as _user_zones)."""
        return SQL(
            """COALESCE(
                (SELECT NULLIF(zp.tz, '') FROM res_users zu
                   JOIN res_partner zp ON zp.id = zu.partner_id
                  WHERE zu.id = %(user)s),
                (SELECT NULLIF(zr.tz, '') FROM res_users zu
                   JOIN res_company zc ON zc.id = zu.company_id
                   JOIN resource_calendar zr ON zr.id = zc.resource_calendar_id
                  WHERE zu.id = %(user)s),
                'UTC')""",
            user=user_column,
        )

    @api.model
    def _aggregate_sql(self, source, sign=1):
        """SQL: the counter rows of the interactions in ``source`` (alias r), each
        row's count multiplied by ``sign``; columns in COUNTER_KEY order + n."""
        return SQL(
            """
            SELECT r.user_id,
                   timezone(z.tz, timezone('UTC', r.date))::date,
                   z.tz,
                   r.interaction_type,
                   COALESCE(r.outcome, ''),
                   COALESCE(r.client_user_id, 0),
                   COALESCE(r.team_id, 0),
                   r.company_id,
                   %(sign)s * count(*)
              FROM %(source)s AS r
              -- OFFSET 0: the zone of each manager once, not once per row (the
              -- planner would pull the subquery up and run its lookups per row).
              JOIN (SELECT u.user_id, %(zone)s AS tz
                      FROM (SELECT DISTINCT s.user_id FROM %(source)s AS s) AS u
                    OFFSET 0) AS z
                ON z.user_id = r.user_id
          GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
            """,
            source=source,
            sign=SQL(str(int(sign))),
            zone=self._zone_sql(SQL("u.user_id")),
        )

    @api.model
    def _upsert_sql(self, rows):
        """SQL: add the rows (COUNTER_KEY + n) to the counters."""
        key = SQL(", ").join(SQL.identifier(column) for column in COUNTER_KEY)
        return SQL(
            """
            INSERT INTO %(table)s AS c (%(key)s, day_start, count)
            SELECT %(delta_key)s,
                   timezone('UTC', timezone(delta.tz, delta.day::timestamp)), delta.n
              FROM (%(rows)s) AS delta
             WHERE delta.n != 0
             -- Rows locked in one order by every writer: no deadlock between two
             -- transactions counting the same days.
          ORDER BY %(delta_key)s
            ON CONFLICT (%(key)s) DO UPDATE SET count = c.count + EXCLUDED.count
            """,
            table=SQL.identifier(COUNTER_TABLE),
            key=key,
            delta_key=SQL(", ").join(SQL.identifier("delta", column) for column in COUNTER_KEY),
            rows=rows,
        )

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
                    "COALESCE(sum(%s) FILTER (WHERE %s), 0)::int AS %s",
                    count_column,
                    condition,
                    SQL.identifier(metric),
                )
            )
        return SQL(", ").join(columns)

    @api.model
    def _upsert_day_sql(self, rows):
        """SQL: add the rows (DAY_KEY, interaction_type, n) to the day counters."""
        key = SQL(", ").join(SQL.identifier(column) for column in DAY_KEY)
        delta_key = SQL(", ").join(SQL.identifier("delta", column) for column in DAY_KEY)
        metrics = SQL(", ").join(SQL.identifier(metric) for metric in INTERACTION_METRICS)
        return SQL(
            """
            INSERT INTO %(table)s AS c (%(key)s, %(metrics)s)
            SELECT * FROM (
                SELECT %(delta_key)s, %(sums)s
                  FROM (%(rows)s) AS delta
              GROUP BY %(delta_key)s
            ) AS d
             WHERE %(changed)s
          ORDER BY %(key)s
            ON CONFLICT (%(key)s) DO UPDATE SET %(add)s
            """,
            table=SQL.identifier(DAY_TABLE),
            key=key,
            metrics=metrics,
            delta_key=delta_key,
            sums=self._day_metric_sql(
                SQL.identifier("delta", "interaction_type"), SQL.identifier("delta", "n")
            ),
            rows=rows,
            changed=SQL(" OR ").join(
                SQL("%s != 0", SQL.identifier(metric)) for metric in INTERACTION_METRICS
            ),
            add=SQL(", ").join(
                SQL(
                    "%(col)s = c.%(col)s + EXCLUDED.%(col)s",
                    col=SQL.identifier(metric),
                )
                for metric in INTERACTION_METRICS
            ),
        )

    @api.model
    def _apply_sql(self, rows):
        """SQL: one statement adding the rows (COUNTER_KEY + n) to the counters and
        to the day counters, the rows computed once for both."""
        return SQL(
            "WITH statement_delta AS MATERIALIZED (%s), counted AS (%s) %s",
            rows,
            self._upsert_sql(SQL("SELECT * FROM statement_delta")),
            self._upsert_day_sql(SQL("SELECT * FROM statement_delta")),
        )

    @api.model
    def _fill_day_counters(self, mine):
        """SQL: the day counters of the rows ``mine`` of the counters (whose day
        counters were deleted): the counters summed over their other dimensions."""
        return self._upsert_day_sql(
            SQL(
                "SELECT user_id, day, tz, interaction_type, count AS n FROM %s WHERE %s",
                SQL.identifier(COUNTER_TABLE),
                mine,
            )
        )

    # ------------------------------------------------------------------ set-up
    @api.model
    def _init_counters(self):
        """Create the table and the triggers (idempotent); fill a new table."""
        cr = self.env.cr
        if table_exists(cr, COUNTER_TABLE) and not column_exists(cr, COUNTER_TABLE, "day_start"):
            # A counter table of an earlier shape: it only holds derived data.
            cr.execute(SQL("DROP TABLE %s", SQL.identifier(COUNTER_TABLE)))
        created = not table_exists(cr, COUNTER_TABLE)
        if created:
            cr.execute(
                SQL(
                    """
                    CREATE TABLE %(table)s (
                        id bigserial NOT NULL UNIQUE,
                        user_id integer NOT NULL,
                        day date NOT NULL,
                        tz varchar NOT NULL,
                        interaction_type varchar NOT NULL,
                        outcome varchar NOT NULL,
                        client_user_id integer NOT NULL,
                        team_id integer NOT NULL,
                        company_id integer NOT NULL,
                        day_start timestamp NOT NULL,
                        count integer NOT NULL,
                        PRIMARY KEY (user_id, day, tz, interaction_type, outcome,
                                     client_user_id, team_id, company_id)
                    )
                    """,
                    table=SQL.identifier(COUNTER_TABLE),
                )
            )
        if table_exists(cr, DAY_TABLE) and not column_exists(cr, DAY_TABLE, "calls"):
            # Day counters of 18.0.2.0.0 (a row per type): the sums of the
            # counters, refilled from them below.
            cr.execute(SQL("DROP TABLE %s", SQL.identifier(DAY_TABLE)))
        fill_days = not table_exists(cr, DAY_TABLE)
        if fill_days:
            cr.execute(
                SQL(
                    """
                    CREATE TABLE %(table)s (
                        user_id integer NOT NULL,
                        day date NOT NULL,
                        tz varchar NOT NULL,
                        %(metrics)s,
                        PRIMARY KEY (user_id, day, tz)
                    )
                    """,
                    table=SQL.identifier(DAY_TABLE),
                    metrics=SQL(", ").join(
                        SQL("%s integer NOT NULL DEFAULT 0", SQL.identifier(metric))
                        for metric in INTERACTION_METRICS
                    ),
                )
            )
        # Net change of a statement: old rows count -1, new rows +1; an update
        # that changes none of the dimensions (a note, write_date) adds nothing.
        delta_old = self._aggregate_sql(SQL("old_rows"), -1)
        delta_new = self._aggregate_sql(SQL("new_rows"), 1)
        both = SQL(
            "SELECT user_id, day, tz, interaction_type, outcome, client_user_id, team_id,"
            " company_id, sum(n)::int AS n FROM (%s UNION ALL %s) AS d(user_id, day, tz,"
            " interaction_type, outcome, client_user_id, team_id, company_id, n)"
            " GROUP BY 1, 2, 3, 4, 5, 6, 7, 8",
            delta_old,
            delta_new,
        )

        def named(rows):
            return SQL(
                "SELECT * FROM (%s) AS d(user_id, day, tz, interaction_type, outcome,"
                " client_user_id, team_id, company_id, n)",
                rows,
            )

        body = SQL(
            """
            BEGIN
                IF TG_OP = 'INSERT' THEN
                    %(insert)s;
                ELSIF TG_OP = 'DELETE' THEN
                    %(delete)s;
                ELSE
                    %(update)s;
                END IF;
                RETURN NULL;
            END;
            """,
            insert=self._apply_sql(named(delta_new)),
            delete=self._apply_sql(named(delta_old)),
            update=self._apply_sql(both),
        )
        # The function body is a literal: render the (constant) SQL first.
        text = cr.mogrify(body.code, body.params).decode()
        cr.execute(
            SQL(
                "CREATE OR REPLACE FUNCTION %s() RETURNS trigger LANGUAGE plpgsql AS %s",
                SQL.identifier(COUNTER_FUNCTION),
                text,
            )
        )
        for event, tables in (
            ("INSERT", "NEW TABLE AS new_rows"),
            ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
            ("DELETE", "OLD TABLE AS old_rows"),
        ):
            name = f"{COUNTER_TABLE}_{event.lower()}"
            cr.execute(
                SQL(
                    "DROP TRIGGER IF EXISTS %(name)s ON corporate_interaction;"
                    " CREATE TRIGGER %(name)s AFTER %(event)s ON corporate_interaction"
                    " REFERENCING %(tables)s FOR EACH STATEMENT EXECUTE FUNCTION %(func)s()",
                    name=SQL.identifier(name),
                    event=SQL(event),
                    tables=SQL(tables),
                    func=SQL.identifier(COUNTER_FUNCTION),
                )
            )
        if created:
            self._rebuild()
        elif fill_days:
            cr.execute(self._fill_day_counters(SQL("TRUE")))

    @api.model
    def _rebuild(self, users=None):
        """Recompute the counters from the interactions (of ``users``, else all).

        Returns the number of counter rows written.
        """
        self.env["corporate.interaction"].flush_model()
        self.env["res.users"].flush_model(["partner_id", "company_id"])
        self.env["res.partner"].flush_model(["tz"])
        self.env["res.company"].flush_model(["resource_calendar_id"])
        self.env["resource.calendar"].flush_model(["tz"])
        cr = self.env.cr
        if users is None:
            mine = SQL("TRUE")
            source = SQL("corporate_interaction")
        else:
            mine = SQL("user_id = ANY(%s)", list(users.ids))
            source = SQL("(SELECT * FROM corporate_interaction WHERE %s)", mine)
        for table in (COUNTER_TABLE, DAY_TABLE):
            cr.execute(SQL("DELETE FROM %s WHERE %s", SQL.identifier(table), mine))
        cr.execute(
            self._upsert_sql(
                SQL(
                    "SELECT * FROM (%s) AS d(user_id, day, tz, interaction_type, outcome,"
                    " client_user_id, team_id, company_id, n)",
                    self._aggregate_sql(source),
                )
            )
        )
        rows = cr.rowcount
        # The day counters are the sums of the counters over their other dimensions.
        cr.execute(self._fill_day_counters(mine))
        return rows

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
        names = {user_id: zone.zone for user_id, zone in users._corporate_zones().items()}
        self.env.cr.execute(
            SQL(
                "SELECT DISTINCT user_id, tz FROM %s WHERE user_id = ANY(%s)",
                SQL.identifier(DAY_TABLE),
                list(names),
            )
        )
        stale = sorted({user_id for user_id, tz in self.env.cr.fetchall() if tz != names[user_id]})
        if stale:
            self.sudo()._rebuild(users.browse(stale))

    # ------------------------------------------------------------------ reading
    @api.model
    def _read_day_counts(self, users, date_from, date_to, zones=None):
        """[(user_id, local day, counts)] of date_from..date_to, ``counts`` a
        tuple in INTERACTION_METRICS order; days without activity are absent.

        One query on the day counters (``DAY_TABLE``), a range scan of its
        primary key.  A change of time zone rebuilds the manager's counters
        (``_rebuild_zones_of``); should counters of another zone still be
        found (a zone changed in SQL), they are rebuilt here first.
        ``zones``: ``corporate.quota._user_zones(users)``, when the caller has it.
        """
        if not users:
            return []
        self.env["corporate.interaction"].flush_model()
        zones = zones or users._corporate_zones()
        names = {user_id: zone.zone for user_id, zone in zones.items()}
        # The zones are compared here, not joined in SQL: the query stays a
        # range scan of the primary key whatever the planner knows of the table.
        query = SQL(
            """
            SELECT c.user_id, c.day, c.tz, %(metrics)s
              FROM %(table)s c
             WHERE c.user_id = ANY(%(ids)s)
               AND c.day BETWEEN %(start)s::date - 2 AND %(stop)s::date + 2
            """,
            metrics=SQL(", ").join(SQL.identifier("c", metric) for metric in INTERACTION_METRICS),
            table=SQL.identifier(DAY_TABLE),
            ids=list(names),
            start=date_from,
            stop=date_to,
        )
        cr = self.env.cr
        cr.execute(query)
        rows = cr.fetchall()
        stale = {row[0] for row in rows if row[2] != names[row[0]]}
        if stale:
            self._rebuild(self.env["res.users"].browse(sorted(stale)))
            cr.execute(query)
            rows = cr.fetchall()
        return [
            (row[0], row[1], row[3:])
            for row in rows
            if row[2] == names[row[0]] and date_from <= row[1] <= date_to and any(row[3:])
        ]
