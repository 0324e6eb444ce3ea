-- Kefu schema, version 9: what the widget shows and what visitors leave in it.
-- site.widget_settings is the site's widget settings as JSON (texts, colours, pre-chat form,
-- proactive greeting); null means the built-in defaults. A conversation keeps the pre-chat fields
-- the visitor filled in (JSON, name and email go on the visitor) and the visitor's rating.
-- offline_message holds what a visitor left while nobody was there, and the answer sent by email.
-- Written once for MariaDB and for H2 in MariaDB mode (see V1 for ${table_options}).

ALTER TABLE site ADD COLUMN widget_settings MEDIUMTEXT;

ALTER TABLE conversation ADD COLUMN prechat MEDIUMTEXT;
ALTER TABLE conversation ADD COLUMN rating_score INT;
ALTER TABLE conversation ADD COLUMN rating_comment VARCHAR(1000);
ALTER TABLE conversation ADD COLUMN rated_at DATETIME(6);
-- The missed list of a department reads its missed conversations, newest first.
CREATE INDEX ix_conversation_missed ON conversation (department_id, state, closed_at);

-- (visitor_id, client_msg_id) is unique: a form sent again after a lost answer is stored once.
CREATE TABLE offline_message (
  id VARCHAR(40) NOT NULL PRIMARY KEY,
  tenant_id VARCHAR(40) NOT NULL,
  site_id VARCHAR(40) NOT NULL,
  department_id VARCHAR(40) NOT NULL,
  visitor_id VARCHAR(40) NOT NULL,
  client_msg_id VARCHAR(64) NOT NULL,
  name VARCHAR(200) NOT NULL,
  contact VARCHAR(320) NOT NULL,
  body VARCHAR(4000) NOT NULL,
  page_url VARCHAR(2000),
  created_at DATETIME(6) NOT NULL,
  answered_at DATETIME(6),
  answered_by VARCHAR(40),
  answered_by_name VARCHAR(200),
  answer VARCHAR(4000),
  CONSTRAINT uk_offline_message_client_id UNIQUE (visitor_id, client_msg_id),
  CONSTRAINT fk_offline_message_tenant FOREIGN KEY (tenant_id) REFERENCES tenant (id),
  CONSTRAINT fk_offline_message_site FOREIGN KEY (site_id) REFERENCES site (id),
  CONSTRAINT fk_offline_message_department FOREIGN KEY (department_id) REFERENCES department (id),
  CONSTRAINT fk_offline_message_visitor FOREIGN KEY (visitor_id) REFERENCES visitor (id)
) ${table_options};
CREATE INDEX ix_offline_message_department ON offline_message (department_id, created_at);
