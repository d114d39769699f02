package org.speakr.token.core;

/**
 * An IP address literal, parsed by hand so that nothing ever reaches a resolver: IPv4 dotted decimal (four parts
 * 0–255, no leading zeros, which some parsers read as octal) or IPv6 (RFC 4291 text, {@code ::} at most once, an
 * embedded IPv4 tail). An IPv4-mapped IPv6 address ({@code ::ffff:192.0.2.7}) is returned as the IPv4 address it
 * carries. IPv4 lives in the low 32 bits of {@link #lo}.
 */
final class IpLiteral {
    final boolean v4;
    final long hi;
    final long lo;

    private IpLiteral(boolean v4, long hi, long lo) {
        this.v4 = v4;
        this.hi = hi;
        this.lo = lo;
    }

    /** @return the address, or null when {@code text} is not an address literal (a host name, garbage, null) */
    static IpLiteral parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 64) {
            return null;
        }
        if (text.indexOf(':') < 0) {
            long v4 = parse4(text, 0, text.length());
            return v4 < 0 ? null : new IpLiteral(true, 0, v4);
        }
        long[] v6 = parse6(text, 0, text.length());
        if (v6 == null) {
            return null;
        }
        return isMapped(v6[0], v6[1]) ? new IpLiteral(true, 0, v6[1] & 0xFFFF_FFFFL) : new IpLiteral(false, v6[0], v6[1]);
    }

    /** @return whether {@code hi:lo} is in {@code ::ffff:0:0/96} */
    static boolean isMapped(long hi, long lo) {
        return hi == 0 && (lo >>> 32) == 0xFFFFL;
    }

    /** @return the IPv4 address in {@code text[from, to)} as an unsigned 32-bit value, or -1 */
    static long parse4(String text, int from, int to) {
        long value = 0;
        int parts = 0;
        int i = from;
        while (parts < 4) {
            int start = i;
            int part = 0;
            while (i < to && i - start < 3 && isDigit(text.charAt(i))) {
                part = part * 10 + (text.charAt(i) - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || part > 255 || (digits > 1 && text.charAt(start) == '0')) {
                return -1;
            }
            value = (value << 8) | part;
            parts++;
            if (parts < 4) {
                if (i >= to || text.charAt(i) != '.') {
                    return -1;
                }
                i++;
            }
        }
        return i == to ? value : -1;
    }

    /** @return {hi, lo} of the IPv6 address in {@code text[from, to)}, or null */
    static long[] parse6(String text, int from, int to) {
        int[] groups = new int[8];
        int count = 0;
        int gap = -1;
        int i = from;
        if (to - from >= 2 && text.startsWith("::", from)) {
            gap = 0;
            i += 2;
            if (i == to) {
                return new long[] {0, 0};
            }
        }
        while (i < to) {
            int start = i;
            int group = 0;
            while (i < to && i - start < 5 && Character.digit(text.charAt(i), 16) >= 0 && text.charAt(i) < 128) {
                group = (group << 4) | Character.digit(text.charAt(i), 16);
                i++;
            }
            if (i < to && text.charAt(i) == '.') {
                // An embedded IPv4 tail: the rest of the text, two groups.
                long v4 = count <= 6 ? parse4(text, start, to) : -1;
                if (v4 < 0) {
                    return null;
                }
                groups[count++] = (int) (v4 >>> 16);
                groups[count++] = (int) (v4 & 0xFFFF);
                i = to;
                break;
            }
            int digits = i - start;
            if (digits == 0 || digits > 4 || count == 8) {
                return null;
            }
            groups[count++] = group;
            if (i == to) {
                break;
            }
            if (text.charAt(i) != ':') {
                return null;
            }
            i++;
            if (i < to && text.charAt(i) == ':') {
                if (gap >= 0) {
                    return null;
                }
                gap = count;
                i++;
                if (i == to) {
                    break;
                }
            } else if (i == to) {
                return null;
            }
        }
        if (gap < 0 ? count != 8 : count > 7) {
            return null;
        }
        int[] full = new int[8];
        if (gap < 0) {
            full = groups;
        } else {
            int tail = count - gap;
            System.arraycopy(groups, 0, full, 0, gap);
            System.arraycopy(groups, gap, full, 8 - tail, tail);
        }
        long hi = 0;
        long lo = 0;
        for (int g = 0; g < 4; g++) {
            hi = (hi << 16) | full[g];
            lo = (lo << 16) | full[g + 4];
        }
        return new long[] {hi, lo};
    }

    /** @return the RFC 5952 text of an IPv6 address: lowercase, no leading zeros, the longest zero run as {@code ::} */
    static String format6(long hi, long lo) {
        int[] groups = new int[8];
        for (int g = 0; g < 4; g++) {
            groups[g] = (int) ((hi >>> (48 - 16 * g)) & 0xFFFF);
            groups[g + 4] = (int) ((lo >>> (48 - 16 * g)) & 0xFFFF);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int g = 0; g < 8; g++) {
            int length = 0;
            while (g + length < 8 && groups[g + length] == 0) {
                length++;
            }
            if (length > bestLength) {
                bestStart = g;
                bestLength = length;
            }
        }
        StringBuilder text = new StringBuilder(39);
        for (int g = 0; g < 8; g++) {
            if (g == bestStart) {
                text.append("::");
                g += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[g]));
        }
        return text.toString();
    }

    static String format4(long value) {
        return ((value >>> 24) & 0xFF) + "." + ((value >>> 16) & 0xFF) + "." + ((value >>> 8) & 0xFF) + "."
                + (value & 0xFF);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
