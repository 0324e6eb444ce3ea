-- Kefu schema, version 12: what the staff page of the admin console adds to an account.
-- disabled_at: when an admin disabled the account (null: enabled). A disabled account cannot sign
-- in, its sessions and sockets end, and routing gives it nothing.
-- custom_status_allowed: whether the person may put themselves in one of the tenant's own statuses
-- ("Lunch", "Training"); online, away and offline are always theirs.
-- The indexes serve the staff list, filtered and sorted in the database.
-- Written once for MariaDB and for H2 in MariaDB mode.

ALTER TABLE agent ADD COLUMN disabled_at DATETIME(6);
ALTER TABLE agent ADD COLUMN custom_status_allowed BOOLEAN DEFAULT TRUE NOT NULL;

CREATE INDEX ix_agent_display_name ON agent (tenant_id, display_name);
CREATE INDEX ix_agent_disabled ON agent (tenant_id, disabled_at);
CREATE INDEX ix_agent_created ON agent (tenant_id, created_at);
