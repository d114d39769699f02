package org.speakr.token.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A 256-bit token hash as four longs: the cache key. Compact (no array, no hex string), and
 * {@link #equals} compares in constant time.
 */
final class Digest {
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final long a;
    private final long b;
    private final long c;
    private final long d;

    private Digest(long a, long b, long c, long d) {
        this.a = a;
        this.b = b;
        this.c = c;
        this.d = d;
    }

    /** Reads 32 bytes, big-endian, from {@code bytes}. */
    static Digest of(byte[] bytes) {
        return new Digest((long) LONGS.get(bytes, 0), (long) LONGS.get(bytes, 8), (long) LONGS.get(bytes, 16),
                (long) LONGS.get(bytes, 24));
    }

    /** Parses 64 hex characters (either case); returns null for anything else. */
    static Digest fromHex(String hex) {
        if (hex == null || hex.length() != 64) {
            return null;
        }
        long[] words = new long[4];
        for (int i = 0; i < 64; i++) {
            int v = Character.digit(hex.charAt(i), 16);
            if (v < 0) {
                return null;
            }
            words[i / 16] = (words[i / 16] << 4) | v;
        }
        return new Digest(words[0], words[1], words[2], words[3]);
    }

    /** Lowercase hex, 64 characters: the form stores keep. */
    String toHex() {
        char[] out = new char[64];
        writeHex(a, out, 0);
        writeHex(b, out, 16);
        writeHex(c, out, 32);
        writeHex(d, out, 48);
        return new String(out);
    }

    private static void writeHex(long v, char[] out, int offset) {
        for (int i = 15; i >= 0; i--) {
            out[offset + i] = HEX[(int) (v & 0xF)];
            v >>>= 4;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Digest other
                && ((a ^ other.a) | (b ^ other.b) | (c ^ other.c) | (d ^ other.d)) == 0;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(a);
    }

    /** Deliberately uninformative: a digest identifies a secret and belongs in no log. */
    @Override
    public String toString() {
        return "Digest[…]";
    }
}
