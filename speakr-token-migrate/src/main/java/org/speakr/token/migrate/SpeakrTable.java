package org.speakr.token.migrate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads Speakr's {@code api_token} rows with their user's name, as SQLAlchemy's {@code create_all()} made the
 * tables. Datetimes are naive UTC: on SQLite TEXT {@code YYYY-MM-DD HH:MM:SS.ffffff}, parsed here as text; on
 * PostgreSQL and MySQL {@code timestamp without time zone}, read as {@link LocalDateTime}. Neither goes through
 * {@code getTimestamp}, which applies the JVM's zone (and, in sqlite-jdbc, reads the six-digit fraction as
 * milliseconds), so instants are exact to the microsecond whatever the JVM runs in.
 */
final class SpeakrTable {

    /**
     * One row of {@code api_token}, with {@code user.username} or {@code null} for an orphan; {@code unreadable}
     * says why a datetime could not be read (the instants are then {@code null}), else it is {@code null}.
     */
    record Row(long id, long userId, String username, String tokenHash, String name, Instant createdAt,
            Instant lastUsedAt, Instant expiresAt, boolean revoked, String unreadable) {
    }

    private static final String SELECT = "SELECT t.id, t.user_id, u.username, t.token_hash, t.name, t.created_at,"
            + " t.last_used_at, t.expires_at, t.revoked FROM %s t LEFT JOIN %s u ON u.id = t.user_id ORDER BY t.id";

    private SpeakrTable() {
    }

    /** @return every row of {@code tokenTable}, in id order */
    static List<Row> readAll(Connection connection, String tokenTable, String userTable) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        boolean sqlite = product.contains("sqlite");
        String quote = product.contains("mysql") || product.contains("mariadb") ? "`" : "\"";
        String sql = String.format(SELECT, quote + tokenTable + quote, quote + userTable + quote);
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                long id = rs.getLong(1);
                Instant[] instants = new Instant[3];
                String unreadable = null;
                try {
                    for (int i = 0; i < instants.length; i++) {
                        instants[i] = instant(rs, 6 + i, sqlite);
                    }
                } catch (IllegalArgumentException e) {
                    unreadable = e.getMessage();
                    instants = new Instant[3];
                }
                rows.add(new Row(id, rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        instants[0], instants[1], instants[2], rs.getBoolean(9), unreadable));
            }
        }
        return rows;
    }

    private static Instant instant(ResultSet rs, int column, boolean sqlite) throws SQLException {
        String label = rs.getMetaData().getColumnLabel(column);
        LocalDateTime local = sqlite ? parse(label, rs.getString(column)) : rs.getObject(column, LocalDateTime.class);
        return local == null ? null : local.toInstant(ZoneOffset.UTC);
    }

    /**
     * @param column the column's name, for the message
     * @param text {@code YYYY-MM-DD HH:MM:SS[.fraction]} (or with {@code T}), naive UTC
     * @return the local date-time, or {@code null} for SQL NULL
     * @throws IllegalArgumentException when the text is no such datetime
     */
    static LocalDateTime parse(String column, String text) {
        if (text == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(text.strip().replace(' ', 'T'));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(column + ": expected a datetime YYYY-MM-DD HH:MM:SS.ffffff, got '"
                    + text + "'", e);
        }
    }
}
