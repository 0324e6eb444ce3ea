-- Kefu schema, version 15: the back office's conversation history.
-- The history is searched by tenant and time, and within that by site, department, agent, state
-- and rating, newest first: one index per filter, each ending with created_at so that the first
-- page of a filtered search is read in order from its index.
-- A visitor is found by exact name through a keyed hash of the name (trimmed, single spaces, lower
-- case), as by e-mail address and the site's user id (V11): the name itself is stored encrypted
-- and cannot be searched with LIKE.
-- The words of messages are searched through a FULLTEXT index on MariaDB. H2 has no such index
-- and searches with LIKE instead: the placeholder mariadb_only is empty on MariaDB and starts a
-- comment on H2, so the statement after it runs on MariaDB only.
-- Written once for MariaDB and for H2 in MariaDB mode (see V1 for ${table_options}).

ALTER TABLE visitor ADD COLUMN name_index CHAR(64);
CREATE INDEX ix_visitor_name ON visitor (tenant_id, name_index);

CREATE INDEX ix_conversation_history ON conversation (tenant_id, created_at);
CREATE INDEX ix_conversation_history_site ON conversation (tenant_id, site_id, created_at);
CREATE INDEX ix_conversation_history_dept ON conversation (tenant_id, department_id, created_at);
CREATE INDEX ix_conversation_history_agent ON conversation (tenant_id, agent_id, created_at);
CREATE INDEX ix_conversation_history_state ON conversation (tenant_id, state, created_at);
CREATE INDEX ix_conversation_history_rating ON conversation (tenant_id, rating_score, created_at);
CREATE INDEX ix_conversation_history_visitor ON conversation (tenant_id, visitor_id, created_at);

${mariadb_only}CREATE FULLTEXT INDEX ix_message_body_words ON message (body);

-- The site's user id is searched across the tenant's sites as well.
CREATE INDEX ix_visitor_external_tenant ON visitor (tenant_id, external_user_index);
