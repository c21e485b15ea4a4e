-- Activity counters (corporate.activity.counter): the tables.
--
-- Rendered by corporate.activity.counter._counter_sql: the table names are
-- substituted as identifiers; the metric columns of the day counters come
-- from the type -> metric mapping (INTERACTION_METRICS), the only part that
-- Python writes.  Idempotent.

-- Interactions counted per manager, local day of the manager (in the zone
-- tz), type, outcome, client's manager, department and company.  NULLs are
-- stored as '' / 0 so that a row has one key.  day_start is the UTC moment
-- the local day starts (the interaction analysis' date).
CREATE TABLE IF NOT EXISTS %(counter_table)s (
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
    PRIMARY KEY (user_id, day, tz, interaction_type, outcome, client_user_id, team_id, company_id)
);
-- The rows a statement brought to zero, found at once to be deleted.
CREATE INDEX IF NOT EXISTS corporate_activity_counter_zero_index
    ON %(counter_table)s (user_id) WHERE count = 0;

-- The same counts per manager and local day only, a column per metric: what
-- the quotas read.
CREATE TABLE IF NOT EXISTS %(day_table)s (
    user_id integer NOT NULL,
    day date NOT NULL,
    tz varchar NOT NULL,
    %(metric_columns)s,
    PRIMARY KEY (user_id, day, tz)
);
CREATE INDEX IF NOT EXISTS corporate_activity_day_counter_zero_index
    ON %(day_table)s (user_id) WHERE %(metrics_zero)s;

-- The time zone each manager's counters are kept in: a manager whose zone
-- no longer is that one (changed in SQL) is recounted at their next
-- interaction instead of getting rows in two zones.
CREATE TABLE IF NOT EXISTS %(zone_table)s (
    user_id integer PRIMARY KEY,
    tz varchar NOT NULL
);
