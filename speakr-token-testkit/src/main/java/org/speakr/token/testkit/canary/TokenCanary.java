package org.speakr.token.testkit.canary;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * Finds token plaintexts in text: any {@code <prefix>_} + 49 base62 characters whose last six are the base62
 * CRC32 of the rest (so any token the library could have issued, with any configured prefix, not only known
 * ones), also as hex (either case, either nibble alignment) and as base64 (standard or URL alphabet, padded or
 * not, at any alignment). Thread-safe; collects hits for {@link CanaryListener} to report at the end of the test
 * run. Hits are reported masked, so the report itself leaks nothing.
 */
public final class TokenCanary {
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int BODY = 43;
    private static final int CHECKSUM = 6;
    private static final Pattern TOKEN_TAIL = Pattern.compile("_([0-9A-Za-z]{49})");
    private static final Pattern HEX_RUN = Pattern.compile("[0-9A-Fa-f]{104,}");
    private static final Pattern BASE64_RUN = Pattern.compile("[A-Za-z0-9+/_-]{68,}");

    private static final ConcurrentLinkedQueue<String> HITS = new ConcurrentLinkedQueue<>();
    private static final AtomicLong SCANNED = new AtomicLong();

    private TokenCanary() {
    }

    /**
     * Scans {@code text} and records a hit for each token plaintext found in it.
     *
     * @param text what was logged or sent
     * @param where where it was seen, for the report
     */
    public static void scan(String text, String where) {
        if (text == null || text.isEmpty()) {
            return;
        }
        SCANNED.incrementAndGet();
        for (String found : new java.util.LinkedHashSet<>(find(text))) {
            HITS.add(where + ": " + found);
        }
    }

    /**
     * Scans an HTTP response, except the answers that are meant to show a plaintext: the token creation
     * response ({@code POST /api/tokens} answered 201) and the rotation response, which shows the successor
     * ({@code POST /api/tokens/<id>/rotate} answered 201).
     *
     * @param method the request method
     * @param path the request path
     * @param status the response status
     * @param response the response's header fields and body as text
     */
    public static void scanResponse(String method, String path, int status, String response) {
        if ("POST".equals(method) && status == 201 && ("/api/tokens".equals(path) || isRotation(path))) {
            return;
        }
        scan(response, "HTTP response " + status + " to " + method + " " + path);
    }

    private static boolean isRotation(String path) {
        String prefix = "/api/tokens/";
        String suffix = "/rotate";
        return path.startsWith(prefix) && path.endsWith(suffix) && path.length() > prefix.length() + suffix.length()
                && path.indexOf('/', prefix.length()) == path.length() - suffix.length();
    }

    /** @return every hit so far, masked */
    public static List<String> hits() {
        return List.copyOf(HITS);
    }

    /** @return how many texts were scanned */
    public static long scanned() {
        return SCANNED.get();
    }

    /** Forgets one recorded hit (for the canary's own tests, which leak on purpose). */
    static boolean forget(String hit) {
        return HITS.remove(hit);
    }

    /** @return a masked description of every plaintext in {@code text}, by the form it was found in */
    static List<String> find(String text) {
        List<String> found = new ArrayList<>();
        for (String token : plaintexts(text)) {
            found.add("token plaintext " + mask(token));
        }
        Matcher hex = HEX_RUN.matcher(text);
        while (hex.find()) {
            for (int align = 0; align < 2; align++) {
                for (String token : plaintexts(latin1(hexDecode(hex.group(), align)))) {
                    found.add("hex of token plaintext " + mask(token));
                }
            }
        }
        Matcher base64 = BASE64_RUN.matcher(text);
        while (base64.find()) {
            for (int align = 0; align < 4; align++) {
                for (String token : plaintexts(latin1(base64Decode(base64.group(), align)))) {
                    found.add("base64 of token plaintext " + mask(token));
                }
            }
        }
        return found;
    }

    /** Every well-formed token with a valid checksum in {@code text}, with any prefix {@code [a-z][a-z0-9]{1,9}}. */
    static List<String> plaintexts(String text) {
        List<String> tokens = new ArrayList<>();
        Matcher tail = TOKEN_TAIL.matcher(text);
        int from = 0;
        while (from < text.length() && tail.find(from)) {
            int underscore = tail.start();
            String rest = tail.group(1);
            for (int length = 2; length <= 10 && underscore - length >= 0; length++) {
                String prefix = text.substring(underscore - length, underscore);
                if (!prefix.matches("[a-z][a-z0-9]*")) {
                    break;
                }
                String candidate = prefix + '_' + rest;
                if (checksumValid(candidate)) {
                    tokens.add(candidate);
                    break;
                }
            }
            from = underscore + 1;
        }
        return tokens;
    }

    static boolean checksumValid(String token) {
        int body = token.length() - CHECKSUM;
        CRC32 crc = new CRC32();
        crc.update(token.substring(0, body).getBytes(StandardCharsets.US_ASCII));
        long value = 0;
        for (int i = body; i < token.length(); i++) {
            value = value * 62 + BASE62.indexOf(token.charAt(i));
        }
        return value == crc.getValue() && token.length() - token.indexOf('_') - 1 == BODY + CHECKSUM;
    }

    private static String mask(String token) {
        return token.substring(0, token.indexOf('_') + 3) + "…(" + token.length() + " chars, valid checksum)";
    }

    private static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static byte[] hexDecode(String hex, int align) {
        int n = (hex.length() - align) / 2;
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[i] = (byte) Integer.parseInt(hex.substring(align + 2 * i, align + 2 * i + 2), 16);
        }
        return out;
    }

    /** Lenient base64: both alphabets, padding optional, a trailing partial group decoded as far as it goes. */
    private static byte[] base64Decode(String run, int align) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(run.length());
        int bits = 0;
        int value = 0;
        for (int i = align; i < run.length(); i++) {
            value = value << 6 | sextet(run.charAt(i));
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                out.write(value >> bits & 0xff);
            }
        }
        return out.toByteArray();
    }

    private static int sextet(char c) {
        if (c == '+' || c == '-') {
            return 62;
        }
        if (c == '/' || c == '_') {
            return 63;
        }
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        return c - '0' + 52;
    }
}
