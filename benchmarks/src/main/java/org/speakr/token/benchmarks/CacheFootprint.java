package org.speakr.token.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ObjectName;
import org.speakr.token.core.RevocationReason;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.core.spi.TokenRecord;
import org.speakr.token.core.spi.TokenStore;

/**
 * Retained heap per cached token (target ≤ 400 bytes): {@value #COUNT} distinct tokens authenticated by a
 * service with {@code cacheMaximumSize} {@value #CACHE_SIZE} (a second pass checks that none was evicted: it must
 * not reach the store), measured as the growth of the live heap
 * (after {@code System.gc()}, {@link MemoryMXBean}) between just before and just after, over several runs, each
 * with a new service; and, for the first run, a class histogram diff ({@code GC.class_histogram} through the
 * DiagnosticCommand MBean) that says which objects the bytes are.
 *
 * <p>The store is {@link DetachedStore}: it answers each lookup with a new record whose strings are new
 * objects and whose scopes are {@code Set.of()}, exactly as {@code JdbcTokenStore.read} builds them from a
 * result set, so the cache holds what it would hold over a real database, and nothing it holds is shared with
 * the store. Its last-used writes are dropped (a database keeps them, not this heap). The figure is measured
 * twice: with the write-behind's pending last-used entries (as between two flushes), and after
 * {@code flushLastUsed()} (the cache alone).
 *
 * <p>Run:
 * <pre>
 * mvn -B -q -pl benchmarks -am package -DskipTests
 * java -Xms2g -Xmx2g -cp benchmarks/target/benchmarks.jar org.speakr.token.benchmarks.CacheFootprint [runs=5]
 * </pre>
 */
public final class CacheFootprint {
    private static final int COUNT = 100_000;
    private static final int CACHE_SIZE = COUNT;

    private CacheFootprint() {
    }

    /**
     * A store of detached copies: every lookup returns fresh objects, as a JDBC store does. Thread-safe. Not a
     * full store: it supports what authenticating needs.
     */
    static final class DetachedStore implements TokenStore {
        private final Map<String, TokenRecord> byHash = new ConcurrentHashMap<>();
        private final AtomicLong lookups = new AtomicLong();

        @Override
        public void insert(TokenRecord record) {
            byHash.put(record.hash(), record);
        }

        @Override
        public Optional<TokenRecord> findByHash(String hash) {
            lookups.incrementAndGet();
            TokenRecord r = byHash.get(hash);
            if (r == null) {
                return Optional.empty();
            }
            return Optional.of(new TokenRecord(fresh(r.id()), fresh(r.owner()), fresh(r.name()), fresh(r.hash()),
                    fresh(r.hashKeyId()), fresh(r.hint()),
                    r.scopes().isEmpty() ? Set.of() : Set.copyOf(r.scopes()), copy(r.createdAt()),
                    copy(r.expiresAt()), copy(r.lastUsedAt()), copy(r.revokedAt()), r.revocationReason(),
                    r.parentId() == null ? null : fresh(r.parentId())));
        }

        /** A new String with a new byte array ({@code new String(String)} would share the array). */
        private static String fresh(String s) {
            return new String(s.toCharArray());
        }

        private static Instant copy(Instant i) {
            return i == null ? null : Instant.ofEpochSecond(i.getEpochSecond(), i.getNano());
        }

        @Override
        public List<TokenRecord> findByOwner(String owner) {
            return List.of();
        }

        @Override
        public Optional<TokenRecord> revoke(String owner, String id, Instant revokedAt, RevocationReason reason) {
            return Optional.empty();
        }

        @Override
        public List<TokenRecord> revokeAll(String owner, Instant revokedAt, RevocationReason reason) {
            return List.of();
        }

        @Override
        public void updateLastUsed(Map<String, Instant> lastUsedById) {
        }

        @Override
        public List<TokenRecord> findExpiringBetween(Instant now, Instant until) {
            throw new UnsupportedOperationException("not built yet");
        }

        @Override
        public boolean claimExpiryNotice(String id, Duration threshold) {
            throw new UnsupportedOperationException("not built yet");
        }

        @Override
        public List<TokenRecord> findUnusedBefore(Instant cutoff, Instant now) {
            throw new UnsupportedOperationException("not built yet");
        }

        @Override
        public int purge(Instant cutoff) {
            throw new UnsupportedOperationException("not built yet");
        }

        @Override
        public List<TokenRecord> revokedSince(Instant since) {
            return List.of();
        }
    }

