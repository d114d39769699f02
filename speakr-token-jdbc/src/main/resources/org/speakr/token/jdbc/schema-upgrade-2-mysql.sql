-- speakr-token: upgrades a table created by an earlier schema-mysql.sql (with revocation reasons and child tokens,
-- run schema-upgrade-1-mysql.sql first if it lacks those) in place with the columns of the token lifecycle: the
-- client facts of the last use, allowed networks, the predecessor of a rotated token and the expiry notice.
-- initializeSchema() runs it when the table lacks these columns. All are nullable and existing rows keep
-- working as they were: no client facts, any network, no predecessor, no notice sent yet.
ALTER TABLE %TABLE_NAME%
    ADD COLUMN last_used_address VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
    ADD COLUMN last_used_user_agent VARCHAR(256) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
    ADD COLUMN allowed_networks VARCHAR(1500) CHARACTER SET ascii COLLATE ascii_bin NULL,
    ADD COLUMN predecessor_id VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL,
    ADD COLUMN expiry_noticed BIGINT NULL;
