-- Kefu schema, version 18: the platform operator suspends tenants and limits how many agents and
-- sites each may have; the admin console searches the audit log by actor, action, object and
-- address. Written once for MariaDB and for H2 in MariaDB mode (see V1 for ${table_options}).

-- suspended_at is set while the tenant is suspended (its staff cannot sign in, its widgets are
-- refused) and cleared when it is resumed. A limit of NULL means no limit.
ALTER TABLE tenant ADD COLUMN suspended_at DATETIME(6);
ALTER TABLE tenant ADD COLUMN max_agents INT;
ALTER TABLE tenant ADD COLUMN max_sites INT;

-- The console's audit search always names the tenant and a period, and orders by time; each
-- filter it offers gets an index that starts with the tenant and the filtered column, so a search
-- for one user's or one address's events reads those events only.
CREATE INDEX ix_audit_event_tenant_action ON audit_event (tenant_id, action, at);
CREATE INDEX ix_audit_event_tenant_actor ON audit_event (tenant_id, actor, at);
CREATE INDEX ix_audit_event_tenant_object ON audit_event (tenant_id, object_id, at);
CREATE INDEX ix_audit_event_tenant_ip ON audit_event (tenant_id, ip, at);
