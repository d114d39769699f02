package org.speakr.token.core;

import java.math.BigInteger;

/** Fixed-width base62 ({@code 0-9A-Za-z}) for token secrets, ids and checksums. */
final class Base62 {
    static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final BigInteger BASE = BigInteger.valueOf(62);
    private static final byte[] VALUES = new byte[128];

    static {
        java.util.Arrays.fill(VALUES, (byte) -1);
        for (int i = 0; i < ALPHABET.length(); i++) {
            VALUES[ALPHABET.charAt(i)] = (byte) i;
        }
    }

    private Base62() {
    }

    /** Encodes {@code bytes} as an unsigned big-endian number, left-padded with '0' to {@code width}. */
    static String encode(byte[] bytes, int width) {
        char[] out = new char[width];
        BigInteger n = new BigInteger(1, bytes);
        for (int i = width - 1; i >= 0; i--) {
            BigInteger[] qr = n.divideAndRemainder(BASE);
            out[i] = ALPHABET.charAt(qr[1].intValue());
            n = qr[0];
        }
        if (n.signum() != 0) {
            throw new IllegalArgumentException(bytes.length + " bytes do not fit in " + width + " base62 digits");
        }
        return new String(out);
    }

    /** Encodes a non-negative {@code value}, left-padded with '0' to {@code width}. */
    static String encode(long value, int width) {
        if (value < 0) {
            throw new IllegalArgumentException(value + " does not fit in " + width + " base62 digits");
        }
        char[] out = new char[width];
        long n = value;
        for (int i = width - 1; i >= 0; i--) {
            out[i] = ALPHABET.charAt((int) (n % 62));
            n /= 62;
        }
        if (n != 0) {
            throw new IllegalArgumentException(value + " does not fit in " + width + " base62 digits");
        }
        return new String(out);
    }

    /** Decodes {@code bytes[from, to)}; returns -1 if a byte is not a base62 digit. At most 10 digits. */
    static long decode(byte[] bytes, int from, int to) {
        long n = 0;
        for (int i = from; i < to; i++) {
            int v = valueOf(bytes[i]);
            if (v < 0) {
                return -1;
            }
            n = n * 62 + v;
        }
        return n;
    }

    /** The digit value of an ASCII byte, or -1. */
    static int valueOf(byte b) {
        return b >= 0 ? VALUES[b] : -1;
    }
}
