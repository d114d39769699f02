package org.speakr.token.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.speakr.token.core.RevocationReason;
import org.speakr.token.core.spi.TokenRecord;

/**
 * The row mapper of the token table: its one column list ({@link Column}), from which the SQL column list, the
 * JDBC indexes for reading a row and for binding a record, and each column's encoding all follow.
 */
final class TokenRows {

    /** The table's columns, in the order of every SELECT and of the INSERT; the JDBC index is the position. */
    enum Column {
        ID(Types.VARCHAR, TokenRecord::id),
        OWNER(Types.VARCHAR, TokenRecord::owner),
        NAME(Types.VARCHAR, TokenRecord::name),
        TOKEN_HASH(Types.VARCHAR, TokenRecord::hash),
        HASH_KEY_ID(Types.VARCHAR, TokenRecord::hashKeyId),
        HINT(Types.VARCHAR, TokenRecord::hint),
        SCOPES(Types.VARCHAR, record -> String.join(" ", record.scopes())),
        CREATED_AT(Types.BIGINT, record -> EpochMicros.of("createdAt", record.createdAt())),
        EXPIRES_AT(Types.BIGINT, record -> EpochMicros.ofNullable("expiresAt", record.expiresAt())),
        LAST_USED_AT(Types.BIGINT, record -> EpochMicros.ofNullable("lastUsedAt", record.lastUsedAt())),
        REVOKED_AT(Types.BIGINT, record -> EpochMicros.ofNullable("revokedAt", record.revokedAt())),
        REVOCATION_REASON(Types.VARCHAR, record -> reasonName(record.revocationReason())),
        PARENT_ID(Types.VARCHAR, TokenRecord::parentId),
        LAST_USED_ADDRESS(Types.VARCHAR, TokenRecord::lastUsedAddress),
        LAST_USED_USER_AGENT(Types.VARCHAR, TokenRecord::lastUsedUserAgent),
        ALLOWED_NETWORKS(Types.VARCHAR, record -> networks(record.allowedNetworks())),
        PREDECESSOR_ID(Types.VARCHAR, TokenRecord::predecessorId),
        EXPIRY_NOTICED(Types.BIGINT, record -> thresholdSeconds(record.expiryNoticed()));

        private final int sqlType;
        private final Function<TokenRecord, Object> encoder;

        Column(int sqlType, Function<TokenRecord, Object> encoder) {
            this.sqlType = sqlType;
            this.encoder = encoder;
        }

        /** @return the 1-based JDBC index of this column in the column list */
        int index() {
            return ordinal() + 1;
        }

        /** @return the column's SQL name, e.g. {@code last_used_at} */
        String sqlName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The column list of every SELECT and of the INSERT: {@code id, owner, …, expiry_noticed}. */
    static final String COLUMN_LIST =
            Arrays.stream(Column.values()).map(Column::sqlName).collect(Collectors.joining(", "));

    /** One parameter marker per column, for the INSERT: {@code ?, ?, …}. */
    static final String PARAMETERS = String.join(", ", Collections.nCopies(Column.values().length, "?"));

    private TokenRows() {
    }

    /**
     * Encodes a record's values in column order: strings, and instants as {@link EpochMicros}. Done before any
     * connection is taken, so an instant outside the storable range fails without touching the database.
     *
     * @return one value per column, {@code null} for an absent instant
     * @throws IllegalArgumentException when an instant is outside the storable range
     */
    static Object[] encode(TokenRecord record) {
        Object[] values = new Object[Column.values().length];
        for (Column column : Column.values()) {
            values[column.ordinal()] = column.encoder.apply(record);
        }
        return values;
    }

    /** Binds values from {@link #encode} to the parameters 1…n of a statement over {@link #COLUMN_LIST}. */
    static void bind(PreparedStatement statement, Object[] values) throws SQLException {
        for (Column column : Column.values()) {
            Object value = values[column.ordinal()];
            if (value == null) {
                statement.setNull(column.index(), column.sqlType);
            } else if (value instanceof Long micros) {
                statement.setLong(column.index(), micros);
            } else {
                statement.setString(column.index(), (String) value);
            }
        }
    }

    /** Runs a SELECT of {@link #COLUMN_LIST} and reads every row. */
    static List<TokenRecord> readAll(PreparedStatement statement) throws SQLException {
        List<TokenRecord> records = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                records.add(read(rows));
            }
        }
        return records;
    }

    /** Reads the current row of a SELECT of {@link #COLUMN_LIST}. */
    static TokenRecord read(ResultSet rows) throws SQLException {
        return new TokenRecord(string(rows, Column.ID), string(rows, Column.OWNER), string(rows, Column.NAME),
                string(rows, Column.TOKEN_HASH), string(rows, Column.HASH_KEY_ID), string(rows, Column.HINT),
                scopes(string(rows, Column.SCOPES)), EpochMicros.instant(rows.getLong(Column.CREATED_AT.index())),
                instantOrNull(rows, Column.EXPIRES_AT), instantOrNull(rows, Column.LAST_USED_AT),
                instantOrNull(rows, Column.REVOKED_AT), reason(rows), string(rows, Column.PARENT_ID),
                string(rows, Column.LAST_USED_ADDRESS), string(rows, Column.LAST_USED_USER_AGENT),
                networks(string(rows, Column.ALLOWED_NETWORKS)), string(rows, Column.PREDECESSOR_ID),
                thresholdOrNull(rows));
    }

    /**
     * An expiry-notice threshold as stored: whole seconds (thresholds are days or hours; a fraction of a second
     * is dropped), or {@code null} for none.
     */
    static Long thresholdSeconds(Duration threshold) {
        return threshold == null ? null : threshold.toSeconds();
    }

    /** Allowed networks are stored as one space-separated string of canonical blocks; NULL means any network. */
    private static String networks(List<String> blocks) {
        return blocks.isEmpty() ? null : String.join(" ", blocks);
    }

    private static List<String> networks(String blocks) {
        return blocks == null || blocks.isBlank() ? List.of() : List.of(blocks.trim().split(" +"));
    }

    private static Duration thresholdOrNull(ResultSet rows) throws SQLException {
        long seconds = rows.getLong(Column.EXPIRY_NOTICED.index());
        return rows.wasNull() ? null : Duration.ofSeconds(seconds);
    }

    /** @return the reason's stored name, or {@code null} for none */
    static String reasonName(RevocationReason reason) {
        return reason == null ? null : reason.name();
    }

    /**
     * The stored reason; a row revoked before reasons were stored (a table upgraded in place) reads as
     * {@link RevocationReason#MANUAL}, the only way to revoke one token then.
     */
    private static RevocationReason reason(ResultSet rows) throws SQLException {
        String name = string(rows, Column.REVOCATION_REASON);
        if (name == null) {
            return rows.getObject(Column.REVOKED_AT.index()) == null ? null : RevocationReason.MANUAL;
        }
        return RevocationReason.valueOf(name);
    }

    private static String string(ResultSet rows, Column column) throws SQLException {
        return rows.getString(column.index());
    }

    /** @return the column's instant, or {@code null} where it is SQL NULL */
    private static Instant instantOrNull(ResultSet rows, Column column) throws SQLException {
        long micros = rows.getLong(column.index());
        return rows.wasNull() ? null : EpochMicros.instant(micros);
    }

    /** Scopes are stored as one space-separated string; blank means none (full access). */
    private static Set<String> scopes(String scopes) {
        return scopes == null || scopes.isBlank()
                ? Set.of()
                : Set.copyOf(Arrays.asList(scopes.trim().split(" +")));
    }
}
