package org.speakr.token.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The token service: creates, lists, revokes and authenticates personal API tokens.
 *
 * <pre>{@code
 * try (ApiTokens tokens = ApiTokens.builder().store(store).build()) {
 *     CreatedToken created = tokens.create("alice", "n8n", Expiration.days(90));
 *     String shownOnce = created.token().reveal();
 *     AuthenticationResult result = tokens.authenticate(shownOnce);
 * }
 * }</pre>
 *
 * <p>Instances are thread-safe and meant to be shared: one per application. Each owns one daemon thread
 * ({@code speakr-token-maintenance}) for write-behind of last-use instants and for the revocation feed;
 * {@link #close()} stops it and flushes pending writes. Using an instance after {@code close()} is not
 * supported.
 *
 * <p>Authenticating a cached token costs one SHA-256 (or HMAC) of the token, a CRC32 and a hash-map probe;
 * a value with a bad checksum is rejected before any hashing or store call.
 */
public final class ApiTokens implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ApiTokens.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int ID_BYTES = 16;
    private static final int ID_LENGTH = 22;
    private static final Digest[] NO_DIGESTS = {};
    private static final Comparator<TokenInfo> NEWEST_FIRST =
            Comparator.comparing(TokenInfo::createdAt).thenComparing(TokenInfo::id).reversed();

    private final Settings settings;
    private final TokenStore store;
    private final Clock clock;
    private final TokenFormat format;
    private final TokenHashing hashing;
    private final ThreadLocal<TokenScratch> scratches;
    private final TokenCache cache;
    private final LastUsedWriter lastUsed;
    private final TokenEventListener listener;
    private final Object[] ownerLocks = new Object[64];
    private final ScheduledExecutorService maintenance;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ApiTokens(Settings settings) {
        this.settings = settings;
        this.store = settings.store;
        this.clock = settings.clock;
        this.format = new TokenFormat(settings.tokenPrefix, settings.acceptLegacyTokens);
        this.hashing = settings.hashing;
        this.scratches = ThreadLocal.withInitial(() -> new TokenScratch(hashing));
        this.cache = new TokenCache(settings.cacheMaximumSize, settings.cacheTtl,
                settings.negativeCacheMaximumSize, settings.negativeCacheTtl, clock.instant());
        this.lastUsed = new LastUsedWriter(store);
        this.listener = settings.eventListener;
        for (int i = 0; i < ownerLocks.length; i++) {
            ownerLocks[i] = new Object();
        }
        this.maintenance = startMaintenance();
    }

    /** @return a builder with the defaults documented on each setter */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Creates a token with full access (no scopes).
     *
     * @see #create(String, String, Expiration, Set)
     */
    public CreatedToken create(String owner, String name, Expiration expiration) {
        return create(owner, name, expiration, Set.of());
    }

    /**
     * Creates a token. The returned {@link CreatedToken#token()} is the only copy of the plaintext.
     *
     * @param owner the owner's identifier: 1–255 characters, no control characters
     * @param name a label, 1–100 characters after trimming, no control characters; stored trimmed
     * @param expiration when it expires; must respect the configured maximum lifetime
     * @param scopes RFC 6749 scope tokens; empty means full access
     * @return the plaintext (once) and the stored token's description
     * @throws IllegalArgumentException for an invalid owner, name, scope or expiration, naming the rule
     * @throws TokenLimitExceededException when the owner already has the maximum of active tokens
     * @throws TokenStoreException when the store fails
     */
    public CreatedToken create(String owner, String name, Expiration expiration, Set<String> scopes) {
        String validOwner = Names.owner(owner);
        String validName = Names.tokenName(name);
        Objects.requireNonNull(expiration, "expiration");
        SortedSet<String> validScopes = Scopes.validated(scopes);
        Instant now = clock.instant();
        Instant expiresAt = expiration.expiresAt(now);
        checkLifetime(expiration, now, expiresAt);

        synchronized (ownerLock(validOwner)) {
            checkActiveLimit(validOwner, now);
            String token = format.generate(RANDOM);
            TokenHashing.Key key = hashing.current();
            Digest digest = scratches.get().digest(0, token);
            TokenRecord record = new TokenRecord(newId(), validOwner, validName, digest.toHex(), key.id(),
                    format.hint(token), validScopes, now, expiresAt, null, null);
            call(() -> {
                store.insert(record);
                return null;
            }, "insert");
            cache.evict(digest);
            publish(new TokenEvent.Created(record.id(), validOwner, now));
            log.debug("Created token {} for owner {}", record.id(), validOwner);
            return new CreatedToken(new SecretToken(token), TokenInfo.of(record, now));
        }
    }

    /**
     * Lists an owner's tokens, newest first, revoked and expired ones included.
     *
     * @param owner the owner
     * @return an immutable list
     * @throws TokenStoreException when the store fails
     */
    public List<TokenInfo> list(String owner) {
        String validOwner = Names.owner(owner);
        Instant now = clock.instant();
        List<TokenRecord> records = call(() -> store.findByOwner(validOwner), "findByOwner");
        return records.stream()
                .filter(record -> record.owner().equals(validOwner))
                .map(record -> TokenInfo.of(record, now))
                .sorted(NEWEST_FIRST)
                .toList();
    }

    /**
     * Revokes a token at once, on this node; other nodes sharing the store follow within the revocation
     * poll interval. Idempotent and irreversible.
     *
     * @param owner the owner; another owner's token is treated as absent
     * @param tokenId the token's public id
     * @return true if the owner has such a token (now revoked), false if not
     * @throws TokenStoreException when the store fails
     */
    public boolean revoke(String owner, String tokenId) {
        String validOwner = Names.owner(owner);
        Objects.requireNonNull(tokenId, "tokenId");
        Instant now = clock.instant();
        Optional<TokenRecord> before = call(() -> store.revoke(validOwner, tokenId, now), "revoke");
        before.ifPresent(record -> afterRevoke(record, now));
        return before.isPresent();
    }

    /**
     * Revokes every active token of an owner.
     *
     * @param owner the owner
     * @return how many tokens this call revoked
     * @throws TokenStoreException when the store fails
     */
    public int revokeAll(String owner) {
        String validOwner = Names.owner(owner);
        Instant now = clock.instant();
        List<TokenRecord> revoked = call(() -> store.revokeAll(validOwner, now), "revokeAll");
        revoked.forEach(record -> afterRevoke(record, now));
        return revoked.size();
    }

    private void afterRevoke(TokenRecord before, Instant now) {
        Digest digest = Digest.fromHex(before.hash());
        if (digest != null) {
            cache.evict(digest);
        }
        if (before.revokedAt() == null) {
            publish(new TokenEvent.Revoked(before.id(), before.owner(), now));
            log.debug("Revoked token {} of owner {}", before.id(), before.owner());
        }
    }

    /**
     * Checks a presented token. Never logs or keeps the value.
     *
     * @param presented the value as received, e.g. from an {@code Authorization: Bearer} header
     * @return {@link AuthenticationResult.Authenticated} or {@link AuthenticationResult.Rejected}
     * @throws TokenStoreException when the store fails or times out; the value was not judged
     */
    public AuthenticationResult authenticate(String presented) {
        Objects.requireNonNull(presented, "presented");
        TokenScratch scratch = scratches.get();
        TokenFormat.Kind kind = format.read(presented, scratch);
        if (kind == TokenFormat.Kind.MALFORMED) {
            return reject(RejectionReason.MALFORMED, null);
        }
        Digest primary;
        Digest[] previous = NO_DIGESTS;
        try {
            primary = kind == TokenFormat.Kind.LEGACY ? scratch.sha256() : scratch.digest(0);
            if (kind == TokenFormat.Kind.TOKEN && hashing.keys().size() > 1) {
                previous = previousKeyDigests(scratch);
            }
        } finally {
            scratch.release();
        }
        Instant now = clock.instant();
        AuthenticationResult result = fromCache(primary, now);
        for (int i = 0; result == null && i < previous.length; i++) {
            result = fromCache(previous[i], now);
        }
        if (result != null) {
            return result;
        }
        if (cache.isKnownUnknown(primary)) {
            return reject(RejectionReason.UNKNOWN, null);
        }
        result = fromStore(primary, now);
        for (int i = 0; result == null && i < previous.length; i++) {
            result = fromStore(previous[i], now);
        }
        if (result != null) {
            return result;
        }
        cache.rememberUnknown(primary);
        return reject(RejectionReason.UNKNOWN, null);
    }

    /** Hashes under each previous key, for tokens created before the last key rotation. */
    private Digest[] previousKeyDigests(TokenScratch scratch) {
        Digest[] digests = new Digest[hashing.keys().size() - 1];
        for (int i = 0; i < digests.length; i++) {
            digests[i] = scratch.digest(i + 1);
        }
        return digests;
    }

    /** The verdict from this node's cache, or null when the cache knows nothing of {@code digest}. */
    private AuthenticationResult fromCache(Digest digest, Instant now) {
        ApiTokenPrincipal active = cache.active(digest, now);
        if (active != null) {
            return judge(active, now);
        }
        ApiTokenPrincipal revoked = cache.revoked(digest);
        return revoked == null ? null : reject(RejectionReason.REVOKED, revoked);
    }

    /** The verdict after loading {@code digest} from the store into the cache, or null when unknown. */
    private AuthenticationResult fromStore(Digest digest, Instant now) {
        TokenCache.Loaded loaded = cache.load(digest, now, this::loadFromStore);
        if (loaded == null) {
            return null;
        }
        return loaded.revoked() ? reject(RejectionReason.REVOKED, loaded.principal()) : judge(loaded.principal(), now);
    }

    private TokenRecord loadFromStore(Digest digest) {
        String hash = digest.toHex();
        Optional<TokenRecord> found = call(() -> store.findByHash(hash), "findByHash");
        if (found == null) {
            throw new TokenStoreException("token store broke its contract: findByHash returned null");
        }
        // A store may compare case-insensitively (MySQL collations); accept only the exact hash.
        return found.filter(record -> MessageDigest.isEqual(
                        record.hash().getBytes(StandardCharsets.US_ASCII), hash.getBytes(StandardCharsets.US_ASCII)))
                .orElse(null);
    }

    private AuthenticationResult judge(ApiTokenPrincipal principal, Instant now) {
        if (TokenRecord.isExpiredAt(principal.expiresAt(), now)) {
            return reject(RejectionReason.EXPIRED, principal);
        }
        lastUsed.record(principal.tokenId(), now);
        if (listener != null) {
            publish(new TokenEvent.Authenticated(principal.tokenId(), principal.owner(), now));
        }
        return new AuthenticationResult.Authenticated(principal);
    }

    private AuthenticationResult reject(RejectionReason reason, ApiTokenPrincipal principal) {
        if (listener != null) {
            publish(new TokenEvent.Rejected(reason, principal == null ? null : principal.tokenId(),
                    principal == null ? null : principal.owner(), clock.instant()));
        }
        return AuthenticationResult.Rejected.of(reason);
    }

    /**
     * Writes pending last-use instants now (normally done once per write interval in the background).
     * Never throws; a failed write is retried at the next flush.
     */
    public void flushLastUsed() {
        lastUsed.flush();
    }

    /**
     * Evicts a token from this node's cache by its stored hash, e.g. after changing it in the store by
     * other means. Revocations through this service and the revocation feed do this already.
     *
     * @param hash the stored lowercase hex hash
     */
    public void evict(String hash) {
        Digest digest = Digest.fromHex(hash);
        if (digest != null) {
            cache.evict(digest);
        }
    }

    /** @return the store this service uses */
    public TokenStore store() {
        return store;
    }

    /** Stops the maintenance thread and writes pending last-use instants. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        maintenance.shutdown();
        try {
            if (!maintenance.awaitTermination(10, TimeUnit.SECONDS)) {
                maintenance.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lastUsed.flush();
        }
    }

    /** @return the effective configuration, with peppers masked */
    @Override
    public String toString() {
        return "ApiTokens" + settings;
    }

    private ScheduledExecutorService startMaintenance() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "speakr-token-maintenance");
            thread.setDaemon(true);
            return thread;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        long flushMillis = settings.lastUsedWriteInterval.toMillis();
        executor.scheduleWithFixedDelay(lastUsed::flush, flushMillis, flushMillis, TimeUnit.MILLISECONDS);
        if (!settings.revocationPollInterval.isZero()) {
            long pollMillis = settings.revocationPollInterval.toMillis();
            executor.scheduleWithFixedDelay(new RevocationFeed(store, cache, clock), pollMillis, pollMillis,
                    TimeUnit.MILLISECONDS);
        }
        return executor;
    }

    private void checkLifetime(Expiration expiration, Instant now, Instant expiresAt) {
        Duration max = settings.maxLifetime;
        if (max == null) {
            return;
        }
        if (expiration.isNever()) {
            throw new IllegalArgumentException("expiration 'never' is not allowed: maxLifetime is " + max);
        }
        if (expiresAt.isAfter(now.plus(max))) {
            throw new IllegalArgumentException(
                    "expiration " + expiresAt + " is further away than maxLifetime " + max + " from " + now);
        }
    }

    private void checkActiveLimit(String owner, Instant now) {
        int limit = settings.maxActiveTokensPerOwner;
        if (limit == 0) {
            return;
        }
        List<TokenRecord> records = call(() -> store.findByOwner(owner), "findByOwner");
        long active = records.stream().filter(r -> r.statusAt(now) == TokenStatus.ACTIVE).count();
        if (active >= limit) {
            throw new TokenLimitExceededException(
                    "owner '" + owner + "' already has " + active + " active tokens; maxActiveTokensPerOwner is " + limit);
        }
    }

    private Object ownerLock(String owner) {
        return ownerLocks[Math.floorMod(owner.hashCode(), ownerLocks.length)];
    }

    private static String newId() {
        byte[] bytes = new byte[ID_BYTES];
        RANDOM.nextBytes(bytes);
        return Base62.encode(bytes, ID_LENGTH);
    }

    private void publish(TokenEvent event) {
        if (listener == null) {
            return;
        }
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            log.warn("Token event listener failed on {}", event.getClass().getSimpleName(), e);
        }
    }

    /** Runs a store call; any runtime failure becomes a {@link TokenStoreException}. */
    private static <T> T call(StoreCall<T> call, String operation) {
        try {
            return call.run();
        } catch (TokenStoreException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new TokenStoreException("token store failed on " + operation + ": " + e.getClass().getName(), e);
        }
    }

    @FunctionalInterface
    private interface StoreCall<T> {
        T run();
    }

    /** The validated settings of one service. */
    private record Settings(TokenStore store, Clock clock, String tokenPrefix, TokenHashing hashing,
            boolean acceptLegacyTokens, long cacheMaximumSize, Duration cacheTtl, long negativeCacheMaximumSize,
            Duration negativeCacheTtl, Duration lastUsedWriteInterval, Duration revocationPollInterval,
            Duration maxLifetime, int maxActiveTokensPerOwner, TokenEventListener eventListener) {
    }

    /**
     * Configures an {@link ApiTokens}. Every setter validates at once and names the setting in its message;
     * {@link #build()} may be called more than once and returns independent services. Not thread-safe.
     */
    public static final class Builder {
        private TokenStore store;
        private Clock clock = Clock.systemUTC();
        private String tokenPrefix = "spk";
        private TokenHashing hashing = TokenHashing.sha256();
        private boolean acceptLegacyTokens;
        private long cacheMaximumSize = 10_000;
        private Duration cacheTtl = Duration.ofSeconds(30);
        private long negativeCacheMaximumSize = 10_000;
        private Duration negativeCacheTtl = Duration.ofSeconds(10);
        private Duration lastUsedWriteInterval = Duration.ofSeconds(60);
        private Duration revocationPollInterval = Duration.ofSeconds(1);
        private Duration maxLifetime;
        private int maxActiveTokensPerOwner;
        private TokenEventListener eventListener;

        private Builder() {
        }

        /** @param store where tokens live; default: a new {@link InMemoryTokenStore} per {@link #build()} */
        public Builder store(TokenStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /** @param clock the time source for creation, expiry and last use; default {@link Clock#systemUTC()} */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** @param tokenPrefix {@code [a-z][a-z0-9]{1,9}}, an underscore is appended; default {@code spk} */
        public Builder tokenPrefix(String tokenPrefix) {
            this.tokenPrefix = TokenFormat.checkPrefix(Objects.requireNonNull(tokenPrefix, "tokenPrefix"));
            return this;
        }

        /** @param hashing hash at rest; default {@link TokenHashing#sha256()} */
        public Builder hashing(TokenHashing hashing) {
            this.hashing = Objects.requireNonNull(hashing, "hashing");
            return this;
        }

        /**
         * @param accept whether prefix-less Speakr tokens (43 base64url characters, stored as SHA-256 hex)
         *        authenticate; default false
         */
        public Builder acceptLegacyTokens(boolean accept) {
            this.acceptLegacyTokens = accept;
            return this;
        }

        /** @param size maximum cached tokens, positive; default 10,000 */
        public Builder cacheMaximumSize(long size) {
            this.cacheMaximumSize = positive("cacheMaximumSize", size);
            return this;
        }

        /**
         * @param ttl how long a token snapshot is cached, measured on the service's {@link #clock(Clock)}: the
         *        bound on staleness for revocations made on other nodes when the revocation feed is off or
         *        failing; positive; default 30 s. A revoked verdict is final and stays cached regardless.
         */
        public Builder cacheTtl(Duration ttl) {
            this.cacheTtl = positive("cacheTtl", ttl);
            return this;
        }

        /** @param size maximum hashes remembered as unknown, positive; default 10,000 */
        public Builder negativeCacheMaximumSize(long size) {
            this.negativeCacheMaximumSize = positive("negativeCacheMaximumSize", size);
            return this;
        }

        /** @param ttl how long a hash the store did not know is answered without asking again; positive; default 10 s */
        public Builder negativeCacheTtl(Duration ttl) {
            this.negativeCacheTtl = positive("negativeCacheTtl", ttl);
            return this;
        }

        /** @param interval at most one last-used write per token per interval, batched; positive; default 60 s */
        public Builder lastUsedWriteInterval(Duration interval) {
            this.lastUsedWriteInterval = positive("lastUsedWriteInterval", interval);
            return this;
        }

        /**
         * @param interval how often to ask the store for tokens revoked by other nodes; {@link Duration#ZERO}
         *        turns the feed off; default 1 s
         */
        public Builder revocationPollInterval(Duration interval) {
            Objects.requireNonNull(interval, "revocationPollInterval");
            if (interval.isNegative()) {
                throw new IllegalArgumentException("revocationPollInterval must be zero (off) or positive: " + interval);
            }
            if (!interval.isZero() && interval.toMillis() < 1) {
                throw new IllegalArgumentException("revocationPollInterval must be at least 1 ms: " + interval);
            }
            this.revocationPollInterval = interval;
            return this;
        }

        /**
         * @param max longest lifetime a new token may have; then {@link Expiration#never()} is refused;
         *        positive; default none
         */
        public Builder maxLifetime(Duration max) {
            this.maxLifetime = positive("maxLifetime", max);
            return this;
        }

        /** @param limit most active tokens one owner may hold, positive; default unlimited */
        public Builder maxActiveTokensPerOwner(int limit) {
            this.maxActiveTokensPerOwner = (int) positive("maxActiveTokensPerOwner", limit);
            return this;
        }

        /** @param listener receives created, revoked, authenticated and rejected events; default none */
        public Builder eventListener(TokenEventListener listener) {
            this.eventListener = Objects.requireNonNull(listener, "eventListener");
            return this;
        }

        /**
         * Applies settings given as strings, e.g. from {@code web.xml} init-params or a properties file;
         * the names are the constants of {@link ApiTokenSettings}.
         *
         * @param settings name to value
         * @throws IllegalArgumentException naming the first unknown or invalid setting
         */
        public Builder apply(Map<String, String> settings) {
            ApiTokenSettings.applyTo(this, settings);
            return this;
        }

        /** @return a new, running service */
        public ApiTokens build() {
            return new ApiTokens(new Settings(store != null ? store : new InMemoryTokenStore(), clock, tokenPrefix,
                    hashing, acceptLegacyTokens, cacheMaximumSize, cacheTtl, negativeCacheMaximumSize,
                    negativeCacheTtl, lastUsedWriteInterval, revocationPollInterval, maxLifetime,
                    maxActiveTokensPerOwner, eventListener));
        }

        private static long positive(String name, long value) {
            if (value <= 0) {
                throw new IllegalArgumentException(name + " must be positive: " + value);
            }
            return value;
        }

        private static Duration positive(String name, Duration value) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + value);
            }
            if (value.toMillis() < 1) {
                throw new IllegalArgumentException(name + " must be at least 1 ms: " + value);
            }
            return value;
        }
    }
}
