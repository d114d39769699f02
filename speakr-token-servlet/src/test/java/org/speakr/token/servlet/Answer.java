package org.speakr.token.servlet;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * An HTTP response as received: status, every header field (names lowercased), body.
 *
 * @param status the status code
 * @param headers header name (lowercase) to every value, in order
 * @param body the body as UTF-8 text
 */
record Answer(int status, Map<String, List<String>> headers, String body) {

    static Answer of(int status, Map<String, List<String>> headers, String body) {
        Map<String, List<String>> lower = new TreeMap<>();
        headers.forEach((name, values) -> {
            if (name != null && !name.startsWith(":")) {
                lower.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>()).addAll(values);
            }
        });
        return new Answer(status, lower, body);
    }

    /** @return the only value of the header, or {@code null} if absent */
    String header(String name) {
        List<String> values = headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        if (values.size() > 1) {
            throw new AssertionError("header " + name + " sent " + values.size() + " times: " + values);
        }
        return values.isEmpty() ? null : values.get(0);
    }

    /** @return everything received, for canary checks */
    String all() {
        return status + "\n" + headers + "\n" + body;
    }
}
