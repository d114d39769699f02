package org.speakr.token.example;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The app's own tables (users, recordings, tags, transcripts) and the first-start demo data. */
final class Database {
    private static final Logger log = LoggerFactory.getLogger(Database.class);

    /** Portable DDL: runs unchanged on H2 2.x and PostgreSQL. */
    private static final List<String> SCHEMA = List.of(
            "CREATE TABLE IF NOT EXISTS speakr_user ("
                    + " id BIGINT PRIMARY KEY,"
                    + " username VARCHAR(64) NOT NULL UNIQUE,"
                    + " password_hash VARCHAR(255) NOT NULL,"
                    + " created_at TIMESTAMP WITH TIME ZONE NOT NULL)",
            "CREATE TABLE IF NOT EXISTS speakr_recording ("
                    + " id BIGINT PRIMARY KEY,"
                    + " user_id BIGINT NOT NULL REFERENCES speakr_user (id),"
                    + " title VARCHAR(200) NOT NULL,"
                    + " status VARCHAR(20) NOT NULL,"
                    + " created_at TIMESTAMP WITH TIME ZONE NOT NULL,"
                    + " completed_at TIMESTAMP WITH TIME ZONE,"
                    + " participants VARCHAR(500),"
                    + " duration_seconds INTEGER,"
                    + " transcript VARCHAR(100000),"
                    + " summary VARCHAR(20000))",
            "CREATE INDEX IF NOT EXISTS speakr_recording_user ON speakr_recording (user_id, created_at)",
            "CREATE TABLE IF NOT EXISTS speakr_tag ("
                    + " id BIGINT PRIMARY KEY,"
                    + " user_id BIGINT NOT NULL REFERENCES speakr_user (id),"
                    + " name VARCHAR(64) NOT NULL,"
                    + " color VARCHAR(7) NOT NULL)",
            "CREATE TABLE IF NOT EXISTS speakr_recording_tag ("
                    + " recording_id BIGINT NOT NULL REFERENCES speakr_recording (id),"
                    + " tag_id BIGINT NOT NULL REFERENCES speakr_tag (id),"
                    + " PRIMARY KEY (recording_id, tag_id))",
            "CREATE TABLE IF NOT EXISTS speakr_segment ("
                    + " recording_id BIGINT NOT NULL REFERENCES speakr_recording (id),"
                    + " position INTEGER NOT NULL,"
                    + " speaker VARCHAR(100) NOT NULL,"
                    + " start_seconds DOUBLE PRECISION NOT NULL,"
                    + " end_seconds DOUBLE PRECISION NOT NULL,"
                    + " text VARCHAR(4000) NOT NULL,"
                    + " PRIMARY KEY (recording_id, position))");

    private Database() {
    }

    /**
     * Opens a pool on the H2 file database in {@code dataDir}, or on {@code --db-url}.
     *
     * @param options the command-line options
     * @return a Hikari pool; the caller closes it
     */
    static HikariDataSource open(Options options) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("speakr-example");
        config.setMaximumPoolSize(10);
        config.setConnectionTimeout(3_000);
        if (options.dbUrl() == null) {
            Path dir = options.dataDir().toAbsolutePath().normalize();
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create --data-dir " + dir, e);
            }
            // DB_CLOSE_ON_EXIT=FALSE: H2's own shutdown hook must not close the database before ours has
            // flushed the pending last-used writes.
            config.setJdbcUrl("jdbc:h2:file:" + dir.resolve("speakr") + ";DB_CLOSE_ON_EXIT=FALSE");
            config.setUsername("sa");
            config.setPassword("");
        } else {
            config.setJdbcUrl(options.dbUrl());
            if (options.dbUser() != null) {
                config.setUsername(options.dbUser());
            }
            if (options.dbPassword() != null) {
                config.setPassword(options.dbPassword());
            }
        }
        return new HikariDataSource(config);
    }

    /** @return the JDBC URL without its query part, which may carry a password */
    static String describe(Options options) {
        if (options.dbUrl() == null) {
            return "H2 file database in " + options.dataDir().toAbsolutePath().normalize();
        }
        String url = options.dbUrl();
        int cut = url.indexOf('?');
        if (cut < 0) {
            cut = url.indexOf(';');
        }
        return cut < 0 ? url : url.substring(0, cut);
    }

    /**
     * Creates the app's tables if missing and, when there are no users yet, the demo data.
     *
     * @param dataSource the app's database
     * @return true if the demo data was inserted by this call
     */
    static boolean initialize(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            try (Statement statement = connection.createStatement()) {
                for (String ddl : SCHEMA) {
                    statement.execute(ddl);
                }
            }
            try (Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM speakr_user")) {
                rs.next();
                if (rs.getLong(1) > 0) {
                    return false;
                }
            }
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                insertDemoData(connection);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
            log.info("Created demo data: users {} ", DemoData.USERS.stream().map(DemoData.User::username).toList());
            return true;
        }
    }

    private static void insertDemoData(Connection connection) throws SQLException {
        DemoData.Data data = DemoData.generate();
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT INTO speakr_user (id, username, password_hash, created_at) VALUES (?, ?, ?, ?)")) {
            for (DemoData.User user : DemoData.USERS) {
                ps.setLong(1, user.id());
                ps.setString(2, user.username());
                ps.setString(3, Passwords.hash(user.password()));
                ps.setObject(4, utc(DemoData.EPOCH));
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT INTO speakr_tag (id, user_id, name, color) VALUES (?, ?, ?, ?)")) {
            for (DemoData.Tag tag : data.tags()) {
                ps.setLong(1, tag.id());
                ps.setLong(2, tag.userId());
                ps.setString(3, tag.name());
                ps.setString(4, tag.color());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT INTO speakr_recording (id, user_id, title, status, created_at, completed_at, participants,"
                        + " duration_seconds, transcript, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (DemoData.Recording r : data.recordings()) {
                ps.setLong(1, r.id());
                ps.setLong(2, r.userId());
                ps.setString(3, r.title());
                ps.setString(4, r.status());
                ps.setObject(5, utc(r.createdAt()));
                if (r.completedAt() == null) {
                    ps.setNull(6, Types.TIMESTAMP_WITH_TIMEZONE);
                } else {
                    ps.setObject(6, utc(r.completedAt()));
                }
                ps.setString(7, r.participants());
                ps.setInt(8, r.durationSeconds());
                ps.setString(9, r.transcript());
                ps.setString(10, r.summary());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT INTO speakr_recording_tag (recording_id, tag_id) VALUES (?, ?)")) {
            for (DemoData.Recording r : data.recordings()) {
                for (long tagId : r.tagIds()) {
                    ps.setLong(1, r.id());
                    ps.setLong(2, tagId);
                    ps.addBatch();
                }
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT INTO speakr_segment (recording_id, position, speaker, start_seconds, end_seconds, text)"
                        + " VALUES (?, ?, ?, ?, ?, ?)")) {
            for (DemoData.Recording r : data.recordings()) {
                int position = 0;
                for (DemoData.Segment s : r.segments()) {
                    ps.setLong(1, r.id());
                    ps.setInt(2, position++);
                    ps.setString(3, s.speaker());
                    ps.setDouble(4, s.start());
                    ps.setDouble(5, s.end());
                    ps.setString(6, s.text());
                    ps.addBatch();
                }
            }
            ps.executeBatch();
        }
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
