package org.speakr.token.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.speakr.token.servlet.TokenLocator.Kind;
import org.speakr.token.servlet.TokenLocator.Located;
import org.speakr.token.servlet.TokenLocator.Location;

/**
 * Fuzzes request token extraction: {@link TokenLocator} on arbitrary header fields (names matched
 * case-insensitively, as a container does), arbitrary methods and arbitrary raw query strings, with the query
 * parameter on or off, against an independent oracle (regular expressions and {@link URLDecoder}). Also checks
 * that {@link QueryString#without} leaves no occurrence of the parameter for the application to see.
 *
 * <p>Fuzz with {@code JAZZER_FUZZ=1 mvn -pl speakr-token-servlet test -Dtest=TokenLocatorFuzzTest
 * -Djazzer.max_duration=5m}; regression inputs live in {@code TokenLocatorFuzzTestInputs/}.
 */
class TokenLocatorFuzzTest {
    private static final Pattern TOKEN68 = Pattern.compile("[A-Za-z0-9._~+/-]+=*");
    private static final Pattern BEARER = Pattern.compile("(?i:bearer) +(.*)", Pattern.DOTALL);
    private static final String[] HEADER_NAMES = {"Authorization", "authorization", "AUTHORIZATION", "X-API-Token",
        "x-api-token", "API-Token", "api-token", "Api-Token", "X-API-Token-2", "X-Authorization", "Proxy-Authorization"};
    private static final String[] VALUE_PREFIXES = {"", "Bearer ", "bearer   ", "BEARER ", "Bearer", "Bearer\t",
        "Basic ", "Bearer  Bearer ", " "};
    private static final String[] MATERIAL = {"spk_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg05iaDm",
        "3q2-7zX_9aBcDeFgHiJkLmNoPqRsTuVwXyZ01234567", "abc==", "a=b", "=", "", " ", "\t", "%20", "tok en",
        "é", "a/b+c~d.e-f_g", "x".repeat(4096), "x".repeat(4097)};
    private static final String[] PARAMETERS = {"token", "access_token", "t.k~-"};
    private static final String[] METHODS = {"GET", "HEAD", "POST", "PUT", "get", "OPTIONS"};

    /** What the last input exercised, for choosing regression seeds from a fuzzing corpus. */
    static volatile String lastOutcome;

    @FuzzTest
    void locateArbitraryRequest(FuzzedDataProvider data) {
        boolean allowQuery = data.consumeBoolean();
        String parameter = data.pickValue(PARAMETERS);
        String method = data.consumeBoolean() ? data.pickValue(METHODS) : data.consumeString(8);
        List<String[]> fields = new ArrayList<>();
        int count = data.consumeInt(0, 4);
        for (int i = 0; i < count; i++) {
            String name = data.consumeBoolean() ? data.pickValue(HEADER_NAMES) : data.consumeString(16);
            fields.add(new String[] {name, value(data)});
        }
        String rawQuery = query(data, parameter);

        List<String> authorization = named(fields, "Authorization");
        List<String> xApiToken = named(fields, "X-API-Token");
        List<String> apiToken = named(fields, "API-Token");
        Located located = new TokenLocator(allowQuery, parameter)
                .locate(authorization, xApiToken, apiToken, method, rawQuery);

        lastOutcome = located.kind() + " " + located.location() + " query=" + allowQuery + "/" + located.queryOccurrences();
        List<String> queryValues = oracleQueryValues(rawQuery, parameter);
        assertThat(located.queryOccurrences()).isEqualTo(allowQuery ? queryValues.size() : 0);
        List<Location> where = new ArrayList<>();
        List<String> raw = new ArrayList<>();
        for (String value : authorization) {
            if (value.length() >= 6 && value.substring(0, 6).equalsIgnoreCase("bearer")) {
                where.add(Location.AUTHORIZATION);
                raw.add(value);
            }
        }
        xApiToken.forEach(value -> {
            where.add(Location.X_API_TOKEN);
            raw.add(value);
        });
        apiToken.forEach(value -> {
            where.add(Location.API_TOKEN);
            raw.add(value);
        });
        if (allowQuery && (method.equals("GET") || method.equals("HEAD"))) {
            queryValues.forEach(value -> {
                where.add(Location.QUERY_PARAMETER);
                raw.add(value);
            });
        }
        int q = located.queryOccurrences();
        if (where.isEmpty()) {
            assertThat(located).isEqualTo(new Located(Kind.NONE, null, null, q));
        } else if (where.size() > 1) {
            assertThat(located).isEqualTo(new Located(Kind.MULTIPLE, null, null, q));
        } else {
            assertThat(located).isEqualTo(oracleSingle(where.get(0), raw.get(0), q));
        }
        if (located.kind() == Kind.FOUND) {
            assertThat(located.value()).hasSizeLessThanOrEqualTo(TokenLocator.MAX_TOKEN_LENGTH).matches(TOKEN68);
        }

        // What the application sees of the query string holds no occurrence of the parameter.
        String remaining = QueryString.without(rawQuery, parameter);
        assertThat(QueryString.values(remaining, parameter)).isEmpty();
        assertThat(oracleQueryValues(remaining, parameter)).isEmpty();
        if (remaining != null) {
            assertThat(remaining).isNotEmpty().doesNotStartWith("&").doesNotEndWith("&").doesNotContain("&&");
        }
    }

