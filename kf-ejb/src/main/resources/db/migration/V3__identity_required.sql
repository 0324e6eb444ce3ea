-- Kefu schema, version 3: a site may make identity verification mandatory. Then a visitor's hello
-- must carry an identity that the site's back end signed with the site secret, or the socket is
-- refused. Off for existing sites, so an upgrade changes nothing until an admin turns it on.
-- Written once for MariaDB and for H2 in MariaDB mode.

ALTER TABLE site ADD COLUMN identity_required BOOLEAN DEFAULT FALSE NOT NULL;
