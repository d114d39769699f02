package org.speakr.token.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ExampleApp#main} in its own JVM: SIGTERM stops it and the pending last-used write reaches the database. */
class SigtermTest {
    private static final Pattern RUNNING = Pattern.compile("Speakr example running at (http://\\S+)");

    @TempDir
    Path dataDir;

    @TempDir
    Path logDir;

    @Test
    void sigtermFlushesPendingLastUsedWrites() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = logDir.resolve("app.log");
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                ExampleApp.class.getName(), "--port", "0", "--data-dir", dataDir.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        String tokenId;
        String token;
        try {
            URI base = awaitStart(process, log);
            TestHttp alice = new TestHttp(base).login("alice", "wonderland-42");
            var created = alice.createToken("{\"name\":\"sigterm\"}");
            tokenId = created.get("id").asText();
            token = created.get("token").asText();
            assertThat(new TestHttp(base).get("/api/tags", "Authorization", "Bearer " + token).status())
                    .isEqualTo(200);
        } finally {
            process.destroy(); // SIGTERM
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stopped on SIGTERM").isTrue();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isEqualTo(143);

        String url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("speakr");
        try (Connection c = DriverManager.getConnection(url, "sa", "");
                PreparedStatement ps = c.prepareStatement("SELECT last_used_at FROM speakr_api_tokens WHERE id = ?")) {
            ps.setString(1, tokenId);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                rs.getLong(1);
                assertThat(rs.wasNull()).as("last_used_at written on SIGTERM").isFalse();
            }
        }
        assertThat(output).contains("Speakr example stopped").doesNotContain(token.substring(4));
    }

    /** Waits for the app in {@code process} to print its address in {@code log}; also used by LoginLoadTest. */
    static URI awaitStart(Process process, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Matcher m = RUNNING.matcher(Files.readString(log, StandardCharsets.UTF_8));
            if (m.find()) {
                return URI.create(m.group(1));
            }
            if (!process.isAlive()) {
                throw new AssertionError("exited before starting: " + Files.readString(log));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not started within 60 s: " + Files.readString(log));
    }
}
