package org.speakr.token.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.core.AuthenticationResult;
import org.speakr.token.core.RejectionReason;
import org.speakr.token.jdbc.JdbcTokenStore;
import org.speakr.token.migrate.SpeakrDatabase.Kind;
import org.speakr.token.testkit.MutableClock;

class SpeakrMigrationCommandTest {
    private static final String PASSWORD = "s3cret-pa55word";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return SpeakrMigrationCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void mainWhenSqliteToAnH2FileThenImportsAndTheTokensAuthenticate() {
        SpeakrDatabase speakr = SpeakrDatabase.create(Kind.SQLITE, false);
        String h2 = "jdbc:h2:file:" + dir.resolve("tokens");

        int status = run("--from", speakr.jdbcUrl, "--to", h2, "--to-user", "sa", "--to-password", PASSWORD,
                "--initialize-schema");

        assertThat(status).isEqualTo(SpeakrMigrationCommand.OK);
        assertThat(out()).contains("read:              7\n", "imported:          6\n", "orphaned:          1\n",
                "names defaulted:   1\n", "names trimmed:     1\n", "names cut:         1\n", "revoked:           1\n",
                "refused:           0\n");
        assertThat(err()).contains("read 7 of 7 tokens");
        assertThat(out() + err()).doesNotContain(PASSWORD).doesNotContain(h2);
        JdbcDataSource target = new JdbcDataSource();
        target.setURL(h2);
        target.setUser("sa");
        target.setPassword(PASSWORD);
        assertAuthenticates(target);
    }

    @Test
    void mainWhenSqliteToPostgresqlThenImportsAndASecondRunInsertsNothing() {
        SpeakrDatabase speakr = SpeakrDatabase.create(Kind.SQLITE, false);
        String postgres = SpeakrDatabase.postgres().getJdbcUrl("postgres", "postgres")
                .replace("user=postgres", "ApplicationName=migrate-test");

        String[] args = {"--from", speakr.jdbcUrl, "--to", postgres, "--to-user", "postgres", "--owner", "username",
            "--initialize-schema"};
        assertThat(run(args)).isEqualTo(SpeakrMigrationCommand.OK);
        assertThat(out()).contains("imported:          6\n");
        out.reset();
        assertThat(run(args)).isEqualTo(SpeakrMigrationCommand.OK);
        assertThat(out()).contains("imported:          0\n", "already present:   6\n");

        assertAuthenticates(SpeakrDatabase.postgres().getPostgresDatabase());
        clean(SpeakrDatabase.postgres().getPostgresDatabase());
    }

    @Test
    void mainWhenDryRunThenReportsAndWritesNothing() {
        SpeakrDatabase speakr = SpeakrDatabase.create(Kind.SQLITE, false);
        String h2 = "jdbc:h2:file:" + dir.resolve("dry");
        JdbcDataSource target = new JdbcDataSource();
        target.setURL(h2);
        JdbcTokenStore store = JdbcTokenStore.builder(target).build();
        store.initializeSchema();

        int status = run("--from", speakr.jdbcUrl, "--to", h2, "--dry-run", "--initialize-schema");

        assertThat(status).isEqualTo(SpeakrMigrationCommand.OK);
        assertThat(out()).startsWith("Dry run: nothing was written.\n").contains("would import:      6\n");
        for (String owner : List.of("alice", "bob", "carol")) {
            assertThat(store.findByOwner(owner)).isEmpty();
        }
    }

    @Test
    void mainWhenARowIsRefusedThenExitsOneAndListsIt() {
        SpeakrDatabase speakr = SpeakrDatabase.create(Kind.SQLITE, true);

        int status = run("--from", speakr.jdbcUrl, "--to", "jdbc:h2:file:" + dir.resolve("refused"),
                "--initialize-schema");

        assertThat(status).isEqualTo(SpeakrMigrationCommand.REFUSED);
        assertThat(out()).contains("refused:           1\n",
                "  api_token.id 8: name: expected no control, format, surrogate or line-separator characters (Unicode Cc, Cf, Cs, Zl, Zp), got 'U+0007 at index 4'\n");
    }

    @Test
    void mainWhenAFlagIsUnknownThenExitsTwoWithTheUsageAndNeverEchoesItsValue() {
        int status = run("--from", "jdbc:sqlite:x.db", "--to", "jdbc:h2:mem:x", PASSWORD);

        assertThat(status).isEqualTo(SpeakrMigrationCommand.USAGE);
        assertThat(err()).startsWith("unknown argument #5\n").endsWith(SpeakrMigrationCommand.USAGE_TEXT)
                .doesNotContain(PASSWORD);
        assertThat(out()).isEmpty();
    }

    @Test
    void mainWhenFlagsAreMissingOrBadThenExitsTwoWithTheStandardMessage() {
        assertThat(run("--to", "jdbc:h2:mem:x")).isEqualTo(SpeakrMigrationCommand.USAGE);
        assertThat(err()).startsWith("from: expected a JDBC URL, got ''\n");
        err.reset();
        assertThat(run("--from", "jdbc:sqlite:x.db", "--to", "jdbc:h2:mem:x", "--owner", "email"))
                .isEqualTo(SpeakrMigrationCommand.USAGE);
        assertThat(err()).startsWith("owner: expected username or id, got 'email'\n");
        err.reset();
        assertThat(run("--from", "jdbc:sqlite:x.db", "--to", "jdbc:h2:mem:x", "--from-password"))
                .isEqualTo(SpeakrMigrationCommand.USAGE);
        assertThat(err()).startsWith("from-password: expected a value after --from-password, got ''\n");
    }

    @Test
    void mainWhenTheSourceCannotBeReadThenExitsThree() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.db"));

        int status = run("--from", "jdbc:sqlite:" + empty, "--to", "jdbc:h2:mem:unread", "--from-password", PASSWORD);

        assertThat(status).isEqualTo(SpeakrMigrationCommand.FAILED);
        assertThat(err()).startsWith("failed: cannot read Speakr's tokens from table api_token joined with user")
                .doesNotContain(PASSWORD);
    }

    private static void assertAuthenticates(DataSource target) {
        try (ApiTokens tokens = ApiTokens.builder().store(JdbcTokenStore.builder(target).build())
                // Not before the import: the command revokes at the time it runs, and a revocation instant after
                // the service's clock would be one scheduled for later, with the token still valid until then.
                .clock(new MutableClock(Instant.now())).acceptLegacyTokens(true).build()) {
            List<String> owners = new ArrayList<>();
            for (String[] tokenAndOwner : SpeakrDatabase.create(Kind.SQLITE, false).activeTokensAndOwners()) {
                AuthenticationResult result = tokens.authenticate(tokenAndOwner[0]);
                assertThat(result).isInstanceOf(AuthenticationResult.Authenticated.class);
                owners.add(((AuthenticationResult.Authenticated) result).principal().owner());
            }
            assertThat(owners).containsExactly("alice", "alice", "bob", "carol");
            assertThat(tokens.authenticate(SpeakrDatabase.CAROL_REVOKED))
                    .isEqualTo(AuthenticationResult.Rejected.of(RejectionReason.REVOKED));
            assertThat(tokens.authenticate(SpeakrDatabase.BOB_EXPIRED))
                    .isEqualTo(AuthenticationResult.Rejected.of(RejectionReason.EXPIRED));
        }
    }

    private static void clean(DataSource postgres) {
        try (Connection connection = postgres.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE " + JdbcTokenStore.DEFAULT_TABLE_NAME);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