    private static Located oracleSingle(Location location, String value, int q) {
        if (location == Location.AUTHORIZATION) {
            Matcher bearer = BEARER.matcher(value);
            if (bearer.matches() && value.charAt(6) == ' ') {
                String credentials = bearer.group(1);
                if (credentials.length() <= TokenLocator.MAX_TOKEN_LENGTH && TOKEN68.matcher(credentials).matches()) {
                    return new Located(Kind.FOUND, location, credentials, q);
                }
            }
            return new Located(Kind.MALFORMED, location, null, q);
        }
        if (value == null) {
            return new Located(Kind.MALFORMED, location, null, q);
        }
        if (value.isBlank()) {
            return new Located(Kind.EMPTY, location, null, q);
        }
        return value.length() <= TokenLocator.MAX_TOKEN_LENGTH && TOKEN68.matcher(value).matches()
                ? new Located(Kind.FOUND, location, value, q)
                : new Located(Kind.MALFORMED, location, null, q);
    }

    /** Occurrences of {@code parameter}, decoded by the JDK; an undecodable value is null. */
    private static List<String> oracleQueryValues(String rawQuery, String parameter) {
        List<String> values = new ArrayList<>();
        if (rawQuery == null) {
            return values;
        }
        for (String pair : rawQuery.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            if (parameter.equals(strictDecode(name))) {
                values.add(eq < 0 ? "" : strictDecode(pair.substring(eq + 1)));
            }
        }
        return values;
    }

    /** Text whose every {@code %} starts an escape of two ASCII hex digits (RFC 3986 {@code HEXDIG}). */
    private static final Pattern STRICT_ESCAPES = Pattern.compile("(?:[^%]|%[0-9A-Fa-f]{2})*", Pattern.DOTALL);

    /**
     * {@link URLDecoder}, except that a bad escape or invalid UTF-8 gives null instead of a guess, and only ASCII
     * hex digits make an escape: {@code URLDecoder} alone, like {@link Character#digit}, would take {@code %٧٤}.
     */
    private static String strictDecode(String raw) {
        if (!STRICT_ESCAPES.matcher(raw).matches()) {
            return null;
        }
        try {
            String decoded = URLDecoder.decode(raw, StandardCharsets.UTF_8);
            if (decoded.indexOf('\uFFFD') >= 0 && raw.indexOf('\uFFFD') < 0) {
                return null;
            }
            return decoded;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static List<String> named(List<String[]> fields, String name) {
        List<String> values = new ArrayList<>();
        for (String[] field : fields) {
            if (field[0].equalsIgnoreCase(name)) {
                values.add(field[1]);
            }
        }
        return values;
    }

    private static String value(FuzzedDataProvider data) {
        return switch (data.consumeInt(0, 2)) {
            case 0 -> data.pickValue(VALUE_PREFIXES) + data.pickValue(MATERIAL);
            case 1 -> data.pickValue(VALUE_PREFIXES) + data.consumeString(80);
            default -> data.consumeString(80);
        };
    }

    private static String query(FuzzedDataProvider data, String parameter) {
        int kind = data.consumeInt(0, 3);
        if (kind == 0) {
            return null;
        }
        if (kind == 1) {
            return data.consumeString(120);
        }
        StringBuilder query = new StringBuilder();
        int pairs = data.consumeInt(0, 4);
        for (int i = 0; i < pairs; i++) {
            if (i > 0 || data.consumeBoolean()) {
                query.append('&');
            }
            String name = switch (data.consumeInt(0, 3)) {
                case 0 -> parameter;
                case 1 -> "tok%65n";
                case 2 -> parameter.toUpperCase();
                default -> data.consumeString(10);
            };
            query.append(name);
            if (data.consumeBoolean()) {
                query.append('=').append(data.consumeBoolean() ? data.pickValue(MATERIAL) : data.consumeString(40));
            }
        }
        return query.toString();
    }
}
