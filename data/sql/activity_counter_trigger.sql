-- Activity counters (corporate.activity.counter): the trigger function of one
-- event on corporate_interaction, rendered once per event (insert, update,
-- delete) by corporate.activity.counter._counter_sql.  A statement-level
-- trigger: the rows of the statement are its transition tables, and
-- changed_rows is them with a sign each, +1 for a row inserted (or as it is
-- after an update), -1 for a row deleted (or as it was before an update).
-- metric_sums, metrics_add, metrics_nonzero and metrics_zero (a column per
-- metric, from the type -> metric mapping) are the parts written by Python.
CREATE OR REPLACE FUNCTION %(function)s()
RETURNS trigger LANGUAGE plpgsql AS $body$
DECLARE
    managers integer[];
    zones varchar[];
    moved integer[];
BEGIN
    -- The managers of the statement and their time zones, resolved once each.
    SELECT array_agg(m.user_id ORDER BY m.user_id),
           array_agg(corporate_activity_user_tz(m.user_id) ORDER BY m.user_id)
      INTO managers, zones
      FROM (SELECT DISTINCT r.user_id FROM (%(changed_rows)s) AS r) AS m;
    IF managers IS NULL THEN
        RETURN NULL;  -- no row
    END IF;

    -- Managers whose counters are kept in another zone than theirs now (a
    -- time zone changed in SQL): recounted whole from the interactions,
    -- which already hold the rows of this statement.
    SELECT array_agg(m.user_id)
      INTO moved
      FROM unnest(managers, zones) AS m(user_id, tz)
      JOIN %(zone_table)s AS z ON z.user_id = m.user_id
     WHERE z.tz <> m.tz;
    IF moved IS NOT NULL THEN
        PERFORM corporate_activity_counter_recount(moved);
    END IF;

    -- The others get the net change of the statement, counted once for both
    -- tables; an update that changes no dimension (a note) adds nothing.
    -- Rows are written in key order by every writer: two transactions
    -- counting the same days cannot deadlock.
    WITH zone AS (
        SELECT m.user_id, m.tz
          FROM unnest(managers, zones) AS m(user_id, tz)
         WHERE moved IS NULL OR m.user_id <> ALL(moved)
    ),
    zoned AS (
        INSERT INTO %(zone_table)s (user_id, tz)
        SELECT zone.user_id, zone.tz FROM zone ORDER BY zone.user_id
        ON CONFLICT (user_id) DO NOTHING
    ),
    delta AS MATERIALIZED (
        SELECT r.user_id,
               timezone(z.tz, timezone('UTC', r.date))::date AS day,
               z.tz,
               r.interaction_type,
               COALESCE(r.outcome, '') AS outcome,
               COALESCE(r.client_user_id, 0) AS client_user_id,
               COALESCE(r.team_id, 0) AS team_id,
               r.company_id,
               sum(r.sign)::integer AS n
          FROM (%(changed_rows)s) AS r
          JOIN zone AS z ON z.user_id = r.user_id
      GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
        HAVING sum(r.sign) <> 0
    ),
    counted AS (
        INSERT INTO %(counter_table)s AS c (
            user_id, day, tz, interaction_type, outcome, client_user_id, team_id,
            company_id, day_start, count
        )
        SELECT d.user_id, d.day, d.tz, d.interaction_type, d.outcome, d.client_user_id,
               d.team_id, d.company_id,
               timezone('UTC', timezone(d.tz, d.day::timestamp)), d.n
          FROM delta AS d
      ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
            ON CONFLICT (user_id, day, tz, interaction_type, outcome, client_user_id,
                         team_id, company_id)
            DO UPDATE SET count = c.count + EXCLUDED.count
    )
    INSERT INTO %(day_table)s AS c (user_id, day, tz, %(metrics)s)
    SELECT *
      FROM (SELECT delta.user_id, delta.day, delta.tz, %(metric_sums)s
              FROM delta
          GROUP BY delta.user_id, delta.day, delta.tz) AS s
     WHERE %(metrics_nonzero)s
  ORDER BY 1, 2, 3
        ON CONFLICT (user_id, day, tz) DO UPDATE SET %(metrics_add)s;

    -- Rows brought to zero are deleted (partial indexes on the zeros).
    DELETE FROM %(counter_table)s AS c
     WHERE c.count = 0 AND c.user_id = ANY(managers);
    DELETE FROM %(day_table)s AS c
     WHERE %(metrics_zero)s AND c.user_id = ANY(managers);

    -- The last contact of the cards whose interactions moved in date, card
    -- or outcome: the latest interaction, deleted ones included.
    PERFORM corporate_client_last_contact_recount(ARRAY(
        SELECT DISTINCT r.client_id
          FROM (SELECT r.id, r.client_id, r.date, r.outcome
                  FROM (%(changed_rows)s) AS r
              GROUP BY 1, 2, 3, 4
                HAVING sum(r.sign) <> 0) AS r
    ));
    RETURN NULL;
END;
$body$;
