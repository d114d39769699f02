package org.speakr.token.core;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.List;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * Per-thread working memory for the hot path: the presented token's bytes and reusable CRC32, SHA-256
 * and HMAC engines, so that checking and hashing a token allocates nothing but the resulting
 * {@link Digest}. Never shared between threads; holds a token's bytes only until the thread's next call.
 */
final class TokenScratch {
    final byte[] bytes = new byte[TokenFormat.MAX_LENGTH];
    int length;

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

    long crc32(int count) {
        crc.reset();
        crc.update(bytes, 0, count);
        return crc.getValue();
    }

    /** Plain SHA-256 of the current bytes. */
    Digest sha256() {
        try {
            sha256.update(bytes, 0, length);
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
            mac.update(bytes, 0, length);
            mac.doFinal(out, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException("HMAC output buffer", e);
        }
        return Digest.of(out);
    }

    /** Hashes a whole token held as a String (creation path, not hot). */
    Digest digest(int keyIndex, String token) {
        for (int i = 0; i < token.length(); i++) {
            bytes[i] = (byte) token.charAt(i);
        }
        length = token.length();
        return digest(keyIndex);
    }
}
