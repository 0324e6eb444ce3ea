-- Kefu schema, version 21: webhooks for integrations.
-- webhook is a receiver of a tenant's events: its address, the secret that signs what it gets
-- (encrypted under the data key), and the event types it wants (comma-separated wire names).
-- webhook_delivery is the outbox and the delivery log at once: one row per event and receiver,
-- written in the transaction of the change it tells of, sent after the commit, retried with
-- back-off, kept for the log until the retention sweep. Its payload is encrypted; visitor_id lets an
-- erasure remove what was about that visitor. Written once for MariaDB and for H2 in MariaDB mode.

CREATE TABLE webhook (
  id VARCHAR(40) NOT NULL PRIMARY KEY,
  tenant_id VARCHAR(40) NOT NULL,
  url VARCHAR(2000) NOT NULL,
  secret VARCHAR(500) NOT NULL,
  events VARCHAR(500) NOT NULL,
  enabled BOOLEAN NOT NULL,
  description VARCHAR(200),
  created_at DATETIME(6) NOT NULL,
  updated_at DATETIME(6) NOT NULL,
  CONSTRAINT fk_webhook_tenant FOREIGN KEY (tenant_id) REFERENCES tenant (id)
) ${table_options};
CREATE INDEX ix_webhook_tenant ON webhook (tenant_id, created_at);

CREATE TABLE webhook_delivery (
  id VARCHAR(40) NOT NULL PRIMARY KEY,
  tenant_id VARCHAR(40) NOT NULL,
  webhook_id VARCHAR(40) NOT NULL,
  visitor_id VARCHAR(40),
  event_type VARCHAR(40) NOT NULL,
  payload MEDIUMTEXT NOT NULL,
  status VARCHAR(16) NOT NULL,
  attempts INT NOT NULL,
  next_attempt_at DATETIME(6) NOT NULL,
  claimed_until DATETIME(6),
  last_status INT,
  last_error VARCHAR(500),
  created_at DATETIME(6) NOT NULL,
  delivered_at DATETIME(6),
  CONSTRAINT fk_webhook_delivery_webhook FOREIGN KEY (webhook_id) REFERENCES webhook (id)
) ${table_options};
CREATE INDEX ix_webhook_delivery_due ON webhook_delivery (status, next_attempt_at);
CREATE INDEX ix_webhook_delivery_log ON webhook_delivery (webhook_id, created_at);
CREATE INDEX ix_webhook_delivery_visitor ON webhook_delivery (visitor_id);
CREATE INDEX ix_webhook_delivery_age ON webhook_delivery (created_at);
