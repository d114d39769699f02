package org.speakr.token.migrate;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.speakr.token.core.LegacyTokenRecord;
import org.speakr.token.core.TokenStoreException;
import org.speakr.token.core.internal.SettingValues;
import org.speakr.token.core.spi.TokenRecord;
import org.speakr.token.core.spi.TokenStore;

/**
 * Copies the API tokens of a Speakr database into a {@link TokenStore}, so that the tokens users already gave
 * n8n, Zapier and their scripts keep working on a service built with
 * {@code ApiTokens.builder().acceptLegacyTokens(true)}.
 *
 * <pre>{@code
 * ImportReport report = SpeakrImporter.builder(speakrDataSource, store)
 *         .owner(OwnerMapping.username())
 *         .build()
 *         .run();
 * }</pre>
 *
 * <p>Each row of Speakr's {@code api_token} becomes a {@link LegacyTokenRecord}: the same SHA-256 hash, the
 * owner from {@link Builder#owner(OwnerMapping)}, the name trimmed (NULL or blank names get
 * {@link Builder#defaultName(String)}, names over 100 characters are cut), the creation, expiry and last-use
 * instants exact to the microsecond (Speakr's datetimes are naive UTC, read without the JVM's zone), and, for
 * {@code revoked = 1}, the revocation instant of {@link Builder#revokedAt(Instant)}. Rows whose user no longer
 * exists are counted as orphaned and not imported. A run is idempotent by hash: a token the store already holds
 * is not added again, and its last use is moved forward when Speakr recorded a later one (so a second run after
 * a cut-over window carries the last uses over). The source is only read.
 *
 * <p>Immutable and thread-safe; {@link #run()} may be called again.
 */
public final class SpeakrImporter {
    /** Speakr's token table. */
    public static final String DEFAULT_TOKEN_TABLE = "api_token";
    /** Speakr's user table. */
    public static final String DEFAULT_USER_TABLE = "user";
    /** The name given to tokens Speakr stored without one. */
    public static final String DEFAULT_NAME = "Speakr token";

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    private static final Pattern HEX_64 = Pattern.compile("[0-9A-Fa-f]{64}");
    private static final int MAX_NAME_CODE_POINTS = 100;

    private final DataSource source;
    private final TokenStore target;
    private final OwnerMapping owner;
    private final String defaultName;
    private final String tokenTable;
    private final String userTable;
    private final Instant revokedAt;
    private final Clock clock;
    private final boolean dryRun;
    private final ImportProgress progress;

    private SpeakrImporter(Builder b) {
        this.source = b.source;
        this.target = b.target;
        this.owner = b.owner;
        this.defaultName = b.defaultName;
        this.tokenTable = b.tokenTable;
        this.userTable = b.userTable;
        this.revokedAt = b.revokedAt;
        this.clock = b.clock;
        this.dryRun = b.dryRun;
        this.progress = b.progress;
    }

    /**
     * Starts configuring an import.
     *
     * @param source Speakr's database (SQLite or PostgreSQL; MySQL and MariaDB where Speakr's schema maps)
     * @param target the store the tokens go to
     * @return a builder with the defaults documented on each setter
     */
    public static Builder builder(DataSource source, TokenStore target) {
        return new Builder(source, target);
    }

    /**
     * Reads every Speakr token and adds the missing ones to the store (in a dry run: only counts).
     *
     * @return what was done, row by row
     * @throws TokenStoreException when the source cannot be read (with the driver's exception as the cause) or
     *         the store fails; tokens added before the failure stay, and a new run skips them
     */
    public ImportReport run() {
        List<SpeakrTable.Row> rows;
        try (Connection connection = source.getConnection()) {
            rows = SpeakrTable.readAll(connection, tokenTable, userTable);
        } catch (SQLException e) {
            throw new TokenStoreException("cannot read Speakr's tokens from table " + tokenTable + " joined with "
                    + userTable + ": " + e.getClass().getSimpleName() + ", SQLState " + e.getSQLState(), e);
        }
        Instant revocation = revokedAt != null ? revokedAt : clock.instant();
        ImportReport.Tally tally = new ImportReport.Tally(dryRun);
        for (SpeakrTable.Row row : rows) {
            tally.read++;
            importRow(row, revocation, tally);
            if (progress != null && (tally.read % ImportProgress.EVERY == 0 || tally.read == rows.size())) {
                progress.rowsDone(tally.read, rows.size());
            }
        }
        return tally.report();
    }

