package org.speakr.token.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The method of the HTTP comparisons ({@link HttpLoadComparison}, {@link BootLoadComparison}): servers in this JVM,
 * each driven by {@link Wrk} in alternation (A B C A B C …) after a warm-up of each, and reported as the median
 * and min–max over the rounds, with ratios of medians and per-round ratios.
 */
final class LoadRounds {
    /** One server under load. */
    interface Target {
        /** @return the endpoint */
        URI uri();

        /** @return the wrk script (request headers and the result line) */
        Path script();

        /** Runs before each measured run and warm-up (priming a server state, for example). */
        default void beforeRun() throws IOException, InterruptedException {
        }
    }

    private final Wrk wrk;
    private final Map<String, Target> targets;
    private final Map<String, List<Wrk.Result>> results = new LinkedHashMap<>();

    /**
     * @param wrk the load generator
     * @param targets the servers by name, in the order of each round
     */
    LoadRounds(Wrk wrk, Map<String, ? extends Target> targets) {
        this.wrk = wrk;
        this.targets = new LinkedHashMap<>(targets);
        for (String name : targets.keySet()) {
            results.put(name, new ArrayList<>());
        }
    }

    /** Drives every target once for {@code seconds}, unrecorded. */
    void warmUp(int seconds) throws IOException, InterruptedException {
        for (Map.Entry<String, Target> e : targets.entrySet()) {
            System.gc();
            e.getValue().beforeRun();
            Wrk.Result r = wrk.run(e.getValue().uri(), e.getValue().script(), seconds);
            System.out.printf("warm-up %-2s %9.0f req/s%n", e.getKey(), r.throughput());
        }
    }

    /**
     * Runs the rounds, printing each run, and writes the raw runs as CSV to {@code benchmarks/target/<csvName>}
     * when that directory exists (the command is run from the repository root).
     */
    void run(int rounds, int seconds, String csvName) throws IOException, InterruptedException {
        StringBuilder csv = new StringBuilder(
                "round,variant,requests,seconds,req_per_s,p50_us,p99_us,cpu_us_per_req,non2xx,errors\n");
        for (int round = 1; round <= rounds; round++) {
            for (Map.Entry<String, Target> e : targets.entrySet()) {
                System.gc();
                Thread.sleep(500);
                e.getValue().beforeRun();
                Wrk.Result r = wrk.run(e.getValue().uri(), e.getValue().script(), seconds);
                results.get(e.getKey()).add(r);
                System.out.printf(Locale.ROOT,
                        "round %d %-2s %9.0f req/s  p50 %7.0f µs  p99 %7.0f µs  cpu %6.1f µs/req%s%n",
                        round, e.getKey(), r.throughput(), r.p50Micros(), r.p99Micros(), r.cpuMicrosPerRequest(),
                        r.non2xx() + r.socketErrors() > 0
                                ? "  NON-2XX " + r.non2xx() + " ERRORS " + r.socketErrors() : "");
                csv.append(String.format(Locale.ROOT, "%d,%s,%d,%.3f,%.1f,%.0f,%.0f,%.2f,%d,%d%n", round,
                        e.getKey(), r.requests(), r.seconds(), r.throughput(), r.p50Micros(), r.p99Micros(),
                        r.cpuMicrosPerRequest(), r.non2xx(), r.socketErrors()));
            }
        }
        Path out = Paths.get("benchmarks", "target");
        if (Files.isDirectory(out)) {
            Files.writeString(out.resolve(csvName), csv);
        }
    }

    /** @return the recorded runs of {@code name}, in round order */
    List<Wrk.Result> results(String name) {
        return results.get(name);
    }

    /** Prints the Markdown table of medians and ranges, one row per target. */
    void printTable() {
        System.out.println();
        System.out.println("| variant | req/s median | req/s min–max | p50 µs median | p99 µs median (min–max) "
                + "| CPU µs/req median | CPU µs/req min–max |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        for (Map.Entry<String, List<Wrk.Result>> e : results.entrySet()) {
            List<Wrk.Result> rs = e.getValue();
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f–%.0f | %.0f | %.0f (%.0f–%.0f) | %.1f | %.1f–%.1f |%n",
                    e.getKey(), med(rs, Wrk.Result::throughput), min(rs, Wrk.Result::throughput),
                    max(rs, Wrk.Result::throughput), med(rs, Wrk.Result::p50Micros), med(rs, Wrk.Result::p99Micros),
                    min(rs, Wrk.Result::p99Micros), max(rs, Wrk.Result::p99Micros),
                    med(rs, Wrk.Result::cpuMicrosPerRequest), min(rs, Wrk.Result::cpuMicrosPerRequest),
                    max(rs, Wrk.Result::cpuMicrosPerRequest));
        }
        System.out.println();
    }

    /** Prints x/y of {@code f}: the ratio of medians, plus the median and min–max of the per-round ratios. */
    void printRatio(String x, String y, ToDoubleFunction<Wrk.Result> f, String what) {
        List<Wrk.Result> xs = results.get(x);
        List<Wrk.Result> ys = results.get(y);
        List<Double> perRound = new ArrayList<>();
        for (int i = 0; i < xs.size(); i++) {
            perRound.add(f.applyAsDouble(xs.get(i)) / f.applyAsDouble(ys.get(i)));
        }
        System.out.printf(Locale.ROOT, "%s/%s %s: %.3f (per-round median %.3f, min–max %.3f–%.3f)%n", x, y, what,
                med(xs, f) / med(ys, f), Wrk.median(perRound), perRound.stream().mapToDouble(d -> d).min().orElse(0),
                perRound.stream().mapToDouble(d -> d).max().orElse(0));
    }

    private static double med(List<Wrk.Result> rs, ToDoubleFunction<Wrk.Result> f) {
        return Wrk.median(rs.stream().map(f::applyAsDouble).toList());
    }

    private static double min(List<Wrk.Result> rs, ToDoubleFunction<Wrk.Result> f) {
        return rs.stream().mapToDouble(f).min().orElse(0);
    }

    private static double max(List<Wrk.Result> rs, ToDoubleFunction<Wrk.Result> f) {
        return rs.stream().mapToDouble(f).max().orElse(0);
    }

    /** @return {@code /proc/loadavg}, or {@code unknown} */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
