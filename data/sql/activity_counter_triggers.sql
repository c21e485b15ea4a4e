-- Activity counters (corporate.activity.counter): the triggers on
-- corporate_interaction, once the functions exist.  Statement-level: each
-- INSERT, UPDATE or DELETE, by the ORM or in SQL, updates the counters and
-- the cards' last contact in its own transaction; TRUNCATE empties them.
DROP TRIGGER IF EXISTS corporate_activity_counter_insert ON corporate_interaction;
CREATE TRIGGER corporate_activity_counter_insert
    AFTER INSERT ON corporate_interaction
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION corporate_activity_counter_on_insert();

DROP TRIGGER IF EXISTS corporate_activity_counter_update ON corporate_interaction;
CREATE TRIGGER corporate_activity_counter_update
    AFTER UPDATE ON corporate_interaction
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION corporate_activity_counter_on_update();

DROP TRIGGER IF EXISTS corporate_activity_counter_delete ON corporate_interaction;
CREATE TRIGGER corporate_activity_counter_delete
    AFTER DELETE ON corporate_interaction
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION corporate_activity_counter_on_delete();

DROP TRIGGER IF EXISTS corporate_activity_counter_truncate ON corporate_interaction;
CREATE TRIGGER corporate_activity_counter_truncate
    AFTER TRUNCATE ON corporate_interaction
    FOR EACH STATEMENT EXECUTE FUNCTION corporate_activity_counter_on_truncate();

-- The single trigger function of 18.0.2.2.0, replaced by the above.
DROP FUNCTION IF EXISTS corporate_activity_counter_apply();
