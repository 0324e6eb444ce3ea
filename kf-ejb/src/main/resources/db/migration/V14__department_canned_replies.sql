-- Kefu schema, version 14: canned replies shared by one department, beside the tenant's shared ones
-- and each agent's personal ones. department_id is the department of such a reply (null for the
-- others); its scope_key is the department's id, so the unique key (tenant_id, scope_key,
-- shortcut) keeps shortcuts unique within each department. A department with replies of its own
-- is in use and cannot be removed (its replies go first).
-- The back office lists the tenant's shared and department replies by shortcut or by last change,
-- filtered by scope: both orders have their index.
-- The departments page lists a tenant's departments by name (also looking names up, which are
-- unique in a tenant in any letter case: the check is the application's, under the tenant's lock).
-- Written once for MariaDB and for H2 in MariaDB mode.

ALTER TABLE canned_reply ADD COLUMN department_id VARCHAR(40);
ALTER TABLE canned_reply ADD CONSTRAINT fk_canned_reply_department
  FOREIGN KEY (department_id) REFERENCES department (id);
CREATE INDEX ix_canned_reply_department ON canned_reply (department_id, shortcut);
CREATE INDEX ix_canned_reply_tenant_shortcut ON canned_reply (tenant_id, shortcut);
CREATE INDEX ix_canned_reply_tenant_updated ON canned_reply (tenant_id, updated_at);
CREATE INDEX ix_department_tenant_name ON department (tenant_id, name);
