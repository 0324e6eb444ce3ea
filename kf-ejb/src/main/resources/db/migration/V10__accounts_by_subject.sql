-- Accounts of people who sign in through the identity provider are named by the provider and its
-- stable id of the person (iss, sub), never by a user name that someone else can come to hold.
ALTER TABLE agent ADD COLUMN idp_issuer VARCHAR(255);
ALTER TABLE agent ADD COLUMN idp_subject VARCHAR(255);

-- Accounts the provider made before this version (they have no password) have no subject yet:
-- each is bound to the subject of its first sign-in after the upgrade, under its user name, once.
-- Local accounts (with a password) are never taken over by a provider's user of the same name.
ALTER TABLE agent ADD COLUMN idp_unbound BOOLEAN DEFAULT FALSE NOT NULL;
UPDATE agent SET idp_unbound = TRUE WHERE password_hash IS NULL;

CREATE UNIQUE INDEX uk_agent_idp ON agent (idp_issuer, idp_subject);
