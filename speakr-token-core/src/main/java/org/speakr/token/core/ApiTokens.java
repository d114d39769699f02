package org.speakr.token.core;

import static org.speakr.token.core.StoreCalls.call;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.SortedSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.speakr.token.core.internal.ExpiryRule;
import org.speakr.token.core.internal.ScopeRules;
import org.speakr.token.core.internal.SettingValues;
import org.speakr.token.core.spi.RevocationSource;
import org.speakr.token.core.spi.TokenRecord;
import org.speakr.token.core.spi.TokenStore;
import org.speakr.token.core.spi.InMemoryTokenStore;

/**
 * The token service: creates, lists, revokes and authenticates personal API tokens.
 *
 * <pre>{@code
 * try (ApiTokens tokens = ApiTokens.builder().store(store).build()) {
 *     CreatedToken created = tokens.create("alice", "n8n", Expiration.after(Duration.ofDays(90)));
 *     String shownOnce = created.token().reveal();
 *     AuthenticationResult result = tokens.authenticate(shownOnce);
 * }
 * }</pre>
 *
 * <p>Instances are thread-safe and meant to be shared: one per application. Each owns one daemon thread
 * ({@code speakr-token-maintenance}) for write-behind of last uses, for the revocation feed and for the
 * lifecycle sweep ({@link #runMaintenance()});
 * {@link #close()} stops it, closes the {@link Builder#revocationSource revocation source} and flushes pending
 * writes. Using an instance after {@code close()} is not
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

    private final String description;
    private final Duration maxLifetime;
    private final int maxActiveTokensPerOwner;
    private final TokenStore store;
    private final Clock clock;
    private final TokenFormat format;
    private final TokenHashing hashing;
    private final ScratchPool scratches;
    private final TokenCache cache;
    private final LastUsedWriter lastUsed;
    private final TokenEventListener listener;
    private final Object[] ownerLocks = new Object[64];
    private final RevocationSource revocationSource;
    private final ScheduledExecutorService maintenance;
    private final Queue<Thread> maintenanceThreads = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final LeakReports leaks;
    private final RotatedTokenReuse rotatedTokenReuse;
    /** Longest first. */
    private final List<Duration> expiryNoticeThresholds;
    private final LifecycleSweep sweep;
    /** The poll feed of revocations made elsewhere, or null when off. */
    private final RevocationFeed feed;
    private final Revocations revocations;

    private ApiTokens(Builder builder) {
        if (builder.store == null) {
            throw new IllegalStateException("store: expected a TokenStore, got none; for tests and demos use"
                    + " store(new InMemoryTokenStore())");
        }
        this.description = builder.describe();
        this.maxLifetime = builder.maxLifetime;
        this.maxActiveTokensPerOwner = builder.maxActiveTokensPerOwner;
        this.store = builder.store;
        this.clock = builder.clock;
        this.format = new TokenFormat(builder.tokenPrefix, builder.acceptLegacyTokens);
        this.hashing = builder.hashing;
        this.scratches = new ScratchPool(hashing);
        this.cache = new TokenCache(builder.cacheMaximumSize, builder.cacheTtl,
                builder.negativeCacheMaximumSize, builder.negativeCacheTtl, clock.instant(),
                builder.recordCacheStatistics);
        this.lastUsed = new LastUsedWriter(store, clock);
        this.listener = builder.eventListener;
        for (int i = 0; i < ownerLocks.length; i++) {
            ownerLocks[i] = new Object();
        }
        this.rotatedTokenReuse = builder.rotatedTokenReuse;
        this.expiryNoticeThresholds = builder.expiryNoticeThresholds;
        this.revocations = new Revocations(store, cache, this::publish, clock);
        this.leaks = new LeakReports(this, store, revocations, clock);
        this.sweep = new LifecycleSweep(store, clock, expiryNoticeThresholds, listener != null,
                builder.unusedTokenIdleTime, builder.purgeRetention, this::publish, revocations::forPolicy,
                lastUsed::flush);
        this.feed = builder.revocationPollInterval.isZero() ? null : new RevocationFeed(store, cache, clock);
        this.maintenance = startMaintenance(builder.lastUsedWriteInterval, builder.revocationPollInterval,
                builder.maintenanceInterval);
        this.revocationSource = builder.revocationSource;
        if (revocationSource != null) {
            revocationSource.start(this::evictHash);
        }
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
     * @param name a label, 1–100 characters after trimming and Unicode NFC, none of the categories Cc, Cf, Cs, Zl, Zp
     *        (control, format such as bidi overrides and zero-width characters, unpaired surrogates, line
     *        separators); stored trimmed and normalized
     * @param expiration when it expires; must respect the configured maximum lifetime
     * @param scopes RFC 6749 scope tokens; empty means full access
     * @return the plaintext (once) and the stored token's description
     * @throws IllegalArgumentException for an invalid owner, name, scope or expiration, naming the rule
     * @throws TokenLimitExceededException when the owner already has the maximum of active tokens
     * @throws TokenStoreException when the store fails
     */
    public CreatedToken create(String owner, String name, Expiration expiration, Set<String> scopes) {
        return create(Names.owner(owner), name, expiration, scopes, null, AllowedNetworks.any());
    }

    /**
     * Creates a child token: a token created by a token, e.g. when a request authenticated by {@code parent}
     * asks for a new token. The child belongs to the parent's owner and is never broader than its parent:
     * its scopes are a non-empty subset of the parent's (a parent without scopes, full access, may grant any
     * scopes or none), and it expires at or before the parent does (a parent that expires cannot create a
     * child that never does). Revoking the parent, or any ancestor, revokes the child with reason
     * {@link RevocationReason#PARENT}: at once on this node, on other nodes through the revocation feed.
     *
     * @param parent the principal of the token that asks, as {@link #authenticate} returned it; it must still
     *        be active
     * @param name a label, as for {@link #create(String, String, Expiration, Set)}
     * @param expiration when it expires; within the parent's expiry and the configured maximum lifetime
     * @param scopes RFC 6749 scope tokens, a subset of the parent's; empty means full access (only from a
     *        parent with full access)
     * @return the plaintext (once) and the stored token's description, whose {@link TokenInfo#parentId()} is
     *         the parent's id
     * @throws IllegalArgumentException for an invalid name, scope or expiration, for scopes or an expiry beyond
     *         the parent's, or when the parent is no longer active, naming the rule
     * @throws TokenLimitExceededException when the owner already has the maximum of active tokens
     * @throws TokenStoreException when the store fails
     */
    public CreatedToken createChild(ApiTokenPrincipal parent, String name, Expiration expiration,
            Set<String> scopes) {
        Objects.requireNonNull(parent, "parent");
        String owner = Names.owner(parent.owner());
        TokenRecord parentRecord = activeParent(owner, parent.tokenId());
        // Never broader than its parent: bound to the parent's networks too.
        CreatedToken child = create(owner, name, expiration, scopes, parentRecord,
                AllowedNetworks.of(parentRecord.allowedNetworks()));
        // A revocation of the parent that raced with this creation may have missed the new child: repeat it.
        if (activeRecord(owner, parent.tokenId()) == null) {
            revocations.descendants(owner, parent.tokenId(), clock.instant());
            throw notActiveParent(parent.tokenId());
        }
        return child;
    }

    private TokenRecord activeParent(String owner, String tokenId) {
        TokenRecord parent = activeRecord(owner, tokenId);
        if (parent == null) {
            throw notActiveParent(tokenId);
        }
        return parent;
    }

    private TokenRecord activeRecord(String owner, String tokenId) {
        Instant now = clock.instant();
        return call(() -> store.findByOwner(owner), "findByOwner").stream()
                .filter(r -> r.id().equals(tokenId) && r.owner().equals(owner) && r.statusAt(now) == TokenStatus.ACTIVE)
                .findFirst().orElse(null);
    }

    private static IllegalArgumentException notActiveParent(String tokenId) {
        return SettingValues.invalid("parent", "an active token of the same owner", tokenId);
    }

    private CreatedToken create(String validOwner, String name, Expiration expiration, Set<String> scopes,
            TokenRecord parent, AllowedNetworks networks) {
        String validName = Names.tokenName(name);
        Objects.requireNonNull(expiration, "expiration");
        SortedSet<String> validScopes = ScopeRules.validated("scopes", scopes);
        Instant now = clock.instant();
        Instant expiresAt = expiration.expiresAt(now);
        checkLifetime(expiration, now, expiresAt);
        if (parent != null) {
            ChildTokens.checkWithin(parent, validScopes, expiresAt);
        }
        TokenRecord shape = new TokenRecord("-", validOwner, validName, "-", "-", "-", validScopes, now, expiresAt,
                null, null, null, parent == null ? null : parent.id(), null, null, networks.blocks(), null, null);
        return insertNew(shape, now, true);
    }

    /**
     * Stores a new token shaped like {@code shape} (owner, name, scopes, expiry, parent, networks, predecessor),
     * with a new secret, id and hash, and the expiry notices its expiry is already within marked as given.
     */
    private CreatedToken insertNew(TokenRecord shape, Instant now, boolean checkLimit) {
        String owner = shape.owner();
        synchronized (ownerLock(owner)) {
            if (checkLimit) {
                checkActiveLimit(owner, now);
            }
            String token = format.generate(RANDOM);
            TokenHashing.Key key = hashing.current();
            Digest digest = hashGenerated(token);
            TokenRecord record = new TokenRecord(newId(), owner, shape.name(), digest.toHex(), key.id(),
                    format.hint(token), shape.scopes(), now, shape.expiresAt(), null, null, null, shape.parentId(),
                    null, null, shape.allowedNetworks(), shape.predecessorId(),
                    LifecycleSweep.reached(expiryNoticeThresholds, now, shape.expiresAt()));
            call(() -> {
                store.insert(record);
                return null;
            }, "insert");
            cache.evict(digest);
            publish(new TokenEvent.Created(record.id(), owner, now));
            log.debug("Created token {} for owner {}", record.id(), owner);
            return new CreatedToken(new SecretToken(token), TokenInfo.of(record, now));
        }
    }

    /**
     * Creates a token that may only be used from the given networks.
     *
     * @param owner the owner, as for {@link #create(String, String, Expiration, Set)}
     * @param name a label, as for {@link #create(String, String, Expiration, Set)}
     * @param expiration when it expires
     * @param scopes RFC 6749 scope tokens; empty means full access
     * @param networks where uses may come from; {@link AllowedNetworks#any()} for anywhere
     * @return the plaintext (once) and the stored token's description, with its {@link TokenInfo#allowedNetworks()}
     * @see #create(String, String, Expiration, Set)
     */
    public CreatedToken create(String owner, String name, Expiration expiration, Set<String> scopes,
            AllowedNetworks networks) {
        Objects.requireNonNull(networks, "networks");
        return create(Names.owner(owner), name, expiration, scopes, null, networks);
    }

    /**
     * Rotates a token: creates its successor in the same family (same name, scopes and networks; expiry by the
     * same rule as the original's, within policy) and retires the original, which stays valid until
     * {@code now + overlap} or until the successor is first used, whichever comes first; after that it is
     * refused {@link RejectionReason#ROTATED} and listed as revoked with reason {@link RevocationReason#ROTATED}.
     *
     * <p>The successor does not count against {@link Builder#maxActiveTokensPerOwner(int)} (the original is
     * leaving). The original's child tokens are not revoked by its rotation. A token already rotated (its
     * revocation scheduled) cannot be rotated again.
     *
     * @param owner the owner
     * @param tokenId the id of an active token of the owner
     * @param overlap how long the original stays valid; {@link Duration#ZERO} retires it at once
     * @return the successor's plaintext (once) and description, whose {@link TokenInfo#predecessorId()} is
     *         {@code tokenId}
     * @throws IllegalArgumentException when the owner has no such active token, or for a negative overlap
     * @throws TokenStoreException when the store fails
     */
    public CreatedToken rotate(String owner, String tokenId, Duration overlap) {
        String validOwner = Names.owner(owner);
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(overlap, "overlap");
        if (overlap.isNegative()) {
            throw SettingValues.invalid("overlap", "zero or a positive duration", SettingValues.format(overlap));
        }
        // One rotation of an owner's token at a time on this node, so a double submit makes one successor.
        synchronized (ownerLock(validOwner)) {
            Instant now = clock.instant();
            List<TokenRecord> owned = call(() -> store.findByOwner(validOwner), "findByOwner");
            TokenRecord original = owned.stream().filter(r -> r.id().equals(tokenId) && r.owner().equals(validOwner)
                    && r.revokedAt() == null && r.statusAt(now) == TokenStatus.ACTIVE).findFirst()
                    .orElseThrow(() -> SettingValues.invalid("tokenId", "an active token of the owner", tokenId));
            TokenRecord parent = null;
            if (original.parentId() != null) {
                parent = owned.stream().filter(r -> r.id().equals(original.parentId())
                        && r.statusAt(now) == TokenStatus.ACTIVE).findFirst()
                        .orElseThrow(() -> notActiveParent(original.parentId()));
            }
            TokenRecord shape = new TokenRecord("-", validOwner, original.name(), "-", "-", "-", original.scopes(), now,
                    Rotations.successorExpiry(original, now, maxLifetime, parent), null, null, null,
                    original.parentId(), null, null, original.allowedNetworks(), original.id(), null);
            CreatedToken successor = insertNew(shape, now, false);
            Instant retiredAt = now.plus(overlap);
            Optional<TokenRecord> before = call(() -> store.revoke(validOwner, original.id(), retiredAt,
                    RevocationReason.ROTATED), "revoke");
            before.ifPresent(record -> {
                if (overlap.isZero()) {
                    revocations.after(record, now, RevocationReason.ROTATED);
                } else {
                    // This node must reload it to learn the scheduled instant; other nodes learn it from the feed.
                    revocations.evict(record);
                }
            });
            log.debug("Rotated token {} of owner {} to {}", original.id(), validOwner, successor.info().id());
            return successor;
        }
    }

    /**
     * Lists, without revoking anything, the tokens the unused-token policy would revoke for {@code idle}: active
     * tokens last used longer than {@code idle} ago, or never used and created longer ago (a dry run).
     *
     * @param idle the idle time
     * @return the tokens, oldest use first
     * @throws TokenStoreException when the store fails
     */
    public List<TokenInfo> previewUnused(Duration idle) {
        SettingValues.requirePositive("idle", idle);
        Instant now = clock.instant();
        return call(() -> sweep.unused(idle, now), "findUnusedBefore").stream()
                .map(record -> TokenInfo.of(record, now)).toList();
    }

    /**
     * Runs the lifecycle sweep now, as the background does once per maintenance interval: expiry notices,
     * revocation of unused tokens (when configured) and purge of long revoked or expired rows (when configured).
     * Never throws; a failing step is logged and retried at the next sweep.
     */
    public void runMaintenance() {
        sweep.run();
    }

    /**
     * Handles a report that a token was published (a secret-scanning alert, a revocation request): a valid token
     * of any owner is revoked with reason {@link RevocationReason#LEAKED} (its descendants with
     * {@link RevocationReason#PARENT}) and {@link TokenEvent.Leaked} is published. Only a well-formed value reaches
     * the store; the value is never logged or kept. Idempotent.
     *
     * @param presented the reported value
     * @param report who reported it and where it was found
     * @return what was found and done
     * @throws TokenStoreException when the store fails; nothing may have been revoked
     */
    public LeakOutcome reportLeaked(String presented, LeakReport report) {
        return leaks.report(presented, report);
    }

    /**
     * Self-introspection: what an authenticated caller may know about its own token. Non-destructive.
     *
     * @param principal the principal {@link #authenticate} returned
     * @return the token's description (id, name, owner, scopes, expiry, creation, last use), or empty when it no
     *         longer exists
     * @throws TokenStoreException when the store fails
     */
    public Optional<TokenInfo> describe(ApiTokenPrincipal principal) {
        return leaks.describe(principal);
    }

    /**
     * The digests {@link #authenticate} looks a presented value up by, for {@link LeakReports}: under the current
     * key, then each previous key (a legacy value: its SHA-256); {@code null} for a malformed value.
     */
    Digest[] lookupDigests(String presented) {
        TokenScratch scratch = scratches.acquire();
        try {
            TokenFormat.Kind kind = format.read(presented, scratch);
            if (kind == TokenFormat.Kind.MALFORMED) {
                return null;
            }
            if (kind == TokenFormat.Kind.LEGACY) {
                return new Digest[] {scratch.sha256()};
            }
            Digest[] previous = hashing.keys().size() > 1 ? previousKeyDigests(scratch) : NO_DIGESTS;
            Digest[] all = new Digest[previous.length + 1];
            all[0] = scratch.digest(0);
            System.arraycopy(previous, 0, all, 1, previous.length);
            return all;
        } finally {
            scratches.release(scratch);
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
     * One page of an owner's tokens, newest first (by creation instant, then id), revoked and expired ones
     * included.
     *
     * @param owner the owner
     * @param page the page number, from 1; a page past the last one is empty
     * @param perPage tokens per page, 1–{@value Page#MAX_PER_PAGE}
     * @return the page, with the owner's total number of tokens
     * @throws IllegalArgumentException for a page below 1 or a page size out of range, naming
     *         {@code page} or {@code per_page}
     * @throws TokenStoreException when the store fails
     */
    public Page<TokenInfo> list(String owner, int page, int perPage) {
        String validOwner = Names.owner(owner);
        Page.checkRequest(page, perPage);
        Instant now = clock.instant();
        Page<TokenRecord> records = call(() -> store.findByOwner(validOwner, page, perPage), "findByOwner");
        return new Page<>(records.items().stream().map(record -> TokenInfo.of(record, now)).toList(),
                page, perPage, records.total());
    }

    /**
     * Revokes a token at once, on this node, with reason {@link RevocationReason#MANUAL}; other nodes sharing the
     * store follow within the revocation poll interval. Idempotent and irreversible. Its descendants (the
     * tokens it created, theirs, and so on) are revoked with reason {@link RevocationReason#PARENT}.
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
        Optional<TokenRecord> before = call(() -> store.revoke(validOwner, tokenId, now, RevocationReason.MANUAL),
                "revoke");
        before.ifPresent(record -> revocations.after(record, now, RevocationReason.MANUAL));
        if (before.isPresent()) {
            revocations.descendants(validOwner, tokenId, now);
        }
        return before.isPresent();
    }

    /**
     * Revokes every active token of an owner, with reason {@link RevocationReason#ALL}.
     *
     * @param owner the owner
     * @return how many tokens this call revoked
     * @throws TokenStoreException when the store fails
     */
    public int revokeAll(String owner) {
        String validOwner = Names.owner(owner);
        Instant now = clock.instant();
        List<TokenRecord> revoked = call(() -> store.revokeAll(validOwner, now, RevocationReason.ALL),
                "revokeAll");
        revoked.forEach(record -> revocations.after(record, now, RevocationReason.ALL));
        return revoked.size();
    }

    /**
     * Checks a presented token. Never logs or keeps the value. The same as
     * {@code authenticate(presented, AuthenticationContext.defaults())}.
     *
     * @param presented the value as received, e.g. from an {@code Authorization: Bearer} header
     * @return {@link AuthenticationResult.Authenticated} or {@link AuthenticationResult.Rejected}
     * @throws TokenStoreException when the store fails or times out; the value was not judged
     */
    public AuthenticationResult authenticate(String presented) {
        return authenticate(presented, AuthenticationContext.defaults());
    }

    /**
     * Checks a presented token for one use described by {@code context}. Never logs or keeps the value. Only an
     * accepted use is recorded (last-used instant, {@link TokenEvent.AuthenticationSucceeded}); a rejected token
     * publishes {@link TokenEvent.AuthenticationFailed}; a use refused for a missing scope, or not judged because
     * the context is cache-only, records and publishes nothing.
     *
     * @param presented the value as received, e.g. from an {@code Authorization: Bearer} header
     * @param context the scopes the use needs and whether the store may be asked
     * @return {@link AuthenticationResult.Authenticated}, {@link AuthenticationResult.Rejected},
     *         {@link AuthenticationResult.InsufficientScope} when {@code context} requires a scope the valid token
     *         lacks, or {@link AuthenticationResult.NotCached} when {@code context} is cache-only and this node's
     *         cache does not know the token
     * @throws TokenStoreException when the store fails or times out; the value was not judged
     */
    public AuthenticationResult authenticate(String presented, AuthenticationContext context) {
        return authenticate(presented, context, ClientInfo.unknown());
    }

    /**
     * Checks a presented token for one use by one client: as {@link #authenticate(String, AuthenticationContext)},
     * and a token bound to networks is refused {@link RejectionReason#NETWORK_NOT_ALLOWED} when
     * {@code client}'s address is outside them; an accepted use records the client's address and user agent
     * with the last-use instant (written behind, in the same batch).
     *
     * @param presented the value as received, e.g. from an {@code Authorization: Bearer} header
     * @param context the scopes the use needs and whether the store may be asked
     * @param client the client's address and user agent; {@link ClientInfo#unknown()} when not known
     * @return as {@link #authenticate(String, AuthenticationContext)}, or {@link AuthenticationResult.Rejected}
     *         {@link RejectionReason#NETWORK_NOT_ALLOWED} (not recorded as a use)
     * @throws TokenStoreException when the store fails or times out; the value was not judged
     */
    public AuthenticationResult authenticate(String presented, AuthenticationContext context, ClientInfo client) {
        Objects.requireNonNull(presented, "presented");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(client, "client");
        TokenScratch scratch = scratches.acquire();
        Digest primary;
        Digest[] previous = NO_DIGESTS;
        try {
            TokenFormat.Kind kind = format.read(presented, scratch);
            if (kind == TokenFormat.Kind.MALFORMED) {
                return reject(RejectionReason.MALFORMED, null);
            }
            primary = kind == TokenFormat.Kind.LEGACY ? scratch.sha256() : scratch.digest(0);
            if (kind == TokenFormat.Kind.TOKEN && hashing.keys().size() > 1) {
                previous = previousKeyDigests(scratch);
            }
        } finally {
            scratches.release(scratch);
        }
        Instant now = clock.instant();
        AuthenticationResult result = fromCache(primary, now, context, client);
        for (int i = 0; result == null && i < previous.length; i++) {
            result = fromCache(previous[i], now, context, client);
        }
        if (result != null) {
            return result;
        }
        if (cache.isKnownUnknown(primary)) {
            return reject(RejectionReason.UNKNOWN, null);
        }
        if (context.isCacheOnly()) {
            return AuthenticationResult.NotCached.instance();
        }
        result = fromStore(primary, now, context, client);
        for (int i = 0; result == null && i < previous.length; i++) {
            result = fromStore(previous[i], now, context, client);
        }
        if (result != null) {
            return result;
        }
        cache.rememberUnknown(primary);
        return reject(RejectionReason.UNKNOWN, null);
    }

    /**
     * The token cache's hits, misses and size on this node, e.g. for a metrics gauge. Hits and misses count only
     * with {@link Builder#recordCacheStatistics(boolean) recordCacheStatistics(true)}; the size always.
     *
     * @return the counters since the service was built
     */
    public CacheStatistics cacheStatistics() {
        return cache.statistics();
    }

    private Digest hashGenerated(String token) {
        TokenScratch scratch = scratches.acquire();
        try {
            return scratch.digest(0, token);
        } finally {
            scratches.release(scratch);
        }
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
    private AuthenticationResult fromCache(Digest digest, Instant now, AuthenticationContext context,
            ClientInfo client) {
        Object active = cache.active(digest, now);
        if (active != null) {
            return judge(active, now, context, client);
        }
        Object revoked = cache.revoked(digest);
        return revoked == null ? null : rejectRevoked(revoked, now, context);
    }

    /** The verdict after loading {@code digest} from the store into the cache, or null when unknown. */
    private AuthenticationResult fromStore(Digest digest, Instant now, AuthenticationContext context,
            ClientInfo client) {
        TokenCache.Loaded loaded = cache.load(digest, now, this::loadFromStore);
        if (loaded == null) {
            return null;
        }
        return loaded.revoked() ? rejectRevoked(loaded.entry(), now, context)
                : judge(loaded.entry(), now, context, client);
    }

    /**
     * A revoked token's verdict: ROTATED for a token rotated away, which may revoke its family (not from a
     * cache-only lookup, which must not reach the store: then at a later presentation); else REVOKED.
     */
    private AuthenticationResult rejectRevoked(Object entry, Instant now, AuthenticationContext context) {
        RejectionReason reason = CachedToken.revokedAs(entry);
        if (reason == RejectionReason.ROTATED && rotatedTokenReuse == RotatedTokenReuse.REVOKE_FAMILY
                && !context.isCacheOnly() && entry instanceof CachedToken token && !token.familyRevoked) {
            revocations.family(token, now);
        }
        return reject(reason, CachedToken.principal(entry));
    }

    TokenRecord loadFromStore(Digest digest) {
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

    /** Judges a cached entry: a plain principal as always, a {@link CachedToken} with its constraints first. */
    private AuthenticationResult judge(Object entry, Instant now, AuthenticationContext context, ClientInfo client) {
        if (!(entry instanceof CachedToken token)) {
            return judgePrincipal((ApiTokenPrincipal) entry, now, context, client);
        }
        ApiTokenPrincipal principal = token.principal;
        if (token.isRevokedAt(now)) {
            return rejectRevoked(token, now, context);
        }
        if (ExpiryRule.isExpiredAt(principal.expiresAt(), now)) {
            return reject(RejectionReason.EXPIRED, principal);
        }
        if (token.networks != null && !token.networks.allows(client.address())) {
            return reject(RejectionReason.NETWORK_NOT_ALLOWED, principal);
        }
        AuthenticationResult result = judgePrincipal(principal, now, context, client);
        // A cache-only lookup must not reach the store: the predecessor is retired at a later use.
        if (token.predecessorId != null && !context.isCacheOnly()
                && result instanceof AuthenticationResult.Authenticated) {
            String predecessor = token.predecessorToRetire();
            if (predecessor != null) {
                revocations.retirePredecessor(token, predecessor, now);
            }
        }
        return result;
    }

    /** Expiry first, then the use's scopes; only a use that passes both is recorded. */
    private AuthenticationResult judgePrincipal(ApiTokenPrincipal principal, Instant now,
            AuthenticationContext context, ClientInfo client) {
        if (ExpiryRule.isExpiredAt(principal.expiresAt(), now)) {
            return reject(RejectionReason.EXPIRED, principal);
        }
        if (context.lackedBy(principal) != null) {
            return new AuthenticationResult.InsufficientScope(principal, context.requiredScopes());
        }
        lastUsed.record(principal.tokenId(), now, client);
        if (listener != null) {
            publish(new TokenEvent.AuthenticationSucceeded(principal.tokenId(), principal.owner(), now));
        }
        return new AuthenticationResult.Authenticated(principal);
    }

    private AuthenticationResult reject(RejectionReason reason, ApiTokenPrincipal principal) {
        if (listener != null) {
            publish(new TokenEvent.AuthenticationFailed(reason, principal == null ? null : principal.tokenId(),
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

    /** For tests: runs one poll of the revocation feed now, as the background does once per poll interval. */
    void pollRevocationsNow() {
        if (feed != null) {
            feed.run();
        }
    }

    /** Evicts a token revoked elsewhere, told by the revocation source; a malformed hash is ignored. */
    private void evictHash(String hash) {
        Digest digest = hash == null ? null : Digest.fromHex(hash);
        if (digest != null) {
            cache.evict(digest);
        }
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
            // A terminated pool's worker may still be ending: a container that checks for threads right after
            // undeploy would report it as leaked, so wait for the thread itself.
            for (Thread thread : maintenanceThreads) {
                thread.join(TimeUnit.SECONDS.toMillis(1));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeRevocationSource();
            lastUsed.flush();
            scratches.close();
        }
    }

    private void closeRevocationSource() {
        if (revocationSource == null) {
            return;
        }
        try {
            revocationSource.close();
        } catch (RuntimeException e) {
            log.warn("Revocation source {} failed to close", revocationSource.getClass().getName(), e);
        }
    }

    /**
     * The effective configuration by setting name, with peppers masked, e.g.
     * {@code ApiTokens[token-prefix=spk, accept-legacy-tokens=false, cache-maximum-size=10000, cache-ttl=30s, …]}.
     */
    @Override
    public String toString() {
        return description;
    }

    private ScheduledExecutorService startMaintenance(Duration lastUsedWriteInterval, Duration revocationPollInterval,
            Duration maintenanceInterval) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "speakr-token-maintenance");
            thread.setDaemon(true);
            maintenanceThreads.add(thread);
            return thread;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        long flushMillis = lastUsedWriteInterval.toMillis();
        executor.scheduleWithFixedDelay(lastUsed::flush, flushMillis, flushMillis, TimeUnit.MILLISECONDS);
        if (feed != null) {
            long pollMillis = revocationPollInterval.toMillis();
            executor.scheduleWithFixedDelay(feed, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
        }
        long sweepMillis = maintenanceInterval.toMillis();
        executor.scheduleWithFixedDelay(sweep::run, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
        return executor;
    }

    private void checkLifetime(Expiration expiration, Instant now, Instant expiresAt) {
        Duration max = maxLifetime;
        if (max == null) {
            return;
        }
        String rule = "an expiry at most " + ApiTokenSettings.MAX_LIFETIME + " " + SettingValues.format(max)
                + " after " + now;
        if (expiration.isNever()) {
            throw SettingValues.invalid("expiration", rule, "never");
        }
        if (expiresAt.isAfter(now.plus(max))) {
            throw SettingValues.invalid("expiration", rule, expiresAt);
        }
    }

    private void checkActiveLimit(String owner, Instant now) {
        int limit = maxActiveTokensPerOwner;
        if (limit == 0) {
            return;
        }
        List<TokenRecord> records = call(() -> store.findByOwner(owner), "findByOwner");
        // A token rotated away (its revocation scheduled) is leaving and does not count.
        long active = records.stream().filter(r -> r.revokedAt() == null && r.statusAt(now) == TokenStatus.ACTIVE)
                .count();
        if (active >= limit) {
            throw new TokenLimitExceededException(
                    "owner '" + owner + "' already has " + active + " active tokens; "
                            + ApiTokenSettings.MAX_ACTIVE_TOKENS_PER_OWNER + " is " + limit);
        }
    }

    private Object ownerLock(String owner) {
        return ownerLocks[Math.floorMod(owner.hashCode(), ownerLocks.length)];
    }

    /** @return a new random public id: 22 base62 characters (128 bits), not derived from any secret */
    static String newId() {
        byte[] bytes = new byte[ID_BYTES];
        RANDOM.nextBytes(bytes);
        return Base62.encode(bytes, ID_LENGTH);
    }

    void publish(TokenEvent event) {
        if (listener == null) {
            return;
        }
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            log.warn("Token event listener failed on {}", event.getClass().getSimpleName(), e);
        }
    }

    /**
     * Configures an {@link ApiTokens}. Every setter validates at once and refuses a bad value with
     * {@code <setting>: expected <rule>, got '<value>'}, naming the setting as in {@link ApiTokenSettings};
     * {@link #apply(Map)} reaches the same setters from text. {@link #build()} may be called more than once
     * and returns independent services. Not thread-safe.
     */
    public static final class Builder {
        /** The one path from text to a setting: each name parses its text and calls its setter. */
        private static final Map<String, BiConsumer<Builder, String>> FROM_TEXT = Map.ofEntries(
                Map.entry(ApiTokenSettings.TOKEN_PREFIX, Builder::tokenPrefix),
                Map.entry(ApiTokenSettings.ACCEPT_LEGACY_TOKENS, (b, v) -> b.acceptLegacyTokens(
                        SettingValues.parseBoolean(ApiTokenSettings.ACCEPT_LEGACY_TOKENS, v))),
                Map.entry(ApiTokenSettings.CACHE_MAXIMUM_SIZE, (b, v) -> b.cacheMaximumSize(
                        SettingValues.parsePositiveInt(ApiTokenSettings.CACHE_MAXIMUM_SIZE, v))),
                Map.entry(ApiTokenSettings.CACHE_TTL, (b, v) -> b.cacheTtl(
                        SettingValues.parseDuration(ApiTokenSettings.CACHE_TTL, v))),
                Map.entry(ApiTokenSettings.NEGATIVE_CACHE_MAXIMUM_SIZE, (b, v) -> b.negativeCacheMaximumSize(
                        SettingValues.parsePositiveInt(ApiTokenSettings.NEGATIVE_CACHE_MAXIMUM_SIZE, v))),
                Map.entry(ApiTokenSettings.NEGATIVE_CACHE_TTL, (b, v) -> b.negativeCacheTtl(
                        SettingValues.parseDuration(ApiTokenSettings.NEGATIVE_CACHE_TTL, v))),
                Map.entry(ApiTokenSettings.LAST_USED_WRITE_INTERVAL, (b, v) -> b.lastUsedWriteInterval(
                        SettingValues.parseDuration(ApiTokenSettings.LAST_USED_WRITE_INTERVAL, v))),
                Map.entry(ApiTokenSettings.REVOCATION_POLL_INTERVAL, (b, v) -> b.revocationPollInterval(
                        SettingValues.parseDuration(ApiTokenSettings.REVOCATION_POLL_INTERVAL, v))),
                Map.entry(ApiTokenSettings.MAX_LIFETIME, (b, v) -> b.maxLifetime(
                        SettingValues.parseDuration(ApiTokenSettings.MAX_LIFETIME, v))),
                Map.entry(ApiTokenSettings.MAX_ACTIVE_TOKENS_PER_OWNER, (b, v) -> b.maxActiveTokensPerOwner(
                        SettingValues.parsePositiveInt(ApiTokenSettings.MAX_ACTIVE_TOKENS_PER_OWNER, v))),
                Map.entry(ApiTokenSettings.RECORD_CACHE_STATISTICS, (b, v) -> b.recordCacheStatistics(
                        SettingValues.parseBoolean(ApiTokenSettings.RECORD_CACHE_STATISTICS, v))),
                Map.entry(ApiTokenSettings.ROTATED_TOKEN_REUSE, (b, v) -> b.rotatedTokenReuse(parseReuse(v))),
                Map.entry(ApiTokenSettings.EXPIRY_NOTICE_THRESHOLDS, (b, v) -> b.expiryNoticeThresholds(
                        SettingValues.parseDurationList(ApiTokenSettings.EXPIRY_NOTICE_THRESHOLDS, v))),
                Map.entry(ApiTokenSettings.UNUSED_TOKEN_IDLE_TIME, (b, v) -> b.unusedTokenIdleTime(
                        SettingValues.parseDuration(ApiTokenSettings.UNUSED_TOKEN_IDLE_TIME, v))),
                Map.entry(ApiTokenSettings.PURGE_RETENTION, (b, v) -> b.purgeRetention(
                        SettingValues.parseDuration(ApiTokenSettings.PURGE_RETENTION, v))),
                Map.entry(ApiTokenSettings.MAINTENANCE_INTERVAL, (b, v) -> b.maintenanceInterval(
                        SettingValues.parseDuration(ApiTokenSettings.MAINTENANCE_INTERVAL, v))));

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
        private boolean recordCacheStatistics;
        private TokenEventListener eventListener;
        private RevocationSource revocationSource;
        private RotatedTokenReuse rotatedTokenReuse = RotatedTokenReuse.REJECT;
        private List<Duration> expiryNoticeThresholds = List.of(Duration.ofDays(7), Duration.ofDays(1));
        private Duration unusedTokenIdleTime;
        private Duration purgeRetention;
        private Duration maintenanceInterval = Duration.ofMinutes(10);

        private Builder() {
        }

        /**
         * @param store where tokens live; required (for tests and demos: {@code new InMemoryTokenStore()})
         * @return this builder
         */
        public Builder store(TokenStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * @param clock the time source for creation, expiry and last use; default {@link Clock#systemUTC()}
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @param tokenPrefix {@code [a-z][a-z0-9]{1,9}}, an underscore is appended; default {@code spk}
         * @return this builder
         */
        public Builder tokenPrefix(String tokenPrefix) {
            this.tokenPrefix = TokenFormat.checkPrefix(Objects.requireNonNull(tokenPrefix,
                    ApiTokenSettings.TOKEN_PREFIX).strip());
            return this;
        }

        /**
         * @param hashing hash at rest; default {@link TokenHashing#sha256()}
         * @return this builder
         */
        public Builder hashing(TokenHashing hashing) {
            this.hashing = Objects.requireNonNull(hashing, "hashing");
            return this;
        }

        /**
         * @param accept whether prefix-less Speakr tokens (43 base64url characters, stored as SHA-256 hex)
         *        authenticate; default false
         * @return this builder
         */
        public Builder acceptLegacyTokens(boolean accept) {
            this.acceptLegacyTokens = accept;
            return this;
        }

        /**
         * @param size maximum cached tokens, positive; default 10,000
         * @return this builder
         */
        public Builder cacheMaximumSize(long size) {
            this.cacheMaximumSize = SettingValues.requirePositive(ApiTokenSettings.CACHE_MAXIMUM_SIZE, size);
            return this;
        }

        /**
         * @param ttl how long a token snapshot is cached, measured on the service's {@link #clock(Clock)}: the
         *        bound on staleness for revocations made on other nodes when the revocation feed is off or
         *        failing; positive; default 30 s. A revoked verdict is final and stays cached regardless.
         * @return this builder
         */
        public Builder cacheTtl(Duration ttl) {
            this.cacheTtl = SettingValues.requirePositive(ApiTokenSettings.CACHE_TTL, ttl);
            return this;
        }

        /**
         * @param size maximum hashes remembered as unknown, positive; default 10,000
         * @return this builder
         */
        public Builder negativeCacheMaximumSize(long size) {
            this.negativeCacheMaximumSize =
                    SettingValues.requirePositive(ApiTokenSettings.NEGATIVE_CACHE_MAXIMUM_SIZE, size);
            return this;
        }

        /**
         * @param ttl how long a hash the store did not know is answered without asking again; positive; default 10 s
         * @return this builder
         */
        public Builder negativeCacheTtl(Duration ttl) {
            this.negativeCacheTtl = SettingValues.requirePositive(ApiTokenSettings.NEGATIVE_CACHE_TTL, ttl);
            return this;
        }

        /**
         * @param interval at most one last-used write per token per interval, batched; positive; default 60 s
         * @return this builder
         */
        public Builder lastUsedWriteInterval(Duration interval) {
            this.lastUsedWriteInterval =
                    SettingValues.requirePositive(ApiTokenSettings.LAST_USED_WRITE_INTERVAL, interval);
            return this;
        }

        /**
         * @param interval how often to ask the store for tokens revoked by other nodes; {@link Duration#ZERO}
         *        turns the feed off; else at least 1 ms; default 1 s
         * @return this builder
         */
        public Builder revocationPollInterval(Duration interval) {
            Objects.requireNonNull(interval, ApiTokenSettings.REVOCATION_POLL_INTERVAL);
            if (interval.isNegative() || (!interval.isZero() && interval.toMillis() < 1)) {
                throw SettingValues.invalid(ApiTokenSettings.REVOCATION_POLL_INTERVAL,
                        "0 (off) or a duration of at least 1ms", SettingValues.format(interval));
            }
            this.revocationPollInterval = interval;
            return this;
        }

        /**
         * @param max longest lifetime a new token may have; then {@link Expiration#never()} is refused;
         *        positive; default none
         * @return this builder
         */
        public Builder maxLifetime(Duration max) {
            this.maxLifetime = SettingValues.requirePositive(ApiTokenSettings.MAX_LIFETIME, max);
            return this;
        }

        /**
         * @param limit most active tokens one owner may hold, positive; default unlimited
         * @return this builder
         */
        public Builder maxActiveTokensPerOwner(int limit) {
            this.maxActiveTokensPerOwner =
                    (int) SettingValues.requirePositive(ApiTokenSettings.MAX_ACTIVE_TOKENS_PER_OWNER, limit);
            return this;
        }

        /**
         * @param record whether the token cache counts its hits and misses, for {@link ApiTokens#cacheStatistics()};
         *        default false, so that an application that does not read them does not pay for counting
         * @return this builder
         */
        public Builder recordCacheStatistics(boolean record) {
            this.recordCacheStatistics = record;
            return this;
        }

        /**
         * @param listener receives created, revoked, authentication-succeeded and -failed events; default none
         * @return this builder
         */
        public Builder eventListener(TokenEventListener listener) {
            this.eventListener = Objects.requireNonNull(listener, "eventListener");
            return this;
        }

        /**
         * @param source tells the service of revocations made elsewhere, at once (besides the revocation poll);
         *        started by {@link #build()} and closed with the service; default none. One service per source.
         * @return this builder
         */
        public Builder revocationSource(RevocationSource source) {
            this.revocationSource = Objects.requireNonNull(source, "revocationSource");
            return this;
        }

        /**
         * @param reuse what a presented token that was rotated away does; default {@link RotatedTokenReuse#REJECT}
         * @return this builder
         */
        public Builder rotatedTokenReuse(RotatedTokenReuse reuse) {
            this.rotatedTokenReuse = Objects.requireNonNull(reuse, ApiTokenSettings.ROTATED_TOKEN_REUSE);
            return this;
        }

        private static RotatedTokenReuse parseReuse(String text) {
            String value = text.strip().toLowerCase(java.util.Locale.ROOT);
            for (RotatedTokenReuse reuse : RotatedTokenReuse.values()) {
                if (reuseName(reuse).equals(value)) {
                    return reuse;
                }
            }
            throw SettingValues.invalid(ApiTokenSettings.ROTATED_TOKEN_REUSE, "reject or revoke-family", text);
        }

        private static String reuseName(RotatedTokenReuse reuse) {
            return reuse.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        /**
         * @param thresholds how long before expiry a {@link TokenEvent.ExpiringSoon} is published, each positive;
         *        empty turns notices off; default 7 days and 1 day. A token created already within a threshold gets
         *        no notice for it; a node that sweeps late publishes only the shortest threshold reached.
         * @return this builder
         */
        public Builder expiryNoticeThresholds(List<Duration> thresholds) {
            java.util.TreeSet<Duration> longestFirst = new java.util.TreeSet<>(Comparator.reverseOrder());
            for (Duration threshold : thresholds) {
                longestFirst.add(SettingValues.requirePositive(ApiTokenSettings.EXPIRY_NOTICE_THRESHOLDS, threshold));
            }
            this.expiryNoticeThresholds = List.copyOf(longestFirst);
            return this;
        }

        /**
         * @param idle revoke active tokens unused for longer (never-used ones counted from creation), reason
         *        {@link RevocationReason#UNUSED}; positive; default off
         * @return this builder
         */
        public Builder unusedTokenIdleTime(Duration idle) {
            this.unusedTokenIdleTime = SettingValues.requirePositive(ApiTokenSettings.UNUSED_TOKEN_IDLE_TIME, idle);
            return this;
        }

        /**
         * @param retention delete rows revoked or expired longer ago; positive; default off (rows kept)
         * @return this builder
         */
        public Builder purgeRetention(Duration retention) {
            this.purgeRetention = SettingValues.requirePositive(ApiTokenSettings.PURGE_RETENTION, retention);
            return this;
        }

        /**
         * @param interval how often the lifecycle sweep ({@link ApiTokens#runMaintenance()}) runs; positive;
         *        default 10 minutes
         * @return this builder
         */
        public Builder maintenanceInterval(Duration interval) {
            this.maintenanceInterval = SettingValues.requirePositive(ApiTokenSettings.MAINTENANCE_INTERVAL, interval);
            return this;
        }

        /**
         * Applies settings given as text, e.g. from {@code web.xml} init-params or a properties file, through
         * the setters above; the names are the constants of {@link ApiTokenSettings}.
         *
         * @param settings name to value
         * @return this builder
         * @throws IllegalArgumentException naming the first unknown or invalid setting
         */
        public Builder apply(Map<String, String> settings) {
            SettingValues.apply(this, settings, FROM_TEXT);
            return this;
        }

        /**
         * @return a new, running service
         * @throws IllegalStateException when no {@link #store(TokenStore) store} was given
         */
        public ApiTokens build() {
            return new ApiTokens(this);
        }

        /** The configuration by setting name, each value in the form its text is given in. */
        private String describe() {
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put(ApiTokenSettings.TOKEN_PREFIX, tokenPrefix);
            settings.put(ApiTokenSettings.ACCEPT_LEGACY_TOKENS, acceptLegacyTokens);
            settings.put(ApiTokenSettings.CACHE_MAXIMUM_SIZE, cacheMaximumSize);
            settings.put(ApiTokenSettings.CACHE_TTL, SettingValues.format(cacheTtl));
            settings.put(ApiTokenSettings.NEGATIVE_CACHE_MAXIMUM_SIZE, negativeCacheMaximumSize);
            settings.put(ApiTokenSettings.NEGATIVE_CACHE_TTL, SettingValues.format(negativeCacheTtl));
            settings.put(ApiTokenSettings.LAST_USED_WRITE_INTERVAL, SettingValues.format(lastUsedWriteInterval));
            settings.put(ApiTokenSettings.REVOCATION_POLL_INTERVAL, SettingValues.format(revocationPollInterval));
            settings.put(ApiTokenSettings.MAX_LIFETIME, maxLifetime == null ? "none" : SettingValues.format(maxLifetime));
            settings.put(ApiTokenSettings.MAX_ACTIVE_TOKENS_PER_OWNER,
                    maxActiveTokensPerOwner == 0 ? "unlimited" : maxActiveTokensPerOwner);
            settings.put(ApiTokenSettings.RECORD_CACHE_STATISTICS, recordCacheStatistics);
            settings.put(ApiTokenSettings.ROTATED_TOKEN_REUSE, reuseName(rotatedTokenReuse));
            settings.put(ApiTokenSettings.EXPIRY_NOTICE_THRESHOLDS, SettingValues.formatList(expiryNoticeThresholds));
            settings.put(ApiTokenSettings.UNUSED_TOKEN_IDLE_TIME,
                    unusedTokenIdleTime == null ? "off" : SettingValues.format(unusedTokenIdleTime));
            settings.put(ApiTokenSettings.PURGE_RETENTION,
                    purgeRetention == null ? "off" : SettingValues.format(purgeRetention));
            settings.put(ApiTokenSettings.MAINTENANCE_INTERVAL, SettingValues.format(maintenanceInterval));
            settings.put("hashing", hashing);
            settings.put("store", store == null ? "none" : store.getClass().getName());
            settings.put("revocation-source", revocationSource == null ? "none" : revocationSource.getClass().getName());
            settings.put("clock", clock);
            StringBuilder text = new StringBuilder("ApiTokens[");
            settings.forEach((name, value) -> text.append(name).append('=').append(value).append(", "));
            text.setLength(text.length() - 2);
            return text.append(']').toString();
        }
    }
}
