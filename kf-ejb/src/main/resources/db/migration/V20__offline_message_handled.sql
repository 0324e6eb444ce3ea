-- A left message that staff dealt with some other way (a call back, say) is marked handled, with
-- who and when, and leaves the open list; it can be reopened.
ALTER TABLE offline_message ADD COLUMN handled_at DATETIME(6);
ALTER TABLE offline_message ADD COLUMN handled_by VARCHAR(40);
ALTER TABLE offline_message ADD COLUMN handled_by_name VARCHAR(200);
