-- Kefu schema, version 13: sites are created and deleted in the admin console.
-- A deleted site keeps its row, so that the conversations, visitors and left messages that name it
-- keep their history: deleted_at is set, the site is disabled (its widget is refused) and no list
-- shows it any more. Site names are unique among the tenant's sites that are not deleted, which
-- the business checks (a deleted site's name may be used again), helped by the index below; the
-- sites table of the console is paged and sorted by name in the database with the same index.
-- The widget's texts per language live in site.widget_settings (JSON, "texts"), as the other
-- widget settings do.
-- Written once for MariaDB and for H2 in MariaDB mode (see V1 for ${table_options}).

ALTER TABLE site ADD COLUMN deleted_at DATETIME(6);
CREATE INDEX ix_site_tenant_name ON site (tenant_id, deleted_at, name);
