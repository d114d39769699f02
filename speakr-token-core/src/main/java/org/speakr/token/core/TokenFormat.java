package org.speakr.token.core;

import java.security.SecureRandom;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * The token format: {@code <prefix>_} + base62(32 random bytes, width 43) + base62(CRC32 of everything
 * before it, width 6). The checksum rejects typos and garbage before any hashing or store call; it is not
 * a secret and not a MAC. Optionally also recognises Speakr legacy tokens: 43 characters of base64url,
 * no prefix ({@code secrets.token_urlsafe(32)}).
 */
final class TokenFormat {
    static final Pattern PREFIX_PATTERN = Pattern.compile("[a-z][a-z0-9]{1,9}");
    static final int SECRET_BYTES = 32;
    static final int SECRET_LENGTH = 43;
    static final int CHECKSUM_LENGTH = 6;
    static final int LEGACY_LENGTH = 43;
    static final int HINT_LENGTH = 4;
    /** Longest value {@link #read} accepts; scratch buffers are this big. */
    static final int MAX_LENGTH = 10 + 1 + SECRET_LENGTH + CHECKSUM_LENGTH;

    /** What a presented value turned out to be. */
    enum Kind { TOKEN, LEGACY, MALFORMED }

    private final String prefix;
    private final int length;
    private final boolean acceptLegacy;

    TokenFormat(String prefix, boolean acceptLegacy) {
        if (!PREFIX_PATTERN.matcher(prefix).matches()) {
            throw new IllegalArgumentException("tokenPrefix must match [a-z][a-z0-9]{1,9}, was '" + prefix + "'");
        }
        this.prefix = prefix + '_';
        this.length = this.prefix.length() + SECRET_LENGTH + CHECKSUM_LENGTH;
        this.acceptLegacy = acceptLegacy;
    }

    String generate(SecureRandom random) {
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(secret);
        String body = prefix + Base62.encode(secret, SECRET_LENGTH);
        CRC32 crc = new CRC32();
        for (int i = 0; i < body.length(); i++) {
            crc.update(body.charAt(i));
        }
        return body + Base62.encode(crc.getValue(), CHECKSUM_LENGTH);
    }

    /** {@code spk_…} followed by the last four characters of the token. */
    String hint(String token) {
        return prefix + '…' + token.substring(token.length() - HINT_LENGTH);
    }

    /**
     * Classifies {@code presented} and, unless malformed, leaves its ASCII bytes in {@code into} for hashing.
     * Allocates nothing.
     */
    Kind read(String presented, TokenScratch into) {
        int n = presented.length();
        if (n == length && presented.startsWith(prefix)) {
            return readToken(presented, into);
        }
        if (acceptLegacy && n == LEGACY_LENGTH) {
            return readLegacy(presented, into);
        }
        return Kind.MALFORMED;
    }

    private Kind readToken(String presented, TokenScratch into) {
        byte[] bytes = into.bytes;
        int bodyLength = length - CHECKSUM_LENGTH;
        for (int i = 0; i < prefix.length(); i++) {
            bytes[i] = (byte) presented.charAt(i);
        }
        for (int i = prefix.length(); i < length; i++) {
            char c = presented.charAt(i);
            if (Base62.valueOf(c) < 0) {
                return Kind.MALFORMED;
            }
            bytes[i] = (byte) c;
        }
        long checksum = Base62.decode(presented, bodyLength, length);
        if (checksum != into.crc32(bodyLength)) {
            return Kind.MALFORMED;
        }
        into.length = length;
        return Kind.TOKEN;
    }

    private static Kind readLegacy(String presented, TokenScratch into) {
        byte[] bytes = into.bytes;
        for (int i = 0; i < LEGACY_LENGTH; i++) {
            char c = presented.charAt(i);
            if (Base62.valueOf(c) < 0 && c != '-' && c != '_') {
                return Kind.MALFORMED;
            }
            bytes[i] = (byte) c;
        }
        into.length = LEGACY_LENGTH;
        return Kind.LEGACY;
    }

    @Override
    public String toString() {
        return prefix + "<" + SECRET_LENGTH + " base62><" + CHECKSUM_LENGTH + " base62 CRC32>"
                + (acceptLegacy ? " or legacy base64url(32 bytes)" : "");
    }
}
