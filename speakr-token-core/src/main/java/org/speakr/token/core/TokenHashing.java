package org.speakr.token.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.speakr.token.core.spi.TokenRecord;

/**
 * How tokens are hashed at rest. The default, {@link #sha256()}, stores lowercase hex SHA-256 of the token
 * (compatible with Speakr). {@link #hmacSha256(String, byte[])} keys the hash with a pepper held outside
 * the database, so a stolen table cannot even be checked against guesses; {@link #withPreviousKey} keeps
 * tokens hashed under older key ids verifying while new tokens use the current key.
 *
 * <p>Immutable; peppers are copied in and never shown by {@link #toString()}.
 */
public final class TokenHashing {
    /** Key ids: 1–32 characters of {@code [A-Za-z0-9._-]}. */
    static final Pattern KEY_ID_PATTERN = Pattern.compile("[A-Za-z0-9._-]{1,32}");
    /** Minimum pepper length in bytes: 256 bits, the HMAC-SHA-256 block-size-independent security level. */
    public static final int MIN_PEPPER_BYTES = 32;

    private static final TokenHashing SHA256 = new TokenHashing(List.of(new Key(TokenRecord.SHA256_KEY_ID, null)));

    /** One hashing key: a null secret means plain SHA-256. */
    record Key(String id, byte[] secret) {
        boolean isHmac() {
            return secret != null;
        }

        @Override
        public String toString() {
            return id;
        }
    }

    private final List<Key> keys;

    private TokenHashing(List<Key> keys) {
        this.keys = List.copyOf(keys);
    }

    /** @return plain SHA-256, lowercase hex (the default) */
    public static TokenHashing sha256() {
        return SHA256;
    }

    /**
     * HMAC-SHA-256 with a secret pepper.
     *
     * @param keyId an id for this pepper, stored with each hash; {@code [A-Za-z0-9._-]{1,32}}, not {@code sha256}
     * @param pepper at least {@value #MIN_PEPPER_BYTES} bytes from a secret manager; copied
     * @return hashing with {@code keyId} as the current key
     */
    public static TokenHashing hmacSha256(String keyId, byte[] pepper) {
        return new TokenHashing(List.of(hmacKey(keyId, pepper)));
    }

    /**
     * Returns a copy that still verifies tokens hashed under an older pepper. New tokens keep using the
     * current key. Each previous key adds one HMAC to authenticating a token that is not cached.
     *
     * @param keyId the older key's id
     * @param pepper the older key's pepper; copied
     * @return a new hashing configuration
     */
    public TokenHashing withPreviousKey(String keyId, byte[] pepper) {
        if (!current().isHmac()) {
            throw new IllegalStateException("previous keys need HMAC-SHA-256 hashing; call hmacSha256 first");
        }
        Key key = hmacKey(keyId, pepper);
        for (Key existing : keys) {
            if (existing.id().equals(keyId)) {
                throw new IllegalArgumentException("hashing key id '" + keyId + "' is already configured");
            }
        }
        List<Key> all = new ArrayList<>(keys);
        all.add(key);
        return new TokenHashing(all);
    }

    private static Key hmacKey(String keyId, byte[] pepper) {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(pepper, "pepper");
        if (!KEY_ID_PATTERN.matcher(keyId).matches() || keyId.equals(TokenRecord.SHA256_KEY_ID)) {
            throw new IllegalArgumentException(
                    "hashing keyId must match [A-Za-z0-9._-]{1,32} and not be 'sha256', was '" + keyId + "'");
        }
        if (pepper.length < MIN_PEPPER_BYTES) {
            throw new IllegalArgumentException(
                    "hashing pepper must be at least " + MIN_PEPPER_BYTES + " bytes, was " + pepper.length);
        }
        return new Key(keyId, Arrays.copyOf(pepper, pepper.length));
    }

    /** The key new tokens are hashed with. */
    Key current() {
        return keys.get(0);
    }

    /** All keys, current first. */
    List<Key> keys() {
        return keys;
    }

    @Override
    public String toString() {
        if (!current().isHmac()) {
            return "TokenHashing[SHA-256]";
        }
        return "TokenHashing[HMAC-SHA-256, key ids " + keys + " (current first), peppers masked]";
    }
}