    /** @param args number of runs (default 5) */
    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        String[] tokens = BenchTokens.tokens(COUNT, 2026);
        DetachedStore store = new DetachedStore();
        for (int i = 0; i < COUNT; i++) {
            // Realistic field sizes: a 22-character id, owners "user-<n>" with 10 tokens each, names of about
            // 17 characters, an expiry instant, no scopes.
            TokenRecord r = BenchTokens.record(i, tokens[i]);
            store.insert(new TokenRecord(r.id(), "user-" + (i / 10), "n8n production " + (i % 100), r.hash(),
                    r.hashKeyId(), r.hint(), Set.of(), r.createdAt(), Instant.parse("2027-01-01T00:00:00Z"), null,
                    null, null, null));
        }
        System.out.printf("%s, JDK %s, %d cores, %s, max heap %d MiB%n", Instant.now(), Runtime.version(),
                Runtime.getRuntime().availableProcessors(), ManagementFactory.getRuntimeMXBean().getVmName(),
                Runtime.getRuntime().maxMemory() >> 20);
        List<Double> withPending = new ArrayList<>();
        List<Double> cacheOnly = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            ApiTokens service = ApiTokens.builder().store(store).cacheMaximumSize(CACHE_SIZE)
                    .revocationPollInterval(Duration.ZERO).lastUsedWriteInterval(Duration.ofHours(1)).build();
            service.authenticate(tokens[0]);
            service.flushLastUsed();
            Map<String, long[]> histogramBefore = run == 1 ? histogram() : null;
            long before = liveHeap();
            for (String token : tokens) {
                if (!service.authenticate(token).isAuthenticated()) {
                    throw new IllegalStateException("a token did not authenticate");
                }
            }
            long lookups = store.lookups.get();
            for (String token : tokens) {
                service.authenticate(token);
            }
            if (store.lookups.get() != lookups) {
                throw new IllegalStateException("not every token stayed cached: "
                        + (store.lookups.get() - lookups) + " lookups on the second pass");
            }
            long afterPending = liveHeap();
            Map<String, long[]> histogramPending = run == 1 ? histogram() : null;
            service.flushLastUsed();
            long after = liveHeap();
            Map<String, long[]> histogramAfter = run == 1 ? histogram() : null;
            double pendingPerToken = (afterPending - before) / (double) (COUNT - 1);
            double perToken = (after - before) / (double) (COUNT - 1);
            withPending.add(pendingPerToken);
            cacheOnly.add(perToken);
            System.out.printf(Locale.ROOT, "run %d: cache only %.1f bytes/token; with pending last-used entries"
                    + " %.1f bytes/token%n", run, perToken, pendingPerToken);
            if (run == 1) {
                printDiff("cache only (after flushLastUsed)", histogramBefore, histogramAfter);
                printDiff("pending last-used entries (before flush minus after)", histogramAfter, histogramPending);
            }
            service.close();
        }
        System.out.printf(Locale.ROOT, "%nmedian over %d runs: cache only %.1f bytes/token (min–max %.1f–%.1f);"
                + " with pending last-used %.1f bytes/token (min–max %.1f–%.1f)%n", runs, Wrk.median(cacheOnly),
                cacheOnly.stream().mapToDouble(d -> d).min().orElse(0),
                cacheOnly.stream().mapToDouble(d -> d).max().orElse(0), Wrk.median(withPending),
                withPending.stream().mapToDouble(d -> d).min().orElse(0),
                withPending.stream().mapToDouble(d -> d).max().orElse(0));
        System.out.println(tokens.length); // keeps the token array reachable through every measurement
    }

    /** Used heap after repeated full collections. */
    private static long liveHeap() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /** Live objects by class: name → {instances, bytes}. Triggers a full GC. */
    private static Map<String, long[]> histogram() throws Exception {
        String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        Map<String, long[]> classes = new HashMap<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4 && f[0].endsWith(":")) {
                classes.put(f[3], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
            }
        }
        return classes;
    }

    private static void printDiff(String title, Map<String, long[]> before, Map<String, long[]> after) {
        List<Map.Entry<String, long[]>> diffs = new ArrayList<>();
        for (Map.Entry<String, long[]> e : after.entrySet()) {
            long[] b = before.getOrDefault(e.getKey(), new long[2]);
            long instances = e.getValue()[0] - b[0];
            long bytes = e.getValue()[1] - b[1];
            if (Math.abs(bytes) >= COUNT / 10) {
                diffs.add(Map.entry(e.getKey(), new long[] {instances, bytes}));
            }
        }
        diffs.sort((x, y) -> Long.compare(y.getValue()[1], x.getValue()[1]));
        System.out.printf("%n%s: class histogram growth per token (classes that grew by ≥ 0.1 byte/token)%n", title);
        System.out.println("| class | instances/token | bytes/token |");
        System.out.println("|---|---:|---:|");
        long total = 0;
        for (Map.Entry<String, long[]> e : diffs) {
            total += e.getValue()[1];
            System.out.printf(Locale.ROOT, "| %s | %.2f | %.1f |%n", e.getKey(), e.getValue()[0] / (double) COUNT,
                    e.getValue()[1] / (double) COUNT);
        }
        System.out.printf(Locale.ROOT, "| total | | %.1f |%n", total / (double) COUNT);
    }
}
