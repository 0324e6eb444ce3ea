-- Kefu schema, version 1: tenants, sites, departments, agents, visitors,
-- conversations and their messages, WebSocket tickets and installation settings.
-- Written once for MariaDB and for H2 in MariaDB mode. ${table_options} is
-- "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci" on MariaDB and empty on H2.

CREATE TABLE kf_setting (
  name VARCHAR(64) NOT NULL PRIMARY KEY,
  setting_value VARCHAR(1000) NOT NULL
) ${table_options};

CREATE TABLE tenant (
  id VARCHAR(40) NOT NULL PRIMARY KEY,
  name VARCHAR(200) NOT NULL,
  created_at DATETIME(6) NOT NULL
) ${table_options};

CREATE TABLE department (
  id VARCHAR(40) NOT NULL PRIMARY KEY,
  tenant_id VARCHAR(40) NOT NULL,
  name VARCHAR(200) NOT NULL,
  created_at DATETIME(6) NOT NULL,
  CONSTRAINT fk_department_tenant FOREIGN KEY (tenant_id) REFERENCES tenant (id)
) ${table_options};

CREATE TABLE site (
  id VARCHAR(40) NOT NULL PRIMARY KEY,
  tenant_id VARCHAR(40) NOT NULL,
  site_key VARCHAR(64) NOT NULL,
  name VARCHAR(200) NOT NULL,
  allowed_origins VARCHAR(4000) NOT NULL,
  greeting VARCHAR(1000) NOT NULL,
  secret VARCHAR(128) NOT NULL,
  enabled BOOLEAN NOT NULL,
  default_department_id VARCHAR(40) NOT NULL,
  created_at DATETIME(6) NOT NULL,
  CONSTRAINT uk_site_key UNIQUE (site_key),
  CONSTRAINT fk_site_tenant FOREIGN KEY (tenant_id) REFERENCES tenant (id),
  CONSTRAINT fk_site_department FOREIGN KEY (default_department_id) REFERENCES department (id)
) ${table_options};

CREATE TABLE agent (
  id VARCHAR(40) NOT NULL PRIMARY KEY,
  tenant_id VARCHAR(40) NOT NULL,
  username VARCHAR(100) NOT NULL,
  display_name VARCHAR(200) NOT NULL,
  email VARCHAR(320),
  password_hash VARCHAR(255),
  roles VARCHAR(200) NOT NULL,
  status VARCHAR(16) NOT NULL,
  capacity INT NOT NULL,
  created_at DATETIME(6) NOT NULL,
  CONSTRAINT uk_agent_username UNIQUE (tenant_id, username),
  CONSTRAINT fk_agent_tenant FOREIGN KEY (tenant_id) REFERENCES tenant (id)
) ${table_options};

CREATE TABLE department_member (
  department_id VARCHAR(40) NOT NULL,
  agent_id VARCHAR(40) NOT NULL,
  PRIMARY KEY (department_id, agent_id),
  CONSTRAINT fk_member_department FOREIGN KEY (department_id) REFERENCES department (id),
  CONSTRAINT fk_member_agent FOREIGN KEY (agent_id) REFERENCES agent (id)
) ${table_options};

CREATE TABLE visitor (
  id VARCHAR(40) NOT NULL PRIMARY KEY,
  tenant_id VARCHAR(40) NOT NULL,
  site_id VARCHAR(40) NOT NULL,
  external_user_id VARCHAR(200),
  name VARCHAR(200),
  email VARCHAR(320),
  locale VARCHAR(35),
  device VARCHAR(16),
  browser VARCHAR(64),
  user_agent VARCHAR(512),
  referrer VARCHAR(2000),
  page_url VARCHAR(2000),
  page_title VARCHAR(500),
  visits INT NOT NULL,
  created_at DATETIME(6) NOT NULL,
  last_seen_at DATETIME(6) NOT NULL,
  CONSTRAINT fk_visitor_tenant FOREIGN KEY (tenant_id) REFERENCES tenant (id),
  CONSTRAINT fk_visitor_site FOREIGN KEY (site_id) REFERENCES site (id)
) ${table_options};
CREATE INDEX ix_visitor_external ON visitor (site_id, external_user_id);

CREATE TABLE conversation (
  id VARCHAR(40) NOT NULL PRIMARY KEY,
  tenant_id VARCHAR(40) NOT NULL,
  site_id VARCHAR(40) NOT NULL,
  department_id VARCHAR(40) NOT NULL,
  visitor_id VARCHAR(40) NOT NULL,
  agent_id VARCHAR(40),
  state VARCHAR(16) NOT NULL,
  last_seq BIGINT NOT NULL,
  visitor_read_seq BIGINT NOT NULL,
  agent_read_seq BIGINT NOT NULL,
  created_at DATETIME(6) NOT NULL,
  assigned_at DATETIME(6),
  first_response_at DATETIME(6),
  closed_at DATETIME(6),
  closed_by VARCHAR(16),
  CONSTRAINT fk_conversation_tenant FOREIGN KEY (tenant_id) REFERENCES tenant (id),
  CONSTRAINT fk_conversation_site FOREIGN KEY (site_id) REFERENCES site (id),
  CONSTRAINT fk_conversation_department FOREIGN KEY (department_id) REFERENCES department (id),
  CONSTRAINT fk_conversation_visitor FOREIGN KEY (visitor_id) REFERENCES visitor (id),
  CONSTRAINT fk_conversation_agent FOREIGN KEY (agent_id) REFERENCES agent (id)
) ${table_options};
CREATE INDEX ix_conversation_visitor ON conversation (visitor_id, state);
CREATE INDEX ix_conversation_agent ON conversation (agent_id, state);
CREATE INDEX ix_conversation_queue ON conversation (department_id, state, created_at);

CREATE TABLE message (
  id VARCHAR(40) NOT NULL PRIMARY KEY,
  tenant_id VARCHAR(40) NOT NULL,
  conversation_id VARCHAR(40) NOT NULL,
  seq BIGINT NOT NULL,
  client_msg_id VARCHAR(64) NOT NULL,
  sender_type VARCHAR(16) NOT NULL,
  sender_id VARCHAR(40),
  sender_name VARCHAR(200),
  body VARCHAR(4000) NOT NULL,
  created_at DATETIME(6) NOT NULL,
  CONSTRAINT uk_message_seq UNIQUE (conversation_id, seq),
  CONSTRAINT uk_message_client_id UNIQUE (conversation_id, client_msg_id),
  CONSTRAINT fk_message_conversation FOREIGN KEY (conversation_id) REFERENCES conversation (id)
) ${table_options};

CREATE TABLE ws_ticket (
  id VARCHAR(64) NOT NULL PRIMARY KEY,
  agent_id VARCHAR(40) NOT NULL,
  expires_at DATETIME(6) NOT NULL,
  used_at DATETIME(6),
  CONSTRAINT fk_ticket_agent FOREIGN KEY (agent_id) REFERENCES agent (id)
) ${table_options};
CREATE INDEX ix_ws_ticket_expiry ON ws_ticket (expires_at);
