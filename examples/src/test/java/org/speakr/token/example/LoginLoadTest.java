package org.speakr.token.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, item 3: 32 clients logging in at once for 10 s against the app in its own JVM with a
 * {@value #HEAP_MIB} MiB heap. Each password check takes 19 MiB of Argon2 memory, so 32 at once need about
 * 600 MiB: without the bound on concurrent checks the server runs out of heap. With it, every answer is 303 or an
 * immediate 503; the figures printed are the largest heap in use before and after a collection (GC log).
 */
class LoginLoadTest {
    static final int HEAP_MIB = 192;
    static final int CLIENTS = 32;
    static final Duration LOAD = Duration.ofSeconds(10);
    /** A unified GC log line's "used before->after(committed)", e.g. {@code 120M->40M(192M)}. */
    private static final Pattern GC = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    @TempDir
    Path dataDir;

    @TempDir
    Path logDir;

    @Test
    void item3ThirtyTwoConcurrentLoginsFor10sStayWithinABoundedHeap() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = logDir.resolve("app.log");
        Path gcLog = logDir.resolve("gc.log");
        Process process = new ProcessBuilder(java, "-Xmx" + HEAP_MIB + "m", "-XX:+UseG1GC",
                "-Xlog:gc:file=" + gcLog, "-cp", System.getProperty("java.class.path"),
                ExampleApp.class.getName(), "--port", "0", "--data-dir", dataDir.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        AtomicInteger failures = new AtomicInteger();
        try {
            URI login = SigtermTest.awaitStart(process, log).resolve("/login");
            long end = System.nanoTime() + LOAD.toNanos();
            List<Thread> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                Thread thread = new Thread(() -> {
                    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                    HttpRequest request = HttpRequest.newBuilder(login).timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString("username=alice&password=wonderland-42"))
                            .build();
                    while (System.nanoTime() < end) {
                        try {
                            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                            statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                        } catch (Exception e) {
                            failures.incrementAndGet();
                        }
                    }
                }, "login-client-" + i);
                thread.start();
                clients.add(thread);
            }
            for (Thread client : clients) {
                client.join();
            }
            assertThat(process.isAlive()).as("server still running").isTrue();
        } finally {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(output).doesNotContain("OutOfMemoryError");
        assertThat(failures.get()).as("requests without an answer").isZero();
        assertThat(statuses.keySet()).as("answers " + statuses).containsOnly(303, 503);
        assertThat(statuses.get(303).get()).isPositive();

        long peakBefore = 0;
        long peakAfter = 0;
        long committed = 0;
        Matcher m = GC.matcher(Files.readString(gcLog, StandardCharsets.UTF_8));
        while (m.find()) {
            peakBefore = Math.max(peakBefore, Long.parseLong(m.group(1)));
            peakAfter = Math.max(peakAfter, Long.parseLong(m.group(2)));
            committed = Math.max(committed, Long.parseLong(m.group(3)));
        }
        assertThat(peakBefore).isLessThanOrEqualTo(HEAP_MIB);
        System.out.printf("LoginLoadTest: %d clients for %d s: %s; heap in use at most %d MiB before a collection"
                + " and %d MiB after one, at most %d MiB committed, -Xmx%dm%n", CLIENTS, LOAD.toSeconds(),
                statuses, peakBefore, peakAfter, committed, HEAP_MIB);
    }
}