    private void importRow(SpeakrTable.Row row, Instant revocation, ImportReport.Tally tally) {
        if (row.username() == null) {
            tally.orphaned++;
            return;
        }
        if (row.unreadable() != null) {
            tally.refuse(row.id(), row.unreadable());
            return;
        }
        if (row.tokenHash() == null || !HEX_64.matcher(row.tokenHash()).matches()) {
            tally.refuse(row.id(), "token_hash: expected 64 hexadecimal characters (SHA-256)");
            return;
        }
        String hash = row.tokenHash().toLowerCase(Locale.ROOT);
        Optional<TokenRecord> present = target.findByHash(hash);
        if (present.isPresent()) {
            tally.alreadyPresent++;
            moveLastUsedForward(present.get(), row.lastUsedAt(), tally);
            return;
        }
        if (row.createdAt() == null) {
            tally.refuse(row.id(), "created_at: expected a datetime, got NULL");
            return;
        }
        String ownerId = owner.owner(row.userId(), row.username());
        if (ownerId == null) {
            tally.refuse(row.id(), "owner: the owner mapping gave none for user_id " + row.userId());
            return;
        }
        TokenRecord record;
        try {
            record = LegacyTokenRecord.builder(hash, ownerId)
                    .name(name(row.name(), tally))
                    .createdAt(row.createdAt())
                    .expiresAt(row.expiresAt())
                    .lastUsedAt(row.lastUsedAt())
                    .revokedAt(row.revoked() ? revocation : null)
                    .build();
        } catch (IllegalArgumentException e) {
            tally.refuse(row.id(), e.getMessage());
            return;
        }
        if (!dryRun) {
            target.insert(record);
        }
        tally.imported++;
        if (row.revoked()) {
            tally.revoked++;
        }
    }

    /** @return the name to store: the default for NULL or blank, else trimmed and cut to 100 characters */
    private String name(String speakrName, ImportReport.Tally tally) {
        if (speakrName == null || speakrName.isBlank()) {
            tally.namesDefaulted++;
            return defaultName;
        }
        String name = speakrName.strip();
        if (!name.equals(speakrName)) {
            tally.namesTrimmed++;
        }
        if (name.codePointCount(0, name.length()) > MAX_NAME_CODE_POINTS) {
            tally.namesCut++;
            name = name.substring(0, name.offsetByCodePoints(0, MAX_NAME_CODE_POINTS)).strip();
        }
        return name;
    }

    private void moveLastUsedForward(TokenRecord present, Instant speakrLastUsed, ImportReport.Tally tally) {
        if (speakrLastUsed == null || (present.lastUsedAt() != null && !speakrLastUsed.isAfter(present.lastUsedAt()))) {
            return;
        }
        if (!dryRun) {
            target.updateLastUsed(Map.of(present.id(), speakrLastUsed));
        }
        tally.lastUsedUpdated++;
    }

    /** Receives the progress of a run: called every {@value #EVERY} rows and after the last one. */
    @FunctionalInterface
    public interface ImportProgress {
        /** How many rows pass between two calls. */
        int EVERY = 1000;

        /**
         * @param done rows handled so far
         * @param total rows in Speakr's token table
         */
        void rowsDone(int done, int total);
    }

