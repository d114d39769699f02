package org.speakr.token.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigInteger;
import java.nio.ByteOrder;

/** Fixed-width base62 ({@code 0-9A-Za-z}) for token secrets, ids and checksums. */
final class Base62 {
    static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final BigInteger BASE = BigInteger.valueOf(62);
    private static final byte[] VALUES = new byte[128];
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;

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

    /**
     * Whether every byte of {@code bytes[from, to)} is a base62 digit: the hot path's format check, eight bytes
     * at a time (a lookup per byte cost a third of a SHA-256). Ranges shorter than eight bytes are checked one
     * byte at a time.
     */
    static boolean allDigits(byte[] bytes, int from, int to) {
        if (to - from < Long.BYTES) {
            for (int i = from; i < to; i++) {
                if (valueOf(bytes[i]) < 0) {
                    return false;
                }
            }
            return true;
        }
        for (int i = from; i < to - Long.BYTES; i += Long.BYTES) {
            if (!allDigits((long) LONGS.get(bytes, i))) {
                return false;
            }
        }
        // The last eight bytes, overlapping bytes already checked when the length is no multiple of eight.
        return allDigits((long) LONGS.get(bytes, to - Long.BYTES));
    }

    /** Whether all eight bytes of {@code word} are base62 digits. */
    private static boolean allDigits(long word) {
        if ((word & HIGH_BITS) != 0) {
            return false; // a byte is not ASCII; also keeps the additions below from carrying between bytes
        }
        long digits = inRange(word, '0', '9') | inRange(word, 'A', 'Z') | inRange(word, 'a', 'z');
        return digits == HIGH_BITS;
    }

    /**
     * For each byte {@code x < 0x80} of {@code word}: bit 7 of {@code x + (0x80 - lo)} is set iff {@code x >= lo},
     * and bit 7 of {@code x + (0x7F - hi)} iff {@code x > hi}; neither sum passes 0xFF, so bytes stay apart.
     *
     * @return bit 7 of each byte set iff that byte is within {@code [lo, hi]}, every other bit clear
     */
    private static long inRange(long word, char lo, char hi) {
        return (word + (0x80 - lo) * ONES) & ~(word + (0x7F - hi) * ONES) & HIGH_BITS;
    }

    /** The digit value of an ASCII byte, or -1. */
    static int valueOf(byte b) {
        return b >= 0 ? VALUES[b] : -1;
    }
}
