-- Kefu schema, version 2: the audit log of sign-in attempts and administrative changes, and the
-- guard that locks a user name after repeated failed sign-ins.
-- Written once for MariaDB and for H2 in MariaDB mode (see V1 for ${table_options}).

-- Append-only. tenant_id is empty for events that belong to no tenant yet, such as a failed
-- sign-in with a user name that names no account. at is UTC. detail is JSON (before/after of a
-- change) and never holds a password, a secret or a token.
CREATE TABLE audit_event (
  id VARCHAR(40) NOT NULL PRIMARY KEY,
  tenant_id VARCHAR(40),
  at DATETIME(6) NOT NULL,
  actor VARCHAR(100) NOT NULL,
  actor_type VARCHAR(16) NOT NULL,
  action VARCHAR(64) NOT NULL,
  object_type VARCHAR(32),
  object_id VARCHAR(100),
  ip VARCHAR(45),
  source VARCHAR(16) NOT NULL,
  detail MEDIUMTEXT
) ${table_options};
-- The export reads one tenant's events in time order; retention deletes by age across tenants.
CREATE INDEX ix_audit_event_tenant_at ON audit_event (tenant_id, at);
CREATE INDEX ix_audit_event_at ON audit_event (at);

-- Keyed by the user name as typed (trimmed, lower case), not by account: a user name that names
-- no account is throttled the same way, so the lockout says nothing about which accounts exist.
CREATE TABLE signin_guard (
  user_name VARCHAR(100) NOT NULL PRIMARY KEY,
  failures INT NOT NULL,
  last_failure_at DATETIME(6) NOT NULL,
  locked_until DATETIME(6)
) ${table_options};
CREATE INDEX ix_signin_guard_last_failure ON signin_guard (last_failure_at);
