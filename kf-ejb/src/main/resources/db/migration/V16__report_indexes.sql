-- Kefu schema, version 16: what the reports and the dashboard read.
-- A report reads a tenant's conversations that began in a period; the dashboard counts the visitors
-- of a tenant whose widget is connected.
-- Written once for MariaDB and for H2 in MariaDB mode.

CREATE INDEX ix_conversation_tenant_created ON conversation (tenant_id, created_at);
CREATE INDEX ix_visitor_present ON visitor (tenant_id, disconnected_at, last_seen_at);
