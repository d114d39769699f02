package org.speakr.token.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Drives a server in this JVM with {@code wrk} (Debian package {@code wrk}) on 127.0.0.1 for a bounded time, and
 * measures this process's CPU time over the run. The Lua script's {@code done()} prints one machine-readable
 * line that {@link #run} parses.
 */
public final class Wrk {
    private static final String DONE = """
            done = function(summary, latency, requests)
              local e = summary.errors
              io.write(string.format("RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d non2xx=%d errors=%d\\n",
                summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
                e.status, e.connect + e.read + e.write + e.timeout))
            end
            """;

    /** One run's figures. */
    public record Result(long requests, double seconds, double p50Micros, double p99Micros, long non2xx,
            long socketErrors, double cpuSeconds) {
        /** @return requests per second */
        public double throughput() {
            return requests / seconds;
        }

        /** @return this process's CPU time per request, in µs */
        public double cpuMicrosPerRequest() {
            return cpuSeconds * 1e6 / requests;
        }
    }

    private final int threads;
    private final int connections;

    /**
     * @param threads wrk threads ({@code -t})
     * @param connections open connections ({@code -c})
     */
    public Wrk(int threads, int connections) {
        this.threads = threads;
        this.connections = connections;
    }

    /** @return a script that sends one fixed header (or none, if {@code header} is null) */
    public static Path staticScript(Path dir, String name, String header, String value) throws IOException {
        StringBuilder lua = new StringBuilder();
        if (header != null) {
            lua.append("wrk.headers[\"").append(header).append("\"] = \"").append(value).append("\"\n");
        }
        lua.append(DONE);
        return Files.writeString(dir.resolve(name + ".lua"), lua, StandardCharsets.UTF_8);
    }

    /** @return a script that sends {@code Authorization: Bearer <t>} with the tokens in turn, one per request */
    public static Path rotatingScript(Path dir, String name, String[] tokens) throws IOException {
        StringBuilder lua = new StringBuilder("local tokens = {\n");
        for (String token : tokens) {
            lua.append("  \"Bearer ").append(token).append("\",\n");
        }
        lua.append("""
                }
                local n = #tokens
                local i = 0
                request = function()
                  i = i + 1
                  if i > n then i = 1 end
                  return wrk.format(nil, nil, { ["Authorization"] = tokens[i] })
                end
                """);
        lua.append(DONE);
        return Files.writeString(dir.resolve(name + ".lua"), lua, StandardCharsets.UTF_8);
    }

    /**
     * Runs {@code wrk} against {@code uri} for {@code seconds} and measures this JVM's CPU time meanwhile.
     *
     * @return the figures
     * @throws IOException if wrk is missing, fails or prints no result
     */
    public Result run(URI uri, Path script, int seconds) throws IOException, InterruptedException {
        List<String> command = List.of("wrk", "-t" + threads, "-c" + connections, "-d" + seconds + "s",
                "--timeout", "5s", "-s", script.toString(), uri.toString());
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuBefore = os.getProcessCpuTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(seconds + 30L, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("wrk did not finish: " + command);
        }
        long cpuAfter = os.getProcessCpuTime();
        for (String line : output.split("\n")) {
            if (line.startsWith("RESULT ")) {
                Map<String, Long> values = new TreeMap<>();
                for (String pair : line.substring(7).trim().split(" ")) {
                    String[] kv = pair.split("=");
                    values.put(kv[0], Long.parseLong(kv[1]));
                }
                return new Result(values.get("requests"), values.get("duration_us") / 1e6, values.get("p50_us"),
                        values.get("p99_us"), values.get("non2xx"), values.get("errors"),
                        (cpuAfter - cpuBefore) / 1e9);
            }
        }
        throw new IOException("wrk printed no result (exit " + process.exitValue() + "): " + output);
    }

    /** @return the median of {@code values} */
    public static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
