-- Kefu schema, version 17: protection and the live monitor.
-- visitor_block: a visitor (visitor_id) or an address range (cidr, in its canonical form
-- network/prefix) whose widget is refused, until expires_at (null: until unblocked). Unblocking
-- deletes the row; the audit log keeps what was blocked and unblocked.
-- sensitive_words: one row per tenant that has a list: the words one per line, what happens to a
-- message that holds one (MASK or REFUSE), and whether visitors' and agents' messages are screened.
-- visitor.visit_started_at: when the visitor's current visit began (time on site in the monitor);
-- visitor.invited_by / invited_at: the agent who last invited the visitor to chat, and when, so that
-- the conversation the visitor then opens goes to that agent.
-- Written once for MariaDB and for H2 in MariaDB mode (see V1 for ${table_options}).

CREATE TABLE visitor_block (
  id VARCHAR(40) NOT NULL PRIMARY KEY,
  tenant_id VARCHAR(40) NOT NULL,
  kind VARCHAR(16) NOT NULL,
  visitor_id VARCHAR(40),
  cidr VARCHAR(64),
  reason VARCHAR(500),
  expires_at DATETIME(6),
  created_at DATETIME(6) NOT NULL,
  created_by VARCHAR(40),
  CONSTRAINT fk_visitor_block_tenant FOREIGN KEY (tenant_id) REFERENCES tenant (id),
  CONSTRAINT fk_visitor_block_visitor FOREIGN KEY (visitor_id) REFERENCES visitor (id)
) ${table_options};
CREATE INDEX ix_visitor_block_created ON visitor_block (tenant_id, created_at);
CREATE INDEX ix_visitor_block_visitor ON visitor_block (visitor_id);

CREATE TABLE sensitive_words (
  id VARCHAR(40) NOT NULL PRIMARY KEY,
  tenant_id VARCHAR(40) NOT NULL,
  words MEDIUMTEXT,
  mode VARCHAR(16) NOT NULL,
  screen_visitors BOOLEAN NOT NULL,
  screen_agents BOOLEAN NOT NULL,
  updated_at DATETIME(6) NOT NULL,
  CONSTRAINT uk_sensitive_words_tenant UNIQUE (tenant_id),
  CONSTRAINT fk_sensitive_words_tenant FOREIGN KEY (tenant_id) REFERENCES tenant (id)
) ${table_options};

ALTER TABLE visitor ADD COLUMN visit_started_at DATETIME(6);
ALTER TABLE visitor ADD COLUMN invited_by VARCHAR(40);
ALTER TABLE visitor ADD COLUMN invited_at DATETIME(6);
-- The live monitor lists a tenant's connected visitors, most recently seen first.
CREATE INDEX ix_visitor_live ON visitor (tenant_id, disconnected_at, last_seen_at);
