package org.speakr.token.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.regex.Pattern;
import org.speakr.token.core.internal.ScopeRules;
import org.speakr.token.core.spi.TokenRecord;
import org.speakr.token.core.spi.TokenStore;

/**
 * Builds the {@link TokenRecord} of a token issued by another system that kept only its unkeyed SHA-256 (Speakr's
 * {@code secrets.token_urlsafe(32)} tokens), for {@link TokenStore#insert}: a new random id, hash key id
 * {@value TokenRecord#SHA256_KEY_ID}, the hint {@value #MIGRATED_HINT} (there is no plaintext to show four
 * characters of), and the owner and name rules of {@link ApiTokens#create}. Such a token authenticates only on
 * a service built with {@link ApiTokens.Builder#acceptLegacyTokens(boolean) acceptLegacyTokens(true)}.
 *
 * <pre>{@code
 * TokenRecord record = LegacyTokenRecord.builder("9f86d081884c7d65…", "alice")
 *         .name("n8n").createdAt(createdAt).expiresAt(null).build();
 * store.insert(record);
 * }</pre>
 *
 * <p>Not thread-safe; {@link Builder#build()} may be called more than once and gives each record a new id.
 */
public final class LegacyTokenRecord {
    /** The hint of every migrated token, shown where a created token shows {@code spk_…a1B2}. */
    public static final String MIGRATED_HINT = "migrated token";

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private LegacyTokenRecord() {
    }

    /**
     * Starts a record.
     *
     * @param sha256Hex the token's SHA-256 as 64 lowercase hexadecimal characters
     * @param owner the owner's identifier: 1–255 characters, not blank, no control characters
     * @return a builder without a name or instants yet
     * @throws IllegalArgumentException when the hash or the owner breaks its rule, naming it
     */
    public static Builder builder(String sha256Hex, String owner) {
        Objects.requireNonNull(sha256Hex, "sha256Hex");
        if (!SHA256_HEX.matcher(sha256Hex).matches()) {
            // The value is a hash, not a token, but a wrong column could hold a plaintext: its length only.
            throw new IllegalArgumentException("sha256Hex must be 64 lowercase hexadecimal characters, was "
                    + sha256Hex.length() + " characters");
        }
        return new Builder(sha256Hex, Names.owner(owner));
    }

    /** The fields of one legacy token; {@link #build()} checks that a name and a creation instant were given. */
    public static final class Builder {
        private final String hash;
        private final String owner;
        private String name;
        private SortedSet<String> scopes = ScopeRules.validated("scopes", Set.of());
        private Instant createdAt;
        private Instant expiresAt;
        private Instant lastUsedAt;
        private Instant revokedAt;

        private Builder(String hash, String owner) {
            this.hash = hash;
            this.owner = owner;
        }

        /**
         * @param name the label: 1–100 characters after trimming, no control characters; stored trimmed
         * @return this builder
         * @throws IllegalArgumentException when it breaks that rule, naming it
         */
        public Builder name(String name) {
            this.name = Names.tokenName(name);
            return this;
        }

        /**
         * @param scopes RFC 6749 scope tokens; default none, which means full access (as every Speakr token has)
         * @return this builder
         * @throws IllegalArgumentException for an invalid scope
         */
        public Builder scopes(Set<String> scopes) {
            this.scopes = ScopeRules.validated("scopes", scopes);
            return this;
        }

        /**
         * @param createdAt when the token was issued; required
         * @return this builder
         */
        public Builder createdAt(Instant createdAt) {
            this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
            return this;
        }

        /**
         * @param expiresAt when it expires, or {@code null} (the default) for never
         * @return this builder
         */
        public Builder expiresAt(Instant expiresAt) {
            this.expiresAt = expiresAt;
            return this;
        }

        /**
         * @param lastUsedAt when it last authenticated a request, or {@code null} (the default)
         * @return this builder
         */
        public Builder lastUsedAt(Instant lastUsedAt) {
            this.lastUsedAt = lastUsedAt;
            return this;
        }

        /**
         * @param revokedAt when it was revoked, or {@code null} (the default) for an active token; the reason is
         *        {@link RevocationReason#MANUAL}
         * @return this builder
         */
        public Builder revokedAt(Instant revokedAt) {
            this.revokedAt = revokedAt;
            return this;
        }

        /**
         * @return the record, with a new random id
         * @throws IllegalStateException when the name or the creation instant is missing
         */
        public TokenRecord build() {
            if (name == null) {
                throw new IllegalStateException("name: expected a token name, got none");
            }
            if (createdAt == null) {
                throw new IllegalStateException("createdAt: expected an instant, got none");
            }
            return new TokenRecord(ApiTokens.newId(), owner, name, hash, TokenRecord.SHA256_KEY_ID, MIGRATED_HINT,
                    scopes, createdAt, expiresAt, lastUsedAt, revokedAt,
                    revokedAt == null ? null : RevocationReason.MANUAL, null);
        }
    }
}
