package org.speakr.token.core;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.speakr.token.core.internal.SettingValues;

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

    /** What a presented value turned out to be. */
    enum Kind { TOKEN, LEGACY, MALFORMED }

    private final String prefix;
    private final int length;
    private final boolean acceptLegacy;

    TokenFormat(String prefix, boolean acceptLegacy) {
        this.prefix = checkPrefix(prefix) + '_';
        this.length = this.prefix.length() + SECRET_LENGTH + CHECKSUM_LENGTH;
        this.acceptLegacy = acceptLegacy;
    }

    /** @return {@code prefix} if it matches {@link #PREFIX_PATTERN}, else an exception naming the setting */
    static String checkPrefix(String prefix) {
        if (!PREFIX_PATTERN.matcher(prefix).matches()) {
            throw SettingValues.invalid(ApiTokenSettings.TOKEN_PREFIX, "[a-z][a-z0-9]{1,9}", prefix);
        }
        return prefix;
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
     * Classifies {@code presented} and, unless malformed, hands its ASCII bytes to {@code into} for hashing.
     * A value of the wrong length is refused before anything is copied.
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
        // One bulk copy: US-ASCII turns every non-ASCII character into '?', which is no base62 digit.
        byte[] bytes = presented.getBytes(StandardCharsets.US_ASCII);
        if (!Base62.allDigits(bytes, prefix.length(), length)) {
            return Kind.MALFORMED;
        }
        int bodyLength = length - CHECKSUM_LENGTH;
        if (Base62.decode(bytes, bodyLength, length) != into.crc32(bytes, bodyLength)) {
            return Kind.MALFORMED;
        }
        into.hold(bytes);
        return Kind.TOKEN;
    }

    private static Kind readLegacy(String presented, TokenScratch into) {
        byte[] bytes = presented.getBytes(StandardCharsets.US_ASCII);
        for (byte b : bytes) {
            if (Base62.valueOf(b) < 0 && b != '-' && b != '_') {
                return Kind.MALFORMED;
            }
        }
        into.hold(bytes);
        return Kind.LEGACY;
    }

    @Override
    public String toString() {
        return prefix + "<" + SECRET_LENGTH + " base62><" + CHECKSUM_LENGTH + " base62 CRC32>"
                + (acceptLegacy ? " or legacy base64url(32 bytes)" : "");
    }
}
