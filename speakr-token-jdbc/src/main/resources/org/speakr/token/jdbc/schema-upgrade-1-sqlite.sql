-- speakr-token: upgrades a table created by an earlier schema-sqlite.sql (without revocation reasons and child
-- tokens) in place; initializeSchema() runs it when the table lacks these columns, then schema-upgrade-2-sqlite.sql. Existing
-- rows keep working: a token revoked before the upgrade reads as revoked MANUAL.
ALTER TABLE %TABLE_NAME% ADD COLUMN revocation_reason VARCHAR(16);
ALTER TABLE %TABLE_NAME% ADD COLUMN parent_id VARCHAR(64);
CREATE INDEX IF NOT EXISTS %INDEX_PREFIX%_parent_ix ON %TABLE_NAME% (parent_id);