    /**
     * Configures a {@link SpeakrImporter}; each setter validates at once and refuses a bad value with
     * {@code <setting>: expected <rule>, got '<value>'}, naming the setting as the command line's flag does.
     * Not thread-safe.
     */
    public static final class Builder {
        private final DataSource source;
        private final TokenStore target;
        private OwnerMapping owner = OwnerMapping.username();
        private String defaultName = DEFAULT_NAME;
        private String tokenTable = DEFAULT_TOKEN_TABLE;
        private String userTable = DEFAULT_USER_TABLE;
        private Instant revokedAt;
        private Clock clock = Clock.systemUTC();
        private boolean dryRun;
        private ImportProgress progress;

        private Builder(DataSource source, TokenStore target) {
            this.source = Objects.requireNonNull(source, "source");
            this.target = Objects.requireNonNull(target, "target");
        }

        /**
         * @param owner how a Speakr user becomes an owner; default {@link OwnerMapping#username()}
         * @return this builder
         */
        public Builder owner(OwnerMapping owner) {
            this.owner = Objects.requireNonNull(owner, "owner");
            return this;
        }

        /**
         * @param name the name of tokens Speakr stored with a NULL or blank name: 1–100 characters, trimmed;
         *        default {@value SpeakrImporter#DEFAULT_NAME}
         * @return this builder
         * @throws IllegalArgumentException when it is blank or longer than 100 characters
         */
        public Builder defaultName(String name) {
            Objects.requireNonNull(name, "default-name");
            String trimmed = name.strip();
            if (trimmed.isEmpty() || trimmed.codePointCount(0, trimmed.length()) > MAX_NAME_CODE_POINTS) {
                throw SettingValues.invalid("default-name", "1 to 100 characters after trimming", name);
            }
            this.defaultName = trimmed;
            return this;
        }

        /**
         * @param table Speakr's token table, an unquoted SQL identifier; default {@value #DEFAULT_TOKEN_TABLE}
         * @return this builder
         * @throws IllegalArgumentException when it is not {@code [A-Za-z_][A-Za-z0-9_]{0,62}}
         */
        public Builder table(String table) {
            this.tokenTable = identifier("table", table);
            return this;
        }

        /**
         * @param table Speakr's user table, an unquoted SQL identifier (quoted in the query, as {@code user} is
         *        reserved on PostgreSQL); default {@value #DEFAULT_USER_TABLE}
         * @return this builder
         * @throws IllegalArgumentException when it is not {@code [A-Za-z_][A-Za-z0-9_]{0,62}}
         */
        public Builder userTable(String table) {
            this.userTable = identifier("user-table", table);
            return this;
        }

        /**
         * @param at the revocation instant of tokens Speakr marked {@code revoked = 1} (Speakr keeps no such
         *        instant); default the time of the run
         * @return this builder
         */
        public Builder revokedAt(Instant at) {
            this.revokedAt = Objects.requireNonNull(at, "revokedAt");
            return this;
        }

        /**
         * @param clock the source of the default revocation instant; default {@link Clock#systemUTC()}
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @param dryRun whether to read and count only, writing nothing; default false
         * @return this builder
         */
        public Builder dryRun(boolean dryRun) {
            this.dryRun = dryRun;
            return this;
        }

        /**
         * @param progress told every {@value ImportProgress#EVERY} rows how far the run is; default none
         * @return this builder
         */
        public Builder progress(ImportProgress progress) {
            this.progress = Objects.requireNonNull(progress, "progress");
            return this;
        }

        /** @return the importer; it does not touch either database until {@link SpeakrImporter#run()} */
        public SpeakrImporter build() {
            return new SpeakrImporter(this);
        }

        private static String identifier(String setting, String value) {
            Objects.requireNonNull(value, setting);
            if (!IDENTIFIER.matcher(value).matches()) {
                throw SettingValues.invalid(setting, "an SQL identifier [A-Za-z_][A-Za-z0-9_]{0,62}", value);
            }
            return value;
        }
    }
}
