package org.speakr.token.core;

import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/** Scope validation (RFC 6749 §3.3 scope-token) and immutable, sorted copies. */
final class Scopes {
    static final int MAX_SCOPES = 32;
    static final int MAX_SCOPE_LENGTH = 64;

    /** Shared by every scope-less token, so a cached token without scopes costs no set of its own. */
    private static final SortedSet<String> NONE = Collections.unmodifiableSortedSet(new TreeSet<>());
    private static final Class<?> UNMODIFIABLE_SORTED_SET = NONE.getClass();

    private Scopes() {
    }

    /** An immutable, sorted copy; returns {@code scopes} itself when it already is one. */
    static SortedSet<String> immutableCopy(Set<String> scopes) {
        Objects.requireNonNull(scopes, "scopes");
        if (scopes.isEmpty()) {
            return NONE;
        }
        if (scopes instanceof SortedSet<String> sorted && sorted.getClass() == UNMODIFIABLE_SORTED_SET) {
            return sorted;
        }
        return Collections.unmodifiableSortedSet(new TreeSet<>(scopes));
    }

    /** Validates every scope and returns an immutable sorted copy. */
    static SortedSet<String> validated(Set<String> scopes) {
        Objects.requireNonNull(scopes, "scopes");
        if (scopes.size() > MAX_SCOPES) {
            throw new IllegalArgumentException("at most " + MAX_SCOPES + " scopes are allowed, got " + scopes.size());
        }
        for (String scope : scopes) {
            validate(scope);
        }
        return immutableCopy(scopes);
    }

    /** Checks one scope against RFC 6749 scope-token: 1*( %x21 / %x23-5B / %x5D-7E ). */
    static void validate(String scope) {
        if (scope == null) {
            throw new IllegalArgumentException("scopes must not contain null");
        }
        if (scope.isEmpty() || scope.length() > MAX_SCOPE_LENGTH) {
            throw new IllegalArgumentException(
                    "scope must be 1 to " + MAX_SCOPE_LENGTH + " characters, was " + scope.length());
        }
        for (int i = 0; i < scope.length(); i++) {
            char c = scope.charAt(i);
            if (c < 0x21 || c > 0x7E || c == '"' || c == '\\') {
                throw new IllegalArgumentException("scope '" + printable(scope) + "' has a character not allowed by"
                        + " RFC 6749 scope-token at index " + i + " (printable ASCII except space, '\"' and '\\')");
            }
        }
    }

    private static String printable(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            if (cp >= 0x20 && cp < 0x7F) {
                out.appendCodePoint(cp);
            } else {
                out.append(String.format("\\u%04X", cp));
            }
        });
        return out.toString();
    }
}
