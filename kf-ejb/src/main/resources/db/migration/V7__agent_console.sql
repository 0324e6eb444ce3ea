-- Kefu schema, version 7: what the agent console adds around a conversation.
-- canned_reply: ready answers with a shortcut; owner_id is the agent of a personal one and null
-- for one shared by the whole tenant. scope_key is the owner's id or 'shared', so that a shortcut
-- is unique within a scope (a unique key over a nullable column would let duplicates through).
-- conversation_note: internal notes of staff on a conversation; kept apart from message so that
-- they never take a seq and never reach the visitor.
-- page_view: the pages a visitor opened, in order, for the agent's page trail.
-- Written once for MariaDB and for H2 in MariaDB mode.

CREATE TABLE canned_reply (
  id VARCHAR(40) NOT NULL PRIMARY KEY,
  tenant_id VARCHAR(40) NOT NULL,
  owner_id VARCHAR(40),
  scope_key VARCHAR(40) NOT NULL,
  shortcut VARCHAR(32) NOT NULL,
  body VARCHAR(4000) NOT NULL,
  created_at DATETIME(6) NOT NULL,
  updated_at DATETIME(6) NOT NULL,
  CONSTRAINT uk_canned_reply_shortcut UNIQUE (tenant_id, scope_key, shortcut),
  CONSTRAINT fk_canned_reply_tenant FOREIGN KEY (tenant_id) REFERENCES tenant (id),
  CONSTRAINT fk_canned_reply_owner FOREIGN KEY (owner_id) REFERENCES agent (id)
) ${table_options};

CREATE TABLE conversation_note (
  id VARCHAR(40) NOT NULL PRIMARY KEY,
  tenant_id VARCHAR(40) NOT NULL,
  conversation_id VARCHAR(40) NOT NULL,
  client_msg_id VARCHAR(64) NOT NULL,
  author_id VARCHAR(40),
  author_name VARCHAR(200),
  body VARCHAR(4000) NOT NULL,
  created_at DATETIME(6) NOT NULL,
  CONSTRAINT uk_note_client_id UNIQUE (conversation_id, client_msg_id),
  CONSTRAINT fk_note_conversation FOREIGN KEY (conversation_id) REFERENCES conversation (id),
  CONSTRAINT fk_note_author FOREIGN KEY (author_id) REFERENCES agent (id)
) ${table_options};
CREATE INDEX ix_note_conversation ON conversation_note (conversation_id, created_at);

CREATE TABLE page_view (
  id VARCHAR(40) NOT NULL PRIMARY KEY,
  tenant_id VARCHAR(40) NOT NULL,
  visitor_id VARCHAR(40) NOT NULL,
  url VARCHAR(2000) NOT NULL,
  title VARCHAR(500),
  viewed_at DATETIME(6) NOT NULL,
  CONSTRAINT fk_page_view_visitor FOREIGN KEY (visitor_id) REFERENCES visitor (id)
) ${table_options};
CREATE INDEX ix_page_view_visitor ON page_view (visitor_id, viewed_at);
