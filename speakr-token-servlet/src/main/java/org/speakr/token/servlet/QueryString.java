package org.speakr.token.servlet;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one parameter from a raw (still percent-encoded) query string, without touching the request's
 * parameter map, so a request body is never consumed.
 */
final class QueryString {

    private QueryString() {
    }

    /**
     * The decoded values of every occurrence of {@code name}, in order. An occurrence without {@code =}
     * has the value {@code ""}; one whose value is not valid percent-encoded UTF-8 is {@code null}.
     *
     * @param rawQuery the query string as sent, or {@code null}
     * @param name the decoded parameter name
     * @return the values, possibly empty
     */
    static List<String> values(String rawQuery, String name) {
        List<String> values = new ArrayList<>(1);
        if (rawQuery == null || rawQuery.isEmpty()) {
            return values;
        }
        int start = 0;
        int length = rawQuery.length();
        while (start <= length) {
            int end = rawQuery.indexOf('&', start);
            if (end < 0) {
                end = length;
            }
            if (end > start) {
                int eq = rawQuery.indexOf('=', start);
                boolean hasValue = eq >= 0 && eq < end;
                String rawName = rawQuery.substring(start, hasValue ? eq : end);
                if (nameMatches(rawName, name)) {
                    values.add(hasValue ? decode(rawQuery.substring(eq + 1, end)) : "");
                }
            }
            start = end + 1;
        }
        return values;
    }

    /**
     * The query string with every occurrence of {@code name} removed; other pairs keep their raw form
     * and order.
     *
     * @param rawQuery the query string as sent, or {@code null}
     * @param name the decoded parameter name
     * @return what remains, or {@code null} if nothing does
     */
    static String without(String rawQuery, String name) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return null;
        }
        StringBuilder kept = new StringBuilder(rawQuery.length());
        for (String pair : rawQuery.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (nameMatches(eq >= 0 ? pair.substring(0, eq) : pair, name)) {
                continue;
            }
            if (kept.length() > 0) {
                kept.append('&');
            }
            kept.append(pair);
        }
        return kept.length() == 0 ? null : kept.toString();
    }

    /**
     * Whether every name and value of {@code rawQuery} decodes: each {@code %} starts an escape of two ASCII hex
     * digits and the bytes are UTF-8. What the application's {@code getParameter} would choke on is false here.
     *
     * @param rawQuery the query string as sent, or {@code null}
     * @return true for {@code null}, an empty query, or one that decodes throughout
     */
    static boolean isWellFormed(String rawQuery) {
        if (rawQuery == null || rawQuery.indexOf('%') < 0) {
            return true;
        }
        for (String pair : rawQuery.split("[&=]", -1)) {
            if (decode(pair) == null) {
                return false;
            }
        }
        return true;
    }

    private static boolean nameMatches(String rawName, String name) {
        if (rawName.equals(name)) {
            return true;
        }
        if (rawName.indexOf('%') < 0 && rawName.indexOf('+') < 0) {
            return false;
        }
        String decoded = decode(rawName);
        return decoded != null && decoded.equals(name);
    }

    /**
     * Decodes {@code application/x-www-form-urlencoded} text: {@code +} is a space, {@code %XX} a byte
     * ({@code X} an ASCII hex digit only, as RFC 3986 {@code HEXDIG}: never another script's digit), the bytes
     * UTF-8.
     *
     * @param raw the encoded text
     * @return the decoded text, or {@code null} for a bad escape or invalid UTF-8
     */
    static String decode(String raw) {
        if (raw.indexOf('%') < 0 && raw.indexOf('+') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return null;
                }
                int high = hexDigit(raw.charAt(i + 1));
                int low = hexDigit(raw.charAt(i + 2));
                if (high < 0 || low < 0) {
                    return null;
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** @return the value of an ASCII hex digit ({@code 0-9 A-F a-f}), or -1 for any other character */
    static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
