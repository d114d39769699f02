package org.speakr.token.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jetty.server.Server;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.core.Expiration;
import org.speakr.token.core.spi.InMemoryTokenStore;

/**
 * Write-behind under load: variant B of {@link HttpLoadComparison} at full speed for 30 s, with a
 * {@link CountingTokenStore} around the in-memory store recording every last-used write per token, and a
 * short write interval (5 s) so the bound means something. wrk presents 16 tokens in turn (so there are 16
 * tokens to count), all cached.
 *
 * <p>Expected: per token at most one write per elapsed interval, i.e. at most ⌊elapsed / 5 s⌋ writes while
 * loaded, plus one at {@code close()}; every write on the {@code speakr-token-maintenance} thread, none on a
 * request thread; consecutive scheduled writes of one token at least 5 s apart.
 *
 * <p>Run (needs {@code wrk}):
 * <pre>
 * mvn -B -q -pl benchmarks -am package -DskipTests
 * java -Xms1g -Xmx1g -cp benchmarks/target/benchmarks.jar org.speakr.token.benchmarks.LastUsedUnderLoad [seconds=30] [intervalSeconds=5]
 * </pre>
 */
public final class LastUsedUnderLoad {
    private static final int TOKENS = 16;

    private LastUsedUnderLoad() {
    }

    /** @param args load seconds (default 30), write interval seconds (default 5) */
    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int interval = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        CountingTokenStore store = new CountingTokenStore(new InMemoryTokenStore());
        ApiTokens tokens = ApiTokens.builder().store(store).lastUsedWriteInterval(Duration.ofSeconds(interval))
                .build();
        long built = System.nanoTime();
        String[] values = new String[TOKENS];
        Map<String, String> idByToken = new HashMap<>();
        for (int i = 0; i < TOKENS; i++) {
            var created = tokens.create("alice", "wrk " + i, Expiration.never());
            values[i] = created.token().reveal();
            idByToken.put(values[i], created.info().id());
        }
        Server server = HttpVariants.start(HttpVariants.apiTokenFilter(tokens));
        Path dir = Files.createTempDirectory("speakr-lastused");
        Wrk.Result result;
        List<CountingTokenStore.Write> duringLoad;
        double loadedSeconds;
        try {
            System.out.printf("%s, JDK %s, %d cores, load: %s%n", Instant.now(), Runtime.version(),
                    Runtime.getRuntime().availableProcessors(), LoadRounds.loadAverage());
            result = new Wrk(1, 16).run(HttpVariants.uri(server), Wrk.rotatingScript(dir, "sixteen", values), seconds);
            loadedSeconds = (System.nanoTime() - built) / 1e9;
            duringLoad = store.writes();
        } finally {
            server.stop();
        }
        tokens.close();
        List<CountingTokenStore.Write> all = store.writes();

        Map<String, List<Long>> times = new HashMap<>();
        Set<String> threads = new TreeSet<>();
        for (CountingTokenStore.Write w : duringLoad) {
            times.computeIfAbsent(w.tokenId(), k -> new ArrayList<>()).add(w.nanoTime());
            threads.add(w.thread());
        }
        Set<String> closeThreads = new TreeSet<>();
        for (CountingTokenStore.Write w : all.subList(duringLoad.size(), all.size())) {
            closeThreads.add(w.thread());
        }
        int min = Integer.MAX_VALUE;
        int max = 0;
        double minGap = Double.MAX_VALUE;
        for (String token : values) {
            List<Long> t = times.getOrDefault(idByToken.get(token), List.of());
            min = Math.min(min, t.size());
            max = Math.max(max, t.size());
            for (int i = 1; i < t.size(); i++) {
                minGap = Math.min(minGap, (t.get(i) - t.get(i - 1)) / 1e9);
            }
        }
        int bound = (int) Math.floor(loadedSeconds / interval);
        Map<String, Integer> perTokenTotal = store.writesPerToken();
        System.out.printf(Locale.ROOT, "%,d requests in %.1f s (%.0f req/s, p50 %.0f µs, p99 %.0f µs, non-2xx %d)%n",
                result.requests(), result.seconds(), result.throughput(), result.p50Micros(), result.p99Micros(),
                result.non2xx());
        System.out.printf(Locale.ROOT, "service lived %.1f s under a %d s write interval: bound %d writes per token"
                + " while loaded, +1 at close()%n", loadedSeconds, interval, bound);
        System.out.printf(Locale.ROOT, "writes per token while loaded: min %d, max %d (%d tokens, %d batches);"
                + " smallest gap between two writes of one token %.2f s; writing threads %s%n", min, max, TOKENS,
                store.updateLastUsedBatches(), minGap == Double.MAX_VALUE ? Double.NaN : minGap, threads);
        System.out.printf("writes per token including close(): %s; close() wrote on %s%n",
                new TreeSet<>(perTokenTotal.values()), closeThreads);
        System.out.println(max <= bound && !threads.isEmpty() && threads.stream().allMatch(
                t -> t.equals("speakr-token-maintenance")) ? "PASS: at most one write per token per interval"
                : "FAIL: more writes than intervals, or a write off the maintenance thread");
    }
}
