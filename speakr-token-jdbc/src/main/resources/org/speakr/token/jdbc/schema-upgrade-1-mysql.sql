-- speakr-token: upgrades a table created by an earlier schema-mysql.sql (without revocation reasons and child
-- tokens) in place; initializeSchema() runs it when the table lacks these columns, then schema-upgrade-2-mysql.sql. Existing
-- rows keep working: a token revoked before the upgrade reads as revoked MANUAL.
ALTER TABLE %TABLE_NAME%
    ADD COLUMN revocation_reason VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NULL,
    ADD COLUMN parent_id VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL,
    ADD KEY %INDEX_PREFIX%_parent_ix (parent_id);
