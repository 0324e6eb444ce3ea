-- Kefu schema, version 11: personal data of visitors is stored encrypted (AES-256-GCM,
-- "kf1:<keyId>:<base64(nonce|ciphertext|tag)>", see docs/security.md), so the columns that hold it
-- widen to the ciphertext of their longest value: 200 characters of up to 4 bytes each become
-- 4 * ceil((12 + 800 + 16) / 3) = 1104 characters of base64 plus the prefix, hence 1200; 320
-- become 1744 plus the prefix, hence 1800. Rows written before stay as they are until Kefu
-- encrypts them at its next start (docs/operations.md).
-- A value looked up by equality is found by a keyed hash (HMAC-SHA256, hex) of its normalised
-- form instead: the site's user id of an identified visitor (as before, by site), and the e-mail
-- address (for the back office's search, by tenant).
-- Written once for MariaDB and for H2 in MariaDB mode (see V1 for ${table_options}).

-- The new index on the site's user id comes before the old one goes: MariaDB keeps an index that
-- starts with site_id for the site's foreign key. The old one could not hold a ciphertext anyway.
ALTER TABLE visitor ADD COLUMN external_user_index CHAR(64);
ALTER TABLE visitor ADD COLUMN email_index CHAR(64);
CREATE INDEX ix_visitor_external_index ON visitor (site_id, external_user_index);
DROP INDEX ix_visitor_external ON visitor;
ALTER TABLE visitor MODIFY COLUMN external_user_id VARCHAR(1200);
ALTER TABLE visitor MODIFY COLUMN name VARCHAR(1200);
ALTER TABLE visitor MODIFY COLUMN email VARCHAR(1800);
CREATE INDEX ix_visitor_email ON visitor (tenant_id, email_index);

-- Every sender's name: a visitor's is copied here with each message.
ALTER TABLE message MODIFY COLUMN sender_name VARCHAR(1200);

ALTER TABLE offline_message MODIFY COLUMN name VARCHAR(1200) NOT NULL;
ALTER TABLE offline_message MODIFY COLUMN contact VARCHAR(1800) NOT NULL;

-- conversation.prechat (MEDIUMTEXT) holds its ciphertext as it is.
