-- Kefu schema, version 5: a conversation whose visitor has gone is closed after a while.
-- visitor.disconnected_at is when the visitor's last socket closed (null while one is open);
-- after the department's visitor_gone_seconds (or the installation's default when null) their open
-- conversation closes, as missed when no agent had answered.
-- Written once for MariaDB and for H2 in MariaDB mode.

ALTER TABLE visitor ADD COLUMN disconnected_at DATETIME(6);
ALTER TABLE department ADD COLUMN visitor_gone_seconds INT;
