-- Kefu schema, version 8: files and images shared in a conversation.
-- kf_file holds what Kefu knows of a stored file; the bytes live under the data directory with a
-- random name (storage_name), never the name the uploader gave. A file is uploaded first and then
-- sent as a message: conversation_id is set when the uploader's conversation is known (always for
-- staff; for a visitor once the message that carries it opens or joins one).
-- message.file_id is the message's optional attachment.
-- Written once for MariaDB and for H2 in MariaDB mode.

CREATE TABLE kf_file (
  id VARCHAR(40) NOT NULL PRIMARY KEY,
  tenant_id VARCHAR(40) NOT NULL,
  conversation_id VARCHAR(40),
  uploader_type VARCHAR(16) NOT NULL,
  uploader_id VARCHAR(40) NOT NULL,
  original_name VARCHAR(255) NOT NULL,
  content_type VARCHAR(100) NOT NULL,
  size_bytes BIGINT NOT NULL,
  sha256 CHAR(64) NOT NULL,
  storage_name VARCHAR(80) NOT NULL,
  created_at DATETIME(6) NOT NULL,
  CONSTRAINT uk_file_storage UNIQUE (storage_name),
  CONSTRAINT fk_file_tenant FOREIGN KEY (tenant_id) REFERENCES tenant (id),
  CONSTRAINT fk_file_conversation FOREIGN KEY (conversation_id) REFERENCES conversation (id)
) ${table_options};
CREATE INDEX ix_file_conversation ON kf_file (conversation_id);
CREATE INDEX ix_file_uploader ON kf_file (uploader_type, uploader_id, created_at);

ALTER TABLE message ADD COLUMN file_id VARCHAR(40);
ALTER TABLE message ADD CONSTRAINT fk_message_file FOREIGN KEY (file_id) REFERENCES kf_file (id);
ALTER TABLE message ADD CONSTRAINT uk_message_file UNIQUE (file_id);
