package org.speakr.token.servlet;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, strict JSON reader (RFC 8259) for the few documents the leak receivers read: partner reports, key
 * documents and revocation requests. Objects become {@code Map<String, Object>} (insertion order, duplicate names
 * refused), arrays {@code List<Object>}, strings {@code String}, numbers {@link BigDecimal}, {@code true}/
 * {@code false} {@link Boolean}, {@code null} {@code null}. Input must be valid UTF-8; nesting is bounded, so
 * a hostile document cannot overflow the stack; any bad input is a {@link JsonException} and nothing else.
 */
final class Json {
    /** Longest number lexeme accepted: a BigDecimal of a million digits would cost quadratic time. */
    private static final int MAX_NUMBER_LENGTH = 64;
    /** Most exponent digits accepted (|exponent| below 10,000), the same on every JDK. */
    private static final int MAX_EXPONENT_DIGITS = 4;

    private final String text;
    private final int maxDepth;
    private int pos;

    private Json(String text, int maxDepth) {
        this.text = text;
        this.maxDepth = maxDepth;
    }

    /** A document that is not JSON, or deeper than allowed; the message names the offset, never the content. */
    static final class JsonException extends Exception {
        private static final long serialVersionUID = 1L;

        JsonException(String message) {
            super(message);
        }
    }

    /**
     * For a request body, where anything but JSON is simply a bad request.
     *
     * @param utf8 the document
     * @param maxDepth most nested arrays and objects, at least 1
     * @return the value (Java {@code null} also for a JSON {@code null}), or {@code null} when {@link #parse} refuses it
     */
    static Object parseOrNull(byte[] utf8, int maxDepth) {
        try {
            return parse(utf8, maxDepth);
        } catch (JsonException e) {
            return null;
        }
    }

    /**
     * @param utf8 the document
     * @param maxDepth most nested arrays and objects, at least 1
     * @return the value
     * @throws JsonException for anything but one JSON value, surrounded by optional whitespace
     */
    static Object parse(byte[] utf8, int maxDepth) throws JsonException {
        String text;
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8));
            text = chars.toString();
        } catch (CharacterCodingException e) {
            throw new JsonException("not valid UTF-8");
        }
        Json json = new Json(text, maxDepth);
        json.skipWhitespace();
        Object value = json.value(0);
        json.skipWhitespace();
        if (json.pos != text.length()) {
            throw json.error("trailing content");
        }
        return value;
    }

    private Object value(int depth) throws JsonException {
        if (pos >= text.length()) {
            throw error("unexpected end");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{':
                return object(depth + 1);
            case '[':
                return array(depth + 1);
            case '"':
                return string();
            case 't':
                literal("true");
                return Boolean.TRUE;
            case 'f':
                literal("false");
                return Boolean.FALSE;
            case 'n':
                literal("null");
                return null;
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw error("unexpected character");
        }
    }

    private Map<String, Object> object(int depth) throws JsonException {
        checkDepth(depth);
        pos++;
        Map<String, Object> members = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return Collections.unmodifiableMap(members);
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("expected a member name");
            }
            String name = string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            Object value = value(depth);
            if (members.containsKey(name)) {
                throw error("duplicate member name");
            }
            members.put(name, value);
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == '}') {
                return Collections.unmodifiableMap(members);
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or '}'");
            }
        }
    }

    private List<Object> array(int depth) throws JsonException {
        checkDepth(depth);
        pos++;
        List<Object> elements = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return Collections.unmodifiableList(elements);
        }
        while (true) {
            skipWhitespace();
            elements.add(value(depth));
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == ']') {
                return Collections.unmodifiableList(elements);
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or ']'");
            }
        }
    }

    private String string() throws JsonException {
        pos++;
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error("unterminated string");
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                pos--;
                throw error("control character in string");
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (pos >= text.length()) {
                throw error("unterminated escape");
            }
            char e = text.charAt(pos++);
            switch (e) {
                case '"' -> out.append('"');
                case '\\' -> out.append('\\');
                case '/' -> out.append('/');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> out.append(unicodeEscape());
                default -> {
                    pos--;
                    throw error("bad escape");
                }
            }
        }
    }

    private char unicodeEscape() throws JsonException {
        if (pos + 4 > text.length()) {
            throw error("short \\u escape");
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(text.charAt(pos + i), 16);
            if (d < 0) {
                throw error("bad \\u escape");
            }
            v = v * 16 + d;
        }
        pos += 4;
        return (char) v;
    }

    private BigDecimal number() throws JsonException {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (isDigit(peek())) {
            digits();
        } else {
            throw error("bad number");
        }
        if (peek() == '.') {
            pos++;
            if (!isDigit(peek())) {
                throw error("bad number");
            }
            digits();
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw error("bad number");
            }
            int exponentStart = pos;
            digits();
            // Checked here, not left to BigDecimal, whose exponent range differs between JDKs (17 refuses
            // 1e2147483648, 25 accepts it).
            if (pos - exponentStart > MAX_EXPONENT_DIGITS) {
                throw error("number out of range");
            }
        }
        if (pos - start > MAX_NUMBER_LENGTH) {
            throw error("number too long");
        }
        try {
            return new BigDecimal(text.substring(start, pos));
        } catch (NumberFormatException | ArithmeticException e) {
            // An exponent beyond int range; the lexeme itself was valid JSON.
            throw error("number out of range");
        }
    }

    private void digits() {
        while (isDigit(peek())) {
            pos++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private void literal(String word) throws JsonException {
        if (!text.startsWith(word, pos)) {
            throw error("unexpected literal");
        }
        pos += word.length();
    }

    private void checkDepth(int depth) throws JsonException {
        if (depth > maxDepth) {
            throw error("nested deeper than " + maxDepth);
        }
    }

    private void expect(char c) throws JsonException {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    /** The next character, or NUL at the end (NUL is never valid outside a string, where it is refused). */
    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private JsonException error(String what) {
        return new JsonException("not JSON: " + what + " at offset " + pos);
    }
}
