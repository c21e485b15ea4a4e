-- Activity counters (corporate.activity.counter): everything they add to the
-- database, dropped when the addon is uninstalled (hooks.uninstall_hook).
-- The interaction analysis reads the counters in a query of its own
-- (_table_query), not a view: should a view of them be left by an older
-- version, it goes first (the ORM then finds no view to drop).
DROP VIEW IF EXISTS corporate_interaction_analysis;
DROP TRIGGER IF EXISTS corporate_activity_counter_insert ON corporate_interaction;
DROP TRIGGER IF EXISTS corporate_activity_counter_update ON corporate_interaction;
DROP TRIGGER IF EXISTS corporate_activity_counter_delete ON corporate_interaction;
DROP TRIGGER IF EXISTS corporate_activity_counter_truncate ON corporate_interaction;
DROP FUNCTION IF EXISTS corporate_activity_counter_on_insert();
DROP FUNCTION IF EXISTS corporate_activity_counter_on_update();
DROP FUNCTION IF EXISTS corporate_activity_counter_on_delete();
DROP FUNCTION IF EXISTS corporate_activity_counter_on_truncate();
DROP FUNCTION IF EXISTS corporate_activity_counter_apply();
DROP FUNCTION IF EXISTS corporate_client_last_contact_recount(integer[]);
DROP FUNCTION IF EXISTS corporate_activity_counter_recount(integer[]);
DROP FUNCTION IF EXISTS corporate_activity_counter_rows(integer[], timestamp, timestamp);
DROP FUNCTION IF EXISTS corporate_activity_user_tz(integer);
DROP TABLE IF EXISTS %(counter_table)s, %(day_table)s, %(zone_table)s;
