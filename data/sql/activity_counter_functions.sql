-- Activity counters (corporate.activity.counter): the functions the triggers,
-- the rebuild and the read-only fallback share.
--
-- Rendered by corporate.activity.counter._counter_sql: table names are
-- substituted as identifiers; metric_sums (a column per metric, from the
-- type -> metric mapping) is the only part written by Python.

-- The time zone a manager counts their days in: their own, else their
-- company calendar's, else UTC (as corporate.quota._user_zones).  A name
-- PostgreSQL does not know (written in SQL: 'Mars/Base') counts as UTC, as
-- pytz.UnknownTimeZoneError does in Python: it must not stop an interaction
-- from being logged.  The name is checked by converting a moment with it,
-- not by scanning pg_timezone_names (slow); callers resolve each manager
-- once per statement, never once per row.
CREATE OR REPLACE FUNCTION corporate_activity_user_tz(manager integer)
RETURNS varchar LANGUAGE plpgsql STABLE AS $body$
DECLARE
    zone varchar;
BEGIN
    SELECT COALESCE(NULLIF(partner.tz, ''), NULLIF(calendar.tz, ''))
      INTO zone
      FROM res_users AS usr
      JOIN res_partner AS partner ON partner.id = usr.partner_id
 LEFT JOIN res_company AS company ON company.id = usr.company_id
 LEFT JOIN resource_calendar AS calendar ON calendar.id = company.resource_calendar_id
     WHERE usr.id = manager;
    IF zone IS NULL THEN
        RETURN 'UTC';
    END IF;
    PERFORM timezone(zone, now());
    RETURN zone;
EXCEPTION WHEN invalid_parameter_value THEN
    RETURN 'UTC';
END;
$body$;

-- The counter rows of the interactions of managers (all when NULL) dated in
-- [date_from, date_to) (unbounded when NULL), counted from the interactions:
-- what the counters hold when they are right.  Used by the rebuild and,
-- read-only, for managers whose counters are of another zone.
CREATE OR REPLACE FUNCTION corporate_activity_counter_rows(
    managers integer[], date_from timestamp, date_to timestamp
)
RETURNS TABLE (
    user_id integer, day date, tz varchar, interaction_type varchar, outcome varchar,
    client_user_id integer, team_id integer, company_id integer, n integer
)
LANGUAGE sql STABLE AS $body$
    WITH zone AS MATERIALIZED (
        SELECT m.user_id, corporate_activity_user_tz(m.user_id) AS tz
          FROM (SELECT DISTINCT i.user_id
                  FROM corporate_interaction AS i
                 WHERE managers IS NULL OR i.user_id = ANY(managers)) AS m
    )
    SELECT i.user_id,
           timezone(z.tz, timezone('UTC', i.date))::date,
           z.tz,
           i.interaction_type,
           COALESCE(i.outcome, ''),
           COALESCE(i.client_user_id, 0),
           COALESCE(i.team_id, 0),
           i.company_id,
           count(*)::integer
      FROM corporate_interaction AS i
      JOIN zone AS z ON z.user_id = i.user_id
     WHERE (date_from IS NULL OR i.date >= date_from)
       AND (date_to IS NULL OR i.date < date_to)
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
$body$;

-- Recount the counters of managers (all when NULL) from the interactions.
-- Returns the number of counter rows written.
CREATE OR REPLACE FUNCTION corporate_activity_counter_recount(managers integer[])
RETURNS integer LANGUAGE plpgsql AS $body$
DECLARE
    written integer;
BEGIN
    -- Two branches: each statement keeps a plan of its own (an index scan of
    -- the managers' rows, or the whole tables).  DELETE, not TRUNCATE: a
    -- transaction reading the counters meanwhile keeps seeing its snapshot.
    IF managers IS NULL THEN
        DELETE FROM %(counter_table)s;
        DELETE FROM %(day_table)s;
        DELETE FROM %(zone_table)s;
    ELSE
        DELETE FROM %(counter_table)s AS c WHERE c.user_id = ANY(managers);
        DELETE FROM %(day_table)s AS c WHERE c.user_id = ANY(managers);
        DELETE FROM %(zone_table)s AS c WHERE c.user_id = ANY(managers);
    END IF;
    WITH counted AS MATERIALIZED (
        SELECT * FROM corporate_activity_counter_rows(managers, NULL, NULL)
    ),
    zones AS (
        INSERT INTO %(zone_table)s (user_id, tz)
        SELECT DISTINCT counted.user_id, counted.tz FROM counted
    ),
    counters AS (
        INSERT INTO %(counter_table)s (
            user_id, day, tz, interaction_type, outcome, client_user_id, team_id,
            company_id, day_start, count
        )
        SELECT counted.user_id, counted.day, counted.tz, counted.interaction_type,
               counted.outcome, counted.client_user_id, counted.team_id,
               counted.company_id,
               timezone('UTC', timezone(counted.tz, counted.day::timestamp)), counted.n
          FROM counted
    )
    INSERT INTO %(day_table)s (user_id, day, tz, %(metrics)s)
    SELECT user_id, day, tz, %(metric_sums)s
      FROM counted
  GROUP BY user_id, day, tz;
    SELECT count(*) INTO written
      FROM %(counter_table)s AS c
     WHERE managers IS NULL OR c.user_id = ANY(managers);
    RETURN written;
END;
$body$;

-- The last contact of cards (all when NULL): the date and outcome of their
-- latest interaction (corporate.client.last_contact_date / last_outcome),
-- written only where they differ.
CREATE OR REPLACE FUNCTION corporate_client_last_contact_recount(cards integer[])
RETURNS void LANGUAGE plpgsql AS $body$
BEGIN
    IF cards IS NULL THEN
        cards := ARRAY(SELECT id FROM corporate_client);
    END IF;
    UPDATE corporate_client AS card
       SET last_contact_date = latest.date, last_outcome = latest.outcome
      FROM (SELECT c.id, l.date, l.outcome
              FROM corporate_client AS c
         LEFT JOIN LATERAL (
                    SELECT i.date, i.outcome
                      FROM corporate_interaction AS i
                     WHERE i.client_id = c.id
                  ORDER BY i.date DESC, i.id DESC
                     LIMIT 1
                   ) AS l ON TRUE
             WHERE c.id = ANY(cards)) AS latest
     WHERE card.id = latest.id
       AND (card.last_contact_date IS DISTINCT FROM latest.date
            OR card.last_outcome IS DISTINCT FROM latest.outcome);
END;
$body$;

-- TRUNCATE corporate_interaction: no interaction left to count.
CREATE OR REPLACE FUNCTION corporate_activity_counter_on_truncate()
RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
    TRUNCATE %(counter_table)s, %(day_table)s, %(zone_table)s;
    UPDATE corporate_client
       SET last_contact_date = NULL, last_outcome = NULL
     WHERE last_contact_date IS NOT NULL OR last_outcome IS NOT NULL;
    RETURN NULL;
END;
$body$;
