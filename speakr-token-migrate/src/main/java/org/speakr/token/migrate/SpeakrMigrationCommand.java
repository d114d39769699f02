package org.speakr.token.migrate;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.speakr.token.core.TokenStoreException;
import org.speakr.token.core.internal.SettingValues;
import org.speakr.token.jdbc.JdbcTokenStore;

/**
 * The command line of the importer, the main class of {@code speakr-token-migrate.jar}:
 *
 * <pre>
 * java -jar speakr-token-migrate.jar --from JDBC_URL --to JDBC_URL [--from-user U --from-password P]
 *     [--to-user U --to-password P] [--table NAME] [--owner username|id] [--initialize-schema] [--dry-run]
 * </pre>
 *
 * <p>{@code --from} is Speakr's database, e.g. {@code jdbc:sqlite:/data/instance/transcriptions.db} or
 * {@code jdbc:postgresql://db/speakr}; {@code --to} the speakr-token database (H2, PostgreSQL, MySQL, MariaDB
 * or SQLite; its table is {@value JdbcTokenStore#DEFAULT_TABLE_NAME}), created first with
 * {@code --initialize-schema}. The report goes to standard output, progress and errors to standard error; no
 * URL or password is printed. Exit status: 0 when every row was imported, already present or orphaned; 1
 * when some row was refused; 2 for bad flags (with the usage); 3 when a database failed.
 */
public final class SpeakrMigrationCommand {
    /** Exit status: every row imported, already present or orphaned. */
    public static final int OK = 0;
    /** Exit status: the run finished, but some rows were refused (listed in the report). */
    public static final int REFUSED = 1;
    /** Exit status: bad flags; the usage was printed. */
    public static final int USAGE = 2;
    /** Exit status: a database failed. */
    public static final int FAILED = 3;

    static final String USAGE_TEXT = """
            usage: java -jar speakr-token-migrate.jar --from JDBC_URL --to JDBC_URL
                     [--from-user U --from-password P] [--to-user U --to-password P]
                     [--table NAME] [--owner username|id] [--initialize-schema] [--dry-run]
              --from               Speakr's database, e.g. jdbc:sqlite:/data/instance/transcriptions.db
              --to                 the speakr-token database (H2, PostgreSQL, MySQL, MariaDB, SQLite)
              --table              Speakr's token table (default api_token)
              --owner              username (default) or id: what a Speakr user becomes as token owner
              --initialize-schema  create the speakr-token table first if it does not exist
              --dry-run            read and count only; write nothing
            """;

    private static final Set<String> VALUED = Set.of("--from", "--to", "--from-user", "--from-password",
            "--to-user", "--to-password", "--table", "--owner");
    private static final Set<String> SWITCHES = Set.of("--initialize-schema", "--dry-run");

    private SpeakrMigrationCommand() {
    }

    /**
     * Runs the command and exits with its status.
     *
     * @param args the flags above
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command; returns the exit status instead of exiting. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> flags;
        SpeakrImporter.Builder importer;
        JdbcTokenStore store;
        try {
            flags = parse(args);
            store = JdbcTokenStore.builder(dataSource(flags, "--to")).build();
            importer = SpeakrImporter.builder(dataSource(flags, "--from"), store)
                    .dryRun(flags.containsKey("--dry-run"))
                    .progress((done, total) -> err.printf("read %d of %d tokens%n", done, total));
            if (flags.containsKey("--table")) {
                importer.table(flags.get("--table"));
            }
            importer.owner(owner(flags.getOrDefault("--owner", "username")));
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.print(USAGE_TEXT);
            return USAGE;
        }
        try {
            if (flags.containsKey("--initialize-schema") && !flags.containsKey("--dry-run")) {
                store.initializeSchema();
            }
            ImportReport report = importer.build().run();
            out.print(report);
            return report.refused().isEmpty() ? OK : REFUSED;
        } catch (TokenStoreException | IllegalStateException e) {
            err.println("failed: " + e.getMessage());
            return FAILED;
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> flags = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (SWITCHES.contains(flag)) {
                flags.put(flag, "true");
            } else if (VALUED.contains(flag)) {
                if (i + 1 == args.length) {
                    throw SettingValues.invalid(flag.substring(2), "a value after " + flag, "");
                }
                flags.put(flag, args[++i]);
            } else {
                // A mistyped flag may be a password given in the wrong place: never echo it.
                throw new IllegalArgumentException("unknown argument #" + (i + 1)
                        + (flag.startsWith("--") && !flag.contains("=") ? " " + flag : ""));
            }
        }
        for (String required : List.of("--from", "--to")) {
            if (!flags.containsKey(required)) {
                throw SettingValues.invalid(required.substring(2), "a JDBC URL", "");
            }
        }
        return flags;
    }

    private static OwnerMapping owner(String text) {
        return switch (text) {
            case "username" -> OwnerMapping.username();
            case "id" -> OwnerMapping.id();
            default -> throw SettingValues.invalid("owner", "username or id", text);
        };
    }

    private static DataSource dataSource(Map<String, String> flags, String urlFlag) {
        String url = flags.get(urlFlag);
        if (!url.startsWith("jdbc:")) {
            // Only the scheme: a URL can carry a password.
            throw new IllegalArgumentException(urlFlag.substring(2) + ": expected a JDBC URL (jdbc:...), got a value"
                    + " of " + url.length() + " characters");
        }
        Properties properties = new Properties();
        String user = flags.get(urlFlag + "-user");
        String password = flags.get(urlFlag + "-password");
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        return new DriverDataSource(url, properties);
    }

    /** A {@code DataSource} that opens a new connection through {@link DriverManager} each time. */
    private static final class DriverDataSource implements DataSource {
        private final String url;
        private final Properties properties;

        DriverDataSource(String url, Properties properties) {
            this.url = url;
            this.properties = properties;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return DriverManager.getConnection(url, properties);
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            Properties given = new Properties();
            given.putAll(properties);
            given.setProperty("user", user);
            given.setProperty("password", password);
            return DriverManager.getConnection(url, given);
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
            // no log
        }

        @Override
        public void setLoginTimeout(int seconds) {
            // DriverManager's own
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }

        @Override
        public String toString() {
            return "DriverDataSource[url masked]";
        }
    }
}
