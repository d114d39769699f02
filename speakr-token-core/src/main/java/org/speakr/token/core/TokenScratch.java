package org.speakr.token.core;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.List;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * Working memory for the hot path: reusable CRC32, SHA-256 and HMAC engines and an output
 * buffer, plus the presented token's bytes between {@link #hold} and {@link #release} within one call.
 * Lent to one call at a time by {@link ScratchPool}; never used by two threads at once.
 */
final class TokenScratch {
    private byte[] token;

    private final byte[] out = new byte[32];
    private final CRC32 crc = new CRC32();
    private final MessageDigest sha256;
    private final Mac[] macs;

    TokenScratch(TokenHashing hashing) {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
            List<TokenHashing.Key> keys = hashing.keys();
            macs = new Mac[keys.size()];
            for (int i = 0; i < macs.length; i++) {
                if (keys.get(i).isHmac()) {
                    macs[i] = Mac.getInstance("HmacSHA256");
                    macs[i].init(new SecretKeySpec(keys.get(i).secret(), "HmacSHA256"));
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM lacks SHA-256 or HmacSHA256", e);
        }
    }

    long crc32(byte[] bytes, int count) {
        crc.reset();
        crc.update(bytes, 0, count);
        return crc.getValue();
    }

    /** Keeps a checked token's ASCII bytes for hashing. */
    void hold(byte[] tokenBytes) {
        this.token = tokenBytes;
    }

    /** Drops the token's bytes, so no thread keeps a secret past the call that presented it. */
    void release() {
        this.token = null;
    }

    /** @return the held token's length (for tests) */
    int length() {
        return token.length;
    }

    /** Plain SHA-256 of the current bytes. */
    Digest sha256() {
        try {
            sha256.update(token);
            sha256.digest(out, 0, out.length);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 output buffer", e);
        }
        return Digest.of(out);
    }

    /** The hash of the current bytes under key {@code keyIndex} of the configured {@link TokenHashing}. */
    Digest digest(int keyIndex) {
        Mac mac = macs[keyIndex];
        if (mac == null) {
            return sha256();
        }
        try {
            mac.update(token);
            mac.doFinal(out, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException("HMAC output buffer", e);
        }
        return Digest.of(out);
    }

    /** Hashes a whole generated token (creation path, not hot). */
    Digest digest(int keyIndex, String generated) {
        hold(generated.getBytes(StandardCharsets.US_ASCII));
        try {
            return digest(keyIndex);
        } finally {
            release();
        }
    }
}
